// Remote Lite3 tails (remote-v0 §7): a stream of 20-byte big-endian frame headers plus stored Lite3 documents.
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Plasmite.Remote;

public sealed partial class RemotePool
{
    /// <summary>
    /// Streams stored frames from <c>GET …/tail_lite3</c> (the original Rust client's <c>tail_lite3</c>). Options map as
    /// for <see cref="Tail(TailOptions?, bool, CancellationToken)"/> without reconnecting. The stream has no error frame:
    /// a server-side failure shows up as an aborted body (<see cref="ErrorKind.Io"/>, status 0).
    /// </summary>
    /// <exception cref="PlasmiteException">Usage for <see cref="GapPolicy.Error"/> (not expressible on this stream).</exception>
    public async IAsyncEnumerable<Lite3Frame> TailLite3(TailOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new TailOptions();
        if (options.GapPolicy == GapPolicy.Error)
            throw new PlasmiteException(ErrorKind.Usage, "remote Lite3 tails do not support gap_policy=error because the stream has no error frame");
        TimeSpan? left = options.Deadline;
        string path = TailPath(options, options.SinceSeq, TimeoutMs(options, left, reconnect: false), 0).Replace("/tail?", "/tail_lite3?", StringComparison.Ordinal);
        if (path.EndsWith("/tail", StringComparison.Ordinal)) path += "_lite3";
        using var request = Client.NewRequest(HttpMethod.Get, path, null, "application/x-plasmite-lite3-stream");
        using var response = await Client.SendStreamingAsync(request, cancellationToken).ConfigureAwait(false);
        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            while (true)
            {
                var frame = await ReadFrameAsync(reader, cancellationToken).ConfigureAwait(false);
                if (frame is null) yield break;
                yield return frame.Value;
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask<Lite3Frame?> ReadFrameAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await NetworkReads.ReadAsync(reader, "lite3 tail stream failed", cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParseFrame(buffer, out var frame, out long consumed))
            {
                reader.AdvanceTo(buffer.GetPosition(consumed));
                return frame;
            }
            if (result.IsCompleted)
            {
                if (buffer.Length == 0) return null;
                throw new RemotePlasmiteException(0, ErrorKind.Io, "unexpected eof in lite3 stream");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryParseFrame(ReadOnlySequence<byte> buffer, out Lite3Frame frame, out long consumed)
    {
        frame = default;
        consumed = 0;
        var r = new SequenceReader<byte>(buffer);
        if (!r.TryReadBigEndian(out long seq) || !r.TryReadBigEndian(out long ts) || !r.TryReadBigEndian(out int len)) return false;
        if (r.Remaining < (uint)len) return false;
        byte[] payload = buffer.Slice(20, (uint)len).ToArray();
        frame = new Lite3Frame((ulong)seq, (ulong)ts, 0, payload);
        consumed = 20 + (long)(uint)len;
        return true;
    }
}
