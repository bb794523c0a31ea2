// Spawns the real CLI as an MCP server: `plasmite mcp` over stdio or `plasmite serve` answering POST /mcp.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Plasmite.Mcp.Tests;

/// <summary>One MCP server process; <see cref="Send"/> returns the response (null when none came).</summary>
internal abstract class McpHost : IDisposable
{
    private readonly TempDir _dir = new("mcp-");

    public string Dir => _dir.Path;

    public string PoolDir => Path.Combine(Dir, "pools");

    public abstract JsonElement? Send(string json);

    public JsonElement Result(string method, string? paramsJson = null, string id = "1")
    {
        var r = Send($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\"" + (paramsJson is null ? "" : ",\"params\":" + paramsJson) + "}")!.Value;
        Assert.True(r.TryGetProperty("result", out var result), r.GetRawText());
        return result;
    }

    public JsonElement Call(string tool, string args) => Result("tools/call", $"{{\"name\":\"{tool}\",\"arguments\":{args}}}");

    public abstract void Dispose();

    /// <summary>Deletes <see cref="Dir"/> (the end of every host's Dispose).</summary>
    protected void DeleteDir() => _dir.Dispose();

    public static McpHost Start(string transport, params string[] serveOptions) =>
        transport == "stdio" ? new StdioHost() : new HttpHost(serveOptions);

    internal static string CliDll
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "plasmite.dll");
            if (File.Exists(local)) return local;
            throw new FileNotFoundException("plasmite.dll not next to the tests");
        }
    }

    [DllImport("libc", SetLastError = true)]
    internal static extern int kill(int pid, int sig);
}

internal sealed class StdioHost : McpHost
{
    private readonly Process _process;

    public StdioHost()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliDll, "mcp", "--dir", PoolDir }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginErrorReadLine();
    }

    public Process Process => _process;

    public void WriteRaw(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Flush();
    }

    public string? ReadLine(int timeoutMs = 20000)
    {
        var task = _process.StandardOutput.ReadLineAsync();
        return task.Wait(timeoutMs) ? task.Result : throw new TimeoutException("no MCP response line");
    }

    public override JsonElement? Send(string json)
    {
        WriteRaw(json + "\n");
        bool notification = !json.Contains("\"id\"", StringComparison.Ordinal) && json.Contains("\"method\"", StringComparison.Ordinal)
            && json.Contains("\"jsonrpc\":\"2.0\"", StringComparison.Ordinal);
        if (notification)
        {
            // Nothing must come back: a ping right after proves it (responses are strictly ordered).
            WriteRaw("{\"jsonrpc\":\"2.0\",\"id\":\"probe\",\"method\":\"ping\"}\n");
            using var probe = JsonDocument.Parse(ReadLine()!);
            Assert.Equal("probe", probe.RootElement.GetProperty("id").GetString());
            return null;
        }
        using var doc = JsonDocument.Parse(ReadLine()!);
        return doc.RootElement.Clone();
    }

    public override void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill(true);
        }
        finally
        {
            _process.Dispose();
            DeleteDir();
        }
    }
}

internal sealed class HttpHost : McpHost
{
    private readonly ServeProcess _server;

    public HttpHost(string[] serveOptions)
    {
        _server = new ServeProcess(PoolDir, serveOptions);
        BaseUrl = _server.BaseUrl.ToString().TrimEnd('/');
        Http = new HttpClient { BaseAddress = _server.BaseUrl, Timeout = TimeSpan.FromSeconds(90) };
    }

    /// <summary>Everything the server printed so far.</summary>
    public string Output => _server.Output;

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public string? Token { get; set; }

    public HttpResponseMessage Post(string body, string? contentType = "application/json", Action<HttpRequestMessage>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        headers?.Invoke(request);
        return Http.Send(request);
    }

    public HttpResponseMessage Get(string path) => Http.Send(new HttpRequestMessage(HttpMethod.Get, path));

    public static string Text(HttpResponseMessage response) => response.Content.ReadAsStringAsync().GetAwaiter().GetResult();

    public override JsonElement? Send(string json)
    {
        using var response = Post(json);
        string text = response.Content.ReadAsStringAsync().Result;
        Assert.Equal("0", response.Headers.GetValues("plasmite-version").Single());
        if (!json.Contains("\"id\"", StringComparison.Ordinal) && (int)response.StatusCode == 202)
        {
            Assert.Equal("", text);
            return null;
        }
        Assert.Equal(200, (int)response.StatusCode);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public override void Dispose()
    {
        Http.Dispose();
        _server.Dispose();
        DeleteDir();
    }
}
