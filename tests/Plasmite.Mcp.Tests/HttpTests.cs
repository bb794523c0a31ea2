// mcp.md §12 HTTP-only items: statuses, headers, auth, access modes, the shared tail budget; and stdio framing.
namespace Plasmite.Mcp.Tests;

[Trait("Category", "Process")]
public sealed class HttpTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";

    private static int Status(HttpResponseMessage r)
    {
        Assert.Equal("0", r.Headers.GetValues("plasmite-version").Single());
        return (int)r.StatusCode;
    }

    [Fact]
    public void Statuses_headers_and_framework_rejections()
    {
        // A small body limit: an over-limit body that fits the socket buffers is sent whole before the 413 answer
        // closes the connection (a multi-MiB body could meet a broken pipe while the client is still writing).
        using var h = new HttpHost(["--max-body-bytes", "4096"]);
        using (var get = h.Get("/mcp")) Assert.Equal(405, (int)get.StatusCode);
        using (var r = h.Post("""{"jsonrpc":"2.0","id":1,"method":"initialize"}"""))
        {
            Assert.Equal(200, Status(r));
            Assert.Equal("application/json", r.Content.Headers.ContentType!.MediaType);
        }
        using (var r = h.Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""")) Assert.Equal(202, Status(r));
        using (var r = h.Post("""{"jsonrpc":"2.0","id":42,"result":{}}"""))
        {
            Assert.Equal(202, Status(r));
            Assert.Equal("", HttpHost.Text(r));
        }
        using (var r = h.Post(Ping, headers: m => m.Headers.Add("MCP-Protocol-Version", "not-supported"))) Assert.Equal(400, Status(r));
        using (var r = h.Post(Ping, headers: m => m.Headers.Add("MCP-Protocol-Version", "2025-11-25"))) Assert.Equal(200, Status(r));
        using (var r = h.Post(Ping, headers: m => m.Headers.TryAddWithoutValidation("Origin", "not a valid origin"))) Assert.Equal(403, Status(r));
        using (var r = h.Post(Ping, headers: m => m.Headers.TryAddWithoutValidation("Origin", "null"))) Assert.Equal(403, Status(r));
        using (var r = h.Post(Ping, headers: m => m.Headers.TryAddWithoutValidation("Origin", "https://demo.wratify.ai"))) Assert.Equal(200, Status(r));
        using (var r = h.Post("{bad")) Assert.Equal(400, (int)r.StatusCode);
        using (var r = h.Post(Ping, contentType: null)) Assert.Equal(415, (int)r.StatusCode);
        using (var r = h.Post("{\"pad\":\"" + new string('x', 16 * 1024) + "\"}")) Assert.Equal(413, (int)r.StatusCode);
        using (var r = h.Post("[]"))
        {
            Assert.Equal(200, Status(r));
            Assert.Contains("-32600", HttpHost.Text(r), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bearer_token_is_required_for_every_request()
    {
        using var h = new HttpHost(["--token", "sekrit"]);
        using (var r = h.Post("""{"jsonrpc":"2.0","id":1,"method":"initialize"}"""))
        {
            Assert.Equal(401, Status(r));
            Assert.Contains("\"kind\":\"Permission\"", HttpHost.Text(r), StringComparison.Ordinal);
        }
        h.Token = "wrong";
        using (var r = h.Post(Ping)) Assert.Equal(401, Status(r));
        h.Token = "sekrit";
        using (var r = h.Post(Ping)) Assert.Equal(200, Status(r));
    }

    [Fact]
    public void Read_only_lists_read_tools_and_refuses_writes()
    {
        using var h = new HttpHost(["--access", "read-only"]);
        Assert.Equal(["plasmite_pool_list", "plasmite_pool_info", "plasmite_fetch", "plasmite_read", "plasmite_wait"],
            h.Result("tools/list").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var feed = h.Call("plasmite_feed", """{"pool":"a","data":{},"create":true}""");
        Assert.True(feed.GetProperty("isError").GetBoolean());
        Assert.Equal("""{"error_kind":"Permission","hint":"Adjust --access to permit this operation.","tool":"plasmite_feed"}""",
            feed.GetProperty("structuredContent").GetRawText());
        Assert.Equal("forbidden: access mode disallows write operations", feed.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Write_only_lists_write_tools_and_refuses_reads_and_resources()
    {
        using var h = new HttpHost(["--access", "write-only"]);
        Assert.Equal(["plasmite_pool_create", "plasmite_pool_delete", "plasmite_feed"],
            h.Result("tools/list").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("Permission", h.Call("plasmite_pool_list", "{}").GetProperty("structuredContent").GetProperty("error_kind").GetString());
        Assert.False(h.Call("plasmite_pool_create", """{"name":"w"}""").TryGetProperty("isError", out _));
        Assert.False(h.Call("plasmite_feed", """{"pool":"w","data":{"a":1}}""").TryGetProperty("isError", out _));
        var e = h.Send("""{"jsonrpc":"2.0","id":1,"method":"resources/list"}""")!.Value.GetProperty("error");
        Assert.Equal(-32000, e.GetProperty("code").GetInt32());
        Assert.Equal("Permission", e.GetProperty("data").GetProperty("error_kind").GetString());
        var noUri = h.Send("""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{}}""")!.Value.GetProperty("error");
        Assert.Equal(-32602, noUri.GetProperty("code").GetInt32());
    }

    [Fact]
    public void Waits_share_the_tail_budget_and_do_not_block_other_requests()
    {
        using var h = new HttpHost(["--max-tail-concurrency", "1"]);
        h.Call("plasmite_pool_create", """{"name":"t"}""");
        var waiter = new Thread(() => h.Call("plasmite_wait", """{"pool":"t","timeout_ms":3000}"""));
        waiter.Start();
        Thread.Sleep(800);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("{}", h.Result("ping").GetRawText());
        Assert.True(clock.ElapsedMilliseconds < 2000, "ping waited for the wait");
        var busy = h.Call("plasmite_wait", """{"pool":"t","timeout_ms":10}""");
        Assert.Equal("Busy", busy.GetProperty("structuredContent").GetProperty("error_kind").GetString());
        using (var tail = h.Get("/v0/pools/t/tail?timeout_ms=10")) Assert.Equal(423, (int)tail.StatusCode);
        waiter.Join();
        Assert.False(h.Call("plasmite_wait", """{"pool":"t","timeout_ms":10}""").TryGetProperty("isError", out _));
    }

    [Fact]
    public void Stdio_framing_invalid_json_blank_lines_crlf_and_eof()
    {
        using var h = new StdioHost();
        h.WriteRaw("not json\n\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\r\n{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n");
        Assert.Equal("""{"error":{"code":-32700,"message":"invalid JSON"},"id":null,"jsonrpc":"2.0"}""", h.ReadLine());
        Assert.Equal("""{"id":2,"jsonrpc":"2.0","result":{}}""", h.ReadLine());
        Assert.Equal("""{"error":{"code":-32600,"message":"missing method field"},"id":7,"jsonrpc":"2.0"}""", h.ReadLine());
        h.WriteRaw("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        h.Process.StandardInput.Close();
        Assert.Equal("""{"id":3,"jsonrpc":"2.0","result":{}}""", h.ReadLine());
        Assert.True(h.Process.WaitForExit(3000));
        Assert.Equal(0, h.Process.ExitCode);
    }

    [Fact]
    public void Mcp_help_names_the_command()
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(McpHost.CliDll);
        psi.ArgumentList.Add("mcp");
        psi.ArgumentList.Add("--help");
        using var p = System.Diagnostics.Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("plasmite mcp", output, StringComparison.Ordinal);
    }
}
