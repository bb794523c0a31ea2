// The pure append planner (spec §8.2): header values + frame size → drops, wrap marker, placement, new offsets.
namespace Plasmite.Storage;

/// <summary>Read-only view of the ring bytes (shared mapping or a test buffer).</summary>
internal readonly unsafe struct RingView
{
    private readonly byte* _ring;

    public RingView(byte* ring, ulong size)
    {
        _ring = ring;
        Size = size;
    }

    public ulong Size { get; }

    public byte* Pointer => _ring;

    /// <summary>Bytes at ring offset <paramref name="offset"/>; the caller guarantees the range is inside the ring.</summary>
    public ReadOnlySpan<byte> Slice(ulong offset, int length) => new(_ring + offset, length);
}

/// <summary>How one tail entry was dropped (for tests and traces).</summary>
internal enum DropKind
{
    /// <summary>FAST_DROP using <c>tail_next</c>, tail frame not read.</summary>
    Fast,

    /// <summary>SLOW_DROP of a committed frame.</summary>
    Frame,

    /// <summary>SLOW_DROP of a wrap marker.</summary>
    Wrap,

    /// <summary>SLOW_DROP of a padding zone (fewer than 64 bytes before the ring end).</summary>
    Pad,
}

/// <summary>One drop step: what was dropped and at which ring offset.</summary>
internal readonly record struct PlanDrop(DropKind Kind, ulong Offset);

/// <summary>The result of planning one append.</summary>
internal readonly record struct AppendPlan
{
    /// <summary>Seq of the new message.</summary>
    public ulong Seq { get; init; }

    /// <summary>Ring offset of the new frame.</summary>
    public ulong FrameOffset { get; init; }

    /// <summary>Length of the new frame.</summary>
    public ulong FrameLength { get; init; }

    /// <summary>Ring offset of the wrap marker to write, or -1.</summary>
    public long WrapAt { get; init; }

    /// <summary>Number of tail entries dropped.</summary>
    public int DropCount { get; init; }

    /// <summary>New header values.</summary>
    public ulong NewHead { get; init; }

    /// <summary>New <c>tail_off</c>.</summary>
    public ulong NewTail { get; init; }

    /// <summary>New <c>tail_next_off</c>.</summary>
    public ulong NewTailNext { get; init; }

    /// <summary>New <c>oldest_seq</c>.</summary>
    public ulong NewOldest { get; init; }

    /// <summary>New <c>newest_seq</c>.</summary>
    public ulong NewNewest { get; init; }

    /// <summary>Intermediate header values after the drops ([harden] §14.3): <c>head_off</c> and
    /// <c>newest_seq</c> stay as before; only meaningful when <see cref="DropCount"/> &gt; 0.</summary>
    public ulong MidTail { get; init; }

    /// <summary>Intermediate <c>tail_next_off</c>.</summary>
    public ulong MidTailNext { get; init; }

    /// <summary>Intermediate <c>oldest_seq</c> (0 when the drops emptied the ring).</summary>
    public ulong MidOldest { get; init; }
}

/// <summary>Spec §8.2, implemented literally. Reads the ring (for slow drops) but writes nothing.</summary>
internal static class AppendPlanner
{
    private const ulong HL = PoolFormat.FrameHeaderLength;

    /// <summary>Plans an append of <paramref name="payloadLength"/> bytes onto <paramref name="h"/>.</summary>
    /// <param name="h">The current header.</param>
    /// <param name="payloadLength">Payload bytes P.</param>
    /// <param name="ring">The ring bytes as they are now.</param>
    /// <param name="drops">When not null, receives every drop step.</param>
    /// <exception cref="PlasmiteException">Usage (too large), Corrupt (bad header or tail entry), Busy.</exception>
    public static AppendPlan Plan(in PoolHeader h, ulong payloadLength, RingView ring, List<PlanDrop>? drops = null)
    {
        ulong r = h.RingSize;
        if (payloadLength > uint.MaxValue) throw PlasmiteException.Usage("payload too large");
        if (r == 0) throw PlasmiteException.Corrupt("ring size is zero");
        if (h.RingOffset > ulong.MaxValue - r || h.RingOffset + r > h.FileSize || ring.Size != r)
            throw PlasmiteException.Corrupt("ring exceeds storage bounds");
        if (payloadLength > PoolFormat.MaxPayload(r)) throw PlasmiteException.Usage("payload exceeds ring capacity");
        ulong l = PoolFormat.FrameLength(payloadLength);
        if (l > r) throw PlasmiteException.Usage("frame larger than ring");

        ulong head = h.HeadOff, tail = h.TailOff, tailNext = h.TailNextOff, oldest = h.OldestSeq, newest = h.NewestSeq;
        if (head >= r || tail >= r) throw PlasmiteException.Corrupt("head/tail out of range");
        ulong origTail = tail, origTailNext = tailNext;
        if (oldest == 0)
        {
            tailNext = tail;
            if (head != tail) throw PlasmiteException.Corrupt("empty pool head/tail mismatch");
        }

        ulong required = oldest == 0 ? l : Needed(r, head, l);
        bool wrapRequired = (r - head) < l;
        int dropCount = 0;
        // [harden] a valid ring holds at most r/64 entries; more drop steps means a cycle in hostile bytes.
        ulong maxDrops = r / HL + 4;

        while ((r - PoolFormat.UsedBytes(r, head, tail, oldest)) < required || (wrapRequired && oldest != 0 && tail < l))
        {
            if (oldest == 0) throw new PlasmiteException(ErrorKind.Busy, "unable to make space");
            if ((ulong)dropCount >= maxDrops) throw PlasmiteException.Corrupt("drop loop exceeded ring capacity", (long)tail);
            ulong newTail, newOldest;
            if (CanFastDrop(r, head, tail, tailNext))
            {
                drops?.Add(new PlanDrop(DropKind.Fast, tail));
                (newTail, newOldest) = tailNext == tail ? (tail, 0UL) : (tailNext, tailNext == head ? 0UL : oldest + 1);
            }
            else
            {
                (newTail, newOldest) = SlowDrop(ring, r, head, tail, oldest, drops);
            }
            tail = newTail;
            oldest = newOldest;
            tailNext = 0;
            if (tail == head)
            {
                oldest = 0;
                tailNext = tail;
            }
            required = oldest == 0 ? l : Needed(r, head, l);
            dropCount++;
        }

        ulong midTail = tail, midOldest = oldest;
        long wrapAt = -1;
        if (r - head < l)
        {
            if (r - head >= HL) wrapAt = (long)head;
            head = 0;
        }
        if (oldest == 0) tail = head;
        bool intoEmpty = oldest == 0;
        ulong seq = newest == 0 ? 1 : newest + 1;
        if (oldest == 0) oldest = seq;
        newest = seq;
        ulong frameOff = head;
        ulong newHead = head + l;
        if (newHead == r) newHead = 0;
        ulong newTailNext = intoEmpty ? newHead : tail == origTail ? origTailNext : NextOf(ring, r, tail);

        return new AppendPlan
        {
            Seq = seq,
            FrameOffset = frameOff,
            FrameLength = l,
            WrapAt = wrapAt,
            DropCount = dropCount,
            NewHead = newHead,
            NewTail = tail,
            NewTailNext = newTailNext,
            NewOldest = oldest,
            NewNewest = newest,
            MidTail = midTail,
            MidTailNext = midOldest == 0 ? midTail : newTailNext,
            MidOldest = midOldest,
        };
    }

    private static ulong Needed(ulong r, ulong head, ulong l)
    {
        ulong rem = r - head;
        return rem >= l ? l : (rem >= HL ? l + HL : l + rem);
    }

    /// <summary>FAST_DROP applies (drop the tail frame via <c>tail_next</c> without reading it).</summary>
    private static bool CanFastDrop(ulong r, ulong head, ulong tail, ulong tailNext)
    {
        if (tailNext == 0 || tailNext >= r || (tailNext & 7) != 0 || r - tailNext < HL) return false;
        if (tailNext == tail) return head == tail;
        if (tailNext < tail) return false;
        ulong d = tailNext - tail;
        return d >= HL && (d & 7) == 0;
    }

    private static (ulong Tail, ulong Oldest) SlowDrop(RingView ring, ulong r, ulong head, ulong tail, ulong oldest, List<PlanDrop>? drops)
    {
        if (r - tail < HL)
        {
            drops?.Add(new PlanDrop(DropKind.Pad, tail));
            return (0, head == 0 ? 0UL : oldest);
        }
        var fh = FrameHeader.Decode(ring.Slice(tail, PoolFormat.FrameHeaderLength));
        string? problem = fh.Check(r);
        if (problem is not null) throw PlasmiteException.Corrupt(problem, (long)tail);
        if (fh.State == (uint)FrameState.Wrap)
        {
            drops?.Add(new PlanDrop(DropKind.Wrap, tail));
            return (0, oldest);
        }
        if (fh.State != (uint)FrameState.Committed) throw PlasmiteException.Corrupt("invalid tail frame state", (long)tail);
        drops?.Add(new PlanDrop(DropKind.Frame, tail));
        ulong next = tail + fh.FrameLength;
        if (next > r) throw PlasmiteException.Corrupt("frame exceeds ring", (long)tail);
        return (next == r ? 0 : next, fh.Seq + 1);
    }

    /// <summary>NEXT_OF(t) of spec §8.2: the walk position after the entry at <paramref name="t"/>.</summary>
    internal static ulong NextOf(RingView ring, ulong r, ulong t)
    {
        if (r - t < HL) return 0;
        var fh = FrameHeader.Decode(ring.Slice(t, PoolFormat.FrameHeaderLength));
        string? problem = fh.Check(r);
        if (problem is not null) throw PlasmiteException.Corrupt(problem, (long)t);
        if (fh.State == (uint)FrameState.Wrap) return 0;
        if (fh.State != (uint)FrameState.Committed) throw PlasmiteException.Corrupt("invalid tail frame state", (long)t);
        ulong next = t + fh.FrameLength;
        if (next > r) throw PlasmiteException.Corrupt("frame exceeds ring", (long)t);
        return next == r ? 0 : next;
    }
}
