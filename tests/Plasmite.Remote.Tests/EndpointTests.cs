// Every v0 route over real HTTP: bodies, headers, statuses and error envelopes (remote-v0 §5, §9).
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class EndpointTests
{
    [Fact]
    public async Task Healthz_is_ok_with_version_header()
    {
        await using var s = await TestServer.StartAsync();
        using var r = await s.Http.GetAsync("/healthz");
        var body = await Responses.OkJsonAsync(r);
        Assert.True(body.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Create_open_info_list_delete_round_trip()
    {
        await using var s = await TestServer.StartAsync();
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"demo\",\"size_bytes\":1048576}"))
        {
            var pool = (await Responses.OkJsonAsync(r)).GetProperty("pool");
            Assert.Equal("demo", pool.GetProperty("name").GetString());
            Assert.Equal(Path.Combine(s.PoolDir, "demo.plasmite"), pool.GetProperty("path").GetString());
            Assert.Equal(1048576UL, pool.GetProperty("file_size").GetUInt64());
            Assert.Equal(JsonValueKind.Object, pool.GetProperty("bounds").ValueKind);
            Assert.Empty(pool.GetProperty("bounds").EnumerateObject());
            Assert.Equal(JsonValueKind.Null, pool.GetProperty("metrics").GetProperty("age").GetProperty("oldest_time").ValueKind);
            Assert.Equal(0.0, pool.GetProperty("metrics").GetProperty("utilization").GetProperty("used_percent").GetDouble());
        }
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"nosize\",\"size_bytes\":null}"))
            Assert.Equal(1048576UL, (await Responses.OkJsonAsync(r)).GetProperty("pool").GetProperty("file_size").GetUInt64());
        await s.AppendAsync("demo", "{\"x\":1}");
        await s.AppendAsync("demo", "{\"x\":2}");
        using (var r = await s.PostJsonAsync("/v0/pools/open", "{\"pool\":\"demo\"}"))
        {
            var pool = (await Responses.OkJsonAsync(r)).GetProperty("pool");
            Assert.Equal(1UL, pool.GetProperty("bounds").GetProperty("oldest").GetUInt64());
            Assert.Equal(2UL, pool.GetProperty("bounds").GetProperty("newest").GetUInt64());
            Assert.Equal(2UL, pool.GetProperty("metrics").GetProperty("message_count").GetUInt64());
            Assert.Equal(JsonValueKind.String, pool.GetProperty("metrics").GetProperty("age").GetProperty("newest_time").ValueKind);
        }
        using (var r = await s.Http.GetAsync("/v0/pools/demo/info"))
        {
            string raw = await r.Content.ReadAsStringAsync();
            Assert.StartsWith("{\"pool\":{\"bounds\":{\"newest\":2,\"oldest\":1},\"file_size\":1048576,\"index_capacity\":", raw);
            Assert.DoesNotContain(" ", raw.Replace(s.PoolDir, "", StringComparison.Ordinal));
        }
        using (var r = await s.Http.GetAsync("/v0/pools"))
        {
            var pools = (await Responses.OkJsonAsync(r)).GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Equal(["demo", "nosize"], pools);
        }
        using (var r = await s.Http.GetAsync("/v0/ui/pools/demo/info"))
            Assert.Equal("demo", (await Responses.OkJsonAsync(r)).GetProperty("pool").GetProperty("name").GetString());
        using (var r = await s.SendAsync(HttpMethod.Delete, "/v0/pools/demo"))
            Assert.True((await Responses.OkJsonAsync(r)).GetProperty("ok").GetBoolean());
        using (var r = await s.SendAsync(HttpMethod.Delete, "/v0/pools/demo"))
        {
            var e = await Responses.ErrorAsync(r, 404, "NotFound", "failed to delete pool");
            Assert.EndsWith("demo.plasmite", e.GetProperty("path").GetString());
        }
        using (var r = await s.Http.GetAsync("/v0/pools/demo/info"))
            await Responses.ErrorAsync(r, 404, "NotFound");
    }

    [Fact]
    public async Task Create_errors_map_to_statuses()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"demo\"}"))
        {
            var e = await Responses.ErrorAsync(r, 409, "AlreadyExists");
            Assert.True(e.TryGetProperty("path", out _));
        }
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"tiny\",\"size_bytes\":100}"))
            await Responses.ErrorAsync(r, 400, "Usage");
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"a/b\"}"))
            await Responses.ErrorAsync(r, 400, "Usage", "pool name must not contain path separators");
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"size_bytes\":5}"))
            await Responses.ErrorAsync(r, 422, "Usage");
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"x\",\"size_bytes\":\"big\"}"))
            await Responses.ErrorAsync(r, 422, "Usage");
        using (var r = await s.PostJsonAsync("/v0/pools", "{not json"))
            await Responses.ErrorAsync(r, 400, "Usage");
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"x\"}", contentType: "text/plain"))
            await Responses.ErrorAsync(r, 415, "Usage");
        using (var r = await s.PostJsonAsync("/v0/pools/open", "{\"pool\":\"missing\"}"))
            await Responses.ErrorAsync(r, 404, "NotFound", "not found");
    }

    [Fact]
    public async Task Path_like_pool_names_are_rejected_in_every_route()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        foreach (string path in (string[])["/v0/pools/a%2Fb/info", "/v0/pools/..%2Fdemo/info", "/v0/pools/a%2fb/messages/1",
                     "/v0/pools/%2Fetc%2Fpasswd/tail?timeout_ms=0", "/v0/ui/pools/a%2Fb/info"])
        {
            using var r = await s.Http.GetAsync(path);
            await Responses.ErrorAsync(r, 400, "Usage", "pool name must not contain path separators");
        }
        using (var r = await s.PostJsonAsync("/v0/pools/a%2Fb/append", "{\"data\":{}}"))
            await Responses.ErrorAsync(r, 400, "Usage", "pool name must not contain path separators");
        using (var r = await s.SendAsync(HttpMethod.Delete, "/v0/pools/..%2Fx"))
            await Responses.ErrorAsync(r, 400, "Usage", "pool name must not contain path separators");
        using (var r = await s.PostJsonAsync("/v0/pools/open", "{\"pool\":\"../demo\"}"))
            await Responses.ErrorAsync(r, 400, "Usage", "pool name must not contain path separators");
        Assert.True(File.Exists(Path.Combine(s.PoolDir, "demo.plasmite")));
    }

    [Fact]
    public async Task Append_and_get_echo_sorted_message()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":{\"z\":1,\"a\":{\"y\":true,\"b\":null}},\"tags\":[\"ping\",\" raw \"],\"durability\":\"flush\"}"))
        {
            string body = await r.Content.ReadAsStringAsync();
            Assert.Equal(200, (int)r.StatusCode);
            Assert.StartsWith("{\"message\":{\"data\":{\"a\":{\"b\":null,\"y\":true},\"z\":1},\"meta\":{\"tags\":[\"ping\",\" raw \"]},\"seq\":1,\"time\":\"", body);
        }
        using (var r = await s.Http.GetAsync("/v0/pools/demo/messages/1"))
        {
            var m = (await Responses.OkJsonAsync(r)).GetProperty("message");
            Assert.Equal(1UL, m.GetProperty("seq").GetUInt64());
            Assert.EndsWith("Z", m.GetProperty("time").GetString());
            Assert.Equal(1, m.GetProperty("data").GetProperty("z").GetInt32());
        }
        using (var r = await s.Http.GetAsync("/v0/pools/demo/messages/7"))
        {
            var e = await Responses.ErrorAsync(r, 404, "NotFound", "message not found");
            Assert.Equal(7UL, e.GetProperty("seq").GetUInt64());
            Assert.False(e.TryGetProperty("path", out _));
        }
        foreach (string bad in (string[])["abc", "-1", "18446744073709551616", "1.5"])
        {
            using var r = await s.Http.GetAsync("/v0/pools/demo/messages/" + bad);
            await Responses.ErrorAsync(r, 400, "Usage");
        }
    }

    [Fact]
    public async Task Append_validation_errors()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":[1,2]}"))
            await Responses.ErrorAsync(r, 400, "Usage", "data must be object");
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":null}"))
            await Responses.ErrorAsync(r, 400, "Usage", "data must be object");
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"tags\":[]}"))
            await Responses.ErrorAsync(r, 422, "Usage");
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":{},\"tags\":[1]}"))
            await Responses.ErrorAsync(r, 422, "Usage");
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":{},\"durability\":\"weird\"}"))
            Assert.Equal(200, (int)r.StatusCode);
        using (var r = await s.PostJsonAsync("/v0/pools/missing/append", "{\"data\":[]}"))
            await Responses.ErrorAsync(r, 404, "NotFound");
        File.WriteAllText(Path.Combine(s.PoolDir, "broken.plasmite"), "NOPE");
        using (var r = await s.PostJsonAsync("/v0/pools/broken/append", "{\"data\":[]}"))
            await Responses.ErrorAsync(r, 500, "Corrupt");
        using (var r = await s.Http.GetAsync("/v0/pools"))
            await Responses.ErrorAsync(r, 500, "Corrupt");
    }

    [Fact]
    public async Task Lite3_append_and_get()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        byte[] payload = Lite3Envelope.Encode(["l3"], "{\"k\":\"v\"}"u8);
        using (var content = new ByteArrayContent(payload))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-plasmite-lite3");
            using var r = await s.Http.PostAsync("/v0/pools/demo/append_lite3?durability=flush", content);
            var m = (await Responses.OkJsonAsync(r)).GetProperty("message");
            Assert.Equal(1UL, m.GetProperty("seq").GetUInt64());
            Assert.Equal("v", m.GetProperty("data").GetProperty("k").GetString());
            Assert.Equal("l3", m.GetProperty("meta").GetProperty("tags")[0].GetString());
        }
        using (var r = await s.Http.GetAsync("/v0/pools/demo/messages/1/lite3"))
        {
            Assert.Equal(200, (int)r.StatusCode);
            Assert.Equal("application/x-plasmite-lite3", r.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1", r.Headers.GetValues("plasmite-seq").Single());
            Assert.Equal("0", r.Headers.GetValues("plasmite-version").Single());
            Assert.Equal(payload, await r.Content.ReadAsByteArrayAsync());
        }
        using (var content = new ByteArrayContent(payload))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var r = await s.Http.PostAsync("/v0/pools/demo/append_lite3", content);
            await Responses.ErrorAsync(r, 400, "Usage", "invalid content-type for lite3 append");
        }
        using (var r = await s.Http.PostAsync("/v0/pools/demo/append_lite3", new ByteArrayContent([])))
            await Responses.ErrorAsync(r, 400, "Usage", "lite3 payload is required");
        using (var r = await s.Http.PostAsync("/v0/pools/demo/append_lite3", new ByteArrayContent([1, 2, 3, 4, 5, 6, 7, 8, 9])))
            await Responses.ErrorAsync(r, 500, "Corrupt");
        using (var r = await s.Http.GetAsync("/v0/pools/demo/messages/9/lite3"))
            await Responses.ErrorAsync(r, 404, "NotFound", "message not found");
    }

    [Fact]
    public async Task Pool_recreated_behind_the_servers_back_is_reopened()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("demo");
        Assert.Equal(1UL, await s.AppendAsync("demo", "{\"gen\":\"old\"}"));
        using (var local = s.Local())
        {
            local.DeletePool("demo");
            using var fresh = local.CreatePool("demo");
            fresh.AppendJson("{\"gen\":\"new\"}"u8);
        }
        using (var r = await s.Http.GetAsync("/v0/pools/demo/messages/1"))
            Assert.Equal("new", (await Responses.OkJsonAsync(r)).GetProperty("message").GetProperty("data").GetProperty("gen").GetString());
        Assert.Equal(2UL, await s.AppendAsync("demo", "{\"gen\":\"newer\"}"));
        using (var local = s.Local())
        using (var p = local.OpenPool("demo"))
            Assert.Equal("newer", p.Get(2).Data.GetProperty("gen").GetString());
        using (var r = await s.SendAsync(HttpMethod.Delete, "/v0/pools/demo"))
            await Responses.OkJsonAsync(r);
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":{}}"))
            await Responses.ErrorAsync(r, 404, "NotFound");
    }

    [Fact]
    public async Task Framework_rejections_carry_version_header()
    {
        await using var s = await TestServer.StartAsync();
        using (var r = await s.Http.GetAsync("/v0/nothing/here"))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("0", r.Headers.GetValues("plasmite-version").Single());
        }
        using (var r = await s.SendAsync(HttpMethod.Put, "/v0/pools"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
            Assert.Equal("0", r.Headers.GetValues("plasmite-version").Single());
        }
        using (var r = await s.SendAsync(HttpMethod.Options, "/v0/pools"))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        // /mcp is served by the MCP endpoint now (its statuses are tested in Plasmite.Mcp.Tests), not a framework 404.
        using (var r = await s.PostJsonAsync("/mcp", "{}"))
            Assert.NotEqual(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task Ui_routes_serve_the_page_without_auth()
    {
        await using var s = await TestServer.StartAsync(o => o.Token = "secret");
        foreach (string path in (string[])["/ui", "/ui/pools/demo"])
        {
            using var r = await s.Http.GetAsync(path);
            Assert.Equal(200, (int)r.StatusCode);
            Assert.Equal("text/html; charset=utf-8", r.Content.Headers.ContentType?.ToString());
            Assert.Equal("0", r.Headers.GetValues("plasmite-version").Single());
            string html = await r.Content.ReadAsStringAsync();
            Assert.Contains("<title>Plasmite UI</title>", html);
            Assert.DoesNotContain("src=\"http", html);
        }
        using (var r = await s.Http.GetAsync("/v0/ui/pools"))
            await Responses.ErrorAsync(r, 401, "Permission", "missing bearer token");
    }
}
