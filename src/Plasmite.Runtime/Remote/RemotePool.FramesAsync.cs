// The async forms of the generated-code frame members over HTTP (typed receipts and typed gets awaited, no sync-over-async).
using Plasmite.Lite3;
using Plasmite.Local;

namespace Plasmite.Remote;

public sealed partial class RemotePool
{
    /// <inheritdoc />
    public async ValueTask<AppendReceipt> AppendLite3Async<T>(T value, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var writer = new Lite3Writer(1024);
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), value, writeData, writer);
        var body = await Client.SendAsync(HttpMethod.Post, Lite3AppendPath(durability), Lite3Content(writer.WrittenSpan), Name,
            cancellationToken).ConfigureAwait(false);
        using var doc = RemoteClient.Parse(body);
        var message = MessageElement(doc);
        return new AppendReceipt(ReadSeq(message), ReadTime(message));
    }

    /// <inheritdoc />
    public async ValueTask<TResult?> ReadFrameAsync<TResult>(ulong seq, Lite3FrameReader<TResult> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        Lite3Frame frame;
        try
        {
            frame = await GetLite3Async(seq, cancellationToken).ConfigureAwait(false);
        }
        catch (RemotePlasmiteException e) when (IsMissingMessage(e))
        {
            return default;
        }
        return read(new Lite3FrameView(frame.Seq, frame.TimestampNs, frame.Payload.Span));
    }
}
