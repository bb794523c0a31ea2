// The best-effort wake-up channel (spec §10): a named POSIX semaphore "/plsm-<sha256(realpath)>" per pool.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Plasmite.Interop;

namespace Plasmite.Storage;

/// <summary>The result of <see cref="PoolNotifier.Wait"/>.</summary>
public enum NotifyWaitResult
{
    /// <summary>A post was consumed: step the cursor.</summary>
    Signaled,

    /// <summary>The timeout passed without a post: step the cursor anyway.</summary>
    TimedOut,
}

/// <summary>
/// The pool's named counting semaphore, shared with the original's processes. Writers post once per append
/// (errors ignored); followers wait with a timeout. Correctness never depends on it: one post wakes at most one
/// waiter, so followers also poll. Unavailable on Windows and macOS (null from <see cref="TryOpen"/>).
/// </summary>
public sealed unsafe class PoolNotifier : IDisposable
{
    private readonly nint _sem;
    private readonly UseCounter _uses;
    private NotifyBroadcaster? _broadcaster;

    private PoolNotifier(nint sem, string name)
    {
        _sem = sem;
        Name = name;
        // sem_close unmaps the semaphore: never while a post or a wait on another thread is using it.
        _uses = new UseCounter(nameof(PoolNotifier), () => Libc.SemClose(sem));
    }

    /// <summary>The semaphore name as passed to <c>sem_open</c> (<c>/plsm-</c> + 64 hex digits).</summary>
    public string Name { get; }

    /// <summary>The name for a pool path (spec §10): SHA-256 of the realpath bytes (or the path as given when
    /// realpath fails), as <c>/plsm-</c> + lowercase hex.</summary>
    public static string SemaphoreName(string poolPath)
    {
        byte[] bytes = RealPathBytes(poolPath) ?? Encoding.UTF8.GetBytes(poolPath);
        return "/plsm-" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static byte[]? RealPathBytes(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        nint p = Libc.Realpath(path, 0);
        if (p == 0) return null;
        try
        {
            return new ReadOnlySpan<byte>((byte*)p, checked((int)strlen((byte*)p))).ToArray();
        }
        finally
        {
            Libc.Free(p);
        }

        static nuint strlen(byte* s)
        {
            nuint n = 0;
            while (s[n] != 0) n++;
            return n;
        }
    }

    /// <summary>Opens (creating if needed) the pool's semaphore; null when notification is unavailable.</summary>
    public static PoolNotifier? TryOpen(string poolPath)
    {
        if (!OperatingSystem.IsLinux()) return null;
        string name = SemaphoreName(poolPath);
        try
        {
            nint sem = Libc.SemOpen(name, Libc.O_CREAT, 0x180 /* 0600 */, 0);
            if (sem == 0 || sem == -1) return null;
            return new PoolNotifier(sem, name);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Posts once (errors ignored).</summary>
    public void Post()
    {
        if (!_uses.TryUse(out var use)) return;
        using (use) Libc.SemPost(_sem);
    }

    /// <summary>Posts without the use count: for the owning <see cref="PoolFile"/>, which disposes this notifier only
    /// after its own last operation (the append calling this) has left.</summary>
    internal void PostOwned() => Libc.SemPost(_sem);

    /// <summary>Consumes a pending post without waiting.</summary>
    public bool TryConsume()
    {
        if (!_uses.TryUse(out var use)) return false;
        using (use) return Libc.SemTryWait(_sem) == 0;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a post. Spins briefly with <c>sem_trywait</c> (low latency),
    /// then blocks in <c>sem_timedwait</c> slices of at most 5 ms so cancellation is observed within ~5 ms.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public NotifyWaitResult Wait(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var use = _uses.Use();
        long start = Stopwatch.GetTimestamp();
        // Short spin (a few microseconds): a writer that is mid-append posts very soon.
        for (int i = 0; i < 16; i++)
        {
            if (Libc.SemTryWait(_sem) == 0) return NotifyWaitResult.Signaled;
            Thread.SpinWait(20);
        }
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_uses.IsClosed, this); // disposed meanwhile: stop within one slice
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero) return Libc.SemTryWait(_sem) == 0 ? NotifyWaitResult.Signaled : NotifyWaitResult.TimedOut;
            long sliceNs = Math.Min((long)left.TotalNanoseconds, 5_000_000L);
            long nowNs = (long)((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100) + sliceNs;
            var ts = new Libc.Timespec { Seconds = nowNs / 1_000_000_000, Nanoseconds = nowNs % 1_000_000_000 };
            if (Libc.SemTimedWait(_sem, &ts) == 0) return NotifyWaitResult.Signaled;
            int errno = Libc.Errno;
            if (errno != Libc.ETIMEDOUT && errno != Libc.EINTR && errno != Libc.EAGAIN)
            {
                // Unexpected failure: fall back to sleeping out the slice.
                Thread.Sleep(TimeSpan.FromTicks(Math.Max(sliceNs / 100, TimeSpan.TicksPerMillisecond)));
            }
        }
    }

    /// <summary>
    /// The bounded polling fallback in one call: waits on <paramref name="notifier"/> when there is one, otherwise
    /// sleeps for <paramref name="timeout"/> (at least 1 ms). Either way the caller then steps its cursor again.
    /// </summary>
    public static NotifyWaitResult WaitOrSleep(PoolNotifier? notifier, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (notifier is not null) return notifier.Wait(timeout, cancellationToken);
        cancellationToken.WaitHandle.WaitOne(timeout < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : timeout);
        cancellationToken.ThrowIfCancellationRequested();
        return NotifyWaitResult.TimedOut;
    }

    /// <summary>
    /// Asynchronous <see cref="Wait"/> that holds no thread while waiting: completes synchronously when a post is
    /// already pending, otherwise awaits the signal of this notifier's single waiter thread (see
    /// <see cref="NotifyBroadcaster"/>), which wakes every async waiter of the process at each post.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    /// <exception cref="ObjectDisposedException">When the notifier is (or gets) disposed.</exception>
    public ValueTask<NotifyWaitResult> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (TryConsume()) return ValueTask.FromResult(NotifyWaitResult.Signaled);
        ObjectDisposedException.ThrowIf(_uses.IsClosed, this);
        var broadcaster = Broadcaster;
        return new ValueTask<NotifyWaitResult>(broadcaster.WaitAsync(broadcaster.Signal, timeout, cancellationToken));
    }

    /// <summary>The broadcaster's current signal when it exists (null before the first async wait): capture it
    /// before stepping a cursor, then pass it to <see cref="WaitAsync(Task?, TimeSpan, CancellationToken)"/>.</summary>
    internal Task? ArmedSignal => Volatile.Read(ref _broadcaster)?.Signal;

    /// <summary>As <see cref="WaitAsync(TimeSpan, CancellationToken)"/>, but also wakes for a post consumed since
    /// <paramref name="armed"/> was captured (by <see cref="ArmedSignal"/>), so no post is missed between a cursor
    /// step and the wait.</summary>
    internal Task WaitAsync(Task? armed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (TryConsume()) return Task.CompletedTask;
        ObjectDisposedException.ThrowIf(_uses.IsClosed, this);
        var broadcaster = Broadcaster;
        return broadcaster.WaitAsync(armed ?? broadcaster.Signal, timeout, cancellationToken);
    }

    private NotifyBroadcaster Broadcaster
    {
        get
        {
            var b = Volatile.Read(ref _broadcaster);
            if (b is not null) return b;
            Interlocked.CompareExchange(ref _broadcaster, new NotifyBroadcaster(this), null);
            if (_uses.IsClosed) _broadcaster!.Stop(); // lost a race with Dispose: do not leave a thread behind
            return _broadcaster!;
        }
    }

    /// <summary>True once <see cref="Dispose"/> has been called.</summary>
    internal bool IsClosed => _uses.IsClosed;

    /// <summary>The outcome of one <see cref="WaitSlice"/>.</summary>
    internal enum SliceResult
    {
        Signaled,
        TimedOut,
        Closed,
    }

    /// <summary>One blocking <c>sem_timedwait</c> of at most <paramref name="slice"/> (the broadcaster's loop).</summary>
    internal SliceResult WaitSlice(TimeSpan slice)
    {
        if (!_uses.TryUse(out var use)) return SliceResult.Closed;
        using (use)
        {
            long nowNs = (long)((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100) + (long)slice.TotalNanoseconds;
            var ts = new Libc.Timespec { Seconds = nowNs / 1_000_000_000, Nanoseconds = nowNs % 1_000_000_000 };
            if (Libc.SemTimedWait(_sem, &ts) == 0) return SliceResult.Signaled;
            int errno = Libc.Errno;
            if (errno != Libc.ETIMEDOUT && errno != Libc.EINTR && errno != Libc.EAGAIN) Thread.Sleep(slice); // unexpected failure: back off
            return SliceResult.TimedOut;
        }
    }

    /// <summary>Closes the semaphore handle once no post or wait is using it (the semaphore itself is never
    /// unlinked, as upstream). Later calls throw <see cref="ObjectDisposedException"/> (<see cref="Post"/> and
    /// <see cref="TryConsume"/> do nothing).</summary>
    public void Dispose()
    {
        _uses.Close();
        Volatile.Read(ref _broadcaster)?.Stop();
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the handle if the owner forgot to (no operation can be running: the object is unreachable).</summary>
    ~PoolNotifier() => _uses.Close();

    internal static bool IsAvailable => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
}
