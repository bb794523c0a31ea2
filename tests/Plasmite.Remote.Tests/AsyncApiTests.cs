// The async forms of IPlasmiteClient / IPlasmitePool, one scenario over a local and a remote client;
// the remote one through an HttpClient whose synchronous Send throws (so no call is sync-over-async).
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class AsyncApiTests
{
    /// <summary>Fails any synchronous send: the async API must only use SendAsync.</summary>
    private sealed class AsyncOnlyHandler() : DelegatingHandler(new SocketsHttpHandler { MaxResponseDrainSize = 0 })
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("synchronous HTTP send from an async API");
    }

    [Fact]
    public async Task Local_async_api()
    {
        using var dir = new TempDir();
        await using IPlasmiteClient client = new PlasmiteClient(dir.Path);
        await Scenario(client);
    }

    [Fact]
    public async Task Remote_async_api_uses_only_async_http()
    {
        await using var s = await TestServer.StartAsync();
        using var http = new HttpClient(new AsyncOnlyHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        await using IPlasmiteClient client = new RemoteClient(s.BaseUrl, httpClient: http);
        await Scenario(client);
        // And the synchronous API really does go through Send (so the handler above would have caught it).
        Assert.Throws<InvalidOperationException>(() => client.ListPools());
    }

    private static async Task Scenario(IPlasmiteClient client)
    {
        await using var pool = await client.CreatePoolAsync("a");
        Assert.Equal("a", pool.Name);
        var receipt = await pool.AppendJsonAsync("{\"n\":1}"u8.ToArray(), ["t"]);
        Assert.Equal(1UL, receipt.Seq);
        var message = await pool.AppendAsync(JsonDocument.Parse("{\"n\":2}").RootElement, ["u"], Durability.Flush);
        Assert.Equal((2UL, 2), (message.Seq, message.Data.GetProperty("n").GetInt32()));
        var typed = await pool.AppendAsync(new Reading("s", 1.5), TestJson.Default.Reading, ["r"]);
        Assert.Equal(3UL, typed.Seq);
        var fast = await pool.AppendAsync(new Reading("f", 2), TestJson.Default.Reading,
            static (w, r) => { w.WriteString("Sensor", r.Sensor); w.WriteNumber("Value", r.Value); });
        Assert.Equal(4UL, fast.Seq);
        byte[] doc = Lite3Envelope.Encode(["l3"], "{\"q\":1}"u8);
        Assert.Equal(5UL, await pool.AppendLite3Async(doc));

        Assert.Equal(["t"], (await pool.GetAsync(1)).Tags);
        Assert.Null(await pool.TryGetAsync(99));
        Assert.Equal(new Reading("f", 2), (await pool.GetAsync(4, TestJson.Default.Reading)).Data);
        Assert.Null(await pool.TryGetAsync(99, TestJson.Default.Reading));
        var frame = await pool.GetLite3Async(5);
        Assert.Equal(doc, frame.Payload.ToArray());
        Assert.True(frame.TimestampNs > 0);
        Assert.Equal(5UL, (await pool.InfoAsync()).Bounds.Newest);
        var missing = await Assert.ThrowsAnyAsync<PlasmiteException>(async () => await pool.GetAsync(42));
        Assert.Equal((ErrorKind.NotFound, (ulong?)42), (missing.Kind, missing.Seq));
        var bad = await Assert.ThrowsAnyAsync<PlasmiteException>(async () => await pool.AppendJsonAsync("[1]"u8.ToArray()));
        Assert.Equal(ErrorKind.Usage, bad.Kind);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.AppendJsonAsync("{}"u8.ToArray(), cancellationToken: cancelled.Token));

        await using (var again = await client.OpenPoolAsync("a")) Assert.Equal(5UL, (await again.InfoAsync()).Bounds.Newest);
        await using (var created = await client.PoolAsync("b")) Assert.Equal("b", created.Name);
        Assert.Equal(2, (await client.ListPoolsAsync()).Count);
        Assert.Equal(5UL, (await client.PoolInfoAsync("a")).Metrics.MessageCount);
        await client.DeletePoolAsync("b");
        var gone = await Assert.ThrowsAnyAsync<PlasmiteException>(async () => await client.OpenPoolAsync("b"));
        Assert.Equal(ErrorKind.NotFound, gone.Kind);
    }
}
