// Idle async tails hold no thread-pool thread (one notifier thread per pool handle) and still wake across processes.
using System.Diagnostics;
using Plasmite.Local;
using Plasmite.Storage;
using Plasmite.Tests.Storage;
using Plasmite.Tests.Support;

namespace Plasmite.Tests.Local;

/// <summary>Tests that must not share the process with others running at once (thread-pool timing, global telemetry listeners).</summary>
[CollectionDefinition(nameof(ThreadPoolSensitive), DisableParallelization = true)]
public sealed class ThreadPoolSensitive;

[Collection(nameof(ThreadPoolSensitive))]
[Trait("Category", "Process")]
public class AsyncTailWaitTests
{
    [Fact]
    public async Task Thousand_idle_tails_do_not_starve_the_thread_pool_and_all_wake_on_one_append()
    {
        if (!PoolNotifierAvailable()) return;
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("idle", 1 << 20);
        using var cts = new CancellationTokenSource();
        const int Tails = 1000;
        int received = 0;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task TailOne()
        {
            await foreach (var _ in pool.Tail(new TailOptions { PollInterval = TimeSpan.FromSeconds(5) }, cts.Token))
            {
                if (Interlocked.Increment(ref received) == Tails) allReceived.TrySetResult();
                break;
            }
        }
        var tails = new Task[Tails];
        for (int i = 0; i < Tails; i++) tails[i] = TailOne();
        await Task.Delay(200);

        // A starvation check, not a benchmark: with a thread per idle tail this took hundreds of ms.
        var samples = new double[7];
        for (int i = 0; i < samples.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            await Task.Delay(1);
            samples[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(samples);
        Assert.True(samples[samples.Length / 2] < 50, $"Task.Delay(1) took p50 {samples[samples.Length / 2]:F1} ms with {Tails} idle tails");
        Assert.Equal(0, Volatile.Read(ref received));

        // One append wakes every tail (the poll interval is 5 s, so only the broadcast can be this quick).
        pool.AppendJson("{\"n\":1}"u8);
        var done = await Task.WhenAny(allReceived.Task, Task.Delay(TimeSpan.FromSeconds(4)));
        Assert.True(done == allReceived.Task, $"only {Volatile.Read(ref received)} of {Tails} tails woke");
        await Task.WhenAll(tails);
    }

    [Fact]
    public async Task Idle_tails_are_cancelled_promptly()
    {
        if (!PoolNotifierAvailable()) return;
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("cancel", 1 << 20);
        using var cts = new CancellationTokenSource();
        var tails = Enumerable.Range(0, 50).Select(async _ =>
        {
            await foreach (var m in pool.Tail(new TailOptions { PollInterval = TimeSpan.FromSeconds(30) }, cts.Token))
            {
            }
        }).ToArray();
        await Task.Delay(50);
        cts.Cancel();
        foreach (var t in tails) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Async_readers_wake_on_an_append_from_another_process()
    {
        if (!PoolNotifierAvailable()) return;
        using var dir = new TempDir();
        string path = dir.File("xp.plasmite");
        using var pool = PoolFile.Create(path, 1 << 20);
        using var notifier = pool.OpenNotifier()!;
        while (notifier.TryConsume())
        {
        }
        // Timeouts far longer than the test's bound: only the cross-process post can wake the readers in time.
        var readers = Enumerable.Range(0, 20).Select(async _ =>
        {
            var reader = new TailReader(pool, notifier, null, GapPolicy.Continue);
            var deadline = Stopwatch.StartNew();
            while (!reader.TryNext())
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("no wake-up");
                await reader.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
            return reader.Seq;
        }).ToArray();
        await Task.Delay(100);
        using (var writer = HelperProcess.Start("write", path, "1", "1"))
        {
            Assert.True(writer.WaitForExit(20_000), "writer did not exit");
            Assert.Equal(0, writer.ExitCode);
        }
        var all = Task.WhenAll(readers);
        Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))) == all, "readers were not woken by the other process");
        Assert.All(await all, seq => Assert.Equal(1UL, seq));
    }

    [Fact]
    public async Task Disposing_the_notifier_ends_pending_async_waits_and_its_thread()
    {
        if (!PoolNotifierAvailable()) return;
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("d.plasmite"), 65_536);
        var notifier = pool.OpenNotifier()!;
        while (notifier.TryConsume())
        {
        }
        var pending = notifier.WaitAsync(TimeSpan.FromSeconds(30)).AsTask();
        await Task.Delay(20);
        notifier.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static bool PoolNotifierAvailable() => PoolNotifier.IsAvailable;
}
