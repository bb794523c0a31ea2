// Regression (issue #20.1) as a user meets it: `follow --tail 5` on a pool with one damaged frame used to spin at 100 %
// CPU forever, ignoring --timeout. It must now end: by its timeout, or with Corrupt when it has none.
using System.Buffers.Binary;
using System.Diagnostics;
using Plasmite.Cli.Tests.EndToEnd;

namespace Plasmite.Cli.Tests.Reliability;

[Trait("Category", "Process")]
public class CorruptPoolProcessTests
{
    /// <summary>Ten messages, then the payload_len of the frame of seq <paramref name="victim"/> edited in the file.</summary>
    private static string DamagedPool(WiredSandbox sandbox, int victim)
    {
        Assert.Equal(0, sandbox.Run("pool", "create", "bad", "--size", "64K").ExitCode);
        for (int i = 1; i <= 10; i++) Assert.Equal(0, sandbox.Run("feed", "bad", $"{{\"i\":{i}}}").ExitCode);
        string path = Path.Combine(sandbox.Dir, "bad.plasmite");
        var bytes = File.ReadAllBytes(path);
        long off = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40)); // ring_offset; frames start at ring 0
        for (int seq = 1; seq < victim; seq++)
        {
            uint payload = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)off + 32));
            off += (64 + payload + 8 + 7) & ~7L;
        }
        Assert.Equal((ulong)victim, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)off + 16)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)off + 32), 0x7FFF_FFFF);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void Follow_on_a_damaged_frame_ends_by_timeout_or_with_corrupt(int victim)
    {
        using var sandbox = new WiredSandbox();
        DamagedPool(sandbox, victim);

        var sw = Stopwatch.StartNew();
        var timed = sandbox.Run("follow", "bad", "--tail", "5", "--jsonl", "--timeout", "200ms");
        Assert.True(timed.ExitCode is 124 or 7, $"exit {timed.ExitCode}: {timed.Stderr}");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");

        var untimed = sandbox.Run("follow", "bad", "--tail", "5", "--jsonl");
        Assert.Equal("Corrupt", WiredSandbox.ErrorOf(untimed).GetProperty("kind").GetString());
        Assert.Equal(Math.Min(5, victim - 1), WiredSandbox.Lines(untimed.Stdout).Length);

        var doctor = sandbox.Run("doctor", "bad");
        Assert.NotEqual(0, doctor.ExitCode);
    }
}
