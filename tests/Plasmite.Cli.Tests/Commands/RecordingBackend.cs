// A backend that records the validated request each command hands over, for parser tests.
using Plasmite.Cli.Execution;

namespace Plasmite.Cli.Tests.Commands;

internal sealed class RecordingBackend : ICliBackend
{
    public object? Last { get; private set; }

    private Task<int> Record(object request)
    {
        Last = request;
        return Task.FromResult(0);
    }

    public Task<int> PoolCreateAsync(CliContext ctx, PoolCreateRequest request, CancellationToken ct) => Record(request);

    public Task<int> PoolInfoAsync(CliContext ctx, PoolInfoRequest request, CancellationToken ct) => Record(request);

    public Task<int> PoolListAsync(CliContext ctx, PoolListRequest request, CancellationToken ct) => Record(request);

    public Task<int> PoolDeleteAsync(CliContext ctx, PoolDeleteRequest request, CancellationToken ct) => Record(request);

    public Task<int> FeedAsync(CliContext ctx, FeedRequest request, CancellationToken ct) => Record(request);

    public Task<int> FetchAsync(CliContext ctx, FetchRequest request, CancellationToken ct) => Record(request);

    public Task<int> FollowAsync(CliContext ctx, FollowRequest request, CancellationToken ct) => Record(request);

    public Task<int> DuplexAsync(CliContext ctx, DuplexRequest request, CancellationToken ct) => Record(request);

    public Task<int> TapAsync(CliContext ctx, TapRequest request, CancellationToken ct) => Record(request);

    public Task<int> DoctorAsync(CliContext ctx, DoctorRequest request, CancellationToken ct) => Record(request);

    public Task<int> ServeAsync(CliContext ctx, ServeRequest request, CancellationToken ct) => Record(request);

    public Task<int> McpAsync(CliContext ctx, string directory, CancellationToken ct) => Record(directory);
}
