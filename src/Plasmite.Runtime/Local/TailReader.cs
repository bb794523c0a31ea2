// The non-blocking read loop shared by streams, tails and replay: cursor + since filter + gap rule + waits.
using Plasmite.Diagnostics;
using Plasmite.Storage;

namespace Plasmite.Local;

internal sealed class TailReader
{
    // Consecutive FellBehind results tolerated in one TryNext before yielding to a wait (writers lapping us).
    private const int MaxFellBehindPerCall = 1024;

    private readonly PoolCursor _cursor;
    private readonly PoolNotifier? _notifier;
    private RetentionGapTracker _gap;
    private Task? _armed; // the notifier's async signal as it was before the last cursor step (see WaitAsync)
    private readonly PoolFile _pool;

    // Telemetry of the current tail batch (messages read between two waits), kept only while someone listens.
    private const int MaxBatch = 1024;
    private int _batchCount;
    private DateTimeOffset _batchStart;

    public TailReader(PoolFile pool, PoolNotifier? notifier, ulong? sinceSeq, GapPolicy policy)
    {
        _pool = pool;
        _cursor = pool.CreateCursor();
        if (sinceSeq is { } since) _cursor.PositionAtSeq(since);
        else _cursor.PositionAtTail();
        _notifier = notifier;
        _gap = new RetentionGapTracker(sinceSeq, policy);
    }

    /// <summary>True once a retention gap ended this reader (fail-closed policy).</summary>
    public bool Terminated => _gap.Terminated;

    public ulong Seq => _cursor.Seq;

    public ulong TimestampNs => _cursor.TimestampNs;

    public uint Flags => _cursor.Flags;

    public ReadOnlySpan<byte> Payload => _cursor.Payload;

    public ReadOnlyMemory<byte> PayloadMemory => _cursor.PayloadMemory;

    /// <summary>Advances to the next raw message (before tag filtering). False when none is ready yet.</summary>
    /// <exception cref="PlasmiteException">RetentionGap under the fail-closed policy; Corrupt for a damaged header.</exception>
    public bool TryNext()
    {
        if (_gap.Terminated) return false;
        _armed = _notifier?.ArmedSignal;
        int fellBehind = 0;
        while (true)
        {
            switch (_cursor.Step())
            {
                case CursorStatus.Message:
                    if (_gap.Observe(_cursor.Seq) != GapDecision.Accept) continue;
                    if (_batchCount > 0 || PlasmiteTelemetry.TailObserved) Delivered();
                    return true;
                case CursorStatus.FellBehind:
                    if (++fellBehind > MaxFellBehindPerCall) return false;
                    continue;
                default:
                    if (_batchCount > 0) EndBatch();
                    return false;
            }
        }
    }

    private void Delivered()
    {
        if (_batchCount++ == 0) _batchStart = DateTimeOffset.UtcNow;
        if (_batchCount >= MaxBatch) EndBatch();
    }

    // Records the batch: consumed count, lag (newest in the pool − last delivered) and a span covering the batch.
    private void EndBatch()
    {
        long count = _batchCount;
        _batchCount = 0;
        ulong last = _cursor.Seq;
        long lag = 0;
        try
        {
            ulong newest = _pool.ReadHeader().NewestSeq;
            lag = newest > last ? (long)(newest - last) : 0;
        }
        catch (Exception e) when (e is PlasmiteException or ObjectDisposedException)
        {
            // The pool is going away or damaged: the next step reports it; telemetry just records no lag.
        }
        PlasmiteTelemetry.TailBatch(_pool.DestinationName, count, lag, _batchStart, last);
    }

    /// <summary>Blocks until a writer posts the pool's wake-up signal or <paramref name="timeout"/> passes.</summary>
    public void Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout > TimeSpan.Zero) PoolNotifier.WaitOrSleep(_notifier, timeout, cancellationToken);
    }

    /// <summary>Waits without holding a thread (the notifier's one waiter thread wakes every async reader of the
    /// pool handle); wakes within microseconds of a post. The signal captured by the last <see cref="TryNext"/>
    /// makes a post consumed between that step and this wait still count.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero) return Task.CompletedTask;
        return _notifier is null ? Task.Delay(timeout, cancellationToken) : _notifier.WaitAsync(_armed, timeout, cancellationToken);
    }
}
