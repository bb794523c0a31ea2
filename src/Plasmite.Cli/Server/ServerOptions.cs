// Every flag of `plasmite serve` as plain properties; the CLI parses flags into this, the host validates it.
namespace Plasmite.Cli.Server;

/// <summary>
/// Options of <c>plasmite serve</c> (cli.md §5.10), unvalidated: <see cref="ServerConfig.Resolve"/> checks them in the
/// order the original does and reports problems as <see cref="PlasmiteException"/> (Usage → exit 2, Io → exit 8).
/// </summary>
internal sealed class ServerOptions
{
    /// <summary>Pool directory (the global <c>--dir</c>); default <c>~/.plasmite/pools</c>.</summary>
    public string? PoolDirectory { get; set; }

    /// <summary><c>--bind</c>: <c>IP:port</c> (port 0 = ephemeral). Default <c>127.0.0.1:9700</c>.</summary>
    public string Bind { get; set; } = DefaultBind;

    /// <summary><c>--access</c>: <c>read-only</c>, <c>write-only</c> or <c>read-write</c> (default).</summary>
    public string Access { get; set; } = "read-write";

    /// <summary><c>--cors-origin</c> (repeatable): browser origins allowed to call the API. Empty = CORS off.</summary>
    public IList<string> CorsOrigins { get; set; } = new List<string>();

    /// <summary><c>--token</c>: bearer token given inline (development use).</summary>
    public string? Token { get; set; }

    /// <summary><c>--token-file</c>: file holding the bearer token (trimmed; empty is an error).</summary>
    public string? TokenFile { get; set; }

    /// <summary><c>--tls-cert</c>: PEM certificate (chain; the first one is the leaf).</summary>
    public string? TlsCert { get; set; }

    /// <summary><c>--tls-key</c>: PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC).</summary>
    public string? TlsKey { get; set; }

    /// <summary><c>--tls-self-signed</c>: generate an in-memory certificate at startup.</summary>
    public bool TlsSelfSigned { get; set; }

    /// <summary><c>--allow-non-loopback</c>: required to bind anything but loopback.</summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary><c>--insecure-no-tls</c>: allow non-loopback writes without TLS.</summary>
    public bool InsecureNoTls { get; set; }

    /// <summary><c>--max-body-bytes</c>: largest request body (413 above). Default 1 MiB.</summary>
    public ulong MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary><c>--max-tail-timeout-ms</c>: default and maximum <c>timeout_ms</c> of tails. Default 30000.</summary>
    public ulong MaxTailTimeoutMs { get; set; } = DefaultMaxTailTimeoutMs;

    /// <summary><c>--max-tail-concurrency</c>: simultaneous tails (423 above); also the storage admission limit. Default 64.</summary>
    public ulong MaxTailConcurrency { get; set; } = DefaultMaxTailConcurrency;

    /// <summary>Where to write the bound address once listening; default the <c>PLASMITE_SERVE_READY_FILE</c> environment variable.</summary>
    public string? ReadyFile { get; set; } = Environment.GetEnvironmentVariable(ReadyFileVariable);

    /// <summary>Where the startup banner goes; default stderr when it is a terminal, else nowhere.</summary>
    public TextWriter? BannerWriter { get; set; }

    /// <summary>How long graceful shutdown waits for in-flight requests (tails end at once). Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The environment variable naming the ready file.</summary>
    public const string ReadyFileVariable = "PLASMITE_SERVE_READY_FILE";

    /// <summary>Default <c>--bind</c>.</summary>
    public const string DefaultBind = "127.0.0.1:9700";

    /// <summary>Default <c>--max-body-bytes</c>.</summary>
    public const ulong DefaultMaxBodyBytes = 1_048_576;

    /// <summary>Default <c>--max-tail-timeout-ms</c>.</summary>
    public const ulong DefaultMaxTailTimeoutMs = 30_000;

    /// <summary>Default <c>--max-tail-concurrency</c>.</summary>
    public const ulong DefaultMaxTailConcurrency = 64;
}
