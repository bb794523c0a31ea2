// Frame probe outcomes (spec §9.1), cursor stepping, start positions, being overtaken, and the retention-gap rule.
using System.Buffers.Binary;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class CursorTests
{
    private static (TempDir Dir, PoolFile Pool) Pool3()
    {
        var dir = new TempDir();
        var pool = CreateRing(dir, 2000);
        for (ulong i = 1; i <= 3; i++) pool.Append(Payload(i, 100), i);
        return (dir, pool);
    }

    private static Span<byte> Ring(PoolFile pool) => pool.MappedBytes[(int)pool.RingOffset..];

    [Theory]
    [InlineData("marker", "FellBehind")]
    [InlineData("magic", "FellBehind")]
    [InlineData("header_len", "FellBehind")]
    [InlineData("xor", "FellBehind")]
    [InlineData("state5", "FellBehind")]
    [InlineData("writing", "WouldBlock")]
    [InlineData("wrap", "Wrap")]
    [InlineData("none", "Message")]
    public void Probe_outcomes(string damage, string outcome)
    {
        var (dir, pool) = Pool3();
        using var d0 = dir;
        using var p0 = pool;
        var f = Ring(pool)[176..];
        switch (damage)
        {
            case "marker": f[64 + 100] ^= 0xFF; break;
            case "magic": f[0] = 0; break;
            case "header_len": BinaryPrimitives.WriteUInt32LittleEndian(f[12..], 65); break;
            case "xor": BinaryPrimitives.WriteUInt32LittleEndian(f[36..], 1); break;
            case "state5": BinaryPrimitives.WriteUInt32LittleEndian(f[4..], 5); break;
            case "writing": BinaryPrimitives.WriteUInt32LittleEndian(f[4..], 1); break;
            case "wrap": FrameHeader.EncodeWrapMarker(f); break;
        }
        Assert.Equal(outcome, pool.Probe(176, 3, out _, out _, out _).ToString());
    }

    [Fact]
    public void Probe_in_padding_zone_is_a_wrap_and_unpublished_frame_would_block()
    {
        var (dir, pool) = Pool3();
        using var d0 = dir;
        using var p0 = pool;
        Assert.Equal(ProbeKind.Wrap, pool.Probe(2000 - 56, 3, out _, out _, out _));
        // A committed frame above newest_seq (crash between commit and publish) is not returned.
        Assert.Equal(ProbeKind.WouldBlock, pool.Probe(352, 2, out _, out _, out _));
    }

    [Fact]
    public void Cursor_walks_from_tail_and_would_block_at_head()
    {
        var (dir, pool) = Pool3();
        using var d0 = dir;
        using var p0 = pool;
        var c = pool.CreateCursor();
        for (ulong i = 1; i <= 3; i++)
        {
            Assert.Equal(CursorStatus.Message, c.Step());
            Assert.Equal(i, c.Seq);
            Assert.Equal(Payload(i, 100), c.Payload.ToArray());
        }
        Assert.Equal(CursorStatus.WouldBlock, c.Step());
        pool.Append(Payload(4, 10), 4);
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(4UL, c.Seq);
        Assert.False(c.CurrentFollowsReposition);
    }

    [Fact]
    public void Writing_frame_at_head_would_block_and_damaged_frame_falls_behind()
    {
        var (dir, pool) = Pool3();
        using var d0 = dir;
        using var p0 = pool;
        var c = pool.CreateCursor();
        Assert.Equal(CursorStatus.Message, c.Step());
        Ring(pool)[176 + 64 + 100] ^= 1; // seq 2's commit marker
        Assert.Equal(CursorStatus.FellBehind, c.Step());
        Ring(pool)[176 + 64 + 100] ^= 1;
        // After falling behind the cursor re-walks from the tail without repeating seq 1.
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(2UL, c.Seq);
        Assert.True(c.CurrentFollowsReposition);
    }

    [Fact]
    public void Cursor_resyncs_when_overtaken_and_never_repeats()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 1000);
        for (ulong i = 1; i <= 3; i++) pool.Append(Payload(i, 100), i);
        var c = pool.CreateCursor();
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(1UL, c.Seq);
        for (ulong i = 4; i <= 30; i++) pool.Append(Payload(i, 100), i);
        var h = pool.ReadHeader();
        Assert.Equal(CursorStatus.FellBehind, c.Step());
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(h.OldestSeq, c.Seq);
        Assert.True(c.CurrentFollowsReposition);
        ulong last = c.Seq;
        while (c.Step() == CursorStatus.Message)
        {
            Assert.Equal(last + 1, c.Seq);
            Assert.False(c.CurrentFollowsReposition);
            last = c.Seq;
        }
        Assert.Equal(30UL, last);
    }

    [Fact]
    public void Position_at_head_returns_only_new_messages_even_in_a_full_ring()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 4 * 176);
        for (ulong i = 1; i <= 6; i++) pool.Append(Payload(i, 100), i);
        var h = pool.ReadHeader();
        Assert.Equal(h.HeadOff, h.TailOff); // full
        var c = pool.CreateCursor();
        c.PositionAtHead();
        Assert.Equal(CursorStatus.WouldBlock, c.Step());
        pool.Append(Payload(7, 100), 7);
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(7UL, c.Seq);
        Assert.Equal(CursorStatus.WouldBlock, c.Step());
    }

    [Fact]
    public void Position_at_seq_uses_index_or_tail()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("s.plasmite"), 65_536);
        for (ulong i = 1; i <= 10; i++) pool.Append(Payload(i, 50), i);
        var c = pool.CreateCursor();
        c.PositionAtSeq(6);
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(6UL, c.Seq);
        c.PositionAtSeq(0);
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(1UL, c.Seq);
        c.PositionAtSeq(11);
        Assert.Equal(CursorStatus.WouldBlock, c.Step());
        pool.Append(Payload(11, 50), 11);
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(11UL, c.Seq);
    }

    [Fact]
    public void Empty_pool_would_block_then_first_message()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 1000);
        var c = pool.CreateCursor();
        Assert.Equal(CursorStatus.WouldBlock, c.Step());
        pool.Append("x"u8, 1);
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(1UL, c.Seq);
    }

    [Fact]
    public void Retention_gap_rule_with_error_policy()
    {
        var t = new RetentionGapTracker(sinceSeq: 5, GapPolicy.Error);
        var ex = Assert.Throws<PlasmiteException>(() => t.Observe(9));
        Assert.Equal(ErrorKind.RetentionGap, ex.Kind);
        Assert.Equal("messages 5-8 are no longer retained; the next available message is 9", ex.Message);
        Assert.Equal(5UL, ex.Seq);
        Assert.Equal("Inspect current pool bounds, then reopen the tail or rebuild from an authoritative source.", ex.Hint);
        Assert.True(t.Terminated);
    }

    [Fact]
    public void Retention_gap_rule_with_continue_policy_and_implicit_start()
    {
        var t = new RetentionGapTracker(sinceSeq: 5, GapPolicy.Continue);
        Assert.Equal(GapDecision.Skip, t.Observe(3));
        Assert.Equal(GapDecision.Accept, t.Observe(9));
        Assert.Equal(GapDecision.Skip, t.Observe(9));
        Assert.Equal(GapDecision.Accept, t.Observe(10));
        var implicitStart = new RetentionGapTracker(null, GapPolicy.Error);
        Assert.Equal(GapDecision.Accept, implicitStart.Observe(1000)); // missing history before the first is no gap
        Assert.Equal(GapDecision.Accept, implicitStart.Observe(1001));
        Assert.Throws<PlasmiteException>(() => implicitStart.Observe(1003));
    }

    [Fact]
    public void Tail_error_policy_reports_overwrite_after_position_is_established()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("g.plasmite"), 4096 + 1024);
        pool.Append(Payload(1, 100), 1);
        var c = pool.CreateCursor();
        var t = new RetentionGapTracker(null, GapPolicy.Error);
        Assert.Equal(CursorStatus.Message, c.Step());
        Assert.Equal(GapDecision.Accept, t.Observe(c.Seq));
        for (ulong i = 2; i <= 20; i++) pool.Append(Payload(i, 100), i);
        PlasmiteException? gap = null;
        for (int i = 0; i < 10 && gap is null; i++)
        {
            if (c.Step() != CursorStatus.Message) continue;
            try
            {
                t.Observe(c.Seq);
            }
            catch (PlasmiteException e)
            {
                gap = e;
            }
        }
        Assert.NotNull(gap);
        Assert.Equal(2UL, gap!.Seq);
        Assert.Contains($"the next available message is {pool.ReadHeader().OldestSeq}", gap.Message);
    }
}

[Trait("Category", "Unit")]
public class CursorStalePositionTests
{
    [Fact]
    public void A_stale_tail_position_overwritten_by_a_newer_frame_restarts_from_the_current_tail()
    {
        using var dir = new Plasmite.Testing.TempDir();
        // No index; ring of exactly four 128-byte frames (56-byte payloads).
        using var pool = PoolFile.Create(dir.File("s.plasmite"), 4096 + 4 * 128, indexCapacity: 0);
        var payload = new byte[56];
        for (int i = 0; i < 4; i++) pool.Append(payload, (ulong)i);
        var cursor = pool.CreateCursor();
        cursor.PositionAtTail();                 // at ring offset 0, where seq 1 is
        pool.Append(payload, 9);                 // drops seq 1 and writes seq 5 at offset 0
        Assert.Equal(CursorStatus.FellBehind, cursor.Step());
        var seqs = new List<ulong>();
        while (cursor.Step() == CursorStatus.Message) seqs.Add(cursor.Seq);
        Assert.Equal([2UL, 3UL, 4UL, 5UL], seqs);
    }
}
