// Low-level follow support: an engine cursor over the pool and a wait on the cross-process append signal.
using Plasmite.Storage;

namespace Plasmite;

public sealed partial class PlasmitePool
{
    /// <summary>
    /// Creates a non-blocking engine cursor positioned at the oldest retained message. Callers that need their own
    /// follow policy (start position, reaction to <see cref="CursorStatus.FellBehind"/>) step it and wait with
    /// <see cref="WaitForAppend"/> on <see cref="CursorStatus.WouldBlock"/>. One cursor per reader; not thread-safe.
    /// </summary>
    public PoolCursor CreateCursor() => Open().CreateCursor();

    /// <summary>True when the cross-process append signal (the pool's named semaphore) is available.</summary>
    public bool CanWaitForAppend => Notifier is not null;

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a writer's append signal when <paramref name="useNotify"/> is true and
    /// the signal is available; otherwise sleeps <paramref name="timeout"/>. Either way the caller steps its cursor
    /// again afterwards (the signal is best effort: one post wakes at most one waiter).
    /// </summary>
    /// <returns>True when a signal was consumed.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public bool WaitForAppend(TimeSpan timeout, bool useNotify = true, CancellationToken cancellationToken = default)
    {
        _ = Open();
        if (timeout < TimeSpan.Zero) timeout = TimeSpan.Zero;
        if (useNotify && Notifier is { } notifier)
            return notifier.Wait(timeout, cancellationToken) == NotifyWaitResult.Signaled;
        if (cancellationToken.WaitHandle.WaitOne(timeout)) cancellationToken.ThrowIfCancellationRequested();
        return false;
    }
}
