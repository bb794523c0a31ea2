// Append, index slots, get by seq (index probe and scan fallback), batch append, flush, and allocation checks.
using Plasmite.Tests.Support;
using System.Buffers.Binary;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

// Allocation assertions count this thread's bytes: a telemetry listener in a parallel test would add its own.
[Collection(nameof(Plasmite.Tests.Local.ThreadPoolSensitive))]
[Trait("Category", "Unit")]
public class AppendReadTests
{
    // Spec layout (pool-format §index): slot i at IndexOffset + i·IndexSlotSize holds seq (u64) then the frame offset (u64).
    private static int SlotSeqAt(int slot) => (int)PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * slot;

    private static int SlotOffsetAt(int slot) => SlotSeqAt(slot) + sizeof(ulong);

    [Fact]
    public void Golden_append_bytes_in_default_pool()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("g.plasmite"), 1_048_576);
        var payload = Payload(9, 420);
        var r = pool.Append(payload, 1_700_000_000_123_456_789);
        Assert.Equal(new AppendResult(1, 1_700_000_000_123_456_789, 0), r);
        var bytes = pool.MappedBytes;
        // A 1 MiB pool has 4096 index slots, so its ring starts after them; the frame is 64 + 420 + 8 = 492 bytes padded to 8.
        const int ringOffset = PoolFormat.HeaderSize + 4096 * PoolFormat.IndexSlotSize;
        const int frameLength = 496;
        Assert.Equal(69_632, ringOffset);
        var frame = bytes.Slice(ringOffset, frameLength);
        var expectedHeader = new byte[PoolFormat.FrameHeaderLength];
        FrameHeader.Committed(1, 1_700_000_000_123_456_789, 420).Encode(expectedHeader);
        Assert.Equal(expectedHeader, frame[..PoolFormat.FrameHeaderLength].ToArray());
        Assert.Equal(payload, frame.Slice(PoolFormat.FrameHeaderLength, 420).ToArray());
        Assert.Equal("PLSMCMIT"u8.ToArray(), frame.Slice(PoolFormat.FrameHeaderLength + 420, PoolFormat.CommitMarkerLength).ToArray());
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes[SlotSeqAt(1)..]));
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes[SlotOffsetAt(1)..]));
        var h = pool.ReadHeader();
        Assert.Equal((496UL, 0UL, 496UL, 1UL, 1UL), (h.HeadOff, h.TailOff, h.TailNextOff, h.OldestSeq, h.NewestSeq));
    }

    [Fact]
    public void Index_slots_hold_seq_and_offset_and_overwrite_on_collision()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("i.plasmite"), PoolFormat.HeaderSize + 2 * PoolFormat.IndexSlotSize + 2000, 2);
        var offsets = new[] { pool.Append(new byte[10], 1).Offset, pool.Append(new byte[10], 2).Offset, pool.Append(new byte[10], 3).Offset };
        var b = pool.MappedBytes;
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(b[SlotSeqAt(0)..]));
        Assert.Equal(offsets[1], BinaryPrimitives.ReadUInt64LittleEndian(b[SlotOffsetAt(0)..]));
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(b[SlotSeqAt(1)..]));
        Assert.Equal(offsets[2], BinaryPrimitives.ReadUInt64LittleEndian(b[SlotOffsetAt(1)..]));
        // seq 1's slot was taken by seq 3: get falls back to the scan.
        Assert.Equal(1UL, pool.Get(1).Seq);
        // Stale offset in seq 2's slot: scan still finds it.
        BinaryPrimitives.WriteUInt64LittleEndian(b[SlotOffsetAt(0)..], 0);
        Assert.Equal(2UL, pool.Get(2).Seq);
        BinaryPrimitives.WriteUInt64LittleEndian(b[SlotOffsetAt(0)..], 12345);
        Assert.Equal(2UL, pool.Get(2).Seq);
    }

    [Fact]
    public void Bounds_and_get_scan_by_seq()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 2000);
        Assert.True(pool.ReadHeader().IsEmpty);
        var empty = Assert.Throws<PlasmiteException>(() => pool.Get(42));
        Assert.Equal((ErrorKind.NotFound, (ulong?)42, (string?)null), (empty.Kind, empty.Seq, empty.Path));
        for (ulong i = 1; i <= 3; i++) pool.Append(Payload(i, 20), i);
        Assert.Equal(Payload(2, 20), pool.Get(2).Payload);
        Assert.Equal(2UL, pool.Get(2).TimestampNs);
        var ex = Assert.Throws<PlasmiteException>(() => pool.Get(4));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal("message not found", ex.Message);
        Assert.Equal(4UL, ex.Seq);
        Assert.Null(ex.Path);
        Assert.False(pool.TryGet(0, out _));
    }

    [Fact]
    public void Try_read_into_caller_buffer()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("r.plasmite"), 65_536);
        pool.Append(Payload(1, 300), 1);
        Span<byte> small = stackalloc byte[10];
        Assert.Equal(ReadStatus.BufferTooSmall, pool.TryRead(1, small, out var info));
        Assert.Equal(300, info.PayloadLength);
        var buf = new byte[400];
        Assert.Equal(ReadStatus.Found, pool.TryRead(1, buf, out info));
        Assert.Equal(Payload(1, 300), buf[..300]);
        Assert.Equal(ReadStatus.NotFound, pool.TryRead(2, buf, out _));
    }

    [Fact]
    public void Padding_zone_and_wrapped_start_scenarios_terminate()
    {
        // [bug] 16.1: capacity 0, ring 1990, 13 appends of 100-byte payloads (54 bytes left at the end).
        using var dir = new TempDir();
        using (var pool = CreateRing(dir, 1990, "a.plasmite"))
        {
            for (ulong i = 1; i <= 13; i++) pool.Append(Payload(i, 100), i);
            var h = pool.ReadHeader();
            AssertValid(pool);
            Assert.Equal(Enumerable.Range((int)h.OldestSeq, (int)h.MessageCount).Select(i => (ulong)i), Dump(pool).Select(f => f.Seq));
            Assert.Equal(Payload(13, 100), pool.Get(13).Payload);
        }
        // [bug] 16.2: ring 2000, 14 appends (tail = head = 528, oldest 4): a tail from the start sees 4..14.
        using (var pool = CreateRing(dir, 2000, "b.plasmite"))
        {
            for (ulong i = 1; i <= 14; i++) pool.Append(Payload(i, 100), i);
            var h = pool.ReadHeader();
            Assert.Equal((528UL, 528UL, 4UL), (h.HeadOff, h.TailOff, h.OldestSeq));
            Assert.Equal(Enumerable.Range(4, 11).Select(i => (ulong)i), Dump(pool).Select(f => f.Seq));
        }
    }

    [Fact]
    public void Append_wraps_at_ring_end_and_drops_oldest_when_full()
    {
        using var dir = new TempDir();
        const int P = 100, L = 176;
        using (var pool = CreateRing(dir, 3 * L + PoolFormat.FrameHeaderLength, "w.plasmite"))
        {
            for (ulong i = 1; i <= 4; i++) pool.Append(Payload(i, P), i);
            Assert.Equal([2UL, 3, 4], Dump(pool).Select(f => f.Seq));
            var marker = FrameHeader.Decode(pool.MappedBytes.Slice(PoolFormat.HeaderSize + 3 * L, PoolFormat.FrameHeaderLength));
            Assert.Equal((uint)FrameState.Wrap, marker.State);
            AssertValid(pool);
        }
        using (var pool = CreateRing(dir, 2 * L + 64, "d.plasmite"))
        {
            for (ulong i = 1; i <= 3; i++) pool.Append(Payload(i, P), i);
            Assert.Equal([2UL, 3], Dump(pool).Select(f => f.Seq));
            AssertValid(pool);
        }
    }

    [Fact]
    public void Validator_accepts_wrap_and_rejects_damage_while_append_still_works()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 4 * 176);
        for (ulong i = 1; i <= 20; i++) pool.Append(Payload(i, 100), i);
        AssertValid(pool);
        var report = PoolValidator.Validate(pool);
        Assert.Equal(20UL, report.LastGoodSeq);

        // Bump the second live frame's seq.
        var h = pool.ReadHeader();
        ulong second = h.TailNextOff;
        var ring = pool.MappedBytes[(int)pool.RingOffset..];
        BinaryPrimitives.WriteUInt64LittleEndian(ring[((int)second + 16)..], 999);
        report = PoolValidator.Validate(pool);
        Assert.Equal("corrupt", report.Status);
        Assert.Equal("seq mismatch", report.Issues[0].Message);
        Assert.Equal((long)second, report.Issues[0].Offset);
        Assert.Equal(h.OldestSeq, report.LastGoodSeq);
        // The writer only looks at the tail: appending still succeeds.
        pool.Append(Payload(21, 100), 21);
    }

    [Fact]
    public void Validator_rejects_invalid_tail()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 2000);
        for (ulong i = 1; i <= 3; i++) pool.Append(Payload(i, 100), i);
        var h = pool.ReadHeader();
        pool.WriteHeaderForTest(h with { TailOff = h.HeadOff + 8 });
        Assert.Equal("corrupt", PoolValidator.Validate(pool).Status);
    }

    [Fact]
    public void Header_partial_updates_round_trip()
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 2000);
        pool.Append(new byte[10], 1);
        var h = pool.ReadHeader() with { Flags = 1 };
        pool.WriteHeaderForTest(h);
        Assert.Equal(h, pool.ReadHeader());
        pool.Append(new byte[10], 2);
        Assert.Equal(1UL, pool.ReadHeader().Flags); // preserved by appends
    }

    [Fact]
    public void Batch_append_frames_each_message_and_flushes_once()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("b.plasmite"), 16_384);
        var payloads = Enumerable.Range(1, 50).Select(i => (ReadOnlyMemory<byte>)Payload((ulong)i, 50 + i * 3)).ToArray();
        var results = pool.AppendBatch(payloads, 77, Durability.Flush);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ulong)i), results.Select(r => r.Seq));
        AssertValid(pool);
        var h = pool.ReadHeader();
        foreach (var f in Dump(pool))
        {
            Assert.Equal(payloads[f.Seq - 1].ToArray(), f.Payload);
            Assert.Equal(77UL, f.TimestampNs);
        }
        Assert.Equal(50UL, h.NewestSeq);
        // A too-large payload anywhere rejects the whole batch before writing.
        var bad = new ReadOnlyMemory<byte>[] { new byte[10], new byte[100_000] };
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => pool.AppendBatch(bad, 1)).Kind);
        Assert.Equal(50UL, pool.ReadHeader().NewestSeq);
    }

    [Fact]
    public void Flush_durability_and_flush_failure()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("f.plasmite"), 65_536);
        pool.Append(new byte[100], 1, Durability.Flush);
        pool.FailFlushForTest = "index slot";
        var ex = Assert.Throws<PlasmiteException>(() => pool.Append(new byte[100], 2, Durability.Flush));
        Assert.Equal(ErrorKind.Io, ex.Kind);
        Assert.Equal("failed to flush index slot", ex.Message);
        Assert.Equal(pool.Path, ex.Path);
        pool.FailFlushForTest = null;
        // The append happened in memory: seq 2 is consumed and visible; the pool validates.
        Assert.Equal(2UL, pool.ReadHeader().NewestSeq);
        AssertValid(pool);
        Assert.Equal(3UL, pool.Append(new byte[5], 3, Durability.Flush).Seq);
    }

    [ReleaseFact]
    public void Append_of_pre_encoded_payload_allocates_nothing()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("z.plasmite"), 1_048_576);
        var payload = Payload(1, 1024);
        var buffer = new byte[2048];
        for (int i = 0; i < 2000; i++) pool.Append(payload, (ulong)i); // warm up (JIT tiers, notifier)
        var cursor = pool.CreateCursor();
        while (cursor.Step() == CursorStatus.Message)
        {
        }
        // Steady state is 0 B per operation; a one-off runtime allocation (tiering) may land in one round,
        // a per-operation allocation shows up in every round.
        var rounds = new List<long>();
        for (int round = 0; round < 3 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5000; i++)
            {
                var r = pool.Append(payload, (ulong)i);
                pool.TryRead(r.Seq, buffer, out _);
                cursor.Step();
            }
            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(rounds[^1] == 0, $"bytes allocated per round of 5000: {string.Join(", ", rounds)}");
    }

    [Fact]
    public void Append_succeeds_when_notify_is_disabled_or_unavailable()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("n.plasmite"), 65_536);
        pool.NotifyOnAppend = false;
        Assert.Equal(1UL, pool.Append(new byte[3], 1).Seq);
    }

    [Fact]
    public void Prefaulting_ahead_of_the_head_changes_no_byte()
    {
        // 4 MiB pool: appends cross several 256 KiB prefault chunks and wrap once; every chunk ahead of the head
        // was populated (MADV_POPULATE_WRITE) but must still read as zeros, and the pool must stay valid.
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("pf.plasmite"), 4UL << 20);
        var payload = Payload(5, 1000);
        ulong ringEnd = pool.RingOffset + pool.RingSize;
        for (int i = 0; i < 700; i++) pool.Append(payload, (ulong)i);
        var h = pool.ReadHeader();
        var after = pool.MappedBytes[checked((int)(pool.RingOffset + h.HeadOff))..checked((int)ringEnd)];
        Assert.True(after.IndexOfAnyExcept((byte)0) < 0, "bytes ahead of the head changed");
        while (pool.ReadHeader().HeadOff >= h.HeadOff) pool.Append(payload, 1);
        Assert.Equal("ok", PoolValidator.Validate(pool).Status);
        using var reopened = PoolFile.Open(pool.Path);
        Assert.Equal(pool.ReadHeader().NewestSeq, reopened.Get(pool.ReadHeader().NewestSeq).Seq);
    }
}
