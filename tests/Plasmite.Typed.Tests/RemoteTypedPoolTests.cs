using Plasmite.Cli.Server;
using Plasmite.Remote;

namespace Plasmite.Typed.Tests;

/// <summary>The generated handles over a remote pool: same interface, our server on 127.0.0.1:0.</summary>
[Trait("Category", "Unit")]
public sealed class RemoteTypedPoolTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "plasmite-typed-remote", Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _server;
    private Uri? _baseUrl;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        string ready = Path.Combine(_dir, "ready");
        _server = ServerHost.RunAsync(new ServerOptions { PoolDirectory = _dir, Bind = "127.0.0.1:0", ReadyFile = ready }, _stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(ready))
        {
            if (_server.IsCompleted) await _server;
            Assert.True(DateTime.UtcNow < deadline, "server not ready");
            await Task.Delay(20);
        }
        _baseUrl = new Uri($"http://{(await File.ReadAllTextAsync(ready)).Trim()}/");
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_server is not null) await _server.WaitAsync(TimeSpan.FromSeconds(20));
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Typed_async_round_trip_over_a_remote_pool()
    {
        await using var remote = new RemoteClient(_baseUrl!);
        using var events = remote.Events();
        var at = new DateTimeOffset(2026, 7, 8, 9, 10, 11, TimeSpan.Zero);
        var signup = await events.AppendSignupAsync(new Signup("erin", at));
        var receipt = await events.AppendDeployReceiptAsync(new Deploy("cafe", 2, ["x", "y"]));
        Assert.Equal(["signup", "user-event"], signup.Tags);
        Assert.Equal(signup.Seq + 1, receipt.Seq);

        Assert.Equal(new Signup("erin", at), (await events.GetSignupAsync(signup.Seq))!.Data);
        var deploy = (await events.GetDeployAsync(receipt.Seq))!;
        Assert.Equal(["x", "y"], deploy.Data.Hosts);
        Assert.Equal(receipt.TimestampNs, deploy.TimestampNs);
        Assert.Null(await events.GetSignupAsync(receipt.Seq)); // another kind
        Assert.Null(await events.GetSignupAsync(9999)); // not retained

        // The remote async receipt stores the bytes a local typed append stores.
        using var local = new PlasmiteClient(_dir);
        using var localEvents = local.Events();
        var again = localEvents.AppendDeployReceipt(new Deploy("cafe", 2, ["x", "y"]));
        Assert.Equal(localEvents.Pool.GetLite3(receipt.Seq).Payload.ToArray(), localEvents.Pool.GetLite3(again.Seq).Payload.ToArray());
    }

    [Fact]
    public async Task Typed_append_get_and_tail_over_a_remote_pool()
    {
        using var remote = new RemoteClient(_baseUrl!);
        using var events = remote.Events();
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var signup = events.AppendSignup(new Signup("carol", at));
        var deploy = events.AppendDeploy(new Deploy("f00", 3, ["a"]));
        Assert.Equal(["signup", "user-event"], signup.Tags);
        Assert.Equal(new Signup("carol", at), events.GetSignup(signup.Seq)!.Data);
        Assert.Null(events.GetDeploy(signup.Seq));

        var seen = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var any in events.Tail(new TailOptions { MaxMessages = 2, Deadline = TimeSpan.FromSeconds(10) }, cts.Token))
            seen.Add(any switch { EventsMessage.Signup s => s.Data.User, EventsMessage.Deploy d => d.Data.Sha, _ => "?" });
        Assert.Equal(["carol", "f00"], seen);

        // The same bytes as a local typed append: the remote handle sends what the local one stores.
        using var local = new PlasmiteClient(_dir);
        using var localEvents = local.Events();
        var again = localEvents.AppendDeploy(new Deploy("f00", 3, ["a"]));
        Assert.Equal(localEvents.Pool.GetLite3(deploy.Seq).Payload.ToArray(), localEvents.Pool.GetLite3(again.Seq).Payload.ToArray());
    }

    [Fact]
    public void Open_only_handle_and_GetJson_behave_alike_over_local_and_remote_pools()
    {
        using var remote = new RemoteClient(_baseUrl!);
        var missing = Assert.Throws<PlasmiteException>(() => remote.OpenDeep());
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Equal("create it with client.Deep() or plasmite pool create deep", missing.Hint);
        Assert.False(File.Exists(Path.Combine(_dir, "deep.plasmite")));

        using var local = new PlasmiteClient(_dir);
        using var created = local.Deep();
        var m = created.AppendChain(new Chain(1, new Chain(2, null)));
        using var opened = remote.OpenDeep();
        IPlasmitePool remotePool = opened.Pool, localPool = created.Pool;
        foreach (var order in new[] { EnvelopeKeyOrder.Api, EnvelopeKeyOrder.Sorted })
        {
            byte[] fromLocal = localPool.GetJson(m.Seq, order);
            Assert.Equal(fromLocal, remotePool.GetJson(m.Seq, order));
            Assert.Equal(localPool.Get(m.Seq).ToJson(order), fromLocal);
        }
        Assert.StartsWith("{\"seq\":1,\"time\":", System.Text.Encoding.UTF8.GetString(localPool.GetJson(m.Seq)), StringComparison.Ordinal);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => localPool.GetJson(99)).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.ThrowsAny<PlasmiteException>(() => remotePool.GetJson(99)).Kind);
    }
}
