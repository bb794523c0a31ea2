// The best-effort wake-up channel (spec §10): a named POSIX semaphore "/plsm-<sha256(realpath)>" per pool.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Plasmite.Interop;

namespace Plasmite.Storage;

/// <summary>The result of <see cref="PoolNotifier.Wait"/>.</summary>
internal enum NotifyWaitResult
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
internal sealed unsafe class PoolNotifier : IDisposable
{
    private readonly nint _sem;
    private readonly Semaphore? _win; // Windows: a named kernel semaphore under Local\ instead of the POSIX one
    private readonly UseCounter _uses;
    private NotifyBroadcaster? _broadcaster;

    private PoolNotifier(nint sem, string name)
    {
        _sem = sem;
        Name = name;
        // sem_close unmaps the semaphore: never while a post or a wait on another thread is using it.
        _uses = new UseCounter(nameof(PoolNotifier), () => Libc.SemClose(sem));
    }

    private PoolNotifier(Semaphore win, string name)
    {
        _win = win;
        Name = name;
        _uses = new UseCounter(nameof(PoolNotifier), win.Dispose);
    }

    /// <summary>The Windows kernel object name for a pool path: <c>Local\plsm-</c> + SHA-256 (lowercase hex) of the
    /// full path, upper-cased (Windows paths are case-insensitive), as UTF-8.</summary>
    internal static string WindowsName(string poolPath)
    {
        string full;
        try { full = System.IO.Path.GetFullPath(poolPath); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { full = poolPath; }
        return "Local\\plsm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full.ToUpperInvariant())));
    }

    private static PoolNotifier? TryOpenWindows(string poolPath)
    {
        string name = WindowsName(poolPath);
        try
        {
            return new PoolNotifier(new Semaphore(0, int.MaxValue, name), name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException or PlatformNotSupportedException)
        {
            return null; // tails fall back to polling
        }
    }

    // [SuppressGCTransition] P/Invokes are bound when the calling method is compiled: kept in methods of their
    // own so that the methods shared with the Windows path never contain one (no libc there).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int SemTryWait(nint sem) => Libc.SemTryWait(sem);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int SemPost(nint sem) => Libc.SemPost(sem);

    private static void WinPost(Semaphore s)
    {
        try { s.Release(); }
        catch (SemaphoreFullException) { } // int.MaxValue pending posts: waiters are awake anyway
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
        if (OperatingSystem.IsWindows()) return TryOpenWindows(poolPath);
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
        using (use)
        {
            if (_win is not null) WinPost(_win);
            else SemPost(_sem);
        }
    }

    /// <summary>Posts without the use count: for the owning <see cref="PoolFile"/>, which disposes this notifier only
    /// after its own last operation (the append calling this) has left.</summary>
    internal void PostOwned()
    {
        if (_win is not null) WinPost(_win);
        else SemPost(_sem);
    }

    /// <summary>Consumes a pending post without waiting.</summary>
    public bool TryConsume()
    {
        if (!_uses.TryUse(out var use)) return false;
        using (use) return _win is not null ? _win.WaitOne(0) : SemTryWait(_sem) == 0;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a post. Spins briefly with <c>sem_trywait</c> (low latency),
    /// then blocks in <c>sem_timedwait</c> slices of at most 5 ms so cancellation is observed within ~5 ms.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public NotifyWaitResult Wait(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var use = _uses.Use();
        if (_win is not null) return WaitWindows(_win, timeout, cancellationToken);
        long start = Stopwatch.GetTimestamp();
        // Short spin (a few microseconds): a writer that is mid-append posts very soon.
        for (int i = 0; i < 16; i++)
        {
            if (SemTryWait(_sem) == 0) return NotifyWaitResult.Signaled;
            Thread.SpinWait(20);
        }
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_uses.IsClosed, this); // disposed meanwhile: stop within one slice
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero) return SemTryWait(_sem) == 0 ? NotifyWaitResult.Signaled : NotifyWaitResult.TimedOut;
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

    // Windows: block on the semaphore and the cancellation handle together, in slices so a dispose is seen.
    private NotifyWaitResult WaitWindows(Semaphore win, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        var handles = cancellationToken.CanBeCanceled ? new WaitHandle[] { win, cancellationToken.WaitHandle } : null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_uses.IsClosed, this);
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero) return win.WaitOne(0) ? NotifyWaitResult.Signaled : NotifyWaitResult.TimedOut;
            TimeSpan slice = left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50);
            if (handles is null)
            {
                if (win.WaitOne(slice)) return NotifyWaitResult.Signaled;
            }
            else if (WaitHandle.WaitAny(handles, slice) == 0)
            {
                return NotifyWaitResult.Signaled;
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
            if (_win is not null) return _win.WaitOne(slice) ? SliceResult.Signaled : SliceResult.TimedOut;
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

    internal static bool IsAvailable => OperatingSystem.IsWindows() || OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
}
