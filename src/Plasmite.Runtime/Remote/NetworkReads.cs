// Reading a streaming response body: network failures become Io errors (status 0), cancellation stays cancellation.
using System.IO.Pipelines;

namespace Plasmite.Remote;

internal static class NetworkReads
{
    /// <summary><see cref="PipeReader.ReadAsync"/> on a response body, with transport failures reported as
    /// <see cref="RemotePlasmiteException"/> (Io, status 0) saying that <paramref name="what"/> failed.</summary>
    public static async ValueTask<ReadResult> ReadAsync(PipeReader reader, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            throw RemotePlasmiteException.Network(e, what);
        }
    }
}
