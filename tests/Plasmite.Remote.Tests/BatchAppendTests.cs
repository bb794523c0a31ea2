// The append_batch extension: server route (JSON Lines in, messages out), RemotePool.AppendBatch[Async], 404 fallback.
using System.Net;
using System.Text;
using System.Text.Json;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class BatchAppendTests
{
    private static ReadOnlyMemory<byte>[] Docs(int count) =>
        [.. Enumerable.Range(1, count).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"))];

    [Fact]
    public async Task Batch_appends_in_order_with_tags_and_answers_messages()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("b");
        using var client = s.Client();
        var pool = client.OpenPool("b");
        var receipts = pool.AppendBatch(Docs(3), ["x"]);
        Assert.Equal([1UL, 2, 3], receipts.Select(r => r.Seq));
        var more = await pool.AppendBatchAsync([Encoding.UTF8.GetBytes("{\n  \"pretty\": true\n}")]);
        Assert.Equal(4UL, Assert.Single(more).Seq);
        Assert.Equal(2, pool.Get(2).Data.GetProperty("i").GetInt32());
        Assert.Equal(["x"], pool.Get(3).Tags);
        Assert.True(pool.Get(4).Data.GetProperty("pretty").GetBoolean());

        using var raw = new StringContent("{\"data\":{\"a\":1},\"tags\":[\"t\"]}\r\n\n{\"data\":{\"a\":2}}\n", Encoding.UTF8, "application/jsonl");
        using var r = await s.Http.PostAsync("/v0/pools/b/append_batch", raw);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var messages = doc.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([5UL, 6], messages.Select(m => m.GetProperty("seq").GetUInt64()));
        Assert.Equal("t", messages[0].GetProperty("meta").GetProperty("tags")[0].GetString());
        Assert.Equal(2, messages[1].GetProperty("data").GetProperty("a").GetInt32());
    }

    [Theory]
    [InlineData("{\"data\":{\"a\":1}}\n{\"data\":", 400, "line 2")]
    [InlineData("{\"data\":{\"a\":1}}\n{\"nodata\":1}\n", 422, "line 2: missing field `data`")]
    [InlineData("{\"data\":[1]}\n", 400, "line 1: data must be object")]
    [InlineData("[1]\n", 422, "line 1")]
    [InlineData("\n\n", 400, "at least one line")]
    public async Task Bad_line_is_an_error_with_a_kind_and_appends_nothing(string body, int status, string text)
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("b");
        using var content = new StringContent(body, Encoding.UTF8, "application/jsonl");
        using var r = await s.Http.PostAsync("/v0/pools/b/append_batch", content);
        Assert.Equal(status, (int)r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("Usage", error.GetProperty("kind").GetString());
        Assert.Contains(text, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var client = s.Client();
        Assert.Null(client.PoolInfo("b").Bounds.Newest);
    }

    [Fact]
    public async Task Batch_errors_from_the_server_keep_their_kind()
    {
        await using var s = await TestServer.StartAsync();
        using var client = s.Client();
        var missing = Assert.Throws<RemotePlasmiteException>(() => new RemotePool(client, "nope").AppendBatch(Docs(2)));
        Assert.Equal((404, ErrorKind.NotFound), (missing.Status, missing.Kind));
        var notObject = Assert.Throws<PlasmiteException>(() => new RemotePool(client, "nope").AppendBatch([Encoding.UTF8.GetBytes("[1]")]));
        Assert.Equal(ErrorKind.Usage, notObject.Kind);
        using var wrongType = new StringContent("{\"data\":{}}", Encoding.UTF8, "text/plain");
        using var r = await s.Http.PostAsync("/v0/pools/nope/append_batch", wrongType);
        Assert.Equal(415, (int)r.StatusCode);
    }

    [Fact]
    public async Task Client_falls_back_to_one_append_per_message_when_the_route_is_missing()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("b");
        // A server without the extension (as the original's): the batch route answers a bare 404.
        var handler = new NoBatchRoute(new SocketsHttpHandler());
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var client = new RemoteClient(s.BaseUrl, httpClient: http);
        var pool = client.OpenPool("b");
        Assert.Equal([1UL, 2, 3], pool.AppendBatch(Docs(3)).Select(r => r.Seq));
        Assert.Equal(1, handler.BatchRequests);
        Assert.Equal(3, handler.AppendRequests);
        Assert.Equal([4UL, 5], (await pool.AppendBatchAsync(Docs(2), ["t"])).Select(r => r.Seq));
        Assert.Equal(1, handler.BatchRequests); // remembered: no second probe
        Assert.Equal(5, handler.AppendRequests);
        Assert.Equal(["t"], pool.Get(5).Tags);
        Assert.Equal(3, pool.Get(3).Data.GetProperty("i").GetInt32());
    }

    private sealed class NoBatchRoute(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int BatchRequests;
        public int AppendRequests;

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Count(request)) return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([]) };
            return base.Send(request, cancellationToken);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Count(request)) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([]) });
            return base.SendAsync(request, cancellationToken);
        }

        private bool Count(HttpRequestMessage request)
        {
            string path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/append_batch", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref BatchRequests);
                return true;
            }
            if (path.EndsWith("/append", StringComparison.Ordinal)) Interlocked.Increment(ref AppendRequests);
            return false;
        }
    }
}
