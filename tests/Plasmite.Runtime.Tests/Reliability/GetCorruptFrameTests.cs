// Issue #20: get of a retained seq whose frame is damaged used to answer NotFound (the original spins there, [bug]
// 16.1); it is Corrupt, like every other reader, after the published header has shown the damage for a bounded time.
using Plasmite.Storage;
using static Plasmite.Tests.Reliability.CorruptFrameTests;

namespace Plasmite.Tests.Reliability;

[Trait("Category", "Unit")]
public class GetCorruptFrameTests
{
    [Theory]
    [InlineData(Edit.PayloadLen)]
    [InlineData(Edit.StateEmpty)]
    [InlineData(Edit.StateWrap)]
    [InlineData(Edit.Magic)]
    public void Get_of_a_damaged_retained_seq_is_corrupt_with_seq_path_and_offset(Edit edit)
    {
        using var dir = new TempDir();
        string path = DamagedPool(dir, edit, victimSeq: 4);
        using var file = PoolFile.Open(path);
        var started = System.Diagnostics.Stopwatch.StartNew();
        PlasmiteException? e = null;
        Bounded.Run(TimeSpan.FromSeconds(10), () => e = Assert.Throws<PlasmiteException>(() => file.Get(4)), "get");
        Assert.Equal(ErrorKind.Corrupt, e!.Kind);
        Assert.Equal("damaged frame in the live ring range", e.Message);
        Assert.Equal(4UL, e.Seq);
        Assert.Equal(path, e.Path);
        Assert.NotNull(e.Offset);
        // It waited for a writer that might still publish, and no longer than a few times that.
        Assert.InRange(started.Elapsed, PoolCursor.DefaultCorruptAfter, TimeSpan.FromSeconds(5));

        // The allocation-free read says the same; the seqs around it and the missing ones still answer.
        file.GetCorruptAfter = TimeSpan.Zero;
        Assert.Equal(ErrorKind.Corrupt, Assert.Throws<PlasmiteException>(() => file.TryRead(4, new byte[4096], out _)).Kind);
        Assert.Equal(3UL, file.Get(3).Seq);
        Assert.Equal(5UL, file.Get(5).Seq);
        Assert.False(file.TryGet(11, out _));
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => file.Get(0)).Kind);
    }

    [Fact]
    public void Without_an_index_every_seq_behind_the_damage_is_corrupt_and_those_before_it_are_read()
    {
        using var dir = new TempDir();
        string path = dir.File("p.plasmite");
        using (var pool = PoolFile.Create(path, 64 * 1024, indexCapacity: 0))
        {
            for (ulong i = 1; i <= 6; i++) pool.Append(Storage.StorageTestSupport.Payload(i, 100), i);
        }
        ulong victimOffset;
        using (var file = PoolFile.Open(path))
        {
            var c = file.CreateCursor();
            do c.Step(); while (c.Seq != 3);
            victimOffset = file.RingOffset + c.Offset;
        }
        var bytes = File.ReadAllBytes(path);
        bytes[victimOffset + FrameHeader.PayloadLenOff] ^= 0x10; // payload_len no longer matches its xor
        File.WriteAllBytes(path, bytes);

        using var damaged = PoolFile.Open(path);
        damaged.GetCorruptAfter = TimeSpan.Zero;
        Assert.Equal(2UL, damaged.Get(2).Seq);
        foreach (ulong s in new ulong[] { 3, 4, 6 })
        {
            var e = Assert.Throws<PlasmiteException>(() => damaged.Get(s));
            Assert.Equal(ErrorKind.Corrupt, e.Kind);
            Assert.Equal((long)victimOffset, e.Offset);
        }
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => damaged.Get(7)).Kind);
    }

    [Fact]
    public void A_seq_dropped_by_writers_during_get_is_still_not_found()
    {
        // A 16 KiB pool lapped many times: every dropped seq is NotFound at once, never Corrupt.
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("p.plasmite"), 16 * 1024, 8);
        for (ulong i = 1; i <= 400; i++) pool.Append(Storage.StorageTestSupport.Payload(i, 200), i);
        var h = pool.ReadHeader();
        Assert.True(h.OldestSeq > 300);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (ulong s = 1; s < h.OldestSeq; s++) Assert.False(pool.TryGet(s, out _));
        Assert.True(started.Elapsed < PoolCursor.DefaultCorruptAfter, "a dropped seq waited as if damaged");
        for (ulong s = h.OldestSeq; s <= h.NewestSeq; s++) Assert.Equal(s, pool.Get(s).Seq);
    }

    [Fact]
    public async Task Gets_racing_a_lapping_writer_are_never_corrupt()
    {
        using var dir = new TempDir();
        string path = dir.File("p.plasmite");
        using var writer = PoolFile.Create(path, 16 * 1024, 8);
        using var reader = PoolFile.Open(path);
        writer.Append(Storage.StorageTestSupport.Payload(0, 100), 1);
        using var stop = new CancellationTokenSource();
        var write = Task.Run(() =>
        {
            for (ulong i = 1; i <= 20_000 && !stop.IsCancellationRequested; i++) writer.Append(Storage.StorageTestSupport.Payload(i, (int)(i % 400)), i);
        });
        long found = 0, missing = 0;
        while (!write.IsCompleted)
        {
            var h = reader.ReadHeader();
            // The oldest retained seq is the one a writer drops next: the race this test is about.
            foreach (ulong s in new[] { h.OldestSeq, h.OldestSeq + 1, (h.OldestSeq + h.NewestSeq) / 2 })
            {
                if (reader.TryGet(s, out var f))
                {
                    Assert.Equal(s, f.Seq);
                    found++;
                }
                else
                {
                    missing++;
                }
            }
        }
        stop.Cancel();
        await write;
        Assert.True(found > 100, $"found {found}, missing {missing}");
    }
}
