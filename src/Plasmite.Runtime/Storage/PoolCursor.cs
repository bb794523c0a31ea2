// A non-blocking reader position in a pool (spec §9.3) that starts at the tail, follows wraps and padding
// zones, detects being overtaken, and never returns the same seq twice.
namespace Plasmite.Storage;

/// <summary>
/// A forward reader over a pool. <see cref="Step"/> never blocks: on <see cref="CursorStatus.WouldBlock"/> wait
/// (see <see cref="PoolNotifier"/>) and step again; on <see cref="CursorStatus.FellBehind"/> just step again.
/// A damaged frame in the live range never makes the caller spin: while the header stays the same the cursor
/// answers WouldBlock (the caller waits), and once the same header has shown the same damage for
/// <see cref="CorruptAfter"/> it throws <see cref="ErrorKind.Corrupt"/>.
/// Delivered seqs strictly increase; after falling behind, the cursor re-walks from the tail and skips what it
/// already delivered, so a seq jump means the messages in between were dropped by writers.
/// Not thread-safe; one cursor per reader.
/// </summary>
public sealed class PoolCursor
{
    private readonly PoolFile _pool;
    private ulong _nextOff;
    private ulong _lastSeq;
    private ulong _skipThrough;
    private ulong _expectFirst;
    private bool _positioned;
    private bool _repositioned;
    private byte[] _buffer = [];

    // Damage detection: the header under which the last anomaly (FellBehind, or WouldBlock from a frame inside the
    // live range) was seen, and when it was first seen. Writers publish a new header whenever they change live
    // frames ([harden] §14.3), so the same anomaly under the same header that long means damaged bytes.
    private PoolHeader _anomalyHeader;
    private long _anomalySince;
    private bool _anomalySeen;

    /// <summary>How long one header may keep showing damage at the same frame before Step reports Corrupt.
    /// Long enough for an original (non-hardened) writer that overwrites live frames before publishing.</summary>
    internal TimeSpan CorruptAfter { get; set; } = DefaultCorruptAfter;

    internal static readonly TimeSpan DefaultCorruptAfter = TimeSpan.FromMilliseconds(500);

    internal PoolCursor(PoolFile pool) => _pool = pool;

    /// <summary>Seq of the current message (after a <see cref="CursorStatus.Message"/> step).</summary>
    public ulong Seq { get; private set; }

    /// <summary>Timestamp of the current message, ns since the Unix epoch.</summary>
    public ulong TimestampNs { get; private set; }

    /// <summary>Frame flags of the current message.</summary>
    public uint Flags { get; private set; }

    /// <summary>Ring offset of the current message's frame.</summary>
    public ulong Offset { get; private set; }

    /// <summary>Length of the current payload.</summary>
    public int PayloadLength { get; private set; }

    /// <summary>The current payload (a private copy, valid until the next step).</summary>
    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, PayloadLength);

    /// <summary>The current payload as memory (valid until the next step).</summary>
    public ReadOnlyMemory<byte> PayloadMemory => _buffer.AsMemory(0, PayloadLength);

    /// <summary>Seq of the last message returned (0 = none yet, or everything up to the start position).</summary>
    public ulong LastDeliveredSeq => _skipThrough;

    /// <summary>True when the current message is the first one returned after a positioning call or a
    /// <see cref="CursorStatus.FellBehind"/>: only then can its seq jump past <c>LastDeliveredSeq + 1</c>.</summary>
    public bool CurrentFollowsReposition { get; private set; }

    /// <summary>Positions at the oldest retained message (the header's tail, not ring offset 0).</summary>
    public void PositionAtTail()
    {
        var h = _pool.ReadHeader();
        SetPosition(h.TailOff, expectFirst: 0);
        _skipThrough = 0;
    }

    /// <summary>Positions after the newest message: only messages appended from now on are returned.</summary>
    public void PositionAtHead()
    {
        var h = _pool.ReadHeader();
        // In a full ring the head is also the tail: the frame there is the oldest, skipped through newest.
        bool full = h.OldestSeq != 0 && h.HeadOff == h.TailOff;
        SetPosition(h.HeadOff, expectFirst: full ? 0 : h.NewestSeq + 1);
        _skipThrough = h.NewestSeq;
    }

    /// <summary>Positions so that the next message returned is the first retained one with seq ≥
    /// <paramref name="seq"/> (uses the index when it can, else walks from the tail).</summary>
    public void PositionAtSeq(ulong seq)
    {
        using var use = _pool.Use();
        var h = _pool.ReadHeader();
        ulong start = h.TailOff, expectFirst = 0;
        if (seq > h.OldestSeq && seq <= h.NewestSeq && h.OldestSeq != 0 && _pool.TryGetInfo(seq, out var info))
            (start, expectFirst) = (info.Offset, seq);
        SetPosition(start, expectFirst);
        _skipThrough = seq == 0 ? 0 : seq - 1;
    }

    // expectFirst: the seq the first frame read from this position must have (0 = the oldest retained).
    private void SetPosition(ulong offset, ulong expectFirst)
    {
        _nextOff = offset;
        _expectFirst = expectFirst;
        _lastSeq = 0;
        _positioned = true;
        _repositioned = true;
    }

    /// <summary>Reads the next message if one is ready. Never blocks.</summary>
    /// <exception cref="PlasmiteException">Corrupt when the pool header is damaged.</exception>
    public CursorStatus Step()
    {
        using var use = _pool.Use();
        if (!_positioned) PositionAtTail();
        var h = _pool.ReadHeaderInUse(retry: true);
        ulong maxHops = _pool.RingSize / PoolFormat.FrameHeaderLength + 4;
        for (ulong i = 0; i < maxHops; i++)
        {
            bool first = _lastSeq == 0;
            var kind = _pool.WalkStep(ref _nextOff, ref _lastSeq, in h, out var info, out var saved);
            if (kind == ProbeKind.WouldBlock)
            {
                if (CaughtUp(h))
                {
                    _anomalySeen = false;
                    return CursorStatus.WouldBlock;
                }
                return Anomaly(h, fellBehind: false, _nextOff);
            }
            if (kind != ProbeKind.Message) return Anomaly(h, fellBehind: true, _nextOff);
            // A position taken from an older header can hold a newer frame by now (writers wrapped onto it):
            // the first frame must be the one the position promised, else start again from the current tail.
            if (first && info.Seq != Math.Max(_expectFirst, h.OldestSeq)) return Anomaly(h, fellBehind: true, info.Offset);
            if (info.Seq <= _skipThrough) continue;
            if (_buffer.Length < info.PayloadLength)
                _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(info.PayloadLength, Math.Min(_buffer.Length * 2, 1 << 28)));
            if (_pool.TryCopyVerified(info, in saved, _buffer) is not true) return Anomaly(h, fellBehind: true, info.Offset);
            _anomalySeen = false;
            Seq = info.Seq;
            TimestampNs = info.TimestampNs;
            Flags = info.Flags;
            Offset = info.Offset;
            PayloadLength = info.PayloadLength;
            _skipThrough = info.Seq;
            CurrentFollowsReposition = _repositioned;
            _repositioned = false;
            return CursorStatus.Message;
        }
        return Anomaly(h, fellBehind: true, _nextOff);
    }

    // WouldBlock for a reason that is not a frame: empty pool, nothing newer than what was read, at the head.
    private bool CaughtUp(in PoolHeader h) =>
        h.OldestSeq == 0 || (_lastSeq != 0 && _lastSeq >= h.NewestSeq) || (h.HeadOff != h.TailOff && _nextOff == h.HeadOff);

    /// <summary>
    /// A frame inside the live range could not be read. The first time under a header this is what it always was
    /// (FellBehind, or WouldBlock for a frame not yet committed); the same anomaly again under the very same header
    /// makes the caller wait (WouldBlock) instead of re-walking at once, and after <see cref="CorruptAfter"/> it is
    /// reported as Corrupt: no writer changes live frames without publishing a new header.
    /// </summary>
    private CursorStatus Anomaly(in PoolHeader h, bool fellBehind, ulong ringOffset)
    {
        if (fellBehind) FallBehind(h);
        if (!_anomalySeen || _anomalyHeader != h)
        {
            _anomalySeen = true;
            _anomalyHeader = h;
            _anomalySince = System.Diagnostics.Stopwatch.GetTimestamp();
            return fellBehind ? CursorStatus.FellBehind : CursorStatus.WouldBlock;
        }
        if (System.Diagnostics.Stopwatch.GetElapsedTime(_anomalySince) >= CorruptAfter)
        {
            _anomalySeen = false;
            throw new PlasmiteException(ErrorKind.Corrupt, "damaged frame in the live ring range", path: _pool.Path,
                offset: (long)(_pool.RingOffset + ringOffset), hint: "Run `plasmite doctor` on the pool.");
        }
        return CursorStatus.WouldBlock;
    }

    private CursorStatus FallBehind(in PoolHeader h)
    {
        _nextOff = h.TailOff;
        _expectFirst = 0;
        _lastSeq = 0;
        _repositioned = true;
        return CursorStatus.FellBehind;
    }
}
