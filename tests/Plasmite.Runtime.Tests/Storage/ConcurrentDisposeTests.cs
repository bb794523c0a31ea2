// Disposing a pool or notifier while other threads use it: they finish or get ObjectDisposedException, never a
// crash on unmapped memory (which would take the whole test host down).
using Plasmite.Storage;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class ConcurrentDisposeTests
{
    [Fact]
    public void Disposing_a_pool_under_appenders_readers_and_cursors_never_crashes()
    {
        using var dir = new TempDir();
        var payload = new byte[700];
        for (int round = 0; round < 40; round++)
        {
            var path = dir.File($"race-{round}.plasmite");
            var pool = PoolFile.Create(path, 64 * 1024);
            for (int i = 0; i < 20; i++) pool.Append(payload, (ulong)i + 1);
            using var start = new Barrier(5);
            int disposedSeen = 0;
            var workers = new[]
            {
                Worker(() => pool.Append(payload, 99)),
                Worker(() => pool.TryRead(pool.ReadHeader().NewestSeq, new byte[1024], out _)),
                Worker(() => pool.Info()),
                Worker(() =>
                {
                    var cursor = pool.CreateCursor();
                    while (cursor.Step() == CursorStatus.Message) _ = cursor.Payload.Length;
                }),
            };
            start.SignalAndWait();
            Thread.Sleep(round % 5); // vary how far the workers got
            pool.Dispose();
            Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromSeconds(30)), "a worker hung after Dispose"));
            Assert.Equal(workers.Length, disposedSeen);

            // The file was released and is intact: it reopens and validates.
            using var reopened = PoolFile.Open(path);
            Assert.True(reopened.ReadHeader().NewestSeq >= 20);
            Assert.Empty(PoolValidator.Validate(path).Issues);

            Thread Worker(Action step)
            {
                var t = new Thread(() =>
                {
                    start.SignalAndWait();
                    try
                    {
                        while (true) step();
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref disposedSeen);
                    }
                }) { IsBackground = true };
                t.Start();
                return t;
            }
        }
    }

    [Fact]
    public void Operations_after_dispose_throw_object_disposed()
    {
        using var dir = new TempDir();
        var pool = PoolFile.Create(dir.File("after.plasmite"), 64 * 1024);
        pool.Append([1, 2, 3], 1);
        var cursor = pool.CreateCursor();
        pool.Dispose();
        pool.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => pool.Append([1], 2));
        Assert.Throws<ObjectDisposedException>(() => pool.ReadHeader());
        Assert.Throws<ObjectDisposedException>(() => pool.TryRead(1, new byte[8], out _));
        Assert.Throws<ObjectDisposedException>(() => cursor.Step());
        Assert.Throws<ObjectDisposedException>(() => pool.CreateCursor());
    }

    [Fact]
    public void Disposing_a_notifier_stops_a_waiting_thread_and_later_posts_are_ignored()
    {
        if (!OperatingSystem.IsLinux()) return; // named semaphores are the Linux notifier
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("notify.plasmite"), 64 * 1024);
        var notifier = pool.OpenNotifier();
        Assert.NotNull(notifier);
        while (notifier.TryConsume())
        {
            // drain posts left by earlier runs on the same path
        }
        Exception? waitError = null;
        var waiter = new Thread(() =>
        {
            try
            {
                notifier.Wait(TimeSpan.FromSeconds(60));
            }
            catch (Exception e)
            {
                waitError = e;
            }
        }) { IsBackground = true };
        waiter.Start();
        Thread.Sleep(50);
        notifier.Dispose();
        Assert.True(waiter.Join(TimeSpan.FromSeconds(10)), "the waiter kept waiting on a disposed notifier");
        Assert.IsType<ObjectDisposedException>(waitError);
        notifier.Post(); // no-op, no crash
        Assert.False(notifier.TryConsume());
        Assert.Throws<ObjectDisposedException>(() => notifier.Wait(TimeSpan.FromMilliseconds(1)));
    }
}
