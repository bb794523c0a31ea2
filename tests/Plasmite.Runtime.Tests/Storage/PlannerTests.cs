// Planner table tests: golden traces A, B, C of spec §8.6 row by row, edge cases, and a randomized property test.
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class PlannerTests
{
    /// <summary>One golden-trace row: frame length, expected plan and header after the append.</summary>
    public sealed record Row(ulong L, ulong Seq, ulong FrameOff, long WrapAt, string Drops, ulong Head, ulong Tail, ulong TailNext, ulong Oldest, ulong Newest);

    public static TheoryData<string, ulong, Row[]> Traces => new()
    {
        {
            "A", 1000, [
                new(296, 1, 0, -1, "", 296, 0, 296, 1, 1),
                new(296, 2, 296, -1, "", 592, 0, 296, 1, 2),
                new(296, 3, 592, -1, "", 888, 0, 296, 1, 3),
                new(200, 4, 0, 888, "fast@0", 200, 296, 592, 2, 4),
                new(152, 5, 200, -1, "fast@296", 352, 592, 888, 3, 5),
                new(352, 6, 352, -1, "fast@592", 704, 888, 0, 4, 6),
                new(400, 7, 0, 704, "wrap@888,frame@0,frame@200,frame@352", 400, 0, 400, 7, 7),
                new(104, 8, 400, -1, "", 504, 0, 400, 7, 8),
            ]
        },
        {
            "B", 1000, [
                new(472, 1, 0, -1, "", 472, 0, 472, 1, 1),
                new(472, 2, 472, -1, "", 944, 0, 472, 1, 2),
                new(200, 3, 0, -1, "fast@0", 200, 472, 944, 2, 3),
                new(304, 4, 200, -1, "frame@472", 504, 944, 0, 3, 4),
                new(600, 5, 0, 504, "pad@944,frame@0,frame@200", 600, 0, 600, 5, 5),
            ]
        },
        {
            "C", 504, [
                new(504, 1, 0, -1, "", 0, 0, 0, 1, 1),
                new(504, 2, 0, -1, "frame@0", 0, 0, 0, 2, 2),
                new(80, 3, 0, -1, "frame@0", 80, 0, 80, 3, 3),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Traces))]
    public void Golden_trace_rows_match_field_by_field(string trace, ulong ringSize, Row[] rows)
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, ringSize);
        foreach (var row in rows)
        {
            string where = $"trace {trace} seq {row.Seq}";
            var drops = new List<PlanDrop>();
            var plan = pool.PlanForTest(row.L - 72, drops);
            Assert.True(row.Seq == plan.Seq, where);
            Assert.True(row.L == plan.FrameLength, where);
            Assert.True(row.FrameOff == plan.FrameOffset, $"{where}: frame_off {plan.FrameOffset}");
            Assert.True(row.WrapAt == plan.WrapAt, $"{where}: wrap {plan.WrapAt}");
            string actualDrops = string.Join(",", drops.Select(d => $"{d.Kind.ToString().ToLowerInvariant()}@{d.Offset}"));
            Assert.True(row.Drops == actualDrops, $"{where}: drops {actualDrops}");

            var result = pool.Append(Payload(row.Seq, (int)(row.L - 72)), row.Seq);
            Assert.Equal(row.Seq, result.Seq);
            var h = pool.ReadHeader();
            Assert.True(row.Head == h.HeadOff, $"{where}: head {h.HeadOff}");
            Assert.True(row.Tail == h.TailOff, $"{where}: tail {h.TailOff}");
            Assert.True(row.TailNext == h.TailNextOff, $"{where}: tail_next {h.TailNextOff}");
            Assert.True(row.Oldest == h.OldestSeq, $"{where}: oldest {h.OldestSeq}");
            Assert.True(row.Newest == h.NewestSeq, $"{where}: newest {h.NewestSeq}");
            AssertValid(pool);
            var dump = Dump(pool);
            Assert.Equal(Enumerable.Range((int)h.OldestSeq, (int)(h.NewestSeq - h.OldestSeq + 1)).Select(i => (ulong)i), dump.Select(f => f.Seq));
            foreach (var f in dump) Assert.Equal(Payload(f.Seq, f.Payload.Length), f.Payload);
        }
    }

    private static unsafe AppendPlan PlanOn(byte[] ring, PoolHeader h, ulong payload, List<PlanDrop>? drops = null)
    {
        fixed (byte* p = ring) return AppendPlanner.Plan(h, payload, new RingView(p, (ulong)ring.Length), drops);
    }

    private static PoolHeader Header(ulong ring, ulong head = 0, ulong tail = 0, ulong tailNext = 0, ulong oldest = 0, ulong newest = 0) =>
        PoolHeader.CreateNew(4096 + ring, 0) with { HeadOff = head, TailOff = tail, TailNextOff = tailNext, OldestSeq = oldest, NewestSeq = newest };

    [Fact]
    public void Plan_append_empty_pool()
    {
        var plan = PlanOn(new byte[1024], Header(1024), 100);
        Assert.Equal((1UL, 0UL, 176UL, 0UL, 176UL, 1UL, 1UL, -1L, 0), (plan.Seq, plan.FrameOffset, plan.NewHead, plan.NewTail, plan.NewTailNext, plan.NewOldest, plan.NewNewest, plan.WrapAt, plan.DropCount));
    }

    [Fact]
    public void Plan_append_wraps_when_remaining_space_small()
    {
        // Empty pool whose head is 64 bytes before the end: wrap marker there, frame at 0.
        var plan = PlanOn(new byte[1024], Header(1024, 960, 960, 960), 100);
        Assert.Equal(960L, plan.WrapAt);
        Assert.Equal(0UL, plan.FrameOffset);
        Assert.Equal(176UL, plan.NewHead);
        Assert.Equal(0UL, plan.NewTail);
        Assert.Equal(176UL, plan.NewTailNext);
    }

    [Fact]
    public void Plan_in_end_zone_below_64_bytes_writes_no_marker()
    {
        var plan = PlanOn(new byte[1024], Header(1024, 968, 968, 968), 100);
        Assert.Equal(-1L, plan.WrapAt);
        Assert.Equal(0UL, plan.FrameOffset);
        Assert.Equal(176UL, plan.NewHead);
    }

    [Fact]
    public void Plan_append_exact_fit_full_ring()
    {
        var plan = PlanOn(new byte[504], Header(504), 432);
        Assert.Equal((0UL, 0UL, 0UL, 0UL, 1UL, 1UL), (plan.FrameOffset, plan.NewHead, plan.NewTail, plan.NewTailNext, plan.NewOldest, plan.NewNewest));
    }

    [Fact]
    public void Plan_append_drops_oldest_when_full()
    {
        // Ring of exactly two 176-byte frames, full (head == tail == 0).
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 352);
        pool.Append(new byte[100], 1);
        pool.Append(new byte[100], 2);
        var h = pool.ReadHeader();
        Assert.Equal((0UL, 0UL, 176UL), (h.HeadOff, h.TailOff, h.TailNextOff));
        var drops = new List<PlanDrop>();
        var plan = pool.PlanForTest(100, drops);
        Assert.Equal([new PlanDrop(DropKind.Fast, 0)], drops);
        Assert.Equal((0UL, 176UL, 2UL, 3UL), (plan.FrameOffset, plan.NewTail, plan.NewOldest, plan.NewNewest));
    }

    [Fact]
    public void Full_ring_frame_exactly_the_ring_size_replaced_by_frame_of_ring_size()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 504);
        for (ulong i = 1; i <= 5; i++)
        {
            pool.Append(Payload(i, 432), i);
            var h = pool.ReadHeader();
            Assert.Equal((0UL, 0UL, 0UL, i, i), (h.HeadOff, h.TailOff, h.TailNextOff, h.OldestSeq, h.NewestSeq));
            Assert.Equal(Payload(i, 432), pool.Get(i).Payload);
            AssertValid(pool);
        }
    }

    [Fact]
    public void Tail_next_allows_drop_without_decoding_tail_header()
    {
        // Tail frame bytes are zeros, but tail_next is valid: FAST_DROP succeeds without reading them.
        var ring = new byte[1000];
        foreach (var (off, seq) in new[] { (296, 2), (592, 3) })
        {
            FrameHeader.Committed((ulong)seq, 0, 224).Encode(ring.AsSpan(off));
            "PLSMCMIT"u8.CopyTo(ring.AsSpan(off + 64 + 224));
        }
        var plan = PlanOn(ring, Header(1000, head: 888, tail: 0, tailNext: 296, oldest: 1, newest: 3), 128, []);
        Assert.Equal(1, plan.DropCount);
        Assert.Equal(296UL, plan.NewTail);
        Assert.Equal(2UL, plan.NewOldest);
    }

    [Fact]
    public void Slow_drop_of_garbage_is_corrupt()
    {
        var ring = new byte[1000];
        var ex = Assert.Throws<PlasmiteException>(() => PlanOn(ring, Header(1000, head: 888, tail: 0, tailNext: 0, oldest: 1, newest: 3), 128));
        Assert.Equal(ErrorKind.Corrupt, ex.Kind);
        Assert.Equal("bad frame magic", ex.Message);
    }

    [Fact]
    public void Planner_limits()
    {
        var ring = new byte[1000];
        Assert.Equal("payload exceeds ring capacity", Assert.Throws<PlasmiteException>(() => PlanOn(ring, Header(1000), 929)).Message);
        var odd = new byte[1003];
        // 931 ≤ max_payload(1003) = 931 but align8(931 + 72) = 1008 > 1003.
        Assert.Equal("frame larger than ring", Assert.Throws<PlasmiteException>(() => PlanOn(odd, Header(1003), 931)).Message);
        Assert.Equal(ErrorKind.Corrupt, Assert.Throws<PlasmiteException>(() => PlanOn(ring, Header(1000, head: 8, tail: 0, tailNext: 0), 10)).Kind);
    }

    [Fact]
    public void Hardened_intermediate_header_is_valid_for_every_drop()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 1000);
        var rnd = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            int p = rnd.Next(0, 500);
            var plan = pool.PlanForTest((ulong)p, null);
            if (plan.DropCount > 0)
            {
                var h = pool.ReadHeader();
                var mid = h with { TailOff = plan.MidTail, TailNextOff = plan.MidTailNext, OldestSeq = plan.MidOldest };
                Assert.Null(mid.ValidateDynamic());
            }
            pool.Append(Payload((ulong)i, p), (ulong)i);
        }
    }

    [Theory]
    [InlineData(1, 384)]
    [InlineData(2, 451)]
    [InlineData(3, 517)]
    [InlineData(4, 639)]
    public void Random_appends_keep_every_invariant(int seed, int ringSize)
    {
        int appends = Environment.GetEnvironmentVariable("PLASMITE_SOAK") == "1" ? 5000 : 200;
        using var dir = new TempDir();
        using var pool = CreateRing(dir, (ulong)ringSize);
        var rnd = new Random(seed);
        ulong max = pool.MaxPayload;
        for (int i = 1; i <= appends; i++)
        {
            int p = rnd.Next(0, 4) == 0 ? (int)max : rnd.Next(0, (int)max + 1);
            var r = pool.Append(Payload((ulong)i, p), (ulong)i);
            Assert.Equal((ulong)i, r.Seq);
            AssertValid(pool);
            var h = pool.ReadHeader();
            Assert.Equal((ulong)i, h.NewestSeq);
            var dump = Dump(pool);
            Assert.Equal(h.MessageCount, (ulong)dump.Count);
            for (int k = 0; k < dump.Count; k++)
            {
                Assert.Equal(h.OldestSeq + (ulong)k, dump[k].Seq);
                Assert.Equal(Payload(dump[k].Seq, dump[k].Payload.Length), dump[k].Payload);
            }
            Assert.Equal(Payload((ulong)i, p), pool.Get((ulong)i).Payload);
        }
    }
}
