// Reads: the frame probe (spec §9.1), get by seq with index probe and bounded scan (§9.2), torn-read checks (§9.6).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Plasmite.Diagnostics;

namespace Plasmite.Storage;

internal sealed unsafe partial class PoolFile
{
    /// <summary>Returns the message with <paramref name="seq"/> (payload copied).</summary>
    /// <exception cref="PlasmiteException">NotFound "message not found" with <c>Seq</c> set (no path); Corrupt for a
    /// damaged header, or "damaged frame in the live ring range" when the frame of a retained seq cannot be read.</exception>
    public Frame Get(ulong seq) =>
        TryGet(seq, out var frame) ? frame : throw new PlasmiteException(ErrorKind.NotFound, "message not found", seq: seq);

    /// <summary>Finds the message with <paramref name="seq"/>; false when it is not retained.</summary>
    /// <exception cref="PlasmiteException">Corrupt when the frame of a retained seq is damaged (see <see cref="Get"/>).</exception>
    public bool TryGet(ulong seq, out Frame frame)
    {
        if (!PlasmiteTelemetry.GetObserved) return TryGetCore(seq, out frame);
        long start = Stopwatch.GetTimestamp();
        using var activity = PlasmiteTelemetry.Start("get", "receive", ActivityKind.Client, DestinationName);
        try
        {
            bool found = TryGetCore(seq, out frame);
            PlasmiteTelemetry.Got(DestinationName, start, seq, found, activity);
            return found;
        }
        catch (Exception e) when (PlasmiteTelemetry.Failed(e, "get", DestinationName, activity))
        {
            throw;
        }
    }

    private bool TryGetCore(ulong seq, out Frame frame)
    {
        byte[]? buffer = null;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var status = TryReadCore(seq, buffer, out var info);
            if (status == ReadStatus.NotFound) break;
            if (status == ReadStatus.Found)
            {
                frame = new Frame(info, buffer ?? []);
                return true;
            }
            buffer = new byte[info.PayloadLength];
        }
        frame = default;
        return false;
    }

    /// <summary>
    /// Allocation-free read: copies the payload of <paramref name="seq"/> into <paramref name="destination"/>.
    /// On <see cref="ReadStatus.BufferTooSmall"/>, <paramref name="info"/> holds the needed length.
    /// </summary>
    public ReadStatus TryRead(ulong seq, Span<byte> destination, out FrameInfo info)
    {
        if (!PlasmiteTelemetry.GetObserved) return TryReadCore(seq, destination, out info);
        long start = Stopwatch.GetTimestamp();
        using var activity = PlasmiteTelemetry.Start("get", "receive", ActivityKind.Client, DestinationName);
        try
        {
            var status = TryReadCore(seq, destination, out info);
            if (status != ReadStatus.BufferTooSmall) PlasmiteTelemetry.Got(DestinationName, start, seq, status == ReadStatus.Found, activity);
            return status;
        }
        catch (Exception e) when (PlasmiteTelemetry.Failed(e, "get", DestinationName, activity))
        {
            throw;
        }
    }

    /// <summary>How long the published header may keep showing a damaged frame where a retained seq should be before
    /// get reports Corrupt (the cursor's rule, <see cref="PoolCursor.DefaultCorruptAfter"/>). Internal for tests.</summary>
    internal TimeSpan GetCorruptAfter { get; set; } = PoolCursor.DefaultCorruptAfter;

    private ReadStatus TryReadCore(ulong seq, Span<byte> destination, out FrameInfo info)
    {
        using var use = Use();
        ulong r = _ringSize;
        // [harden] §9.2: bound the work. A pass that fails under a header writers then replaced is repeated (they moved
        // the ring under us; a few passes suffice unless they lap us every pass). A pass that fails under the header
        // that is still published means damaged bytes where a retained seq must be: no writer changes live frames
        // without publishing a new header ([harden] §14.3), so once that header has shown the damage for
        // GetCorruptAfter (long enough for an original writer that overwrites before publishing) it is Corrupt.
        PoolHeader anomalyHeader = default;
        long anomalySince = 0;
        int replaced = 0;
        while (true)
        {
            var h = ReadHeaderInUse(retry: true);
            if (h.OldestSeq == 0 || seq < h.OldestSeq || seq > h.NewestSeq) break;

            if (_indexCapacity != 0)
            {
                ulong* slot = (ulong*)(_base + PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * (seq % _indexCapacity));
                ulong slotSeq = Volatile.Read(ref slot[0]);
                ulong slotOff = Volatile.Read(ref slot[1]);
                if (slotSeq == seq && slotOff < r && (slotOff & 7) == 0
                    && Probe(slotOff, h.NewestSeq, out info, out _, out var saved) == ProbeKind.Message && info.Seq == seq)
                {
                    var st = CopyVerified(info, in saved, destination);
                    if (st != null) return st.Value;
                }
            }

            // Scan from the tail (the cursor walk of §9.3 without payload copies until the seq matches). In a pool
            // that is not changing, the walk meets every retained seq in order; ending without it is an anomaly.
            ulong next = h.TailOff, last = 0, failedAt = next;
            ulong maxSteps = r / PoolFormat.FrameHeaderLength + 4;
            for (ulong step = 0; step < maxSteps; step++)
            {
                failedAt = next;
                var kind = WalkStep(ref next, ref last, in h, out info, out var saved);
                if (kind == ProbeKind.Message && info.Seq < seq) continue;
                if (kind == ProbeKind.Message && info.Seq == seq)
                {
                    var st = CopyVerified(info, in saved, destination);
                    if (st != null) return st.Value;
                }
                break;
            }

            if (ReadHeaderChecked(retry: true) != h)
            {
                anomalySince = 0;
                if (++replaced >= 4) break;
                continue;
            }
            if (anomalySince == 0 || anomalyHeader != h)
            {
                anomalyHeader = h;
                anomalySince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(anomalySince) >= GetCorruptAfter)
            {
                throw new PlasmiteException(ErrorKind.Corrupt, "damaged frame in the live ring range", path: Path, seq: seq,
                    offset: (long)(_ringOffset + failedAt), hint: "Run `plasmite doctor` on the pool.");
            }
            // Wait for a writer that may still publish, without re-walking at full speed.
            if (GetCorruptAfter > TimeSpan.Zero) Thread.Sleep(10);
        }
        info = default;
        return ReadStatus.NotFound;
    }

    /// <summary>Metadata of the message with <paramref name="seq"/> without copying its payload.</summary>
    public bool TryGetInfo(ulong seq, out FrameInfo info)
    {
        var status = TryRead(seq, Span<byte>.Empty, out info);
        return status != ReadStatus.NotFound;
    }

    /// <summary>Copies the payload, then re-checks header bytes, marker and pool bounds ([harden] §9.6).
    /// Null = the frame changed under us (rescan).</summary>
    private ReadStatus? CopyVerified(in FrameInfo info, in HeaderBlock saved, Span<byte> destination)
    {
        if (destination.Length < info.PayloadLength)
        {
            return Verify(info, in saved) ? ReadStatus.BufferTooSmall : null;
        }
        new ReadOnlySpan<byte>(_ring + info.Offset + PoolFormat.FrameHeaderLength, info.PayloadLength).CopyTo(destination);
        return Verify(info, in saved) ? ReadStatus.Found : null;
    }

    /// <summary>Copies the payload into <paramref name="destination"/> (long enough) and verifies it.</summary>
    internal bool TryCopyVerified(in FrameInfo info, in HeaderBlock saved, Span<byte> destination) =>
        CopyVerified(info, in saved, destination) == ReadStatus.Found;

    /// <summary>Creates a cursor positioned at the tail (the oldest retained message).</summary>
    public PoolCursor CreateCursor()
    {
        ThrowIfDisposed();
        var cursor = new PoolCursor(this);
        cursor.PositionAtTail();
        return cursor;
    }

    /// <summary>True when the frame at <paramref name="info"/>.Offset still has the same header and marker and its
    /// seq is still retained.</summary>
    internal bool Verify(in FrameInfo info, in HeaderBlock saved)
    {
        // Seqlock re-check: the payload loads above must complete before the header is read again. That is a
        // load-load ordering, which x86 gives for free (a compiler barrier only; ARM64: dmb ishld) — a full fence
        // (mfence) here cost ≈ 10–20 ns per get.
        Volatile.ReadBarrier();
        byte* f = _ring + info.Offset;
        if (!saved.Equals(f)) return false;
        if (Unsafe.ReadUnaligned<ulong>(f + PoolFormat.FrameHeaderLength + info.PayloadLength) != PoolFormat.CommitMarker) return false;
        ulong oldest = Volatile.Read(ref *(ulong*)(_base + PoolHeader.OldestOff));
        return oldest != 0 && info.Seq >= oldest;
    }

    /// <summary>
    /// The frame probe of spec §9.1 at ring offset <paramref name="o"/>, with the padding zone treated as a wrap
    /// ([bug] 16.1) and a frame above <paramref name="newest"/> treated as not yet published (§9.6).
    /// </summary>
    internal ProbeKind Probe(ulong o, ulong newest, out FrameInfo info, out ulong next, out HeaderBlock saved)
    {
        ulong r = _ringSize;
        info = default;
        next = 0;
        saved = default;
        if (o >= r || r - o < PoolFormat.FrameHeaderLength) return ProbeKind.Wrap;
        byte* f = _ring + o;
        saved.Load(f);
        Volatile.ReadBarrier(); // the header loads (acquire) before the marker and payload loads that follow
        var fh = saved.Decode();
        if (fh.Magic != PoolFormat.FrameMagic || fh.State > (uint)FrameState.Wrap) return ProbeKind.FellBehind;
        if (fh.State == (uint)FrameState.Wrap) return ProbeKind.Wrap;
        if (fh.State != (uint)FrameState.Committed) return ProbeKind.WouldBlock;
        if (fh.HeaderLength != PoolFormat.FrameHeaderLength || (fh.PayloadLength ^ fh.PayloadLengthXor) != 0xFFFFFFFFu
            || fh.PayloadLength > PoolFormat.MaxPayload(r))
            return ProbeKind.FellBehind;
        ulong l = PoolFormat.FrameLength(fh.PayloadLength);
        if (l > r - o) return ProbeKind.FellBehind;
        if (Unsafe.ReadUnaligned<ulong>(f + PoolFormat.FrameHeaderLength + fh.PayloadLength) != PoolFormat.CommitMarker)
            return ProbeKind.FellBehind;
        if (fh.Seq > newest) return ProbeKind.WouldBlock;
        next = o + l == r ? 0 : o + l;
        info = new FrameInfo(fh.Seq, fh.TimestampNs, fh.Flags, o, (int)fh.PayloadLength);
        return ProbeKind.Message;
    }

    /// <summary>
    /// One cursor step of spec §9.3 against header snapshot <paramref name="h"/> (steps 2–5; the caller did step 1
    /// and handles repositioning). Wrap markers and padding zones are followed; returns Message, WouldBlock or
    /// FellBehind. A Message whose seq does not follow <paramref name="lastSeq"/> is reported as FellBehind
    /// (the ring was lapped under the cursor).
    /// </summary>
    internal ProbeKind WalkStep(ref ulong nextOff, ref ulong lastSeq, in PoolHeader h, out FrameInfo info, out HeaderBlock saved)
    {
        ulong r = _ringSize, head = h.HeadOff, tail = h.TailOff;
        info = default;
        saved = default;
        bool full = head == tail;
        for (int hops = 0; hops < 3; hops++)
        {
            if (h.OldestSeq == 0) return ProbeKind.WouldBlock;
            if (lastSeq != 0 && lastSeq >= h.NewestSeq) return ProbeKind.WouldBlock;
            if (!full && nextOff == head) return ProbeKind.WouldBlock;
            if (nextOff >= r || !InLiveRange(nextOff, head, tail, full)) return ProbeKind.FellBehind;
            var kind = Probe(nextOff, h.NewestSeq, out info, out ulong next, out saved);
            if (kind == ProbeKind.Wrap)
            {
                nextOff = 0;
                continue;
            }
            if (kind != ProbeKind.Message) return kind;
            if (info.Seq < h.OldestSeq || (lastSeq != 0 && info.Seq != lastSeq + 1)) return ProbeKind.FellBehind;
            nextOff = next;
            lastSeq = info.Seq;
            return ProbeKind.Message;
        }
        return ProbeKind.FellBehind;
    }

    private static bool InLiveRange(ulong x, ulong head, ulong tail, bool full) =>
        full || (tail < head ? x >= tail && x < head : x >= tail || x < head);
}

/// <summary>A 64-byte copy of a frame header, for torn-read comparison.</summary>
[InlineArray(8)]
internal struct HeaderBlock
{
    private ulong _element;

    public unsafe void Load(byte* source)
    {
        for (int i = 0; i < 8; i++) this[i] = Volatile.Read(ref ((ulong*)source)[i]);
    }

    public readonly unsafe bool Equals(byte* source)
    {
        for (int i = 0; i < 8; i++)
        {
            if (this[i] != Volatile.Read(ref ((ulong*)source)[i])) return false;
        }
        return true;
    }

    public readonly FrameHeader Decode() =>
        FrameHeader.Decode(System.Runtime.InteropServices.MemoryMarshal.AsBytes((ReadOnlySpan<ulong>)this));
}
