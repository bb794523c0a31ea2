// PlasmitePool.TailLite3: raw frames in seq order with the tail rules (tags, gaps, window, deadline, cancellation) and
// no allocation per retained message once warm.
using System.Diagnostics;
using System.Text;
using Plasmite.Lite3;
using Plasmite.Tests.Support;

namespace Plasmite.Tests.Local;

[Trait("Category", "Unit")]
[Collection(nameof(ThreadPoolSensitive))]
public class TailLite3Tests
{
    private static PlasmitePool Seeded(TempDir dir, int count, ulong size = 1 << 20)
    {
        var pool = new PlasmiteClient(dir.Path).CreatePool("t", size);
        for (int i = 1; i <= count; i++)
        {
            string[] tags = i % 3 == 0 ? ["keep", "n"] : ["n"];
            pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"), tags);
        }
        return pool;
    }

    // Copies what the test keeps: a frame's payload is valid only until the enumerator advances.
    private static async Task<List<(ulong Seq, string Data, string[] Tags)>> Collect(IAsyncEnumerable<Lite3Frame> tail)
    {
        var list = new List<(ulong, string, string[])>();
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        await foreach (var f in tail)
        {
            json.ResetWrittenCount();
            Lite3Envelope.WriteDataJson(f.Payload.Span, json);
            list.Add((f.Seq, Encoding.UTF8.GetString(json.WrittenSpan), Lite3Envelope.ReadTags(f.Payload.Span)));
        }
        return list;
    }

    [Fact]
    public async Task Frames_arrive_in_seq_order_with_their_stored_documents()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 20);
        var got = await Collect(pool.TailLite3(new TailOptions { SinceSeq = 5, MaxMessages = 10 }));
        Assert.Equal(Enumerable.Range(5, 10).Select(i => (ulong)i), got.Select(g => g.Seq));
        Assert.Equal(Enumerable.Range(5, 10).Select(i => $"{{\"i\":{i}}}"), got.Select(g => g.Data));
        Assert.Equal(pool.GetLite3(7).Payload.ToArray(), (await FirstPayload(pool.TailLite3(new TailOptions { SinceSeq = 7 }))));
    }

    private static async Task<byte[]> FirstPayload(IAsyncEnumerable<Lite3Frame> tail)
    {
        await foreach (var f in tail) return f.Payload.ToArray();
        throw new InvalidOperationException("no frame");
    }

    [Fact]
    public async Task Tags_filter_delivers_only_frames_carrying_every_tag_and_counts_only_those()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 20);
        var got = await Collect(pool.TailLite3(new TailOptions { Tags = ["keep", "n"], MaxMessages = 4 }));
        Assert.Equal([3UL, 6UL, 9UL, 12UL], got.Select(g => g.Seq).ToArray());
        Assert.All(got, g => Assert.Equal(["keep", "n"], g.Tags));
        var none = await Collect(pool.TailLite3(new TailOptions { Tags = ["Keep"], MaxMessages = 1, Timeout = TimeSpan.FromMilliseconds(100) }));
        Assert.Empty(none); // exact, case-sensitive
    }

    [Fact]
    public async Task Gap_policy_continue_skips_to_the_oldest_and_error_fails_with_the_first_missing_seq()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("small", 8192);
        string pad = new('x', 400);
        for (int i = 0; i < 40; i++) pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"i\":{i},\"pad\":\"{pad}\"}}"));
        ulong oldest = pool.Info().Bounds.Oldest!.Value;
        Assert.True(oldest > 2, "the pool must have wrapped");

        var cont = await Collect(pool.TailLite3(new TailOptions { SinceSeq = 1, MaxMessages = 1 }));
        Assert.Equal(oldest, Assert.Single(cont).Seq);

        var e = await Assert.ThrowsAsync<PlasmiteException>(() =>
            Collect(pool.TailLite3(new TailOptions { SinceSeq = 1, GapPolicy = GapPolicy.Error, MaxMessages = 1 })));
        Assert.Equal(ErrorKind.RetentionGap, e.Kind);
        Assert.Equal(1UL, e.Seq);
    }

    [Fact]
    public async Task Window_timeout_ends_a_bounded_tail_and_deadline_ends_an_unbounded_one()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 3);
        var sw = Stopwatch.StartNew();
        var got = await Collect(pool.TailLite3(new TailOptions { MaxMessages = 10, Timeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Equal([1UL, 2UL, 3UL], got.Select(g => g.Seq).ToArray());
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));

        sw.Restart();
        got = await Collect(pool.TailLite3(new TailOptions { Deadline = TimeSpan.FromMilliseconds(200) }));
        Assert.Equal(3, got.Count);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_waiting_tail_wakes_on_append_and_is_cancelled_promptly()
    {
        using var dir = new TempDir();
        using var pool = Seeded(dir, 1);
        using var cts = new CancellationTokenSource();
        var seen = new List<ulong>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(async () =>
        {
            await foreach (var f in pool.TailLite3(new TailOptions { SinceSeq = 2, PollInterval = TimeSpan.FromSeconds(5) }, cts.Token))
            {
                lock (seen) seen.Add(f.Seq);
                first.TrySetResult();
            }
        });
        await Task.Delay(100);
        pool.AppendJson("{\"live\":1}"u8);
        Assert.Same(first.Task, await Task.WhenAny(first.Task, Task.Delay(TimeSpan.FromSeconds(4))));
        await Task.Delay(100); // waiting again
        var sw = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {sw.Elapsed}");
        lock (seen) Assert.Equal([2UL], seen);
    }

    [ReleaseFact]
    public async Task Retained_frames_are_delivered_without_allocating_once_warm()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("alloc", 4 << 20);
        string filler = new('x', 900);
        for (int i = 0; i < 2400; i++)
            pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"i\":{i},\"filler\":\"{filler}\"}}"), i % 2 == 0 ? ["keep", "n"] : ["n"]);

        foreach (var options in new[] { new TailOptions { MaxMessages = 2000 }, new TailOptions { Tags = ["keep"], MaxMessages = 1000 } })
        {
            await using var e = pool.TailLite3(options).GetAsyncEnumerator();
            long sum = 0;
            for (int i = 0; i < 100; i++)
            {
                Assert.True(await e.MoveNextAsync());
                sum += e.Current.Payload.Length;
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 100; i < (int)options.MaxMessages!.Value; i++)
            {
                if (!await e.MoveNextAsync()) Assert.Fail("tail ended early at " + i);
                sum += e.Current.Payload.Length;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(sum > 0);
            Assert.Equal(0, allocated);
        }
    }
}
