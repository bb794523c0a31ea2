// Crash injection inside an append (spec §14.2, §14.3): every phase leaves a valid pool, the seq is reused,
// and the intermediate-header hardening keeps pools usable when the crash overwrites the dropped tail.
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class CrashAppendTests
{
    [Theory]
    [InlineData("Write")]
    [InlineData("Commit")]
    [InlineData("Partial")]
    public void Crash_append_phases_preserve_invariants(string phaseName)
    {
        var phase = Enum.Parse<AppendCrashPhase>(phaseName);
        using var dir = new TempDir();
        string path;
        using (var pool = CreateRing(dir, 1024))
        {
            path = pool.Path;
            pool.Append(Payload(1, 100), 1);
            pool.Append(Payload(2, 100), 2);
            Assert.Equal(3UL, pool.CrashAppendForTest(Payload(3, 240), 3, phase));
        }
        using (var pool = PoolFile.Open(path))
        {
            AssertValid(pool);
            Assert.Equal(2UL, pool.ReadHeader().NewestSeq);
            Assert.Equal([1UL, 2], Dump(pool).Select(f => f.Seq));
            Assert.False(pool.TryGet(3, out _));
            // The unpublished seq goes to the next append, which overwrites the torn bytes.
            Assert.Equal(3UL, pool.Append(Payload(33, 50), 3).Seq);
            AssertValid(pool);
            Assert.Equal(Payload(33, 50), pool.Get(3).Payload);
        }
    }

    /// <summary>Spec §14.3: capacity 0, ring 1000, frames of 600, 400 and 496 bytes (tail = 600, tail_next = 0),
    /// then a crash while appending a 200-byte frame that lands at 496 over the tail frame's header.</summary>
    private static PoolFile TailOverwriteScenario(TempDir dir)
    {
        var pool = CreateRing(dir, 1000);
        pool.Append(Payload(1, 528), 1);
        pool.Append(Payload(2, 328), 2);
        pool.Append(Payload(3, 424), 3);
        var h = pool.ReadHeader();
        Assert.Equal((600UL, 0UL, 496UL), (h.TailOff, h.TailNextOff, h.HeadOff));
        return pool;
    }

    [Theory]
    [InlineData("Write")]
    [InlineData("Commit")]
    [InlineData("Partial")]
    public void Crash_while_overwriting_the_tail_is_survivable_with_hardening(string phaseName)
    {
        var phase = Enum.Parse<AppendCrashPhase>(phaseName);
        using var dir = new TempDir();
        using var pool = TailOverwriteScenario(dir);
        Assert.Equal(4UL, pool.CrashAppendForTest(Payload(4, 128), 4, phase));
        AssertValid(pool);
        var h = pool.ReadHeader();
        Assert.Equal((3UL, 3UL), (h.OldestSeq, h.NewestSeq)); // the intermediate header: seq 2 dropped, seq 4 unpublished
        Assert.Equal([3UL], Dump(pool).Select(f => f.Seq));
        Assert.Equal(4UL, pool.Append(Payload(44, 128), 4).Seq);
        AssertValid(pool);
        Assert.Equal(Payload(44, 128), pool.Get(4).Payload);
        for (ulong i = 5; i < 40; i++) pool.Append(Payload(i, (int)(i * 37 % 400)), i);
        AssertValid(pool);
    }

    [Fact]
    public void Without_hardening_the_same_crash_breaks_every_later_append()
    {
        // Documents upstream's gap (14.3) that the hardening closes.
        using var dir = new TempDir();
        using var pool = TailOverwriteScenario(dir);
        pool.HardenDrops = false;
        pool.CrashAppendForTest(Payload(4, 128), 4, AppendCrashPhase.Write);
        var ex = Assert.Throws<PlasmiteException>(() => pool.Append(Payload(44, 128), 4));
        Assert.Equal(ErrorKind.Corrupt, ex.Kind);
        Assert.Equal("corrupt", PoolValidator.Validate(pool).Status);
    }

    [Fact]
    public void Hardening_does_not_change_the_bytes()
    {
        using var dir = new TempDir();
        var files = new List<byte[]>();
        foreach (bool harden in new[] { true, false })
        {
            using var pool = CreateRing(dir, 1000, $"h{harden}.plasmite");
            pool.HardenDrops = harden;
            var rnd = new Random(3);
            for (ulong i = 1; i <= 300; i++) pool.Append(Payload(i, rnd.Next(0, 600)), i);
            files.Add(pool.MappedBytes.ToArray());
        }
        Assert.Equal(files[0], files[1]);
    }
}
