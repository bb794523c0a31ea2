// Hostile pool files: random header and frame mutations must give a working pool or a PlasmiteException,
// never a crash, a hang or an out-of-range read.
using System.Buffers.Binary;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class HostileFileTests
{
    private static byte[] BuildPool(int seed, uint? capacity)
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("src.plasmite"), 4096 + (capacity ?? 0) * 16UL + 3000, capacity ?? 0);
        var rnd = new Random(seed);
        for (ulong i = 1; i <= 40; i++) pool.Append(Payload(i, rnd.Next(0, 300)), i);
        return pool.MappedBytes.ToArray();
    }

    /// <summary>Opens, reads everything (cursor, get of every seq in bounds, info, validation) and appends.</summary>
    private static void Exercise(string path)
    {
        try
        {
            using var pool = PoolFile.Open(path);
            pool.GetCorruptAfter = TimeSpan.Zero; // a damaged retained seq: Corrupt at once, not after 500 ms each
            var h = pool.ReadHeader();
            var c = pool.CreateCursor();
            for (int i = 0; i < 200; i++)
            {
                if (c.Step() == CursorStatus.WouldBlock) break;
            }
            if (!h.IsEmpty)
            {
                for (ulong s = h.OldestSeq; s <= h.NewestSeq && s < h.OldestSeq + 100; s++)
                {
                    try
                    {
                        pool.TryGet(s, out _);
                    }
                    catch (PlasmiteException e) when (e.Kind == ErrorKind.Corrupt)
                    {
                        // A damaged retained seq; the others are still read.
                    }
                }
            }
            pool.Info();
            PoolValidator.Validate(pool);
            for (int i = 0; i < 5; i++) pool.Append(Payload((ulong)i, 50 + i * 40), 1);
            pool.TryGet(pool.ReadHeader().NewestSeq, out _);
        }
        catch (PlasmiteException)
        {
        }
    }

    private static void RunBounded(Action action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "operation hung");
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 8U)]
    public void Random_header_and_frame_mutations_never_crash_or_hang(int seed, uint? capacity)
    {
        int rounds = Environment.GetEnvironmentVariable("PLASMITE_SOAK") == "1" ? 5000 : 400;
        var original = BuildPool(seed, capacity);
        using var dir = new TempDir();
        string path = dir.File("m.plasmite");
        var rnd = new Random(seed * 7919);
        RunBounded(() =>
        {
            for (int round = 0; round < rounds; round++)
            {
                var bytes = (byte[])original.Clone();
                int edits = rnd.Next(1, 6);
                for (int e = 0; e < edits; e++)
                {
                    switch (rnd.Next(4))
                    {
                        case 0: // a header field byte
                            bytes[rnd.Next(0, 104)] = (byte)rnd.Next(256);
                            break;
                        case 1: // a whole header u64 field set to an interesting value
                        {
                            int field = 16 + 8 * rnd.Next(0, 11);
                            ulong[] interesting = [0, 1, 8, 7, 64, (ulong)bytes.Length, ulong.MaxValue, (ulong)rnd.Next(0, 5000) & ~7UL];
                            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(field), interesting[rnd.Next(interesting.Length)]);
                            break;
                        }
                        case 2: // a ring byte
                            bytes[rnd.Next(4096, bytes.Length)] = (byte)rnd.Next(256);
                            break;
                        default: // a frame header field somewhere in the ring
                        {
                            int at = 4096 + (int)(capacity ?? 0) * 16 + (rnd.Next(0, 3000) & ~7);
                            if (at + 40 < bytes.Length)
                                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4 * rnd.Next(0, 10)), (uint)rnd.Next());
                            break;
                        }
                    }
                }
                File.WriteAllBytes(path, bytes);
                Exercise(path);
            }
        });
    }

    [Fact]
    public void Wrong_sizes_and_offsets_give_the_specified_kinds()
    {
        var good = BuildPool(5, null);
        using var dir = new TempDir();
        string path = dir.File("k.plasmite");
        void Expect(ErrorKind kind, Action<byte[]> mutate)
        {
            var b = (byte[])good.Clone();
            mutate(b);
            File.WriteAllBytes(path, b);
            var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Open(path));
            Assert.Equal(kind, ex.Kind);
            Assert.Equal(path, ex.Path);
        }
        Expect(ErrorKind.Corrupt, b => "NOPE"u8.CopyTo(b));
        Expect(ErrorKind.Usage, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 2));
        Expect(ErrorKind.Corrupt, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), 12345));
        Expect(ErrorKind.Corrupt, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(48), 1));
        Expect(ErrorKind.Corrupt, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(64), 1_000_000));
        Expect(ErrorKind.Corrupt, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(72), 3));
    }

    [Fact]
    public void Corrupted_frames_are_invisible_to_readers_and_reported_by_the_validator()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 4000);
        for (ulong i = 1; i <= 10; i++) pool.Append(Payload(i, 100), i);
        var ring = pool.MappedBytes[(int)pool.RingOffset..];
        ring[176 * 4 + 20] ^= 0x40; // seq field of seq 5
        var report = PoolValidator.Validate(pool);
        Assert.Equal("corrupt", report.Status);
        Assert.Equal(4UL, report.LastGoodSeq);
        Assert.Equal(176L * 4, report.Issues[0].Offset);
        // Readers: seq 5 is Corrupt (never another message); the cursor never returns a wrong seq.
        pool.GetCorruptAfter = TimeSpan.Zero;
        Assert.Equal(ErrorKind.Corrupt, Assert.Throws<PlasmiteException>(() => pool.TryGet(5, out _)).Kind);
        var c = pool.CreateCursor();
        var seen = new List<ulong>();
        for (int i = 0; i < 50; i++)
        {
            var st = c.Step();
            if (st == CursorStatus.Message) seen.Add(c.Seq);
        }
        Assert.Equal([1UL, 2, 3, 4], seen.Take(4));
        Assert.DoesNotContain(5UL, seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
    }
}
