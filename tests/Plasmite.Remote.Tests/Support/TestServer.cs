// Starts a real Kestrel server through ServerHost on 127.0.0.1:0 with a throwaway pool directory.
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Plasmite.Cli.Server;

namespace Plasmite.Remote.Tests.Support;

internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(TempDir dir, RunningServer server, HttpClient http)
    {
        Dir = dir;
        Server = server;
        Http = http;
    }

    public TempDir Dir { get; }

    public RunningServer Server { get; }

    /// <summary>A client with BaseAddress set and a 30 s timeout (every request bounded).</summary>
    public HttpClient Http { get; }

    public Uri BaseUrl => Server.BaseUrl;

    public string PoolDir => Dir.Path;

    public static async Task<TestServer> StartAsync(Action<ServerOptions>? configure = null, TempDir? dir = null)
    {
        dir ??= new TempDir();
        var options = new ServerOptions { PoolDirectory = dir.Path, Bind = "127.0.0.1:0", ReadyFile = null, ShutdownTimeout = TimeSpan.FromSeconds(3) };
        configure?.Invoke(options);
        var server = await ServerHost.StartAsync(options);
        var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        return new TestServer(dir, server, http);
    }

    public RemoteClient Client(string? token = null) => new(BaseUrl, token);

    public PlasmiteClient Local() => new(PoolDir);

    public async Task<HttpResponseMessage> PostJsonAsync(string path, string json, string? token = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await Http.SendAsync(request);
    }

    public async Task CreatePoolAsync(string name, ulong size = 1 << 20, string? token = null)
    {
        using var r = await PostJsonAsync("/v0/pools", $"{{\"pool\":\"{name}\",\"size_bytes\":{size}}}", token);
        Assert.Equal(200, (int)r.StatusCode);
    }

    public async Task<ulong> AppendAsync(string pool, string data, string tags = "[]", string? token = null)
    {
        using var r = await PostJsonAsync($"/v0/pools/{pool}/append", $"{{\"data\":{data},\"tags\":{tags}}}", token);
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("message").GetProperty("seq").GetUInt64();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Dir.Dispose();
    }
}

/// <summary>Assertions on error responses.</summary>
internal static class Responses
{
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, int status, string kind, string? message = null)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.True(response.Headers.TryGetValues("plasmite-version", out var v) && v.Single() == "0", "missing plasmite-version");
        using var doc = JsonDocument.Parse(body);
        var error = doc.RootElement.GetProperty("error").Clone();
        Assert.Equal(kind, error.GetProperty("kind").GetString());
        if (message is not null) Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.False(error.TryGetProperty("hint", out _));
        return error;
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(200 == (int)response.StatusCode, $"expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0", response.Headers.GetValues("plasmite-version").Single());
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
