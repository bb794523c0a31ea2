// Interop with a real third-party MCP client: the official C# SDK's McpClient (ModelContextProtocol 2.4.0) against the real CLI, over stdio and HTTP.
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Plasmite.Mcp.Tests;

/// <summary>A typed message declared like any SDK user would; the generator emits <c>InteropPool</c>.</summary>
[PlasmiteMessage("interop", Tags = new[] { "sensor" })]
public partial record Reading(string Sensor, double Value, long Count, bool Ok, DateTimeOffset At, string[] Labels, string? Note);

/// <summary>One server process and one connected official client, shared by the tests of a class.</summary>
public abstract class OfficialClientFixture : IAsyncLifetime
{
    /// <summary>Generous: a loaded 2-core machine starts a JIT-compiled CLI slowly.</summary>
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public McpClient Client { get; private set; } = null!;

    public abstract string PoolDir { get; }

    protected abstract IClientTransport CreateTransport();

    public virtual async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        Client = await McpClient.CreateAsync(CreateTransport(), OfficialClients.Options(), cancellationToken: cts.Token);
    }

    public virtual async Task DisposeAsync() => await Client.DisposeAsync();
}

/// <summary><c>plasmite mcp --dir D</c> started by the SDK's <see cref="StdioClientTransport"/>.</summary>
public sealed class StdioClientFixture : OfficialClientFixture
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plasmite-mcpclient-").FullName;

    public override string PoolDir => Path.Combine(_dir, "pools");

    protected override IClientTransport CreateTransport() => new StdioClientTransport(new StdioClientTransportOptions
    {
        Name = "plasmite",
        Command = "dotnet",
        Arguments = [McpHost.CliDll, "mcp", "--dir", PoolDir],
        ShutdownTimeout = TimeSpan.FromSeconds(20),
    });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary><c>plasmite serve</c> on 127.0.0.1 (free port) reached through the SDK's <see cref="HttpClientTransport"/>.</summary>
public sealed class HttpClientFixture : OfficialClientFixture
{
    private HttpHost? _host;

    internal HttpHost Host => _host!;

    public override string PoolDir => Host.PoolDir;

    public override Task InitializeAsync()
    {
        _host = new HttpHost([]);
        return base.InitializeAsync();
    }

    protected override IClientTransport CreateTransport() => OfficialClients.Http(Host, headers: null);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _host?.Dispose();
    }
}

/// <summary>The client settings docs/mcp.md tells users to set.</summary>
internal static class OfficialClients
{
    public static McpClientOptions Options() => new()
    {
        // Our server speaks 2025-11-25 only (mcp.md §1); pinning it skips the SDK's 2026-07-28 `server/discover` probe.
        ProtocolVersion = "2025-11-25",
        ClientInfo = new Implementation { Name = "plasmite-interop-tests", Version = "1.0.0" },
        InitializationTimeout = OfficialClientFixture.Patience,
    };

    public static HttpClientTransport Http(HttpHost host, Dictionary<string, string>? headers) => new(new HttpClientTransportOptions
    {
        Endpoint = new Uri(host.BaseUrl + "/mcp"),
        TransportMode = HttpTransportMode.StreamableHttp,
        // Stateless server: no session, no server-to-client stream (GET /mcp is 405).
        EnableStandaloneGetStream = false,
        AdditionalHeaders = headers,
        ConnectionTimeout = OfficialClientFixture.Patience,
    });
}

/// <summary>The interop contract, run once per transport by the two sealed classes below.</summary>
public abstract class OfficialClientContract<TFixture>(TFixture fixture) where TFixture : OfficialClientFixture
{
    private static readonly string[] ToolNames =
        ["plasmite_pool_list", "plasmite_pool_create", "plasmite_pool_info", "plasmite_pool_delete", "plasmite_feed", "plasmite_fetch", "plasmite_read", "plasmite_wait"];

    protected TFixture Fixture => fixture;

    protected McpClient Client => fixture.Client;

    private static CancellationToken Timeout() => new CancellationTokenSource(OfficialClientFixture.Patience).Token;

    private async Task<CallToolResult> Call(string tool, Dictionary<string, object?> args) =>
        await Client.CallToolAsync(tool, args, cancellationToken: Timeout());

    /// <summary>A success as the client sees it: no isError, one text block, structured content as an object.</summary>
    private async Task<JsonElement> Ok(string tool, Dictionary<string, object?> args, string text)
    {
        var r = await Call(tool, args);
        Assert.True(r.IsError is null or false, tool + ": " + r.StructuredContent);
        var block = Assert.IsType<TextContentBlock>(Assert.Single(r.Content));
        Assert.Equal(text, block.Text);
        Assert.NotNull(r.StructuredContent);
        Assert.Equal(JsonValueKind.Object, r.StructuredContent.Value.ValueKind);
        return r.StructuredContent.Value;
    }

    [Fact]
    public void Handshake_reports_the_server_and_the_fixed_revision()
    {
        Assert.Equal("2025-11-25", Client.NegotiatedProtocolVersion);
        Assert.Equal("plasmite", Client.ServerInfo!.Name);
        Assert.Contains("append-only ring buffers", Client.ServerInstructions!, StringComparison.Ordinal);
        Assert.NotNull(Client.ServerCapabilities.Tools);
        Assert.NotNull(Client.ServerCapabilities.Resources);
        Assert.Null(Client.ServerCapabilities.Prompts);
    }

    [Fact]
    public async Task Tools_are_listed_in_order_with_the_spec_annotations_and_schemas()
    {
        var tools = await Client.ListToolsAsync(cancellationToken: Timeout());
        Assert.Equal(ToolNames, tools.Select(t => t.Name));
        // (readOnly, destructive, idempotent, openWorld) per mcp.md §5.0.
        var expected = new Dictionary<string, (bool, bool, bool, bool)>
        {
            ["plasmite_pool_list"] = (true, false, true, false),
            ["plasmite_pool_create"] = (false, false, true, false),
            ["plasmite_pool_info"] = (true, false, true, false),
            ["plasmite_pool_delete"] = (false, true, true, false),
            ["plasmite_feed"] = (false, false, false, false),
            ["plasmite_fetch"] = (true, false, true, false),
            ["plasmite_read"] = (true, false, true, false),
            ["plasmite_wait"] = (true, false, true, false),
        };
        foreach (var tool in tools)
        {
            var a = tool.ProtocolTool.Annotations!;
            Assert.Equal(expected[tool.Name], (a.ReadOnlyHint!.Value, a.DestructiveHint!.Value, a.IdempotentHint!.Value, a.OpenWorldHint!.Value));
            Assert.False(string.IsNullOrEmpty(tool.Description));
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
            Assert.False(tool.JsonSchema.GetProperty("additionalProperties").GetBoolean());
            var output = tool.ProtocolTool.OutputSchema!.Value;
            Assert.Equal(2, output.GetProperty("oneOf").GetArrayLength());
        }
        var read = tools.Single(t => t.Name == "plasmite_read").JsonSchema.GetProperty("properties");
        Assert.False(read.TryGetProperty("where", out _));
        Assert.Equal(1, read.GetProperty("count").GetProperty("minimum").GetInt32());
        Assert.Equal(["pool", "data"], tools.Single(t => t.Name == "plasmite_feed").JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Every_tool_is_called_and_returns_real_results()
    {
        var created = await Ok("plasmite_pool_create", new() { ["name"] = "flow", ["size"] = 1048576 }, "Created pool `flow`.");
        Assert.Equal(1048576, created.GetProperty("pool").GetProperty("file_size").GetInt64());
        Assert.True(File.Exists(Path.Combine(fixture.PoolDir, "flow.plasmite")));

        var fed = await Ok("plasmite_feed", new() { ["pool"] = "flow", ["data"] = new Dictionary<string, object?> { ["msg"] = "hello", ["n"] = 1 }, ["tags"] = new[] { " chat " } },
            "Appended message 1 to `flow`.");
        Assert.Equal(1, fed.GetProperty("message").GetProperty("seq").GetInt64());
        Assert.Equal(["chat"], fed.GetProperty("message").GetProperty("meta").GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        await Ok("plasmite_feed", new() { ["pool"] = "flow", ["data"] = new Dictionary<string, object?> { ["msg"] = "second" } }, "Appended message 2 to `flow`.");

        var fetched = await Ok("plasmite_fetch", new() { ["pool"] = "flow", ["seq"] = 1 }, "Fetched sequence 1 from `flow`.");
        Assert.Equal("""{"msg":"hello","n":1}""", fetched.GetProperty("message").GetProperty("data").GetRawText());

        var read = await Ok("plasmite_read", new() { ["pool"] = "flow", ["tags"] = new[] { "chat" } }, "Read 1 message(s) from `flow`.");
        Assert.Equal("hello", Assert.Single(read.GetProperty("messages").EnumerateArray()).GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(2, read.GetProperty("next_after_seq").GetInt64());
        Assert.Equal(1, read.GetProperty("oldest_available_seq").GetInt64());
        Assert.False(read.GetProperty("fell_behind").GetBoolean());

        // Other tests of the class share the pool directory: the list holds `flow` among them, sorted by name.
        var listed = await Call("plasmite_pool_list", []);
        var pools = listed.StructuredContent!.Value.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        Assert.Contains("flow", pools);
        Assert.Equal(pools.Order(StringComparer.Ordinal), pools);
        Assert.Equal($"Listed {pools.Count} pool(s).", Assert.IsType<TextContentBlock>(Assert.Single(listed.Content)).Text);

        var info = await Ok("plasmite_pool_info", new() { ["pool"] = "flow" }, "Fetched metadata for pool `flow`.");
        Assert.Equal(2, info.GetProperty("pool").GetProperty("bounds").GetProperty("newest").GetInt64());

        // A cursor behind the newest message returns at once.
        var caughtUp = await Ok("plasmite_wait", new() { ["pool"] = "flow", ["after_seq"] = 1, ["timeout_ms"] = 50 }, "Received 1 message(s) from `flow`.");
        Assert.False(caughtUp.GetProperty("timed_out").GetBoolean());
        Assert.Equal("second", Assert.Single(caughtUp.GetProperty("messages").EnumerateArray()).GetProperty("data").GetProperty("msg").GetString());

        // A live-edge wait receives a message another process-level writer appends while the call is in flight.
        var waiting = Call("plasmite_wait", new() { ["pool"] = "flow", ["timeout_ms"] = 60000 });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var client = new PlasmiteClient(fixture.PoolDir))
        using (var pool = client.OpenPool("flow"))
        {
            // Append until the wait (which starts at the live edge when it arrives) has seen one; no sleeps as synchronization.
            while (!waiting.IsCompleted && clock.Elapsed < OfficialClientFixture.Patience)
            {
                pool.AppendJson("{\"late\":true}"u8);
                await Task.WhenAny(waiting, Task.Delay(200));
            }
        }
        var woke = await waiting;
        Assert.True(woke.IsError is null or false);
        Assert.False(woke.StructuredContent!.Value.GetProperty("timed_out").GetBoolean());
        Assert.True(woke.StructuredContent.Value.GetProperty("messages")[0].GetProperty("data").GetProperty("late").GetBoolean());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), "the wait ran to its timeout");

        var deleted = await Ok("plasmite_pool_delete", new() { ["pool"] = "flow" }, "Deleted pool `flow`.");
        Assert.Equal("flow", deleted.GetProperty("deleted").GetProperty("pool").GetString());
        Assert.False(File.Exists(Path.Combine(fixture.PoolDir, "flow.plasmite")));
    }

    [Fact]
    public async Task Bad_arguments_are_isError_results_and_an_unknown_tool_is_a_protocol_error()
    {
        // Tool failures travel as successful JSON-RPC results with isError (mcp.md §4.2): the client returns them.
        var bad = await Call("plasmite_read", new() { ["pool"] = "whatever", ["count"] = 0 });
        Assert.True(bad.IsError);
        var error = bad.StructuredContent!.Value;
        Assert.Equal("Usage", error.GetProperty("error_kind").GetString());
        Assert.Equal("plasmite_read", error.GetProperty("tool").GetString());
        Assert.Equal("count", error.GetProperty("field").GetString());
        Assert.Contains("count must be between 1 and 200", Assert.IsType<TextContentBlock>(Assert.Single(bad.Content)).Text, StringComparison.Ordinal);

        var missing = await Call("plasmite_feed", new() { ["pool"] = "nope", ["data"] = new Dictionary<string, object?> { ["a"] = 1 } });
        Assert.True(missing.IsError);
        Assert.Equal("NotFound", missing.StructuredContent!.Value.GetProperty("error_kind").GetString());
        Assert.Contains("create: true", missing.StructuredContent.Value.GetProperty("hint").GetString(), StringComparison.Ordinal);

        // An unknown tool name is a JSON-RPC error -32602 (mcp.md §3.5): the client throws.
        var e = await Assert.ThrowsAsync<McpProtocolException>(async () => await Call("plasmite_tail", []));
        Assert.Equal(McpErrorCode.InvalidParams, e.ErrorCode);
        Assert.Contains("unknown tool: plasmite_tail", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pool_resources_are_listed_and_read()
    {
        using (var client = new PlasmiteClient(fixture.PoolDir))
        using (var pool = client.Pool("res-events"))
        {
            for (int i = 1; i <= 3; i++) pool.AppendJson(System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"));
        }
        var resources = await Client.ListResourcesAsync(cancellationToken: Timeout());
        var r = Assert.Single(resources, x => x.Name == "res-events");
        Assert.Equal("plasmite:///pools/res-events", r.Uri);
        Assert.Equal("application/json", r.MimeType);
        Assert.Contains("reading returns up to 20", r.Description, StringComparison.Ordinal);

        var read = await Client.ReadResourceAsync(r.Uri, cancellationToken: Timeout());
        var content = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal("plasmite:///pools/res-events", content.Uri);
        Assert.Equal("application/json", content.MimeType);
        using var batch = JsonDocument.Parse(content.Text);
        Assert.Equal([1L, 2L, 3L], batch.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal([1, 2, 3], batch.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("data").GetProperty("i").GetInt32()));
        Assert.Equal(3, batch.RootElement.GetProperty("next_after_seq").GetInt64());

        // A missing pool is JSON-RPC error -32000 (mcp.md §7.4).
        var e = await Assert.ThrowsAsync<McpProtocolException>(async () => await Client.ReadResourceAsync("plasmite:///pools/absent", cancellationToken: Timeout()));
        Assert.Equal(-32000, (int)e.ErrorCode);
    }

    [Fact]
    public async Task A_typed_message_appended_through_the_sdk_is_fetched_with_equal_data()
    {
        var value = new Reading("probe-7", 21.5, 9_007_199_254_740_993, true, new DateTimeOffset(2026, 12, 4, 17, 30, 0, 123, TimeSpan.Zero),
            ["north", "roof"], null);
        Message<Reading> appended;
        string stored;
        using (var client = new PlasmiteClient(fixture.PoolDir))
        using (var pool = client.Interop())
        {
            appended = pool.AppendReading(value, ["extra"]);
            stored = pool.Pool.Get(appended.Seq).Data.GetRawText();
        }

        var fetched = await Ok("plasmite_fetch", new() { ["pool"] = "interop", ["seq"] = appended.Seq }, $"Fetched sequence {appended.Seq} from `interop`.");
        var message = fetched.GetProperty("message");
        Assert.Equal((long)appended.Seq, message.GetProperty("seq").GetInt64());
        Assert.Equal(["reading", "sensor", "extra"], message.GetProperty("meta").GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        var data = message.GetProperty("data");
        var back = data.Deserialize(InteropPool.ReadingTypeInfo)!;
        Assert.Equal(value.Labels, back.Labels);
        Assert.Equal(value, back with { Labels = value.Labels }); // records compare arrays by reference
        Assert.Equal(value.At, back.At);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(stored).RootElement, data), data.GetRawText() + " vs " + stored);
        Assert.Equal(9_007_199_254_740_993, data.GetProperty("count").GetInt64());
    }
}

[Trait("Category", "Process")]
public sealed class OfficialClientStdioTests(StdioClientFixture fixture) : OfficialClientContract<StdioClientFixture>(fixture), IClassFixture<StdioClientFixture>
{
    [Fact]
    public async Task Sdk_defaults_fall_back_from_the_discover_probe_to_initialize()
    {
        // Default options prefer 2026-07-28 and probe `server/discover`; our -32601 makes the client use initialize.
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource(OfficialClientFixture.Patience);
        var transport = new StdioClientTransport(new StdioClientTransportOptions { Command = "dotnet", Arguments = [McpHost.CliDll, "mcp", "--dir", dir.Path] });
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = OfficialClientFixture.Patience }, cancellationToken: cts.Token);
        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.Equal(8, (await client.ListToolsAsync(cancellationToken: cts.Token)).Count);
    }
}

/// <summary>Records each HTTP exchange of the SDK client: method, MCP method header, protocol-version header, status.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
{
    public List<string> Exchanges { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        string Header(string name) => request.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "-";
        lock (Exchanges) Exchanges.Add($"{request.Method} {Header("Mcp-Method")} {Header("MCP-Protocol-Version")} {(int)response.StatusCode}");
        return response;
    }
}

[Trait("Category", "Process")]
public sealed class OfficialClientHttpTests(HttpClientFixture fixture) : OfficialClientContract<HttpClientFixture>(fixture), IClassFixture<HttpClientFixture>
{
    [Fact]
    public async Task Sdk_defaults_fall_back_to_initialize_and_accept_the_405_stream()
    {
        // Default options: auto-detect transport, 2026-07-28 discover probe, standalone GET stream. All three meet
        // spec-conformant answers of ours (400 for the unsupported protocol header, 405 for GET) and the client adapts.
        var recorder = new RecordingHandler();
        using var cts = new CancellationTokenSource(OfficialClientFixture.Patience);
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(Fixture.Host.BaseUrl + "/mcp") },
            new HttpClient(recorder), loggerFactory: null, ownsHttpClient: true);
        await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = OfficialClientFixture.Patience }, cancellationToken: cts.Token))
        {
            Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
            Assert.Null(client.SessionId);
            var r = await client.CallToolAsync("plasmite_pool_list", new Dictionary<string, object?>(), cancellationToken: cts.Token);
            Assert.True(r.IsError is null or false);
        }
        List<string> seen;
        lock (recorder.Exchanges) seen = [.. recorder.Exchanges];
        Assert.Equal("POST server/discover 2026-07-28 400", seen[0]);
        Assert.Equal("POST initialize - 200", seen[1]);
        Assert.Contains("POST notifications/initialized 2025-11-25 202", seen);
        Assert.Contains("POST tools/call 2025-11-25 200", seen);
        Assert.DoesNotContain(seen, e => e.StartsWith("DELETE", StringComparison.Ordinal)); // no session to end
        Assert.All(seen.Where(e => e.StartsWith("GET", StringComparison.Ordinal)), e => Assert.EndsWith(" 405", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bearer_token_goes_through_the_client_headers_option()
    {
        using var host = new HttpHost(["--token", "interop-secret"]);
        using var cts = new CancellationTokenSource(OfficialClientFixture.Patience);

        // Without the header the server answers 401 and the client fails to connect.
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await McpClient.CreateAsync(OfficialClients.Http(host, headers: null), OfficialClients.Options(), cancellationToken: cts.Token));
        Assert.Contains("401", refused.ToString(), StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await McpClient.CreateAsync(OfficialClients.Http(host, new() { ["Authorization"] = "Bearer nope" }), OfficialClients.Options(), cancellationToken: cts.Token));
        Assert.Contains("401", wrong.ToString(), StringComparison.Ordinal);

        await using var client = await McpClient.CreateAsync(
            OfficialClients.Http(host, new() { ["Authorization"] = "Bearer interop-secret" }), OfficialClients.Options(), cancellationToken: cts.Token);
        var r = await client.CallToolAsync("plasmite_feed",
            new Dictionary<string, object?> { ["pool"] = "auth", ["data"] = new Dictionary<string, object?> { ["ok"] = true }, ["create"] = true }, cancellationToken: cts.Token);
        Assert.True(r.IsError is null or false);
        Assert.Equal(1, r.StructuredContent!.Value.GetProperty("message").GetProperty("seq").GetInt64());
        Assert.Equal(8, (await client.ListToolsAsync(cancellationToken: cts.Token)).Count);
    }
}
