// Typed-handle support over HTTP: receipts through append_lite3, frame reads from the Lite3 endpoints, replay.
using System.Runtime.CompilerServices;
using Plasmite.Lite3;
using Plasmite.Local;

namespace Plasmite.Remote;

public sealed partial class RemotePool
{
    /// <inheritdoc />
    public AppendReceipt AppendLite3<T>(T value, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var writer = new Lite3Writer(1024);
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), value, writeData, writer);
        var body = SendLite3(writer.WrittenSpan, durability);
        using var doc = RemoteClient.Parse(body);
        var message = MessageElement(doc);
        return new AppendReceipt(ReadSeq(message), ReadTime(message));
    }

    /// <summary>Reads the frame through <c>GET …/messages/{seq}/lite3</c> (see <see cref="GetLite3"/>); default when missing.</summary>
    public TResult? ReadFrame<TResult>(ulong seq, Lite3FrameReader<TResult> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        Lite3Frame frame;
        try
        {
            frame = GetLite3(seq);
        }
        catch (RemotePlasmiteException e) when (IsMissingMessage(e))
        {
            return default;
        }
        return read(new Lite3FrameView(frame.Seq, frame.TimestampNs, frame.Payload.Span));
    }

    /// <summary>
    /// Streams frames from <c>…/tail_lite3</c> (<see cref="TailLite3"/>). With <see cref="GapPolicy.Error"/>, which that
    /// stream cannot express, the JSON tail is used and each message re-encoded. <see cref="TailOptions.MaxMessages"/>
    /// counts what the server sends (skipped frames included).
    /// </summary>
    public async IAsyncEnumerable<TResult> TailFrames<TResult>(Lite3FrameReader<TResult?> read, TailOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(read);
        options ??= new TailOptions();
        if (options.GapPolicy == GapPolicy.Error)
        {
            await foreach (var m in Tail(options, cancellationToken).ConfigureAwait(false))
            {
                var item = ReadMessage(m, read);
                if (item is not null) yield return item;
            }
            yield break;
        }
        await foreach (var frame in TailLite3(options, cancellationToken).ConfigureAwait(false))
        {
            var item = read(new Lite3FrameView(frame.Seq, frame.TimestampNs, frame.Payload.Span));
            if (item is not null) yield return item;
        }
    }

    /// <summary>Collects the range from the Lite3 tail (waiting up to the replay timeout), then delivers it paced.</summary>
    public async IAsyncEnumerable<TResult> ReplayFrames<TResult>(Lite3FrameReader<TResult?> read, ReplayOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(read);
        options ??= new ReplayOptions();
        ReplayPacing.Validate(options);
        var tail = new TailOptions
        {
            SinceSeq = options.SinceSeq,
            MaxMessages = options.MaxMessages,
            Tags = options.Tags,
            Deadline = options.Timeout is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromSeconds(1),
        };
        var kept = new List<(ulong TimestampNs, TResult Item)>();
        await foreach (var frame in TailLite3(tail, cancellationToken).ConfigureAwait(false))
        {
            var item = read(new Lite3FrameView(frame.Seq, frame.TimestampNs, frame.Payload.Span));
            if (item is not null) kept.Add((frame.TimestampNs, item));
        }
        for (int i = 0; i < kept.Count; i++)
        {
            if (i > 0) await ReplayPacing.DelayAsync(kept[i - 1].TimestampNs, kept[i].TimestampNs, options.Speed, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            yield return kept[i].Item;
        }
    }

    private static TResult? ReadMessage<TResult>(Message m, Lite3FrameReader<TResult?> read)
    {
        var writer = new Lite3Writer(1024);
        Lite3Envelope.Encode(MessageCodec.TagSpan(m.Tags), System.Text.Encoding.UTF8.GetBytes(m.Data.GetRawText()), writer);
        return read(new Lite3FrameView(m.Seq, m.TimestampNs, writer.WrittenSpan));
    }
}
