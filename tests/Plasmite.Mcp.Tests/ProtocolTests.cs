// mcp.md §12 protocol, tool and resource checklist items, each over stdio and HTTP against the real CLI.
using System.Text.Json;

namespace Plasmite.Mcp.Tests;

[Trait("Category", "Process")]
public sealed class ProtocolTests
{
    public static TheoryData<string> Transports => new() { "stdio", "http" };

    private static JsonElement Error(McpHost h, string json)
    {
        var r = h.Send(json)!.Value;
        return r.GetProperty("error");
    }

    [Theory, MemberData(nameof(Transports))]
    public void Initialize_answers_the_fixed_revision_capabilities_and_instructions(string transport)
    {
        using var h = McpHost.Start(transport);
        foreach (string? p in new[] { "{}", null, "{\"protocolVersion\":\"2025-06-18\"}" })
        {
            var r = h.Result("initialize", p);
            Assert.Equal("2025-11-25", r.GetProperty("protocolVersion").GetString());
            Assert.Equal("""{"resources":{"listChanged":false,"subscribe":false},"tools":{"listChanged":false}}""", r.GetProperty("capabilities").GetRawText());
            Assert.Equal("plasmite", r.GetProperty("serverInfo").GetProperty("name").GetString());
            string text = r.GetProperty("instructions").GetString()!;
            foreach (string s in new[] { "append-only ring buffers", "most users can ignore sequence numbers", "target pool is unknown",
                         "visible tool list is the server's effective access mode", "plasmite_fetch only for exact lookup" })
                Assert.Contains(s, text, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Transports))]
    public void Ping_echoes_ids_notifications_get_nothing_and_envelope_errors_use_the_spec_messages(string transport)
    {
        using var h = McpHost.Start(transport);
        Assert.Equal("""{"id":7,"jsonrpc":"2.0","result":{}}""", h.Send("""{"jsonrpc":"2.0","id":7,"method":"ping"}""")!.Value.GetRawText());
        Assert.Equal("""{"id":"a","jsonrpc":"2.0","result":{}}""", h.Send("""{"jsonrpc":"2.0","id":"a","method":"ping"}""")!.Value.GetRawText());
        Assert.Equal("""{"id":null,"jsonrpc":"2.0","result":{}}""", h.Send("""{"jsonrpc":"2.0","id":null,"method":"ping"}""")!.Value.GetRawText());
        Assert.Null(h.Send("""{"jsonrpc":"2.0","method":"notifications/initialized"}"""));
        Assert.Equal("{}", h.Result("notifications/initialized").GetRawText());
        Assert.Contains("method not found", Error(h, """{"jsonrpc":"2.0","id":1,"method":"nope"}""").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(-32601, Error(h, """{"jsonrpc":"2.0","id":1,"method":"resources/templates/list"}""").GetProperty("code").GetInt32());
        foreach (var (body, message) in new[]
                 {
                     ("[1]", "request must be a JSON object"), ("\"x\"", "request must be a JSON object"),
                     ("""{"jsonrpc":"1.0","id":1,"method":"ping"}""", "jsonrpc must be \"2.0\""),
                     ("""{"id":1,"method":"ping"}""", "missing jsonrpc field"), ("""{"jsonrpc":"2.0","id":1}""", "missing method field"),
                     ("""{"jsonrpc":"2.0","id":1.5,"method":"ping"}""", "id must be an integer number"),
                     ("""{"jsonrpc":"2.0","id":true,"method":"ping"}""", "id must be a string, integer number, or null"),
                 })
        {
            var e = Error(h, body);
            Assert.Equal(-32600, e.GetProperty("code").GetInt32());
            Assert.Equal(message, e.GetProperty("message").GetString());
        }
        Assert.Equal(-32602, Error(h, """{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}""").GetProperty("code").GetInt32());
        Assert.Equal("tools/call requires object params", Error(h, """{"jsonrpc":"2.0","id":1,"method":"tools/call"}""").GetProperty("message").GetString());
        Assert.Equal("tools/call requires string param `name`", Error(h, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}""").GetProperty("message").GetString());
        Assert.Equal("tools/call `arguments` must be an object",
            Error(h, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"plasmite_pool_list","arguments":"x"}}""").GetProperty("message").GetString());
        Assert.False(h.Result("tools/call", """{"name":"plasmite_pool_list","arguments":null}""").TryGetProperty("isError", out _));
        Assert.Equal("unknown tool: plasmite_tail",
            Error(h, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"plasmite_tail"}}""").GetProperty("message").GetString());
        // A tools/call notification runs the tool.
        Assert.Null(h.Send("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"plasmite_feed","arguments":{"pool":"n","data":{"a":1},"create":true}}}"""));
        Assert.Equal(1, h.Call("plasmite_read", """{"pool":"n"}""").GetProperty("structuredContent").GetProperty("messages").GetArrayLength());
    }

    [Theory, MemberData(nameof(Transports))]
    public void Tools_list_has_the_eight_tools_with_schemas_and_annotations(string transport)
    {
        using var h = McpHost.Start(transport);
        var tools = h.Result("tools/list").GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(["plasmite_pool_list", "plasmite_pool_create", "plasmite_pool_info", "plasmite_pool_delete", "plasmite_feed", "plasmite_fetch", "plasmite_read", "plasmite_wait"],
            tools.Select(t => t.GetProperty("name").GetString()));
        foreach (var t in tools)
        {
            Assert.Equal(["annotations", "description", "inputSchema", "name", "outputSchema"], t.EnumerateObject().Select(p => p.Name));
            Assert.False(t.GetProperty("inputSchema").GetProperty("additionalProperties").GetBoolean());
            var output = t.GetProperty("outputSchema");
            Assert.Equal("object", output.GetProperty("type").GetString());
            var oneOf = output.GetProperty("oneOf").EnumerateArray().ToList();
            Assert.Equal(2, oneOf.Count);
            Assert.Equal("""["Internal","Usage","NotFound","AlreadyExists","Busy","Permission","Corrupt","Io"]""",
                oneOf[1].GetProperty("properties").GetProperty("error_kind").GetProperty("enum").GetRawText());
            Assert.Equal(4, t.GetProperty("annotations").EnumerateObject().Count());
        }
        Assert.True(tools[3].GetProperty("annotations").GetProperty("destructiveHint").GetBoolean());
        Assert.False(tools[4].GetProperty("annotations").GetProperty("idempotentHint").GetBoolean());
        var read = tools[6];
        Assert.False(read.GetProperty("inputSchema").GetProperty("properties").TryGetProperty("where", out _));
        Assert.Equal(1, read.GetProperty("inputSchema").GetProperty("properties").GetProperty("count").GetProperty("minimum").GetInt32());
        Assert.Contains("all specified tags", read.GetProperty("inputSchema").GetProperty("properties").GetProperty("tags").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("boolean", read.GetProperty("outputSchema").GetProperty("oneOf")[0].GetProperty("properties").GetProperty("fell_behind").GetProperty("type").GetString());
        var wait = tools[7];
        Assert.Equal("""["pool"]""", wait.GetProperty("inputSchema").GetProperty("required").GetRawText());
        Assert.Equal("boolean", wait.GetProperty("outputSchema").GetProperty("oneOf")[0].GetProperty("properties").GetProperty("timed_out").GetProperty("type").GetString());
    }

    private static JsonElement Structured(JsonElement result) => result.GetProperty("structuredContent");

    private static void AssertToolError(JsonElement result, string kind)
    {
        Assert.True(result.GetProperty("isError").GetBoolean(), result.GetRawText());
        Assert.Equal(kind, Structured(result).GetProperty("error_kind").GetString());
    }

    [Theory, MemberData(nameof(Transports))]
    public void Pool_flow_and_tool_errors(string transport)
    {
        using var h = McpHost.Start(transport);
        var empty = h.Call("plasmite_pool_list", "{}");
        Assert.Equal("""{"pools":[]}""", Structured(empty).GetRawText());
        Assert.Contains("No pools exist yet", empty.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.PoolDir));
        Assert.Equal("""{"resources":[]}""", h.Result("resources/list").GetRawText());

        var created = h.Call("plasmite_pool_create", """{"name":"demo"}""");
        Assert.False(created.TryGetProperty("isError", out _));
        Assert.Equal("Created pool `demo`.", created.GetProperty("content")[0].GetProperty("text").GetString());
        var fed = h.Call("plasmite_feed", """{"pool":"demo","data":{"msg":"hello"},"tags":["chat"]}""");
        Assert.Equal("Appended message 1 to `demo`.", fed.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("hello", Structured(h.Call("plasmite_fetch", """{"pool":"demo","seq":1}""")).GetProperty("message").GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(1, Structured(h.Call("plasmite_read", """{"pool":"demo"}""")).GetProperty("messages").GetArrayLength());
        Assert.Equal("demo", Structured(h.Call("plasmite_pool_list", "{}")).GetProperty("pools")[0].GetProperty("name").GetString());

        var again = h.Call("plasmite_pool_create", """{"name":"demo"}""");
        AssertToolError(again, "AlreadyExists");
        string hint = Structured(again).GetProperty("hint").GetString()!;
        Assert.Contains("use it as-is", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("delete", hint, StringComparison.Ordinal);

        AssertToolError(h.Call("plasmite_pool_create", """{"name":"tiny","size":1024}"""), "Usage");
        Assert.False(File.Exists(Path.Combine(h.PoolDir, "tiny.plasmite")));

        var missing = h.Call("plasmite_feed", """{"pool":"nope","data":{}}""");
        AssertToolError(missing, "NotFound");
        Assert.Contains("create: true", Structured(missing).GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Contains("plasmite_pool_list", Structured(h.Call("plasmite_read", """{"pool":"nope"}""")).GetProperty("hint").GetString(), StringComparison.Ordinal);

        Assert.False(h.Call("plasmite_feed", """{"pool":"auto","data":{"a":1},"create":true}""").TryGetProperty("isError", out _));
        Assert.Equal(1048576L, new FileInfo(Path.Combine(h.PoolDir, "auto.plasmite")).Length);
        var arr = h.Call("plasmite_feed", """{"pool":"auto","data":[1]}""");
        AssertToolError(arr, "Usage");
        Assert.Equal("data must be object", Structured(arr).GetProperty("message").GetString());

        var blank = h.Call("plasmite_feed", """{"pool":"demo","data":{},"tags":[" "]}""");
        AssertToolError(blank, "Usage");
        Assert.Equal("tags", Structured(blank).GetProperty("field").GetString());
        var trimmed = h.Call("plasmite_feed", """{"pool":"demo","data":{},"tags":[" a "]}""");
        Assert.Equal("""["a"]""", Structured(trimmed).GetProperty("message").GetProperty("meta").GetProperty("tags").GetRawText());

        var unknown = h.Call("plasmite_read", """{"pool":"demo","limit":1}""");
        Assert.Equal("limit", Structured(unknown).GetProperty("field").GetString());
        Assert.Contains("unknown argument", Structured(unknown).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("where filtering is not implemented", Structured(h.Call("plasmite_read", """{"pool":"demo","where":"x"}""")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (string c in new[] { "0", "201" })
            Assert.Equal("count", Structured(h.Call("plasmite_read", "{\"pool\":\"demo\",\"count\":" + c + "}")).GetProperty("field").GetString());
        AssertToolError(h.Call("plasmite_wait", """{"pool":"demo","timeout_ms":60001}"""), "Usage");
        Assert.Contains("must be a non-negative integer", Structured(h.Call("plasmite_read", """{"pool":"demo","count":5.0}""")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("must be a non-negative integer", Structured(h.Call("plasmite_fetch", """{"pool":"demo","seq":-1}""")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("since", Structured(h.Call("plasmite_read", """{"pool":"demo","since":"5 m"}""")).GetProperty("field").GetString());

        var gone = h.Call("plasmite_fetch", """{"pool":"demo","seq":99}""");
        AssertToolError(gone, "NotFound");
        Assert.Equal(99, Structured(gone).GetProperty("seq").GetInt32());
        Assert.Contains("plasmite_read", Structured(gone).GetProperty("hint").GetString(), StringComparison.Ordinal);

        Assert.False(h.Call("plasmite_pool_delete", """{"pool":"demo"}""").TryGetProperty("isError", out _));
        Assert.False(File.Exists(Path.Combine(h.PoolDir, "demo.plasmite")));
    }

    [Theory, MemberData(nameof(Transports))]
    public void Read_and_wait_algorithms(string transport)
    {
        using var h = McpHost.Start(transport);
        h.Call("plasmite_pool_create", """{"name":"r"}""");
        var e = Structured(h.Call("plasmite_read", """{"pool":"r"}"""));
        Assert.Equal("""{"fell_behind":false,"last_returned_seq":null,"messages":[],"newest_available_seq":null,"next_after_seq":null,"oldest_available_seq":null}""", e.GetRawText());
        for (int i = 1; i <= 30; i++) h.Call("plasmite_feed", "{\"pool\":\"r\",\"data\":{\"i\":" + i + "}}");
        var latest = Structured(h.Call("plasmite_read", """{"pool":"r"}"""));
        Assert.Equal(Enumerable.Range(11, 20), latest.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt32()));
        var cursor = Structured(h.Call("plasmite_read", """{"pool":"r","after_seq":4,"count":3}"""));
        Assert.Equal([5, 6, 7], cursor.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt32()));
        Assert.Equal(7, cursor.GetProperty("next_after_seq").GetInt32());
        Assert.Equal(7, cursor.GetProperty("last_returned_seq").GetInt32());
        Assert.Equal(1, cursor.GetProperty("oldest_available_seq").GetInt32());
        var none = Structured(h.Call("plasmite_read", """{"pool":"r","after_seq":0,"tags":["missing"]}"""));
        Assert.Equal(30, none.GetProperty("next_after_seq").GetInt32());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("last_returned_seq").ValueKind);
        Assert.Equal(20, Structured(h.Call("plasmite_read", """{"pool":"r","since":"1h"}""")).GetProperty("messages").GetArrayLength());

        var timedOut = Structured(h.Call("plasmite_wait", """{"pool":"r","timeout_ms":10}"""));
        Assert.True(timedOut.GetProperty("timed_out").GetBoolean());
        Assert.Equal(30, timedOut.GetProperty("next_after_seq").GetInt32());
        var two = Structured(h.Call("plasmite_wait", """{"pool":"r","after_seq":28,"timeout_ms":50}"""));
        Assert.False(two.GetProperty("timed_out").GetBoolean());
        Assert.Equal(2, two.GetProperty("messages").GetArrayLength());
        var filtered = Structured(h.Call("plasmite_wait", """{"pool":"r","after_seq":1,"tags":["x"],"timeout_ms":10}"""));
        Assert.Equal(30, filtered.GetProperty("next_after_seq").GetInt32());

        // Another process appends during the wait.
        var writer = new Thread(() =>
        {
            Thread.Sleep(500);
            using var client = new PlasmiteClient(h.PoolDir);
            using var pool = client.OpenPool("r");
            pool.AppendJson("{\"late\":true}"u8);
        });
        writer.Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var got = Structured(h.Call("plasmite_wait", """{"pool":"r","timeout_ms":20000}"""));
        writer.Join();
        Assert.False(got.GetProperty("timed_out").GetBoolean());
        Assert.Equal(31, got.GetProperty("messages")[0].GetProperty("seq").GetInt32());
        Assert.True(clock.ElapsedMilliseconds < 15000);
    }

    [Theory, MemberData(nameof(Transports))]
    public void Stale_cursor_fell_behind(string transport)
    {
        using var h = McpHost.Start(transport);
        string big = new('x', 32 * 1024);
        for (int i = 0; i < 40; i++) h.Call("plasmite_feed", "{\"pool\":\"s\",\"create\":true,\"data\":{\"p\":\"" + big + "\"}}");
        var r = Structured(h.Call("plasmite_read", """{"pool":"s","after_seq":0,"count":1}"""));
        Assert.True(r.GetProperty("fell_behind").GetBoolean());
        int oldest = r.GetProperty("oldest_available_seq").GetInt32();
        Assert.True(oldest > 1);
        Assert.Equal(oldest, r.GetProperty("messages")[0].GetProperty("seq").GetInt32());
        Assert.Equal(oldest, r.GetProperty("next_after_seq").GetInt32());
    }

    [Theory, MemberData(nameof(Transports))]
    public void Resources_list_and_read(string transport)
    {
        using var h = McpHost.Start(transport);
        h.Call("plasmite_pool_create", """{"name":"beta"}""");
        h.Call("plasmite_pool_create", """{"name":"alpha"}""");
        for (int i = 0; i < 3; i++) h.Call("plasmite_feed", """{"pool":"alpha","data":{"x":1}}""");
        var list = h.Result("resources/list").GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(["plasmite:///pools/alpha", "plasmite:///pools/beta"], list.Select(r => r.GetProperty("uri").GetString()));
        Assert.All(list, r => Assert.Equal("application/json", r.GetProperty("mimeType").GetString()));
        Assert.Contains("reading returns up to 20", list[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        var content = h.Result("resources/read", """{"uri":"plasmite:///pools/alpha"}""").GetProperty("contents").EnumerateArray().Single();
        Assert.Equal("plasmite:///pools/alpha", content.GetProperty("uri").GetString());
        using var batch = JsonDocument.Parse(content.GetProperty("text").GetString()!);
        Assert.Equal([1, 2, 3], batch.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt32()));
        Assert.Equal(3, batch.RootElement.GetProperty("next_after_seq").GetInt32());
        Assert.False(batch.RootElement.GetProperty("fell_behind").GetBoolean());
        string Read(string uri) => Error(h, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + uri + "\"}}").GetProperty("message").GetString()!;
        Assert.Equal("resource uri must be in plasmite:///pools/{name} format", Read("plasmite://localhost/pools/events"));
        Assert.Equal("resource uri must use plasmite scheme", Read("http://x/pools/a"));
        Assert.Equal("resource uri must not include query or fragment", Read("plasmite:///pools/a?x=1"));
        var missing = Error(h, """{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"plasmite:///pools/none"}}""");
        Assert.Equal(-32000, missing.GetProperty("code").GetInt32());
        Assert.Equal("NotFound", missing.GetProperty("data").GetProperty("error_kind").GetString());
    }
}
