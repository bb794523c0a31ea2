// Issue #20 as a user meets it: `fetch` of a retained seq whose frame is damaged used to say NotFound ("message not
// found", exit 3, as if it had been dropped); it is Corrupt (exit 7) with the seq, and the other seqs still fetch.
using System.Buffers.Binary;
using Plasmite.Cli.Tests.EndToEnd;

namespace Plasmite.Cli.Tests.Reliability;

[Trait("Category", "Process")]
public class CorruptFetchProcessTests
{
    [Fact]
    public void Fetch_of_a_damaged_frame_is_corrupt_and_its_neighbours_still_fetch()
    {
        using var sandbox = new WiredSandbox();
        Assert.Equal(0, sandbox.Run("pool", "create", "bad", "--size", "64K").ExitCode);
        for (int i = 1; i <= 6; i++) Assert.Equal(0, sandbox.Run("feed", "bad", $"{{\"i\":{i}}}").ExitCode);
        string path = Path.Combine(sandbox.Dir, "bad.plasmite");
        var bytes = File.ReadAllBytes(path);
        long off = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40)); // ring_offset; seq 1 starts the ring
        for (int seq = 1; seq < 3; seq++) off += (64 + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)off + 32)) + 8 + 7) & ~7L;
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)off + 16)));
        bytes[off] ^= 0x20; // frame magic
        File.WriteAllBytes(path, bytes);

        var damaged = sandbox.Run("fetch", "bad", "3");
        Assert.Equal(7, damaged.ExitCode);
        var error = WiredSandbox.ErrorOf(damaged);
        Assert.Equal("Corrupt", error.GetProperty("kind").GetString());
        Assert.Equal(3UL, error.GetProperty("seq").GetUInt64());

        Assert.Equal(0, sandbox.Run("fetch", "bad", "2").ExitCode);
        Assert.Equal(0, sandbox.Run("fetch", "bad", "4").ExitCode);
        Assert.Equal(3, sandbox.Run("fetch", "bad", "7").ExitCode);
    }
}
