// Options of the remote protocol v0 endpoints mapped by MapPlasmite (the library side of `plasmite serve`'s flags).
namespace Plasmite.AspNetCore;

/// <summary>Which operations the mapped endpoints allow (remote-v0 §4.2).</summary>
public enum ServerAccess
{
    /// <summary>Reads and writes (default).</summary>
    ReadWrite,

    /// <summary>Reads only; writes get 403.</summary>
    ReadOnly,

    /// <summary>Writes only; reads (including open) get 403.</summary>
    WriteOnly,
}

/// <summary>
/// Settings of the endpoints <see cref="PlasmiteEndpointRouteBuilderExtensions.MapPlasmite"/> maps. Validated when
/// mapping (a bad value throws <see cref="PlasmiteException"/> with kind Usage). Binding, TLS and the host's own
/// authentication belong to the host, not here.
/// </summary>
public sealed class PlasmiteServerOptions
{
    /// <summary>Pool directory served; default <see cref="PlasmiteOptions.Directory"/> when <c>AddPlasmite</c> was
    /// called, else <c>~/.plasmite/pools</c>.</summary>
    public string? PoolDirectory { get; set; }

    /// <summary>Access mode (default read-write).</summary>
    public ServerAccess Access { get; set; } = ServerAccess.ReadWrite;

    /// <summary>Bearer token every API request must carry (remote-v0 §4.1); null = no protocol-level auth (the app
    /// may still add its own with <c>RequireAuthorization</c> on the returned builder).</summary>
    public string? Token { get; set; }

    /// <summary>Browser origins allowed by the protocol's CORS policy (<c>scheme://host[:port]</c>); empty = CORS off.</summary>
    public IList<string> CorsOrigins { get; set; } = new List<string>();

    /// <summary>Largest request body (413 above). Default 1 MiB. The host's own limit (Kestrel) applies too.</summary>
    public ulong MaxBodyBytes { get; set; } = 1_048_576;

    /// <summary>Default and maximum tail <c>timeout_ms</c>. Default 30,000.</summary>
    public ulong MaxTailTimeoutMs { get; set; } = 30_000;

    /// <summary>Simultaneous tails (423 above); also the storage admission limit. Default 64.</summary>
    public int MaxTailConcurrency { get; set; } = 64;
}
