// Headless Chromium driven over the DevTools protocol (CDP) with ClientWebSocket; loopback only.
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Plasmite.Remote.Tests.Support;

/// <summary>A [Fact] that is skipped, with the reason, only when no Chromium executable exists on this machine.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null)
            Skip = "chromium is not installed (CI must run: apt-get update && apt-get install -y chromium)";
    }
}

internal sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDir _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private Chromium(Process process, TempDir profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    public static string? Executable =>
        ((string[])["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]).FirstOrDefault(File.Exists);

    /// <summary>Launches headless Chromium on <paramref name="url"/> and attaches to the page target.</summary>
    public static async Task<Chromium> LaunchAsync(Uri url, int width = 1200, int height = 800)
    {
        var profile = new TempDir();
        var psi = new ProcessStartInfo(Executable!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--window-size={width},{height}",
                     "--user-data-dir=" + profile.Path, url.ToString()])
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        string portFile = Path.Combine(profile.Path, "DevToolsActivePort");
        var sw = Stopwatch.StartNew();
        while (!File.Exists(portFile) || File.ReadAllText(portFile).Split('\n')[0].Length == 0)
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
                throw new InvalidOperationException("chromium did not open its DevTools port");
            await Task.Delay(100);
        }
        int port = int.Parse(File.ReadAllText(portFile).Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string? wsUrl = null;
        while (wsUrl is null)
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(60)) throw new InvalidOperationException("no page target");
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"));
            foreach (var t in doc.RootElement.EnumerateArray())
                if (t.GetProperty("type").GetString() == "page") wsUrl = t.GetProperty("webSocketDebuggerUrl").GetString();
            if (wsUrl is null) await Task.Delay(100);
        }
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new Uri(wsUrl), cts.Token);
        return new Chromium(process, profile, socket);
    }

    /// <summary>Sends a CDP command and returns its <c>result</c>.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var sb = new StringBuilder();
        sb.Append("{\"id\":").Append(id).Append(",\"method\":\"").Append(method).Append('"');
        if (parameters is string raw) sb.Append(",\"params\":").Append(raw);
        sb.Append('}');
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(sb.ToString()), WebSocketMessageType.Text, true, cts.Token);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var ms = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = await _socket.ReceiveAsync(buffer, cts.Token);
                ms.Write(buffer, 0, r.Count);
            }
            while (!r.EndOfMessage);
            using var doc = JsonDocument.Parse(ms.ToArray());
            if (doc.RootElement.TryGetProperty("id", out var rid) && rid.GetInt32() == id)
            {
                if (doc.RootElement.TryGetProperty("error", out var err)) throw new InvalidOperationException("CDP error: " + err);
                return doc.RootElement.GetProperty("result").Clone();
            }
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", JsonSerializer.Serialize(new Dictionary<string, object> { ["expression"] = expression, ["returnByValue"] = true },
            TestCdpJson.Default.DictionaryStringObject));
        return result.GetProperty("result").TryGetProperty("value", out var v) ? v.Clone() : default;
    }

    /// <summary>Polls <paramref name="expression"/> until it evaluates to true (bounded).</summary>
    public async Task<bool> WaitForAsync(string expression, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            var v = await EvaluateAsync(expression);
            if (v.ValueKind == JsonValueKind.True) return true;
            await Task.Delay(100);
        }
        return false;
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", "{\"format\":\"png\"}");
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Abort();
            _socket.Dispose();
        }
        finally
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
            {
            }
            _process.Dispose();
            _profile.Dispose();
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TestCdpJson : System.Text.Json.Serialization.JsonSerializerContext;
