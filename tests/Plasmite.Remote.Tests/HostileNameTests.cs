// Regression (issue #20.3): hostile pool names over HTTP (NUL, 300 characters, device names, Windows-only bytes) used to
// reach the file system and answer 500. Every endpoint now answers 400 Usage, and nothing appears on disk.
using System.Text;
using System.Text.Json;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class HostileNameTests
{
    // Percent-encoded path segments (and, decoded, JSON body values) that are not pool names.
    private static readonly string[] BadSegments =
    [
        "a%00b", "%00", "%00.plasmite", new string('n', 300), "CON", "nul", "com1.plasmite", "a%3Cb", "a%3Eb", "a%3Ab", "a%22b",
        "a%7Cb", "a%3Fb", "a*b", "tab%09x", "nl%0Ax", "a%2Fb", "a%5Cb", "%2F", "%5C..%5C..%5Cetc",
    ];

    private static string Decode(string segment) => Uri.UnescapeDataString(segment);

    [Fact]
    public async Task Hostile_names_are_400_usage_on_every_endpoint_and_touch_nothing()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("real", 64 * 1024);
        foreach (string seg in BadSegments)
        {
            foreach (var (method, path) in new (HttpMethod, string)[]
            {
                (HttpMethod.Get, $"/v0/pools/{seg}/info"),
                (HttpMethod.Get, $"/v0/ui/pools/{seg}/info"),
                (HttpMethod.Get, $"/v0/pools/{seg}/messages/1"),
                (HttpMethod.Get, $"/v0/pools/{seg}/messages/1/lite3"),
                (HttpMethod.Get, $"/v0/pools/{seg}/tail?timeout_ms=10"),
                (HttpMethod.Get, $"/v0/ui/pools/{seg}/events?timeout_ms=10"),
                (HttpMethod.Delete, $"/v0/pools/{seg}"),
            })
            {
                using var r = await s.SendAsync(method, path);
                await AssertClientMistake(r, $"{method} {path}");
            }
            using (var append = await s.PostJsonAsync($"/v0/pools/{seg}/append", "{\"data\":{}}"))
                await AssertClientMistake(append, "append " + seg);
            string name = JsonSerializer.Serialize(Decode(seg));
            using (var create = await s.PostJsonAsync("/v0/pools", $"{{\"pool\":{name},\"size_bytes\":65536}}"))
                await AssertClientMistake(create, "create " + seg);
            using (var open = await s.PostJsonAsync("/v0/pools/open", $"{{\"pool\":{name},\"create\":true}}"))
                await AssertClientMistake(open, "open " + seg);
        }
        using (var health = await s.Http.GetAsync("/healthz")) Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal(["real.plasmite"], Directory.GetFileSystemEntries(s.PoolDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Portable_unusual_names_still_work_over_http()
    {
        await using var s = await TestServer.StartAsync();
        // "." and ".." are fine names, but URL normalisation removes them as path segments: create them by body only.
        foreach (string name in new[] { "..", "." })
        {
            using var create = await s.PostJsonAsync("/v0/pools", JsonSerializer.Serialize(new { pool = name, size_bytes = 65536 }));
            Assert.True((int)create.StatusCode == 200, $"{name}: {await create.Content.ReadAsStringAsync()}");
        }
        foreach (string name in new[] { "a b", "été", "con-log", "x.plasmite", "a%b" })
        {
            string body = JsonSerializer.Serialize(new { pool = name, size_bytes = 65536 });
            using (var create = await s.PostJsonAsync("/v0/pools", body))
                Assert.True((int)create.StatusCode == 200, $"{name}: {await create.Content.ReadAsStringAsync()}");
            string seg = Uri.EscapeDataString(name);
            using var append = await s.PostJsonAsync($"/v0/pools/{seg}/append", "{\"data\":{\"k\":1}}");
            Assert.True((int)append.StatusCode == 200, $"{name}: {await append.Content.ReadAsStringAsync()}");
            using var get = await s.SendAsync(HttpMethod.Get, $"/v0/pools/{seg}/messages/1");
            Assert.Equal(200, (int)get.StatusCode);
        }
        Assert.Equal(7, Directory.GetFiles(s.PoolDir).Length);
    }

    private static async Task AssertClientMistake(HttpResponseMessage r, string what)
    {
        string body = await r.Content.ReadAsStringAsync();
        int status = (int)r.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{what}: {status} {body}");
        // Kestrel itself refuses some raw targets (400 without a body); the server's own answers say Usage.
        if (body.Length > 0 && body.TrimStart().StartsWith('{'))
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error))
                Assert.True(error.GetProperty("kind").GetString() == "Usage", $"{what}: {body}");
        }
        else if (status != 400 && status != 405)
        {
            Assert.Fail($"{what}: {status} {Encoding.UTF8.GetByteCount(body)} bytes");
        }
    }
}
