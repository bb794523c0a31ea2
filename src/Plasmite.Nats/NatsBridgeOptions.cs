// How the bridge reaches a NATS server: URL, credentials and TLS, mapped onto the NATS client's options.
namespace Plasmite.Nats;

/// <summary>Connection settings shared by <see cref="PoolExporter"/> and <see cref="PoolImporter"/>.</summary>
public sealed record NatsBridgeOptions
{
    /// <summary>Server URL(s), e.g. <c>nats://127.0.0.1:4222</c>; several separated by commas.</summary>
    public required string Url { get; init; }

    /// <summary>Authentication token, if the server wants one.</summary>
    public string? Token { get; init; }

    /// <summary>User name (with <see cref="Password"/>).</summary>
    public string? User { get; init; }

    /// <summary>Password (with <see cref="User"/>).</summary>
    public string? Password { get; init; }

    /// <summary>A NATS credentials file (JWT + NKey seed).</summary>
    public string? CredsFile { get; init; }

    /// <summary>A PEM file of CA certificates to trust for TLS (implies TLS).</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>Client name shown in the server's monitoring; default <c>plasmite-bridge</c>.</summary>
    public string ClientName { get; init; } = "plasmite-bridge";

    /// <summary>How long the first connection attempt may take before it fails with <see cref="ErrorKind.Io"/>; default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Shortest wait between reconnect attempts after the connection dropped (default 100 ms); it doubles up to
    /// <see cref="ReconnectWaitMax"/>. The bridge reconnects forever.</summary>
    public TimeSpan ReconnectWaitMin { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between reconnect attempts; default 2 s.</summary>
    public TimeSpan ReconnectWaitMax { get; init; } = TimeSpan.FromSeconds(2);
}
