// Validated, SDK-independent requests that the command layer hands to the backend.
using System.Text.Json;
using Plasmite.Cli.Ingest;
using Plasmite.Cli.Output;
using Plasmite.Cli.Values;

namespace Plasmite.Cli.Execution;

/// <summary>Remote-only connection options (<c>--token</c>, <c>--token-file</c>, <c>--tls-ca</c>, <c>--tls-skip-verify</c>).</summary>
/// <param name="Token">The bearer token (from <c>--token</c> or the trimmed token file), if any.</param>
/// <param name="TokenFromFile">True when the token came from <c>--token-file</c>.</param>
/// <param name="TlsCaPath">PEM file whose certificates are the only trusted roots, if any.</param>
/// <param name="TlsSkipVerify">Disable certificate verification (the warning is already printed).</param>
internal sealed record RemoteAuth(string? Token, bool TokenFromFile, string? TlsCaPath, bool TlsSkipVerify)
{
    public static readonly RemoteAuth None = new(null, false, null, false);
}

/// <summary><c>pool create</c>.</summary>
internal sealed record PoolCreateRequest(IReadOnlyList<LocalPoolRef> Pools, ulong SizeBytes, uint? IndexCapacity, bool Json);

/// <summary><c>pool info</c>.</summary>
internal sealed record PoolInfoRequest(LocalPoolRef Pool, bool Json);

/// <summary><c>pool list</c>.</summary>
internal sealed record PoolListRequest(string Directory, bool Json);

/// <summary><c>pool delete</c>: arguments as typed (URLs are per-pool Usage failures, see <see cref="PoolRefs"/>).</summary>
internal sealed record PoolDeleteRequest(IReadOnlyList<string> Pools, bool Json);

/// <summary>Where <c>feed</c> reads its records.</summary>
internal enum FeedSource
{
    /// <summary>Inline DATA: exactly one append.</summary>
    Inline,

    /// <summary><c>--file PATH</c> (a path other than <c>-</c>).</summary>
    File,

    /// <summary>Standard input (<c>--file -</c> or piped stdin).</summary>
    Stdin,
}

/// <summary><c>feed</c>, after every flag check that needs no pool.</summary>
internal sealed record FeedRequest(
    PoolRef Pool,
    FeedSource Source,
    string? Data,
    string? FilePath,
    IReadOnlyList<string> Tags,
    CliDurability Durability,
    bool Create,
    ulong CreateSize,
    uint Retry,
    TimeSpan RetryDelay,
    IngestMode InputMode,
    ErrorPolicy Errors,
    RemoteAuth Auth,
    string MissingPoolHint);

/// <summary><c>fetch</c>.</summary>
internal sealed record FetchRequest(PoolRef Pool, ulong Seq, RemoteAuth Auth);

/// <summary><c>follow</c>, after every flag check that needs no pool: where to follow and how (<see cref="FollowOptions"/>).</summary>
internal sealed record FollowRequest(
    PoolRef Pool,
    bool Create,
    FollowOptions Options,
    RemoteAuth Auth,
    string MissingPoolHint);

/// <summary>Everything that shapes one follow (or the receive side of duplex), local or remote.</summary>
/// <param name="Filter">The <c>--where</c> predicates over the whole envelope; null when there are none.</param>
internal sealed record FollowOptions(
    ulong? Tail,
    ulong? SinceNs,
    bool One,
    TimeSpan? Timeout,
    string? TimeoutText,
    FollowFormat Format,
    bool DataOnly,
    IReadOnlyList<string> Tags,
    Func<JsonElement, bool>? Filter,
    bool QuietDrops,
    bool NoNotify,
    double? ReplaySpeed);

/// <summary><c>duplex</c>.</summary>
internal sealed record DuplexRequest(
    PoolRef Pool,
    string? Me,
    bool Create,
    ulong? Tail,
    ulong? SinceNs,
    FollowFormat Format,
    TimeSpan? Timeout,
    string? TimeoutText,
    bool EchoSelf);

/// <summary><c>tap</c>.</summary>
internal sealed record TapRequest(
    LocalPoolRef Pool,
    bool Create,
    ulong CreateSize,
    IReadOnlyList<string> Tags,
    bool Quiet,
    CliDurability Durability,
    IReadOnlyList<string> Command);

/// <summary><c>doctor</c>: one pool or <c>--all</c>.</summary>
internal sealed record DoctorRequest(LocalPoolRef? Pool, bool All, string Directory, bool Json);

/// <summary><c>serve</c> run options as parsed (validation belongs to the server issue).</summary>
internal sealed record ServeRequest(
    string Bind,
    string Access,
    IReadOnlyList<string> CorsOrigins,
    string? Token,
    string? TokenFile,
    string? TlsCert,
    string? TlsKey,
    bool TlsSelfSigned,
    bool AllowNonLoopback,
    bool InsecureNoTls,
    ulong MaxBodyBytes,
    ulong MaxTailTimeoutMs,
    ulong MaxTailConcurrency,
    string Subcommand,
    bool CheckJson,
    IReadOnlyDictionary<string, string?> InitOptions);
