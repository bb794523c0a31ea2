// Turns a pool's cross-process wake-up semaphore into async signals for every tail in this server.
using System.Collections.Concurrent;
using Plasmite.Storage;

namespace Plasmite.AspNetCore.Server;

/// <summary>
/// One background thread per tailed pool waits on the pool's notification semaphore and completes a shared task
/// that every waiting tail awaits, so idle tails hold no thread-pool threads (a semaphore post wakes one waiter;
/// re-broadcasting it here wakes all of ours). Tails still poll every <see cref="PollInterval"/> because another
/// process may consume a post first, as the original's 50 ms fallback does.
/// </summary>
internal sealed class PoolWakeups : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, Waker> _wakers = new(StringComparer.Ordinal);
    private readonly CancellationToken _stopping;

    public PoolWakeups(CancellationToken stopping) => _stopping = stopping;

    /// <summary>Waits until a writer appends to <paramref name="poolPath"/>, <paramref name="timeout"/> passes or cancellation.</summary>
    public async Task WaitAsync(string poolPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero) return;
        if (timeout > PollInterval) timeout = PollInterval;
        var waker = _wakers.GetOrAdd(poolPath, p => new Waker(p, _stopping));
        var signal = waker.Signal;
        var delay = Task.Delay(timeout, cancellationToken);
        await Task.WhenAny(signal, delay).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        foreach (var w in _wakers.Values) w.Dispose();
        _wakers.Clear();
    }

    private sealed class Waker : IDisposable
    {
        private readonly PoolNotifier? _notifier;
        private readonly CancellationTokenSource _cts;
        private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Waker(string path, CancellationToken stopping)
        {
            _cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _notifier = PoolNotifier.TryOpen(path);
            if (_notifier is null) return; // no semaphore: tails fall back to polling
            var thread = new Thread(Run) { IsBackground = true, Name = "plasmite-wakeup" };
            thread.Start();
        }

        public Task Signal => Volatile.Read(ref _signal).Task;

        private void Run()
        {
            try
            {
                while (!_cts.IsCancellationRequested)
                {
                    if (_notifier!.Wait(TimeSpan.FromMilliseconds(250), _cts.Token) == NotifyWaitResult.Signaled)
                    {
                        var fired = Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                        fired.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            finally
            {
                _notifier?.Dispose();
            }
        }

        public void Dispose() => _cts.Cancel();
    }
}
