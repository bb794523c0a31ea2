// JSON Lines tails, Lite3 frame tails and SSE over real HTTP (remote-v0 §6, §7, §10.3).
using System.Buffers.Binary;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class TailTests
{
    private static async Task<(int Status, string ContentType, List<string> Lines)> ReadTail(TestServer s, string query)
    {
        using var r = await s.Http.GetAsync(query);
        string body = await r.Content.ReadAsStringAsync();
        Assert.Equal("0", r.Headers.GetValues("plasmite-version").Single());
        Assert.DoesNotContain("\r", body);
        return ((int)r.StatusCode, r.Content.Headers.ContentType?.MediaType ?? "", body.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static ulong Seq(string line) => JsonDocument.Parse(line).RootElement.GetProperty("seq").GetUInt64();

    [Fact]
    public async Task Tail_replays_history_with_since_max_and_timeout()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        for (int i = 1; i <= 5; i++) await s.AppendAsync("demo", $"{{\"i\":{i}}}");
        var all = await ReadTail(s, "/v0/pools/demo/tail?timeout_ms=200");
        Assert.Equal(200, all.Status);
        Assert.Equal("application/jsonl", all.ContentType);
        Assert.Equal([1UL, 2, 3, 4, 5], all.Lines.Select(Seq));
        Assert.StartsWith("{\"data\":{\"i\":1},\"meta\":{\"tags\":[]},\"seq\":1,\"time\":\"", all.Lines[0]);
        var since = await ReadTail(s, "/v0/pools/demo/tail?since_seq=3&timeout_ms=200");
        Assert.Equal([3UL, 4, 5], since.Lines.Select(Seq));
        var max = await ReadTail(s, "/v0/pools/demo/tail?since_seq=2&max=2&timeout_ms=5000");
        Assert.Equal([2UL, 3], max.Lines.Select(Seq));
        Assert.Empty((await ReadTail(s, "/v0/pools/demo/tail?timeout_ms=0")).Lines);
        Assert.Empty((await ReadTail(s, "/v0/pools/demo/tail?max=0")).Lines);
        Assert.Empty((await ReadTail(s, "/v0/pools/demo/tail?since_seq=99&timeout_ms=100")).Lines);
    }

    [Fact]
    public async Task Tail_filters_tags_with_and_semantics_and_no_comma_splitting()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        await s.AppendAsync("demo", "{\"n\":1}", "[\"keep\",\"prod\"]");
        await s.AppendAsync("demo", "{\"n\":2}", "[\"keep,prod\"]");
        await s.AppendAsync("demo", "{\"n\":3}", "[\"keep\"]");
        Assert.Equal([1UL], (await ReadTail(s, "/v0/pools/demo/tail?tag=keep&tag=prod&timeout_ms=100")).Lines.Select(Seq));
        Assert.Equal([2UL], (await ReadTail(s, "/v0/pools/demo/tail?tag=keep%2Cprod&timeout_ms=100")).Lines.Select(Seq));
        Assert.Equal([1UL, 3], (await ReadTail(s, "/v0/pools/demo/tail?tag=+keep+&tag=&timeout_ms=100")).Lines.Select(Seq));
    }

    [Fact]
    public async Task Tail_pre_stream_validation_and_in_band_errors()
    {
        await using var s = await TestServer.StartAsync(o => o.MaxTailTimeoutMs = 1000);
        await s.CreatePoolAsync("demo");
        using (var r = await s.Http.GetAsync("/v0/pools/demo/tail?gap_policy=maybe"))
            await Responses.ErrorAsync(r, 400, "Usage", "invalid tail gap policy");
        using (var r = await s.Http.GetAsync("/v0/pools/demo/tail?timeout_ms=1001"))
            await Responses.ErrorAsync(r, 400, "Usage", "tail timeout exceeds server limit");
        foreach (string q in (string[])["since_seq=abc", "since_seq=-1", "max=1&max=2", "timeout_ms=1e3"])
        {
            using var r = await s.Http.GetAsync("/v0/pools/demo/tail?" + q);
            await Responses.ErrorAsync(r, 400, "Usage");
        }
        var missing = await ReadTail(s, "/v0/pools/nope/tail?timeout_ms=100");
        Assert.Equal(200, missing.Status);
        var line = Assert.Single(missing.Lines);
        Assert.Equal("NotFound", JsonDocument.Parse(line).RootElement.GetProperty("error").GetProperty("kind").GetString());
        // Default timeout = the server maximum: the stream ends by itself.
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Empty((await ReadTail(s, "/v0/pools/demo/tail")).Lines);
        Assert.InRange(sw.ElapsedMilliseconds, 900, 5000);
    }

    [Fact]
    public async Task Tail_reports_retention_gap_in_band_even_with_tag_filter()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("small", 64 * 1024);
        string big = new('x', 4000);
        for (int i = 0; i < 40; i++) await s.AppendAsync("small", $"{{\"pad\":\"{big}\"}}");
        using (var local = s.Local())
        using (var p = local.OpenPool("small"))
            Assert.True(p.Info().Bounds.Oldest > 1);
        var gap = await ReadTail(s, "/v0/pools/small/tail?since_seq=1&gap_policy=error&tag=never&timeout_ms=200");
        var error = JsonDocument.Parse(Assert.Single(gap.Lines)).RootElement.GetProperty("error");
        Assert.Equal("RetentionGap", error.GetProperty("kind").GetString());
        Assert.Equal(1UL, error.GetProperty("seq").GetUInt64());
        Assert.StartsWith("messages 1-", error.GetProperty("message").GetString());
        var cont = await ReadTail(s, "/v0/pools/small/tail?since_seq=1&max=1&timeout_ms=200");
        Assert.True(Seq(Assert.Single(cont.Lines)) > 1);
    }

    [Fact]
    public async Task Tail_delivers_messages_appended_while_streaming()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("live");
        using var r = await s.Http.GetAsync("/v0/pools/live/tail?timeout_ms=10000&max=3", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)r.StatusCode);
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
        for (int i = 1; i <= 3; i++)
        {
            await s.AppendAsync("live", $"{{\"i\":{i}}}");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            string? line = await reader.ReadLineAsync(cts.Token);
            Assert.NotNull(line);
            Assert.Equal((ulong)i, Seq(line));
        }
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task Tail_concurrency_cap_answers_423_and_permits_return()
    {
        await using var s = await TestServer.StartAsync(o => o.MaxTailConcurrency = 1);
        await s.CreatePoolAsync("demo");
        using (var first = await s.Http.GetAsync("/v0/pools/demo/tail?timeout_ms=20000", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(200, (int)first.StatusCode);
            using var second = await s.Http.GetAsync("/v0/pools/demo/tail?timeout_ms=100");
            await Responses.ErrorAsync(second, 423, "Busy", "too many concurrent tail requests");
            using var health = await s.Http.GetAsync("/healthz");
            Assert.Equal(200, (int)health.StatusCode);
        }
        // The first stream's client is gone: its permit must come back promptly.
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var again = await s.Http.GetAsync("/v0/pools/demo/tail?timeout_ms=10");
            if ((int)again.StatusCode == 200) break;
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), "tail permit was not released after the client disconnected");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Lite3_tail_streams_frames()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        await s.AppendAsync("demo", "{\"a\":1}", "[\"t\"]");
        await s.AppendAsync("demo", "{\"a\":2}");
        using var r = await s.Http.GetAsync("/v0/pools/demo/tail_lite3?timeout_ms=200");
        Assert.Equal(200, (int)r.StatusCode);
        Assert.Equal("application/x-plasmite-lite3-stream", r.Content.Headers.ContentType?.MediaType);
        byte[] body = await r.Content.ReadAsByteArrayAsync();
        int pos = 0;
        var seqs = new List<ulong>();
        while (pos < body.Length)
        {
            ulong seq = BinaryPrimitives.ReadUInt64BigEndian(body.AsSpan(pos));
            ulong ts = BinaryPrimitives.ReadUInt64BigEndian(body.AsSpan(pos + 8));
            int len = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(pos + 16));
            Assert.True(ts > 1_700_000_000_000_000_000UL);
            Lite3Envelope.Validate(body.AsSpan(pos + 20, len));
            seqs.Add(seq);
            pos += 20 + len;
        }
        Assert.Equal([1UL, 2], seqs);
        using (var g = await s.Http.GetAsync("/v0/pools/demo/tail_lite3?gap_policy=error"))
            await Responses.ErrorAsync(g, 400, "Usage", "remote Lite3 tails do not support gap_policy=error because the stream has no error frame");
        using (var t = await s.Http.GetAsync("/v0/pools/demo/tail_lite3?tag=t&timeout_ms=100"))
            Assert.Equal(1UL, BinaryPrimitives.ReadUInt64BigEndian(await t.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Sse_events_frame_messages_and_require_auth()
    {
        await using var s = await TestServer.StartAsync(o => o.Token = "tok");
        await s.CreatePoolAsync("demo", token: "tok");
        await s.AppendAsync("demo", "{\"x\":1}", token: "tok");
        using (var r = await s.Http.GetAsync("/v0/ui/pools/demo/events?timeout_ms=100"))
            await Responses.ErrorAsync(r, 401, "Permission");
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/ui/pools/demo/events?timeout_ms=200", "Bearer tok"))
        {
            Assert.Equal(200, (int)r.StatusCode);
            Assert.Equal("text/event-stream", r.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-cache, no-transform", r.Headers.NonValidated["Cache-Control"].ToString());
            string body = await r.Content.ReadAsStringAsync();
            Assert.StartsWith("event: message\ndata: {\"data\":{\"x\":1},", body);
            Assert.Contains("\"seq\":1", body);
            Assert.EndsWith("\n\n", body);
        }
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/ui/pools/none/events?timeout_ms=200", "Bearer tok"))
            Assert.StartsWith("event: error\ndata: {\"error\":{\"kind\":\"NotFound\"", await r.Content.ReadAsStringAsync());
    }
}
