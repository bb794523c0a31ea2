// Every command, URL and example printed by `plasmite serve` (banner), `serve init` and `serve check` is run and must succeed.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace Plasmite.Mcp.Tests;

[Trait("Category", "Process")]
public sealed class PrintedExamplesTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The printed placeholders, filled with the real values (the token is never printed).</summary>
    private sealed record Secrets(string? Token = null, string? TokenFile = null, string? TlsCert = null)
    {
        public string Fill(string command)
        {
            string c = command.Replace("YOUR-HOST", "127.0.0.1", StringComparison.Ordinal);
            if (Token is not null) c = c.Replace("<token>", Token, StringComparison.Ordinal);
            if (TokenFile is not null) c = c.Replace("<token-file>", TokenFile, StringComparison.Ordinal);
            if (TlsCert is not null) c = c.Replace("<tls-cert>", TlsCert, StringComparison.Ordinal);
            Assert.DoesNotContain("<", c, StringComparison.Ordinal);
            return c;
        }
    }

    /// <summary>Runs the client commands in printed order; a `follow` must print the fed message, a curl must answer JSON without error.</summary>
    private static void RunClientCommands(Shell sh, IEnumerable<string> commands, string cwd, Secrets secrets)
    {
        foreach (string printed in commands)
        {
            string command = secrets.Fill(printed);
            if (command.StartsWith("plasmite serve", StringComparison.Ordinal)) continue; // the caller runs the server
            if (command.StartsWith("plasmite follow", StringComparison.Ordinal))
            {
                var (follow, output) = sh.Background(command, cwd);
                Shell.AwaitOutput(output, "\"hello\":\\s*\"world\"", follow);
                Shell.Stop(follow);
                continue;
            }
            var (code, stdout, stderr) = sh.Run(command, cwd);
            Assert.True(code == 0, $"`{command}` exited {code}: {stdout} {stderr}");
            if (command.StartsWith("curl", StringComparison.Ordinal))
            {
                string first = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                using var doc = JsonDocument.Parse(first);
                Assert.False(doc.RootElement.TryGetProperty("error", out _), $"`{command}` answered {stdout}");
                if (command.Contains("/tail", StringComparison.Ordinal)) Assert.Contains("\"hello\":\"world\"", stdout, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The UI URL answers 200 HTML; the MCP URL serves the official MCP client.</summary>
    private static async Task CheckUrls(IEnumerable<string> urls, Secrets secrets, string? fingerprint)
    {
        var list = urls.ToList();
        Assert.Contains(list, u => u.EndsWith("/mcp", StringComparison.Ordinal));
        foreach (string url in list.Select(secrets.Fill))
        {
            if (url.EndsWith("/mcp", StringComparison.Ordinal))
            {
                using var cts = new CancellationTokenSource(Shell.Patience);
                var headers = secrets.Token is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + secrets.Token };
                var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(url), AdditionalHeaders = headers },
                    new HttpClient(PrintedHttp.Handler(fingerprint)), loggerFactory: null, ownsHttpClient: true);
                await using var client = await McpClient.CreateAsync(transport, OfficialClients.Options(), cancellationToken: cts.Token);
                Assert.Equal(8, (await client.ListToolsAsync(cancellationToken: cts.Token)).Count);
                var read = await client.CallToolAsync("plasmite_read", new Dictionary<string, object?> { ["pool"] = "demo" }, cancellationToken: cts.Token);
                Assert.True(read.IsError is null or false, read.StructuredContent?.GetRawText());
            }
            else
            {
                using var http = PrintedHttp.Client(secrets.Token, fingerprint);
                using var r = await http.GetAsync(new Uri(url));
                Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)r.StatusCode}");
            }
        }
    }

    /// <summary>Starts `plasmite serve` on a terminal and returns its banner once it is listening.</summary>
    private static (Process Server, string Banner) StartServe(Shell sh, string command, string cwd)
    {
        string ready = Path.Combine(sh.Root, "ready-" + Guid.NewGuid().ToString("N"));
        var (server, output) = sh.Background(command, cwd, terminal: true, readyFile: ready);
        Shell.AwaitFile(ready, server, output);
        Shell.AwaitOutput(output, "Press Ctrl-C to stop\\.", server);
        lock (output) return (server, output.ToString());
    }

    private static string? FingerprintIn(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Fingerprint: ", StringComparison.Ordinal))?["Fingerprint: ".Length..];

    [Theory]
    [InlineData("")]
    [InlineData("--token interop-token")]
    [InlineData("--token interop-token --tls-self-signed")]
    public async Task Serve_banner_commands_and_urls_work(string options)
    {
        using var sh = new Shell();
        string pools = Path.Combine(sh.Root, "pools");
        var (server, banner) = StartServe(sh, $"plasmite --dir {pools} serve --bind 127.0.0.1:0 {options}", sh.Root);
        var secrets = new Secrets(Token: options.Contains("--token", StringComparison.Ordinal) ? "interop-token" : null);
        var commands = Shell.Commands(banner);
        Assert.Equal(4, commands.Count); // curl creating demo, feed, follow, curl append
        RunClientCommands(sh, commands, sh.Root, secrets);
        await CheckUrls(Shell.LabelledUrls(banner), secrets, FingerprintIn(banner));
        Shell.Stop(server);
    }

    [Fact]
    public async Task Serve_init_human_commands_start_a_server_whose_printed_clients_and_urls_work()
    {
        using var sh = new Shell();
        string dir = Path.Combine(sh.Root, "secure");
        int port = FreePort();
        var (code, text, err) = sh.Run($"plasmite serve init --output-dir {dir} --bind 0.0.0.0:{port}", sh.Root, terminal: true);
        Assert.True(code == 0, text + err);
        Assert.StartsWith("Secure serving initialized.", text, StringComparison.Ordinal);
        var commands = Shell.Commands(text);
        string serve = Assert.Single(commands, c => c.StartsWith("plasmite serve", StringComparison.Ordinal));
        var secrets = new Secrets(Token: File.ReadAllText(Path.Combine(dir, "plasmite-auth-token.txt")).Trim());
        // The printed paths are relative to the output directory (`./plasmite-auth-token.txt`): run there.
        var (server, banner) = StartServe(sh, serve.Replace("plasmite serve", $"plasmite --dir {Path.Combine(sh.Root, "pools")} serve", StringComparison.Ordinal), dir);
        RunClientCommands(sh, commands, dir, secrets);
        await CheckUrls(Shell.LabelledUrls(text), secrets, FingerprintIn(text));

        // The server's own banner (token file, CA-verified TLS, all interfaces) must hold as well.
        using (var http = PrintedHttp.Client(secrets.Token, FingerprintIn(text)))
        using (var gone = await http.DeleteAsync(new Uri($"https://127.0.0.1:{port}/v0/pools/demo")))
            Assert.Equal(HttpStatusCode.OK, gone.StatusCode); // the banner's first command creates `demo` again
        var bannerSecrets = secrets with { TokenFile = Path.Combine(dir, "plasmite-auth-token.txt"), TlsCert = Path.Combine(dir, "plasmite-tls-cert.pem") };
        RunClientCommands(sh, Shell.Commands(banner), dir, bannerSecrets);
        await CheckUrls(Shell.LabelledUrls(banner), bannerSecrets, FingerprintIn(banner));
        Shell.Stop(server);
    }

    [Fact]
    public async Task Serve_init_json_commands_work()
    {
        using var sh = new Shell();
        string dir = Path.Combine(sh.Root, "secure");
        int port = FreePort();
        var (code, json, err) = sh.Run($"plasmite serve init --output-dir {dir} --bind 0.0.0.0:{port}", sh.Root);
        Assert.True(code == 0, json + err);
        using var doc = JsonDocument.Parse(json);
        var init = doc.RootElement.GetProperty("init");
        string[] Strings(string key) => [.. init.GetProperty(key).EnumerateArray().Select(e => e.GetString()!)];
        var secrets = new Secrets(Token: File.ReadAllText(init.GetProperty("artifact_paths").GetProperty("token_file").GetString()!).Trim());
        string serve = Assert.Single(Strings("server_commands"));
        var (server, _) = StartServe(sh, serve.Replace("plasmite serve", $"plasmite --dir {Path.Combine(sh.Root, "pools")} serve", StringComparison.Ordinal), sh.Root);
        // Order: the first curl command creates `demo` (remote feeds never create pools), then the plasmite clients, then the other curls.
        string[] curls = Strings("curl_client_commands");
        Assert.Contains("/v0/pools'", curls[0], StringComparison.Ordinal);
        RunClientCommands(sh, [curls[0], .. Strings("client_commands"), .. curls[1..]], sh.Root, secrets);
        Shell.Stop(server);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Serve_check_urls_and_start_command_work()
    {
        using var sh = new Shell();
        string pools = Path.Combine(sh.Root, "pools");
        int port = FreePort();
        string options = $"--bind 127.0.0.1:{port}";
        var (code, human, err) = sh.Run($"plasmite --dir {pools} serve {options} check", sh.Root, terminal: true);
        Assert.True(code == 0, human + err);
        var (jcode, json, jerr) = sh.Run($"plasmite --dir {pools} serve {options} check --json", sh.Root);
        Assert.True(jcode == 0, json + jerr);

        // "Start with: plasmite serve" — with the options that were checked (they go before `check`).
        string start = Assert.Single(Shell.Commands(human));
        Assert.Equal("plasmite serve", start);
        var (server, _) = StartServe(sh, $"plasmite --dir {pools} serve {options}", sh.Root);
        using (var client = new PlasmiteClient(pools)) client.Pool("demo").Dispose();

        var urls = Shell.LabelledUrls(human);
        using var doc = JsonDocument.Parse(json);
        var check = doc.RootElement.GetProperty("check");
        urls.AddRange(new[] { "web_ui", "web_ui_pool", "mcp" }.Select(k => check.GetProperty(k).GetString()!));
        Assert.All(urls, u => Assert.StartsWith(check.GetProperty("base_url").GetString()!, u, StringComparison.Ordinal));
        await CheckUrls(urls, new Secrets(), fingerprint: null);
        Shell.Stop(server);
    }
}
