// serve option validation (cli.md §5.10 order and messages), serve check output, serve init artifacts.
using System.Text.Json;
using Plasmite.Cli.Server;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class ConfigTests
{
    private static PlasmiteException Fails(Action<ServerOptions> configure)
    {
        var o = new ServerOptions { ReadyFile = null };
        configure(o);
        return Assert.Throws<PlasmiteException>(() => ServerConfig.Resolve(o));
    }

    [Fact]
    public void Validation_messages_and_kinds()
    {
        var bind = Fails(o => o.Bind = "localhost:9700");
        Assert.Equal((ErrorKind.Usage, "invalid bind address"), (bind.Kind, bind.Message));
        Assert.Contains("host:port", bind.Hint);
        Assert.Equal("invalid bind address", Fails(o => o.Bind = "127.0.0.1").Message);
        var both = Fails(o => { o.Token = "a"; o.TokenFile = "/x"; });
        Assert.Equal("--token cannot be combined with --token-file", both.Message);
        Assert.Contains("serve init", both.Hint);
        using var dir = new TempDir();
        File.WriteAllText(dir.File("empty"), "  \n");
        Assert.Equal(ErrorKind.Usage, Fails(o => o.TokenFile = dir.File("empty")).Kind);
        Assert.Equal(ErrorKind.Io, Fails(o => { o.TlsCert = dir.File("missing.pem"); o.TlsKey = dir.File("k.pem"); }).Kind);
        Assert.Contains("wildcard", Fails(o => o.CorsOrigins = ["*"]).Message);
        var nonLoop = Fails(o => o.Bind = "0.0.0.0:9700");
        Assert.Contains("--allow-non-loopback", nonLoop.Hint);
        File.WriteAllText(dir.File("t"), "tok");
        var init = ServeInit.Run(new ServeInitOptions { OutputDir = dir.Path }, null, false);
        Assert.Equal(0, init.ExitCode);
        Assert.Equal("TLS requires both --tls-cert and --tls-key", Fails(o => o.TlsCert = dir.File("plasmite-tls-cert.pem")).Message);
        Assert.Contains("serve init", Fails(o => { o.TlsSelfSigned = true; o.TlsKey = "k"; o.TlsCert = dir.File("plasmite-tls-cert.pem"); }).Hint);
        Assert.Equal("--max-body-bytes must be greater than zero", Fails(o => o.MaxBodyBytes = 0).Message);
        Assert.Equal("--max-tail-timeout-ms must be greater than zero", Fails(o => o.MaxTailTimeoutMs = 0).Message);
        Assert.Equal("--max-tail-concurrency must be greater than zero", Fails(o => o.MaxTailConcurrency = 0).Message);
        var noTokenFile = Fails(o => { o.Bind = "0.0.0.0:9700"; o.AllowNonLoopback = true; o.Token = "x"; });
        Assert.Equal("non-loopback write requires --token-file", noTokenFile.Message);
        Assert.Contains("serve init", noTokenFile.Hint);
        var noTls = Fails(o => { o.Bind = "0.0.0.0:9700"; o.AllowNonLoopback = true; o.TokenFile = dir.File("t"); });
        Assert.Contains("TLS", noTls.Message);
        Assert.Contains("serve init", noTls.Hint);
        Assert.Equal(ErrorKind.Usage, Fails(o => o.Access = "admin").Kind);
        // Accepted combinations.
        ServerConfig.Resolve(new ServerOptions { Bind = "0.0.0.0:9700", AllowNonLoopback = true, Access = "read-only", ReadyFile = null });
        ServerConfig.Resolve(new ServerOptions { Bind = "0.0.0.0:9700", AllowNonLoopback = true, TokenFile = dir.File("t"), InsecureNoTls = true, ReadyFile = null });
        var tls = ServerConfig.Resolve(new ServerOptions
        {
            Bind = "0.0.0.0:9700", AllowNonLoopback = true, TokenFile = dir.File("t"), ReadyFile = null,
            TlsCert = dir.File("plasmite-tls-cert.pem"), TlsKey = dir.File("plasmite-tls-key.pem"),
        });
        Assert.Equal("enabled", tls.TlsMode);
        Assert.Matches("^SHA256:([0-9A-F]{2}:){31}[0-9A-F]{2}$", tls.TlsFingerprint);
        Assert.Equal("[::1]:0", ServerConfig.FormatEndPoint(ServerConfig.ParseBind("[::1]:0")));
    }

    [Fact]
    public void Check_prints_human_and_json()
    {
        var human = ServeCheck.Run(new ServerOptions { ReadyFile = null }, json: false);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("Configuration valid.", human.Output);
        Assert.Contains("  Bind:   127.0.0.1:9700 (loopback only)", human.Output);
        Assert.Contains("Limits: body 1M, timeout 30s, concurrency 64", human.Output);
        Assert.Contains("Auth: none    TLS: off    Access: read-write    CORS: same-origin", human.Output);
        var tls = ServeCheck.Run(new ServerOptions { ReadyFile = null, TlsSelfSigned = true, Token = "x", MaxTailTimeoutMs = 1500 }, json: false);
        Assert.Contains("MCP:    https://127.0.0.1:9700/mcp", tls.Output);
        Assert.Contains("Fingerprint: SHA256:", tls.Output);
        Assert.Contains("Auth: bearer token", tls.Output);
        Assert.Contains("timeout 1500ms", tls.Output);
        var json = ServeCheck.Run(new ServerOptions { ReadyFile = null, CorsOrigins = ["http://localhost:3000/"] }, json: true);
        Assert.EndsWith("\n", json.Output);
        var check = JsonDocument.Parse(json.Output).RootElement.GetProperty("check");
        Assert.Equal("valid", check.GetProperty("status").GetString());
        Assert.Equal("http://127.0.0.1:9700", check.GetProperty("base_url").GetString());
        Assert.Equal("http://localhost:3000", check.GetProperty("cors_allowed_origins")[0].GetString());
        Assert.Equal(1048576, check.GetProperty("limits").GetProperty("max_body_bytes").GetInt32());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("tls_fingerprint").ValueKind);
        Assert.Equal("http://127.0.0.1:9700/ui/pools/demo", check.GetProperty("web_ui_pool").GetString());
        Assert.StartsWith("{\"check\":{\"access\":\"read-write\",\"auth\":\"none\",\"base_url\":", json.Output);
        var bad = ServeCheck.Run(new ServerOptions { ReadyFile = null, Bind = "nope" }, json: true);
        Assert.Equal((2, ""), (bad.ExitCode, bad.Output));
        Assert.Equal("invalid bind address", bad.Error!.Message);
    }

    [Fact]
    public void Init_writes_artifacts_and_refuses_to_overwrite()
    {
        using var dir = new TempDir();
        var result = ServeInit.Run(new ServeInitOptions { OutputDir = dir.Path }, new ServerOptions { ReadyFile = null }, stdoutIsTerminal: false);
        Assert.Equal(0, result.ExitCode);
        var init = JsonDocument.Parse(result.Output).RootElement.GetProperty("init");
        string token = File.ReadAllText(dir.File("plasmite-auth-token.txt"));
        Assert.Matches("^[0-9a-f]{64}\n$", token);
        Assert.DoesNotContain(token.Trim(), result.Output);
        Assert.Contains("-----BEGIN CERTIFICATE-----", File.ReadAllText(dir.File("plasmite-tls-cert.pem")));
        Assert.Contains("-----BEGIN PRIVATE KEY-----", File.ReadAllText(dir.File("plasmite-tls-key.pem")));
        Assert.Equal(dir.File("plasmite-tls-cert.pem"), init.GetProperty("artifact_paths").GetProperty("tls_cert").GetString());
        Assert.Equal($"plasmite serve --bind 0.0.0.0:9700 --allow-non-loopback --token-file {dir.File("plasmite-auth-token.txt")} --tls-cert {dir.File("plasmite-tls-cert.pem")} --tls-key {dir.File("plasmite-tls-key.pem")}",
            init.GetProperty("server_commands")[0].GetString());
        Assert.StartsWith("plasmite feed https://127.0.0.1:9700/demo --token-file ", init.GetProperty("client_commands")[0].GetString());
        Assert.StartsWith("SHA256:", init.GetProperty("tls_fingerprint").GetString());

        var again = ServeInit.Run(new ServeInitOptions { OutputDir = dir.Path }, null, false);
        Assert.Equal(4, again.ExitCode);
        Assert.Equal(ErrorKind.AlreadyExists, again.Error!.Kind);
        Assert.Contains("--force", again.Error.Hint);
        Assert.Equal(token, File.ReadAllText(dir.File("plasmite-auth-token.txt")));

        var forced = ServeInit.Run(new ServeInitOptions { OutputDir = dir.Path, Force = true, Bind = "192.168.1.20:9700" }, null, stdoutIsTerminal: true);
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("Secure serving re-initialized.\n", forced.Output);
        Assert.Contains("\n    plasmite serve \\\n      --bind 192.168.1.20:9700 \\\n", forced.Output);
        Assert.Contains("plasmite feed https://192.168.1.20:9700/demo", forced.Output);
        Assert.DoesNotContain("THIS-HOST", forced.Output);

        var parent = ServeInit.Run(new ServeInitOptions { OutputDir = dir.Path }, new ServerOptions { ReadyFile = null, Access = "read-only" }, false);
        Assert.Equal((2, "serve init does not use parent option --access"), (parent.ExitCode, parent.Error!.Message));
        var distinct = ServeInit.Run(new ServeInitOptions { OutputDir = dir.Path, TlsKey = "plasmite-tls-cert.pem", Force = true }, null, false);
        Assert.Equal("serve init requires distinct artifact paths", distinct.Error!.Message);
    }
}
