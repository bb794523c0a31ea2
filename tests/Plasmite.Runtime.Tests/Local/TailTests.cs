using System.Diagnostics;
using System.Text;
using Plasmite.Tests.Support;

namespace Plasmite.Tests.Local;

[Trait("Category", "Unit")]
public class TailTests
{
    private static async Task<List<Message>> Collect(IAsyncEnumerable<Message> tail)
    {
        var list = new List<Message>();
        await foreach (var m in tail) list.Add(m);
        return list;
    }

    private static PlasmitePool Seeded(TempDir dir, int count, ulong size = 1 << 20)
    {
        var pool = new PlasmiteClient(dir.Path).CreatePool("t", size);
        for (int i = 1; i <= count; i++)
        {
            string[] tags = i % 2 == 0 ? ["even", "n"] : ["odd", "n"];
            pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"), tags);
        }
        return pool;
    }

    [Fact]
    public async Task Since_is_inclusive_and_max_ends_the_tail()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 10);
        var got = await Collect(pool.Tail(new TailOptions { SinceSeq = 4, MaxMessages = 3 }));
        Assert.Equal([4UL, 5UL, 6UL], got.Select(m => m.Seq).ToArray());
        var all = await Collect(pool.Tail(new TailOptions { MaxMessages = 100, Timeout = TimeSpan.FromMilliseconds(100) }));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (ulong)i), all.Select(m => m.Seq));
    }

    [Fact]
    public async Task Tags_filter_is_exact_and_requires_all()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 10);
        pool.AppendJson("{\"i\":11}"u8, ["Even", "n"]);
        var even = await Collect(pool.Tail(new TailOptions { Tags = ["n", "even"], MaxMessages = 100, Timeout = TimeSpan.FromMilliseconds(100) }));
        Assert.Equal([2UL, 4UL, 6UL, 8UL, 10UL], even.Select(m => m.Seq).ToArray());
        var none = await Collect(pool.Tail(new TailOptions { Tags = ["even", "odd"], MaxMessages = 1, Timeout = TimeSpan.FromMilliseconds(100) }));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Quiet_window_ends_a_tail_with_max_but_deadline_ends_any_tail()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 2);
        var sw = Stopwatch.StartNew();
        var got = await Collect(pool.Tail(new TailOptions { MaxMessages = 5, Timeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Equal(2, got.Count);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));

        sw.Restart();
        var unbounded = await Collect(pool.Tail(new TailOptions { Timeout = TimeSpan.FromMilliseconds(50), Deadline = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal(2, unbounded.Count);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Live_tail_sees_appends_from_another_handle()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 1);
        using var writer = new PlasmiteClient(dir.Path).OpenPool("t");
        var tail = Collect(pool.Tail(new TailOptions { SinceSeq = 2, MaxMessages = 3, Timeout = TimeSpan.FromSeconds(10) }));
        for (int i = 0; i < 3; i++)
        {
            await Task.Delay(30);
            writer.AppendJson(Encoding.UTF8.GetBytes($"{{\"live\":{i}}}"));
        }
        var got = await tail.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal([2UL, 3UL, 4UL], got.Select(m => m.Seq).ToArray());
        Assert.Equal(2, got[2].Data.GetProperty("live").GetInt32());
    }

    [Fact]
    public async Task Cancellation_mid_wait_is_prompt_and_delivers_nothing_after()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 1);
        using var cts = new CancellationTokenSource();
        var seen = new List<ulong>();
        var first = new TaskCompletionSource();
        var run = Task.Run(async () =>
        {
            await foreach (var m in pool.Tail(cancellationToken: cts.Token))
            {
                seen.Add(m.Seq);
                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(100); // now waiting for a message that never comes
        var sw = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {sw.Elapsed}");
        pool.AppendJson("{\"late\":true}"u8);
        Assert.Equal([1UL], seen);
    }

    [Fact]
    public async Task Gap_policy_continue_skips_and_error_fails_closed_with_first_missing_seq()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("small", 8192);
        string pad = new('x', 400);
        for (int i = 0; i < 40; i++) pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"i\":{i},\"pad\":\"{pad}\"}}"));
        ulong oldest = pool.Info().Bounds.Oldest!.Value;
        Assert.True(oldest > 2, "the pool must have wrapped");

        var cont = await Collect(pool.Tail(new TailOptions { SinceSeq = 1, MaxMessages = 1 }));
        Assert.Equal(oldest, Assert.Single(cont).Seq);

        var e = await Assert.ThrowsAsync<PlasmiteException>(() =>
            Collect(pool.Tail(new TailOptions { SinceSeq = 1, Tags = ["never"], GapPolicy = GapPolicy.Error, MaxMessages = 1 })));
        Assert.Equal(ErrorKind.RetentionGap, e.Kind);
        Assert.Equal(1UL, e.Seq);
        Assert.Equal($"messages 1-{oldest - 1} are no longer retained; the next available message is {oldest}", e.Message);

        // Without SinceSeq the first message establishes the position: no gap.
        var fresh = await Collect(pool.Tail(new TailOptions { GapPolicy = GapPolicy.Error, MaxMessages = 2 }));
        Assert.Equal([oldest, oldest + 1], fresh.Select(m => m.Seq).ToArray());
    }

    [Fact]
    public async Task Established_position_overtaken_reports_gap_then_ends()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("small", 8192);
        pool.AppendJson("{\"kind\":\"seed\"}"u8);
        await using var e = pool.Tail(new TailOptions { SinceSeq = 1, GapPolicy = GapPolicy.Error }).GetAsyncEnumerator();
        Assert.True(await e.MoveNextAsync());
        ulong missing = pool.AppendJson("{\"kind\":\"missing\"}"u8).Seq;
        string pad = new('x', 400);
        while (pool.TryGet(missing) is not null) pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"pad\":\"{pad}\"}}"));
        var gap = await Assert.ThrowsAsync<PlasmiteException>(async () => await e.MoveNextAsync());
        Assert.Equal(ErrorKind.RetentionGap, gap.Kind);
        Assert.Equal(missing, gap.Seq);
    }

    [Fact]
    public async Task Typed_tail_decodes_payloads()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("typed", 1 << 20);
        pool.Append(new Ping(1, "a"), TestJsonContext.Default.Ping);
        pool.Append(new Ping(2, "b"), TestJsonContext.Default.Ping);
        var got = new List<Message<Ping>>();
        await foreach (var m in pool.Tail(TestJsonContext.Default.Ping, new TailOptions { MaxMessages = 2 })) got.Add(m);
        Assert.Equal([new Ping(1, "a"), new Ping(2, "b")], got.Select(m => m.Data).ToArray());
    }

    [Fact]
    public async Task Replay_paces_by_timestamps()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("r", 1 << 20);
        for (int i = 0; i < 3; i++)
        {
            pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"));
            if (i < 2) await Task.Delay(200);
        }
        var sw = Stopwatch.StartNew();
        var fast = new List<Message>();
        await foreach (var m in pool.Replay(new ReplayOptions { Speed = 0, MaxMessages = 3 })) fast.Add(m);
        var fastTime = sw.Elapsed;
        Assert.Equal(3, fast.Count);
        Assert.True(fastTime < TimeSpan.FromMilliseconds(300), $"speed 0 took {fastTime}");

        sw.Restart();
        var paced = new List<Message>();
        await foreach (var m in pool.Replay(new ReplayOptions { Speed = 2.0, MaxMessages = 3 })) paced.Add(m);
        // ~400 ms of original gaps at 2x ≈ 200 ms.
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(1500));
        Assert.Equal(fast.Select(m => m.Seq), paced.Select(m => m.Seq));

        await Assert.ThrowsAsync<PlasmiteException>(async () =>
        {
            await foreach (var _ in pool.Replay(new ReplayOptions { Speed = -1 })) { }
        });
    }

    [Fact]
    public void Streams_end_at_max_deadline_and_zero_timeout()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 5);
        using (var s = pool.OpenStream(sinceSeq: 2, maxMessages: 2))
        {
            var a = s.Next();
            var b = s.Next();
            Assert.Equal(2UL, a!.Seq);
            Assert.Equal(3UL, b!.Seq);
            Assert.Null(s.NextJson());
        }
        using (var s = pool.OpenStream(timeout: TimeSpan.Zero)) Assert.Null(s.NextJson());
        var sw = Stopwatch.StartNew();
        using (var s = pool.OpenStream(timeout: TimeSpan.FromMilliseconds(200)))
            Assert.Equal(5, s.Count());
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        using (var l = pool.OpenLite3Stream(sinceSeq: 5, maxMessages: 1))
        {
            var f = l.Next();
            Assert.Equal(5UL, f!.Value.Seq);
            Assert.Null(l.Next());
        }
        var closed = pool.OpenStream();
        closed.Dispose();
        closed.Dispose();
        Assert.Null(closed.NextJson());
    }

    [Fact]
    public void Stream_with_error_on_gap_throws_once_then_ends()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("small", 8192);
        string pad = new('x', 400);
        for (int i = 0; i < 40; i++) pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"pad\":\"{pad}\"}}"));
        using var s = pool.OpenStream(sinceSeq: 1, timeout: TimeSpan.FromMilliseconds(300), errorOnGap: true);
        var e = Assert.Throws<PlasmiteException>(() => s.NextJson());
        Assert.Equal(ErrorKind.RetentionGap, e.Kind);
        Assert.Equal(1UL, e.Seq);
        Assert.Null(s.NextJson());
    }
}
