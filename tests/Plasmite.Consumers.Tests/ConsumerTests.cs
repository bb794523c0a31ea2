// In-process consumers: order, resume, retries, poison policies, dead letters, gaps, refusals, typed decode, reset.
using System.Text.Json;
using Plasmite.Consumers.Checkpoints;

namespace Plasmite.Consumers.Tests;

[Trait("Category", "Unit")]
public class ConsumerTests
{
    private static PlasmiteConsumerOptions Options(TempDir d, string name = "c") => new()
    {
        Directory = d.Path, Pool = "p", Name = name, BatchSize = 4, PollInterval = TimeSpan.FromMilliseconds(5),
        RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(4),
    };

    [Fact]
    public async Task Handles_every_message_in_order_and_resumes_after_the_checkpoint()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 10);
        var seen = new List<ulong>();
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 10, (m, _) => { seen.Add(m.Seq); return ValueTask.CompletedTask; });
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (ulong)i), seen);
        using (var client = new PlasmiteClient(d.Path))
        using (var p = client.OpenPool("p"))
            Pools.Append(p, 5);
        seen.Clear();
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 15, (m, _) => { seen.Add(m.Seq); return ValueTask.CompletedTask; });
        Assert.Equal(Enumerable.Range(11, 5).Select(i => (ulong)i), seen);
        var status = ConsumerCheckpoints.Info(d.File("p.plasmite"), "c");
        Assert.Equal(15UL, status.CommittedSeq);
        Assert.Equal(15UL, status.Handled);
        Assert.Empty(status.Leases);
        Assert.Null(status.Error);
    }

    [Fact]
    public async Task Start_at_newest_skips_the_backlog()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 5);
        var o = Options(d);
        o.StartAt = ConsumerStartPosition.Newest;
        using var c = new PlasmiteConsumer(o);
        var seen = new List<ulong>();
        using var cts = new CancellationTokenSource();
        var run = c.RunAsync((m, _) => { seen.Add(m.Seq); return ValueTask.CompletedTask; }, cts.Token);
        while (!File.Exists(ConsumerPaths.StatePath(d.File("p.plasmite"), "c"))) await Task.Delay(5);
        using (var client = new PlasmiteClient(d.Path))
        using (var p = client.OpenPool("p"))
            Pools.Append(p, 2);
        while (c.CommittedSeq < 7) await Task.Delay(5);
        cts.Cancel();
        await run;
        Assert.Equal(new ulong[] { 6, 7 }, seen);
    }

    [Fact]
    public async Task A_failing_handler_is_retried_then_succeeds()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 3);
        int calls = 0;
        using var c = new PlasmiteConsumer(Options(d));
        await Pools.RunUntil(c, 3, (m, _) => m.Seq == 2 && ++calls < 3 ? throw new InvalidOperationException("flaky") : ValueTask.CompletedTask);
        Assert.Equal(3, calls);
        Assert.Equal(0UL, ConsumerCheckpoints.Info(d.File("p.plasmite"), "c").Poisoned);
    }

    [Fact]
    public async Task Poison_skip_checkpoints_past_the_message()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 3);
        var ok = new List<ulong>();
        using var c = new PlasmiteConsumer(Options(d));
        await Pools.RunUntil(c, 3, (m, _) =>
        {
            if (m.Seq == 2) throw new InvalidOperationException("bad");
            ok.Add(m.Seq);
            return ValueTask.CompletedTask;
        });
        Assert.Equal(new ulong[] { 1, 3 }, ok);
        Assert.Equal(1UL, ConsumerCheckpoints.Info(d.File("p.plasmite"), "c").Poisoned);
    }

    [Fact]
    public async Task Poison_dead_letter_appends_the_message_with_its_error()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 2, tags: ["order"]);
        var o = Options(d);
        o.PoisonPolicy = PoisonMessagePolicy.DeadLetter;
        o.DeadLetterPool = "p-dead";
        o.MaxAttempts = 2;
        using (var c = new PlasmiteConsumer(o))
            await Pools.RunUntil(c, 2, (m, _) => m.Seq == 1 ? throw new FormatException("cannot bill") : ValueTask.CompletedTask);
        using var client = new PlasmiteClient(d.Path);
        using var dead = client.OpenPool("p-dead");
        var msg = dead.Get(1);
        Assert.Equal(["dead-letter"], msg.Tags);
        var data = msg.Data;
        Assert.Equal("c", data.GetProperty("consumer").GetString());
        Assert.Equal(1UL, data.GetProperty("seq").GetUInt64());
        Assert.Equal(2, data.GetProperty("attempts").GetInt32());
        Assert.Equal("cannot bill", data.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("System.FormatException", data.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(1, data.GetProperty("data").GetProperty("i").GetInt32());
        Assert.Equal("order", data.GetProperty("tags")[0].GetString());
        Assert.Null(dead.TryGet(2));
    }

    [Fact]
    public async Task Poison_stop_stops_without_checkpointing_the_message()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 3);
        var o = Options(d);
        o.PoisonPolicy = PoisonMessagePolicy.Stop;
        o.MaxAttempts = 1;
        using var c = new PlasmiteConsumer(o);
        var e = await Assert.ThrowsAsync<PlasmiteException>(() =>
            c.RunAsync((m, _) => m.Seq == 2 ? throw new InvalidOperationException("x") : ValueTask.CompletedTask, CancellationToken.None));
        Assert.Equal(2UL, e.Seq);
        var status = ConsumerCheckpoints.Info(d.File("p.plasmite"), "c");
        Assert.Equal(1UL, status.CommittedSeq);
        Assert.All(status.Leases, l => Assert.Equal("", l.Owner)); // released, delivered again on restart
    }

    [Fact]
    public async Task Retention_gap_skip_ahead_continues_at_the_oldest_message()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 1, size: 64 * 1024);
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 1, (_, _) => ValueTask.CompletedTask);
        // A 64 KiB pool keeps a few hundred small messages: 5000 more drop most of them.
        using (var client = new PlasmiteClient(d.Path))
        using (var p = client.OpenPool("p"))
            Pools.Append(p, 5000);
        ulong oldest;
        using (var client = new PlasmiteClient(d.Path)) oldest = client.PoolInfo("p").Bounds.Oldest!.Value;
        var seen = new List<ulong>();
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 5001, (m, _) => { seen.Add(m.Seq); return ValueTask.CompletedTask; });
        Assert.True(oldest > 2);
        Assert.True(seen[0] >= oldest, $"first handled {seen[0]}, oldest {oldest}");
        Assert.Equal(5001UL, seen[^1]);
        Assert.True(ConsumerCheckpoints.Info(d.File("p.plasmite"), "c").Lost >= oldest - 2);
    }

    [Fact]
    public async Task Retention_gap_stop_raises_RetentionGap()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 1, size: 64 * 1024);
        var o = Options(d);
        o.GapPolicy = RetentionGapPolicy.Stop;
        using (var c = new PlasmiteConsumer(o))
            await Pools.RunUntil(c, 1, (_, _) => ValueTask.CompletedTask);
        using (var client = new PlasmiteClient(d.Path))
        using (var p = client.OpenPool("p"))
            Pools.Append(p, 5000);
        using var c2 = new PlasmiteConsumer(o);
        var e = await Assert.ThrowsAsync<PlasmiteException>(() => c2.RunAsync((_, _) => ValueTask.CompletedTask, CancellationToken.None));
        Assert.Equal(ErrorKind.RetentionGap, e.Kind);
        Assert.Equal(2UL, e.Seq);
    }

    [Fact]
    public async Task A_re_created_pool_is_refused_until_reset()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 3);
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 3, (_, _) => ValueTask.CompletedTask);
        using (var client = new PlasmiteClient(d.Path)) client.DeletePool("p");
        Pools.Fill(d.Path, "p", 5); // same path, same size, maybe even the same inode
        using (var c = new PlasmiteConsumer(Options(d)))
        {
            var e = await Assert.ThrowsAsync<PlasmiteException>(() => c.RunAsync((_, _) => ValueTask.CompletedTask, CancellationToken.None));
            Assert.Equal(ErrorKind.Corrupt, e.Kind);
            Assert.Contains("does not belong to this pool", e.Message, StringComparison.Ordinal);
            Assert.Contains("plasmite consumer reset", e.Hint, StringComparison.Ordinal);
        }
        ConsumerCheckpoints.Reset(d.File("p.plasmite"), "c");
        var seen = new List<ulong>();
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 5, (m, _) => { seen.Add(m.Seq); return ValueTask.CompletedTask; });
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5 }, seen);
    }

    [Fact]
    public async Task A_pool_behind_the_checkpoint_is_refused()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 3);
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 3, (_, _) => ValueTask.CompletedTask);
        // Forge an identity that matches, so only the seq check can notice (as on a file system without btime).
        string state = ConsumerPaths.StatePath(d.File("p.plasmite"), "c");
        using (var client = new PlasmiteClient(d.Path)) client.DeletePool("p");
        Pools.Fill(d.Path, "p", 1);
        var s = ConsumerStore.TryRead(state)!;
        using (var client = new PlasmiteClient(d.Path))
        using (var p = client.OpenPool("p"))
            s.Pool = PoolIdentity.Of(p.Path, p.Info());
        File.WriteAllBytes(state, ConsumerStateJson.Encode(s));
        using var c2 = new PlasmiteConsumer(Options(d));
        var e = await Assert.ThrowsAsync<PlasmiteException>(() => c2.RunAsync((_, _) => ValueTask.CompletedTask, CancellationToken.None));
        Assert.Equal(ErrorKind.Corrupt, e.Kind);
        Assert.Contains("newest seq is 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_checkpoint_is_refused()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 3);
        using (var c = new PlasmiteConsumer(Options(d)))
            await Pools.RunUntil(c, 3, (_, _) => ValueTask.CompletedTask);
        string state = ConsumerPaths.StatePath(d.File("p.plasmite"), "c");
        File.WriteAllText(state, File.ReadAllText(state)[..40]);
        using var c2 = new PlasmiteConsumer(Options(d));
        var e = await Assert.ThrowsAsync<PlasmiteException>(() => c2.RunAsync((_, _) => ValueTask.CompletedTask, CancellationToken.None));
        Assert.Equal(ErrorKind.Corrupt, e.Kind);
        Assert.Equal(state, e.Path);
    }

    [Fact]
    public async Task Typed_decode_skips_messages_it_does_not_want()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 6);
        var got = new List<int>();
        using var c = new PlasmiteConsumer(Options(d));
        using var cts = new CancellationTokenSource();
        var run = c.RunAsync<Order>(m => m.Data.GetProperty("i").GetInt32() % 2 == 0 ? new Order(m.Data.GetProperty("i").GetInt32()) : null,
            (o, _) => { got.Add(o.I); return ValueTask.CompletedTask; }, cts.Token);
        while (c.CommittedSeq < 6) await Task.Delay(5);
        cts.Cancel();
        await run;
        Assert.Equal(new[] { 2, 4, 6 }, got);
        Assert.Equal(6UL, ConsumerCheckpoints.Info(d.File("p.plasmite"), "c").Handled);
    }

    [Fact]
    public async Task Two_in_process_workers_split_the_messages()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 400);
        var seen = new System.Collections.Concurrent.ConcurrentBag<(ulong Seq, int Worker)>();
        using var a = new PlasmiteConsumer(Options(d));
        using var b = new PlasmiteConsumer(Options(d));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ra = a.RunAsync(async (m, _) => { seen.Add((m.Seq, 1)); await Task.Yield(); }, cts.Token);
        var rb = b.RunAsync(async (m, _) => { seen.Add((m.Seq, 2)); await Task.Yield(); }, cts.Token);
        while (Math.Max(a.CommittedSeq, b.CommittedSeq) < 400 && !cts.IsCancellationRequested) await Task.Delay(5);
        cts.Cancel();
        await Task.WhenAll(ra, rb);
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (ulong)i), seen.Select(s => s.Seq).Order());
    }

    [Fact]
    public void Invalid_options_are_usage_errors()
    {
        var e = Assert.Throws<PlasmiteException>(() => new PlasmiteConsumer(new PlasmiteConsumerOptions { Pool = "p", Name = "a/b" }));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() =>
            new PlasmiteConsumer(new PlasmiteConsumerOptions { Pool = "http://h:1/p", Name = "a" })).Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() =>
            new PlasmiteConsumer(new PlasmiteConsumerOptions { Pool = "p", Name = "a", PoisonPolicy = PoisonMessagePolicy.DeadLetter })).Kind);
    }

    [Fact]
    public void Retry_delay_doubles_up_to_the_cap()
    {
        using var c = new PlasmiteConsumer(new PlasmiteConsumerOptions
        {
            Pool = "p", Name = "a", RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(350),
        });
        Assert.Equal([100.0, 200.0, 350.0, 350.0], new[] { 1, 2, 3, 4 }.Select(n => c.RetryDelay(n).TotalMilliseconds));
    }

    private sealed record Order(int I);
}

[Trait("Category", "Unit")]
public class ConsumerLifecycleTests
{
    [Fact]
    public async Task Stopping_mid_batch_checkpoints_what_was_handled_and_gives_back_the_rest()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 10);
        var o = new PlasmiteConsumerOptions { Directory = d.Path, Pool = "p", Name = "c", BatchSize = 8, PollInterval = TimeSpan.FromMilliseconds(5) };
        using var cts = new CancellationTokenSource();
        var seen = new List<ulong>();
        using (var c = new PlasmiteConsumer(o))
        {
            await c.RunAsync(async (m, ct) =>
            {
                if (m.Seq == 4)
                {
                    cts.Cancel();
                    await Task.Delay(Timeout.Infinite, ct); // the stopping token reaches the handler
                }
                seen.Add(m.Seq);
            }, cts.Token); // returns normally
        }
        Assert.Equal(new ulong[] { 1, 2, 3 }, seen);
        var status = ConsumerCheckpoints.Info(d.File("p.plasmite"), "c");
        Assert.Equal(3UL, status.CommittedSeq);
        Assert.Equal(Enumerable.Range(4, 5).Select(i => (ulong)i), status.Leases.Select(l => l.Seq));
        Assert.All(status.Leases, l => Assert.Equal("", l.Owner)); // released: the next worker takes them at once
        seen.Clear();
        using (var c = new PlasmiteConsumer(o))
            await Pools.RunUntil(c, 10, (m, _) => { seen.Add(m.Seq); return ValueTask.CompletedTask; });
        Assert.Equal(Enumerable.Range(4, 7).Select(i => (ulong)i), seen);
        Assert.Equal(0UL, ConsumerCheckpoints.Info(d.File("p.plasmite"), "c").Redelivered);
    }

    [Fact]
    public async Task A_pool_re_created_while_the_consumer_waits_is_refused()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 2);
        var o = new PlasmiteConsumerOptions { Directory = d.Path, Pool = "p", Name = "c", PollInterval = TimeSpan.FromMilliseconds(5) };
        using var c = new PlasmiteConsumer(o);
        var run = c.RunAsync((_, _) => ValueTask.CompletedTask, CancellationToken.None);
        while (c.CommittedSeq < 2) await Task.Delay(5);
        using (var client = new PlasmiteClient(d.Path)) client.DeletePool("p");
        Pools.Fill(d.Path, "p", 3);
        var e = await Assert.ThrowsAsync<PlasmiteException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(ErrorKind.Corrupt, e.Kind);
        Assert.Contains("while the consumer was running", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dead_and_reused_pids_are_not_alive_and_this_process_is()
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        string host = Environment.MachineName;
        var me = Checkpoints.WorkerIdentity.NewClaimant();
        Assert.True(Checkpoints.WorkerIdentity.IsAlive(new Checkpoints.Lease { Host = host, Pid = me.Pid, ProcessStart = me.ProcessStart }));
        Assert.False(Checkpoints.WorkerIdentity.IsAlive(new Checkpoints.Lease { Host = host, Pid = p.Id, ProcessStart = 1 }));
        if (OperatingSystem.IsLinux())
            Assert.False(Checkpoints.WorkerIdentity.IsAlive(new Checkpoints.Lease { Host = host, Pid = me.Pid, ProcessStart = me.ProcessStart + 1 }));
        Assert.True(Checkpoints.WorkerIdentity.IsAlive(new Checkpoints.Lease { Host = "elsewhere", Pid = p.Id, ProcessStart = 1 }));
    }
}
