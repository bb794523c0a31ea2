// The seam between the CLI and the SDK: one method per command that needs pools.
namespace Plasmite.Cli.Execution;

/// <summary>
/// Executes the commands that touch pools. The command layer has already parsed and validated every flag
/// into a request; an implementation opens pools through the SDK, prints through <see cref="CliContext"/>'s
/// output helpers, and returns the exit code (throwing <see cref="PlasmiteException"/> for failures).
/// </summary>
internal interface ICliBackend
{
    Task<int> PoolCreateAsync(CliContext ctx, PoolCreateRequest request, CancellationToken ct);

    Task<int> PoolInfoAsync(CliContext ctx, PoolInfoRequest request, CancellationToken ct);

    Task<int> PoolListAsync(CliContext ctx, PoolListRequest request, CancellationToken ct);

    Task<int> PoolDeleteAsync(CliContext ctx, PoolDeleteRequest request, CancellationToken ct);

    Task<int> FeedAsync(CliContext ctx, FeedRequest request, CancellationToken ct);

    Task<int> FetchAsync(CliContext ctx, FetchRequest request, CancellationToken ct);

    Task<int> FollowAsync(CliContext ctx, FollowRequest request, CancellationToken ct);

    Task<int> DuplexAsync(CliContext ctx, DuplexRequest request, CancellationToken ct);

    Task<int> TapAsync(CliContext ctx, TapRequest request, CancellationToken ct);

    Task<int> DoctorAsync(CliContext ctx, DoctorRequest request, CancellationToken ct);

    Task<int> ServeAsync(CliContext ctx, ServeRequest request, CancellationToken ct);

    Task<int> McpAsync(CliContext ctx, string directory, CancellationToken ct);
}

/// <summary>The backend until the SDK is wired in: every command fails with an <c>Internal</c> "not implemented yet" error.</summary>
internal sealed class UnwiredBackend : ICliBackend
{
    private static Task<int> NotYet(string command) =>
        throw new PlasmiteException(ErrorKind.Internal, $"{command} is not implemented yet in this build",
            hint: "This preview of the .NET port parses and validates the command but cannot open pools yet.");

    public Task<int> PoolCreateAsync(CliContext ctx, PoolCreateRequest request, CancellationToken ct) => NotYet("pool create");

    public Task<int> PoolInfoAsync(CliContext ctx, PoolInfoRequest request, CancellationToken ct) => NotYet("pool info");

    public Task<int> PoolListAsync(CliContext ctx, PoolListRequest request, CancellationToken ct) => NotYet("pool list");

    public Task<int> PoolDeleteAsync(CliContext ctx, PoolDeleteRequest request, CancellationToken ct) => NotYet("pool delete");

    public Task<int> FeedAsync(CliContext ctx, FeedRequest request, CancellationToken ct) => NotYet("feed");

    public Task<int> FetchAsync(CliContext ctx, FetchRequest request, CancellationToken ct) => NotYet("fetch");

    public Task<int> FollowAsync(CliContext ctx, FollowRequest request, CancellationToken ct) => NotYet("follow");

    public Task<int> DuplexAsync(CliContext ctx, DuplexRequest request, CancellationToken ct) => NotYet("duplex");

    public Task<int> TapAsync(CliContext ctx, TapRequest request, CancellationToken ct) => NotYet("tap");

    public Task<int> DoctorAsync(CliContext ctx, DoctorRequest request, CancellationToken ct) => NotYet("doctor");

    public Task<int> ServeAsync(CliContext ctx, ServeRequest request, CancellationToken ct) => NotYet("serve");

    public Task<int> McpAsync(CliContext ctx, string directory, CancellationToken ct) => NotYet("mcp");
}
