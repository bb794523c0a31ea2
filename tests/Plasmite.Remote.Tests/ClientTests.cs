// RemoteClient / RemotePool against our server over real HTTP: every call, error mapping, tails, cancel, resume.
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Plasmite.Cli.Server;
using Plasmite.Lite3;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

public sealed record Reading(string Sensor, double Value);

[JsonSerializable(typeof(Reading))]
internal sealed partial class TestJson : JsonSerializerContext;

[Trait("Category", "Process")]
public sealed class ClientTests
{
    [Fact]
    public void Base_url_rules()
    {
        Assert.Throws<ArgumentException>(() => new RemoteClient(new Uri("ftp://127.0.0.1:1")));
        Assert.Throws<ArgumentException>(() => new RemoteClient(new Uri("http://127.0.0.1:1/v0")));
        using var c = new RemoteClient(new Uri("http://127.0.0.1:1/?q=1#f"), "t");
        Assert.Equal("http://127.0.0.1:1/", c.BaseUrl.ToString());
        Assert.Same(c, c.WithToken("u"));
        Assert.Equal("u", c.Token);
    }

    [Fact]
    public async Task Pool_administration_round_trip()
    {
        await using var s = await TestServer.StartAsync(o => o.Token = "k");
        using var client = s.Client("k");
        var info = client.CreatePoolInfo("alpha", 2 << 20);
        Assert.Equal("alpha", info.Name);
        Assert.Equal(2UL << 20, info.FileSize);
        Assert.True(info.Bounds.IsEmpty);
        IPlasmiteClient asInterface = client;
        using var beta = asInterface.Pool("beta");
        Assert.Equal("beta", beta.Name);
        beta.AppendJson("{\"n\":1}"u8);
        var betaInfo = client.PoolInfo("beta");
        Assert.Equal(1UL, betaInfo.Bounds.Newest);
        Assert.Equal(1UL, betaInfo.Metrics.MessageCount);
        Assert.NotNull(betaInfo.Metrics.NewestTimestampNs);
        Assert.Equal(Path.Combine(s.PoolDir, "beta.plasmite"), betaInfo.Path);
        Assert.Equal(["alpha", "beta"], client.ListPools().Select(p => p.Name));
        Assert.Equal(["alpha", "beta"], (await client.ListPoolsAsync()).Select(p => p.Name));
        Assert.Equal(1UL, (await client.PoolInfoAsync("beta")).Metrics.MessageCount);
        var dup = Assert.Throws<RemotePlasmiteException>(() => client.CreatePool("alpha"));
        Assert.Equal((409, ErrorKind.AlreadyExists), (dup.Status, dup.Kind));
        Assert.NotNull(dup.Path);
        client.DeletePool("alpha");
        await client.DeletePoolAsync("beta");
        var missing = Assert.Throws<RemotePlasmiteException>(() => client.OpenPool("alpha"));
        Assert.Equal((404, ErrorKind.NotFound, "not found"), (missing.Status, missing.Kind, missing.Message));
        var denied = Assert.Throws<RemotePlasmiteException>(() => client.WithToken("bad").ListPools());
        Assert.Equal((401, ErrorKind.Permission, "invalid bearer token"), (denied.Status, denied.Kind, denied.Message));
        var bad = Assert.Throws<RemotePlasmiteException>(() => client.WithToken("k").CreatePool("a/b"));
        Assert.Equal((400, ErrorKind.Usage), (bad.Status, bad.Kind));
    }

    [Fact]
    public async Task Append_get_typed_and_lite3()
    {
        await using var s = await TestServer.StartAsync();
        using var client = s.Client();
        var pool = client.CreatePool("m");
        var receipt = pool.AppendJson("{\"b\":2,\"a\":1}"u8, ["x"], Durability.Flush);
        Assert.Equal(1UL, receipt.Seq);
        Assert.True(receipt.TimestampNs > 0);
        var message = pool.Append(JsonDocument.Parse("{\"k\":\"v\"}").RootElement, ["y", "z"]);
        Assert.Equal(2UL, message.Seq);
        Assert.Equal(["y", "z"], message.Tags);
        Assert.Equal("v", message.Data.GetProperty("k").GetString());
        var viaAsync = await pool.AppendAsync(JsonDocument.Parse("{\"async\":true}").RootElement);
        Assert.Equal(3UL, viaAsync.Seq);
        var typed = pool.Append(new Reading("t1", 21.5), TestJson.Default.Reading, ["reading"]);
        Assert.Equal(4UL, typed.Seq);
        Assert.Equal(new Reading("t1", 21.5), pool.Get(4, TestJson.Default.Reading).Data);
        Assert.Null(pool.TryGet(99, TestJson.Default.Reading));
        var fast = pool.Append(new Reading("t2", 1), TestJson.Default.Reading,
            static (w, r) => { w.WriteString("Sensor", r.Sensor); w.WriteNumber("Value", r.Value); });
        Assert.Equal(5UL, fast.Seq);
        Assert.Equal("t2", pool.Get(5).Data.GetProperty("Sensor").GetString());

        var got = pool.Get(1);
        Assert.Equal("{\"data\":{\"a\":1,\"b\":2},\"meta\":{\"tags\":[\"x\"]},\"seq\":1,\"time\":\"" + got.TimeRfc3339 + "\"}",
            System.Text.Encoding.UTF8.GetString(got.ToJson(EnvelopeKeyOrder.Sorted)));
        Assert.Equal(receipt.TimestampNs, got.TimestampNs);
        Assert.Equal(1UL, (await pool.GetAsync(1)).Seq);
        Assert.Null(pool.TryGet(42));
        var notFound = Assert.Throws<RemotePlasmiteException>(() => pool.Get(42));
        Assert.Equal((404, ErrorKind.NotFound, (ulong?)42), (notFound.Status, notFound.Kind, notFound.Seq));

        byte[] doc = Lite3Envelope.Encode(["l3"], "{\"q\":1}"u8);
        Assert.Equal(6UL, pool.AppendLite3(doc));
        var frame = pool.GetLite3(6);
        Assert.Equal(doc, frame.Payload.ToArray());
        Assert.True(frame.TimestampNs > 0);
        var corrupt = Assert.Throws<RemotePlasmiteException>(() => pool.AppendLite3(new byte[] { 9, 9, 9, 9, 9, 9, 9, 9 }));
        Assert.Equal((500, ErrorKind.Corrupt), (corrupt.Status, corrupt.Kind));
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => pool.AppendJson("[1]"u8)).Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => pool.AppendJson("{bad"u8)).Kind);
        Assert.Equal(6UL, pool.Info().Bounds.Newest);
    }

    [Fact]
    public async Task Lite3_tail_yields_stored_frames()
    {
        await using var s = await TestServer.StartAsync();
        using var client = s.Client();
        var pool = client.CreatePool("l3");
        pool.AppendJson("{\"a\":1}"u8, ["keep"]);
        pool.AppendJson("{\"a\":2}"u8);
        pool.AppendJson("{\"a\":3}"u8, ["keep"]);
        var frames = new List<Lite3Frame>();
        await foreach (var f in pool.TailLite3(new TailOptions { Tags = ["keep"], Timeout = TimeSpan.FromMilliseconds(300) }))
            frames.Add(f);
        Assert.Equal([1UL, 3], frames.Select(f => f.Seq));
        Assert.All(frames, f => Lite3Envelope.Validate(f.Payload.Span));
        Assert.Equal(pool.Get(3).TimestampNs, frames[1].TimestampNs);
        Assert.Equal(pool.GetLite3(3).Payload.ToArray(), frames[1].Payload.ToArray());
        await Assert.ThrowsAsync<PlasmiteException>(async () =>
        {
            await foreach (var _ in pool.TailLite3(new TailOptions { GapPolicy = GapPolicy.Error })) { }
        });
    }

    [Fact]
    public void Network_failure_is_io_with_status_zero()
    {
        using var client = new RemoteClient(new Uri("http://127.0.0.1:1"));
        var e = Assert.Throws<RemotePlasmiteException>(() => client.ListPools());
        Assert.Equal((0, ErrorKind.Io), (e.Status, e.Kind));
    }

    [Fact]
    public async Task Tail_maps_options_and_throws_in_band_errors_with_status_200()
    {
        await using var s = await TestServer.StartAsync();
        using var client = s.Client();
        var pool = client.CreatePool("t");
        for (int i = 1; i <= 6; i++) pool.AppendJson(System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"), i % 2 == 0 ? ["even"] : ["odd"]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seqs = new List<ulong>();
        await foreach (var m in pool.Tail(new TailOptions { SinceSeq = 2, MaxMessages = 2, Tags = ["even"], Timeout = TimeSpan.FromSeconds(5) }, cts.Token))
        {
            seqs.Add(m.Seq);
            Assert.StartsWith("{\"data\":", System.Text.Encoding.UTF8.GetString(m.Raw.Span));
        }
        Assert.Equal([2UL, 4], seqs);
        var typed = new List<ulong>();
        await foreach (var m in pool.Tail(TestJson.Default.Reading, new TailOptions { SinceSeq = 99, Timeout = TimeSpan.FromMilliseconds(200) }, cts.Token))
            typed.Add(m.Seq);
        Assert.Empty(typed);
        var sw = Stopwatch.StartNew();
        await foreach (var _ in pool.Tail(new TailOptions { SinceSeq = 7, Deadline = TimeSpan.FromMilliseconds(300) }, cts.Token)) { }
        Assert.InRange(sw.ElapsedMilliseconds, 250, 5000);
        var missing = new RemotePool(client, "nope");
        var e = await Assert.ThrowsAsync<RemotePlasmiteException>(async () =>
        {
            await foreach (var _ in missing.Tail(new TailOptions { Timeout = TimeSpan.FromSeconds(1) }, cts.Token)) { }
        });
        Assert.Equal((200, ErrorKind.NotFound), (e.Status, e.Kind));
    }

    [Fact]
    public async Task Tail_receives_messages_appended_by_another_process()
    {
        await using var s = await TestServer.StartAsync();
        using var client = s.Client();
        var pool = client.CreatePool("shared");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<Message>();
        var tail = Task.Run(async () =>
        {
            await foreach (var m in pool.Tail(new TailOptions { MaxMessages = 5, Timeout = TimeSpan.FromSeconds(30) }, cts.Token))
                received.Add(m);
        });
        await Task.Delay(300);
        using var child = TestHelper.Start("append", s.PoolDir, "shared", "5", "50");
        Assert.True(child.WaitForExit(60_000), "helper did not finish");
        Assert.True(child.ExitCode == 0, await child.StandardError.ReadToEndAsync());
        await tail.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1UL, 2, 3, 4, 5], received.Select(m => m.Seq));
        Assert.All(received, m => Assert.Equal("child", m.Data.GetProperty("from").GetString()));
        Assert.All(received, m => Assert.Equal(["child"], m.Tags));
    }

    [Fact]
    public async Task Cancelling_a_tail_closes_the_connection_promptly()
    {
        await using var s = await TestServer.StartAsync(o => o.MaxTailConcurrency = 1);
        using var client = s.Client();
        var pool = client.CreatePool("c");
        pool.AppendJson("{\"a\":1}"u8);
        using var cts = new CancellationTokenSource();
        var sw = new Stopwatch();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var m in pool.Tail(new TailOptions { Timeout = TimeSpan.FromSeconds(30) }, cts.Token))
            {
                sw.Start();
                cts.Cancel();
            }
        });
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"cancel took {sw.Elapsed}");
        // The server must have seen the disconnect and released the only tail permit.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var r = await s.Http.GetAsync("/v0/pools/c/tail?timeout_ms=10");
            if ((int)r.StatusCode == 200) break;
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(5), "tail permit not released after cancel");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Reconnecting_tail_resumes_after_server_restart_without_duplicates()
    {
        var dir = new TempDir();
        var first = await TestServer.StartAsync(dir: dir);
        int port = first.Server.BoundAddress.Port;
        using var client = new RemoteClient(first.BaseUrl);
        var pool = client.CreatePool("r");
        pool.ReconnectTails = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<ulong>();
        var gotThree = new TaskCompletionSource();
        var tail = Task.Run(async () =>
        {
            await foreach (var m in pool.Tail(new TailOptions { MaxMessages = 6, Timeout = TimeSpan.FromSeconds(2), Deadline = TimeSpan.FromSeconds(45) }, cts.Token))
            {
                lock (received) received.Add(m.Seq);
                if (received.Count == 3) gotThree.TrySetResult();
            }
        });
        for (int i = 1; i <= 3; i++) pool.AppendJson(System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"));
        await gotThree.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await first.Server.DisposeAsync();
        using (var local = new PlasmiteClient(dir.Path))
        using (var p = local.OpenPool("r"))
        {
            p.AppendJson("{\"i\":4}"u8);
            p.AppendJson("{\"i\":5}"u8);
        }
        await Task.Delay(500);
        await using var second = await TestServer.StartAsync(o => o.Bind = $"127.0.0.1:{port}", dir);
        pool.AppendJson("{\"i\":6}"u8);
        await tail.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1UL, 2, 3, 4, 5, 6], received);
        first.Http.Dispose();
    }

    [Fact]
    public async Task Ready_file_holds_the_bound_address()
    {
        using var dir = new TempDir();
        string ready = dir.File("ready.addr");
        await using var server = await ServerHost.StartAsync(new ServerOptions { PoolDirectory = dir.Path, Bind = "127.0.0.1:0", ReadyFile = ready });
        string text = File.ReadAllText(ready);
        Assert.Equal($"127.0.0.1:{server.BoundAddress.Port}", text);
        Assert.NotEqual(0, server.BoundAddress.Port);
        Assert.False(File.Exists(dir.File("ready.tmp")));
    }

    [Fact]
    public async Task RunAsync_shuts_down_promptly_on_cancellation_even_with_open_tails()
    {
        using var dir = new TempDir();
        string ready = dir.File("ready.addr");
        using var cts = new CancellationTokenSource();
        var run = ServerHost.RunAsync(new ServerOptions { PoolDirectory = dir.Path, Bind = "127.0.0.1:0", ReadyFile = ready, BannerWriter = TextWriter.Null }, cts.Token);
        var wait = Stopwatch.StartNew();
        while (!File.Exists(ready))
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(20), "server did not become ready");
            await Task.Delay(20);
        }
        var baseUrl = new Uri("http://" + File.ReadAllText(ready) + "/");
        using var client = new RemoteClient(baseUrl);
        var pool = client.CreatePool("s");
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var open = await http.GetAsync("/v0/pools/s/tail", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)open.StatusCode);
        var sw = Stopwatch.StartNew();
        cts.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"shutdown took {sw.Elapsed}");
    }
}
