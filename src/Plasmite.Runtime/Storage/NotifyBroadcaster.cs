// One waiter thread per pool notifier that turns semaphore posts into a signal every async waiter of this process awaits.
namespace Plasmite.Storage;

/// <summary>
/// Multiplexes a <see cref="PoolNotifier"/> for async waiters: one dedicated background thread blocks in
/// <c>sem_timedwait</c> while at least one async waiter is registered, and each post it consumes completes the shared
/// <see cref="Signal"/> (waking every waiter in this process at once) before a fresh one is installed. Idle async
/// tails therefore hold no thread-pool thread. The thread parks while nobody waits and ends after
/// <see cref="IdleExit"/> without waiters (it is restarted on demand), so an unused notifier keeps no thread.
/// </summary>
/// <remarks>
/// A waiter that stepped its cursor to "empty" must have captured <see cref="Signal"/> <em>before</em> that step
/// (see <c>TailReader</c>): a post consumed by this thread between the step and the await then still wakes it.
/// </remarks>
internal sealed class NotifyBroadcaster
{
    /// <summary>How long the thread lingers without waiters before it ends.</summary>
    internal static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(10);

    // Upper bound of one blocking wait: how quickly the thread notices disposal or "no more waiters".
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    private readonly PoolNotifier _notifier;
    private readonly object _gate = new();
    private TaskCompletionSource _signal = NewSignal();
    private int _waiters;
    private bool _running; // guarded by _gate
    private volatile bool _stopped;

    public NotifyBroadcaster(PoolNotifier notifier) => _notifier = notifier;

    /// <summary>Completes at the next post consumed by the waiter thread (or when the notifier is disposed).</summary>
    public Task Signal => Volatile.Read(ref _signal).Task;

    /// <summary>True while the waiter thread exists (tests).</summary>
    internal bool IsRunning
    {
        get
        {
            lock (_gate) return _running;
        }
    }

    /// <summary>Registers one async waiter; starts or unparks the waiter thread for the first one.</summary>
    public void Enter()
    {
        if (Interlocked.Increment(ref _waiters) != 1) return;
        lock (_gate)
        {
            if (_stopped) return;
            if (!_running)
            {
                _running = true;
                new Thread(Run) { IsBackground = true, Name = "plasmite-notify" }.Start();
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Unregisters a waiter registered by <see cref="Enter"/>.</summary>
    public void Leave() => Interlocked.Decrement(ref _waiters);

    /// <summary>
    /// Waits for <paramref name="signal"/> (captured earlier from <see cref="Signal"/>), <paramref name="timeout"/> or
    /// cancellation, holding no thread: only a timer runs while the wait is pending.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    /// <exception cref="ObjectDisposedException">When the notifier was disposed meanwhile.</exception>
    public async Task<NotifyWaitResult> WaitAsync(Task signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            if (!signal.IsCompleted)
            {
                if (timeout <= TimeSpan.Zero) return NotifyWaitResult.TimedOut;
                var delay = Task.Delay(timeout, cancellationToken);
                if (await Task.WhenAny(signal, delay).ConfigureAwait(false) != signal)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return NotifyWaitResult.TimedOut;
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_notifier.IsClosed, _notifier);
            return NotifyWaitResult.Signaled;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Ends the waiter thread (within one slice) and wakes every waiter; called by the notifier's Dispose.</summary>
    public void Stop()
    {
        _stopped = true;
        lock (_gate) Monitor.PulseAll(_gate);
        Fire();
    }

    private void Run()
    {
        bool parkedOut = false;
        try
        {
            while (!_stopped)
            {
                if (Volatile.Read(ref _waiters) == 0 && !Park())
                {
                    parkedOut = true; // Park cleared _running under the lock; a new thread may already own it
                    return;
                }
                switch (_notifier.WaitSlice(Slice))
                {
                    case PoolNotifier.SliceResult.Signaled:
                        Fire();
                        break;
                    case PoolNotifier.SliceResult.Closed:
                        _stopped = true;
                        break;
                }
            }
        }
        finally
        {
            if (!parkedOut)
            {
                lock (_gate) _running = false;
            }
            Fire();
        }
    }

    // Waits for a waiter to arrive. False when the thread should end (idle too long, or stopped).
    private bool Park()
    {
        lock (_gate)
        {
            while (Volatile.Read(ref _waiters) == 0 && !_stopped)
            {
                if (!Monitor.Wait(_gate, IdleExit) && Volatile.Read(ref _waiters) == 0)
                {
                    _running = false; // the next Enter starts a new thread
                    return false;
                }
            }
            if (!_stopped) return true;
            _running = false;
            return false;
        }
    }

    private void Fire() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
