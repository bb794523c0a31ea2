// The backend that runs every pool command through the local SDK (PlasmiteClient/PlasmitePool) and the engine.
using Plasmite.Cli.Values;

namespace Plasmite.Cli.Execution;

/// <summary>
/// Executes the pool commands against local pool files via the SDK. Split per command group:
/// <c>SdkBackend.Pool.cs</c>, <c>.Feed.cs</c>, <c>.Follow.cs</c>, <c>.Tap.cs</c>, <c>.Doctor.cs</c>.
/// <c>serve</c> runs the HTTP server (<see cref="ServeBackend"/>). Remote refs (feed, fetch, follow, duplex) go through the
/// SDK's RemoteClient (<see cref="RemotePools"/>, <see cref="RemoteFollowRunner"/>).
/// </summary>
internal sealed partial class SdkBackend : ICliBackend
{
    public Task<int> ServeAsync(CliContext ctx, ServeRequest request, CancellationToken ct) => ServeBackend.RunAsync(ctx, request, ct);

    public Task<int> McpAsync(CliContext ctx, string directory, CancellationToken ct) => McpStdio.RunAsync(directory, ct);

    internal static Durability ToDurability(CliDurability d) => d == CliDurability.Flush ? Durability.Flush : Durability.Fast;

    /// <summary>Opens a local pool; creates it (and the directory) when <paramref name="create"/> is set, else a missing pool is <paramref name="missing"/>.</summary>
    internal static PlasmitePool OpenLocal(CliContext ctx, LocalPoolRef pool, bool create, ulong createSize, Func<PlasmiteException> missing)
    {
        var client = new PlasmiteClient(ctx.PoolDir);
        try
        {
            return create ? client.Pool(pool.Path, createSize) : client.OpenPool(pool.Path);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound && !create)
        {
            throw missing();
        }
    }

    /// <summary>Maps a PoolInfo from the SDK onto the renderers' view.</summary>
    internal static Output.PoolInfoView View(PoolInfo info, string? name) => new(
        name, info.Path, info.FileSize, info.IndexOffset, info.IndexCapacity, info.RingOffset, info.RingSize,
        info.Bounds.Oldest, info.Bounds.Newest, info.Metrics.UsedBytes, info.Metrics.OldestTimestampNs, info.Metrics.NewestTimestampNs, info);
}
