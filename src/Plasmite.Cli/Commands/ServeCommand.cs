// `serve [options] [init|check]` (spec cli.md §5.10): flags parsed now; the server itself is a later issue.
using System.CommandLine;
using Plasmite.Cli.Execution;

namespace Plasmite.Cli.Commands;

internal sealed class ServeCommand : PlasmiteCommand
{
    public readonly Option<string?> Bind = Opts.Text("--bind", "ADDR", "IP:port to listen on; port 0 = ephemeral [default: 127.0.0.1:9700]");
    public readonly Option<string?> Access = Opts.Choice("--access", "MODE", "read-only, write-only or read-write [default: read-write]",
        ["read-only", "write-only", "read-write"]);
    public readonly Option<string[]> CorsOrigin = Opts.Many("--cors-origin", "ORIGIN", "Allow browser requests from ORIGIN (repeatable)");
    public readonly Option<string?> Token = Opts.Text("--token", "VALUE", "Require this bearer token (dev use; prefer --token-file)");
    public readonly Option<string?> TokenFile = Opts.Text("--token-file", "PATH", "Require the bearer token stored in PATH");
    public readonly Option<string?> TlsCert = Opts.Text("--tls-cert", "PATH", "PEM certificate chain; requires --tls-key");
    public readonly Option<string?> TlsKey = Opts.Text("--tls-key", "PATH", "PEM private key; requires --tls-cert");
    public readonly Option<bool> TlsSelfSigned = Opts.Flag("--tls-self-signed", "Serve HTTPS with an ephemeral self-signed certificate");
    public readonly Option<bool> AllowNonLoopback = Opts.Flag("--allow-non-loopback", "Allow binding to a non-loopback address");
    public readonly Option<bool> InsecureNoTls = Opts.Flag("--insecure-no-tls", "Allow non-loopback writes without TLS");
    public readonly Option<ulong?> MaxBodyBytes = Opts.Unsigned("--max-body-bytes", "N", "Largest request body; must be positive [default: 1048576]");
    public readonly Option<ulong?> MaxTailTimeoutMs = Opts.Unsigned("--max-tail-timeout-ms", "N", "Longest tail wait; must be positive [default: 30000]");
    public readonly Option<ulong?> MaxTailConcurrency = Opts.Unsigned("--max-tail-concurrency", "N", "Concurrent tails; must be positive [default: 64]");

    public ServeCommand()
        : base("serve", "Serve pools over HTTP")
    {
        Add(Bind);
        Add(Access);
        Add(CorsOrigin);
        Add(Token);
        Add(TokenFile);
        Add(TlsCert);
        Add(TlsKey);
        Add(TlsSelfSigned);
        Add(AllowNonLoopback);
        Add(InsecureNoTls);
        Add(MaxBodyBytes);
        Add(MaxTailTimeoutMs);
        Add(MaxTailConcurrency);
        Add(new ServeInitCommand());
        Add(new ServeCheckCommand());
        UsageTail = "[OPTIONS] [COMMAND]";
        SetAction(_ => 0); // runnable without a subcommand (the runner calls RunAsync, not this action)
        Notes = """
            Loopback only by default. Non-loopback writes need --token-file and TLS (see `serve init`).
            To validate a configuration, put serve options before `check`: plasmite serve --bind 0.0.0.0:9700 check
            """;
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct) =>
        ctx.Backend.ServeAsync(ctx, BuildRequest(r, "run", false, new Dictionary<string, string?>()), ct);

    public ServeRequest BuildRequest(ParseResult r, string sub, bool checkJson, IReadOnlyDictionary<string, string?> init) => new(
        r.GetValue(Bind) ?? "127.0.0.1:9700",
        r.GetValue(Access) ?? "read-write",
        r.GetValue(CorsOrigin) ?? [],
        r.GetValue(Token),
        r.GetValue(TokenFile),
        r.GetValue(TlsCert),
        r.GetValue(TlsKey),
        r.GetValue(TlsSelfSigned),
        r.GetValue(AllowNonLoopback),
        r.GetValue(InsecureNoTls),
        r.GetValue(MaxBodyBytes) ?? 1048576,
        r.GetValue(MaxTailTimeoutMs) ?? 30000,
        r.GetValue(MaxTailConcurrency) ?? 64,
        sub,
        checkJson,
        init);
}

internal sealed class ServeInitCommand : PlasmiteCommand
{
    private readonly Option<string?> _bind = Opts.Text("--bind", "ADDR", "Address used in printed commands and cert SANs [default: 0.0.0.0:9700]");
    private readonly Option<string?> _outputDir = Opts.Text("--output-dir", "PATH", "Directory for the artifacts [default: .]");
    private readonly Option<string?> _tokenFile = Opts.Text("--token-file", "PATH", "Token file name [default: plasmite-auth-token.txt]");
    private readonly Option<string?> _tlsCert = Opts.Text("--tls-cert", "PATH", "Certificate file name [default: plasmite-tls-cert.pem]");
    private readonly Option<string?> _tlsKey = Opts.Text("--tls-key", "PATH", "Key file name [default: plasmite-tls-key.pem]");
    private readonly Option<bool> _force = Opts.Flag("--force", "Overwrite existing artifacts");

    public ServeInitCommand()
        : base("init", "Generate token + TLS artifacts for secure serving")
    {
        Add(_bind);
        Add(_outputDir);
        Add(_tokenFile);
        Add(_tlsCert);
        Add(_tlsKey);
        Add(_force);
        Notes = "The three artifact paths must be distinct (paths must be distinct). Prints next steps: human text on a terminal, JSON when piped.";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var serve = (ServeCommand)Parents.First();
        var init = new Dictionary<string, string?>
        {
            ["bind"] = r.GetValue(_bind),
            ["output-dir"] = r.GetValue(_outputDir),
            ["token-file"] = r.GetValue(_tokenFile),
            ["tls-cert"] = r.GetValue(_tlsCert),
            ["tls-key"] = r.GetValue(_tlsKey),
            ["force"] = r.GetValue(_force) ? "true" : null,
        };
        return ctx.Backend.ServeAsync(ctx, serve.BuildRequest(r, "init", false, init), ct);
    }
}

internal sealed class ServeCheckCommand : PlasmiteCommand
{
    private readonly Option<bool> _json = Opts.Flag("--json", "Print the validated configuration as JSON");

    public ServeCheckCommand()
        : base("check", "Validate serve options without binding")
    {
        Add(_json);
        Notes = "Serve options belong before `check` (plasmite serve --bind 0.0.0.0:9700 --allow-non-loopback check).\nExits non-zero when the configuration is invalid.";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var serve = (ServeCommand)Parents.First();
        return ctx.Backend.ServeAsync(ctx, serve.BuildRequest(r, "check", r.GetValue(_json), new Dictionary<string, string?>()), ct);
    }
}
