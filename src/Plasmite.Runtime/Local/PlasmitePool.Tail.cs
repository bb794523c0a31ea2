// Async tails and replay over the shared TailReader.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Plasmite.Lite3;
using Plasmite.Local;

namespace Plasmite;

public sealed partial class PlasmitePool
{
    private delegate T PayloadDecoder<T>(ulong seq, ulong timestampNs, ReadOnlySpan<byte> payload);

    private static readonly PayloadDecoder<Message> DecodeMessage = MessageCodec.Decode;

    /// <inheritdoc />
    public IAsyncEnumerable<Message> Tail(TailOptions? options = null, CancellationToken cancellationToken = default) =>
        TailCore(options ?? TailOptions.Default, static r => DecodeMessage(r.Seq, r.TimestampNs, r.Payload), cancellationToken);

    /// <summary>
    /// Streams the stored Lite3 frames (no JSON work, no copy out of the tail's buffer) with the rules of
    /// <see cref="Tail(TailOptions?, CancellationToken)"/>: <see cref="TailOptions.Tags"/> filter, gap policy,
    /// <see cref="TailOptions.MaxMessages"/>, window timeout and deadline, cancellation.
    /// <para><b>Lifetime:</b> each frame's <see cref="Lite3Frame.Payload"/> borrows the tail's buffer and is valid only
    /// until the enumerator advances or is disposed; copy it (<c>Payload.ToArray()</c>) to keep it.</para>
    /// <para><b>Cost:</b> after the first frames (the buffer grows to the largest payload) delivering a retained
    /// message allocates nothing; waiting for new messages when caught up allocates a little per wait (a timer
    /// task), not per message.</para>
    /// </summary>
    /// <exception cref="PlasmiteException">RetentionGap under <see cref="GapPolicy.Error"/>; Corrupt.</exception>
    public IAsyncEnumerable<Lite3Frame> TailLite3(TailOptions? options = null, CancellationToken cancellationToken = default) =>
        TailCore(options ?? TailOptions.Default, static r => new Lite3Frame(r.Seq, r.TimestampNs, r.Flags, r.PayloadMemory), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Message<T>> Tail<T>(JsonTypeInfo<T> typeInfo, TailOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return TailCore(options ?? TailOptions.Default, r => MessageCodec.Decode(r.Seq, r.TimestampNs, r.Payload, typeInfo), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TResult> TailFrames<TResult>(Lite3FrameReader<TResult?> read, TailOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(read);
        return TailCore<TResult?>(options ?? TailOptions.Default, r => read(new Lite3FrameView(r.Seq, r.TimestampNs, r.Payload)), cancellationToken)!;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TResult> ReplayFrames<TResult>(Lite3FrameReader<TResult?> read, ReplayOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(read);
        return ReplayCore<TResult?>(options, (seq, ts, payload) => read(new Lite3FrameView(seq, ts, payload)), cancellationToken)!;
    }

    // Node semantics (sdk-api.md §6.4): the window only ends a tail that has MaxMessages and saw no raw message
    // during a whole window; Deadline (ours) is an absolute limit. Gaps are checked before tag filtering.
    private async IAsyncEnumerable<T> TailCore<T>(TailOptions options, Func<TailReader, T> decode,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var file = Open();
        var reader = new TailReader(file, Notifier, options.SinceSeq, options.GapPolicy);
        var deadline = Deadline.After(options.Deadline);
        var window = options.Window;
        var poll = options.PollInterval > TimeSpan.Zero ? options.PollInterval : TimeSpan.FromMilliseconds(50);
        var tags = options.Tags is { Count: > 0 } t ? new Lite3Envelope.RequiredTags(t) : null;
        ulong delivered = 0;
        long windowStart = Stopwatch.GetTimestamp();
        bool sawRaw = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.MaxMessages is { } max && delivered >= max) yield break;
            if (deadline.Passed || reader.Terminated) yield break;
            if (reader.TryNext())
            {
                sawRaw = true;
                if (tags is not null && !tags.Match(reader.Payload)) continue;
                var item = decode(reader);
                if (item is null) continue; // skipped by a frame reader (not delivered, not counted)
                cancellationToken.ThrowIfCancellationRequested();
                delivered++;
                yield return item;
                continue;
            }
            var inWindow = Stopwatch.GetElapsedTime(windowStart);
            if (inWindow >= window)
            {
                if (options.MaxMessages is not null && !sawRaw) yield break;
                windowStart = Stopwatch.GetTimestamp();
                sawRaw = false;
                inWindow = TimeSpan.Zero;
            }
            var wait = deadline.Left(Min(poll, window - inWindow));
            await reader.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Replays a range with its original timing: reads the matching messages once (waiting up to
    /// <see cref="ReplayOptions.Timeout"/>, default 1 s, unless <see cref="ReplayOptions.MaxMessages"/> are found first),
    /// then delivers the first at once and each next one after <c>(t[i] − t[i−1]) / Speed</c> (millisecond precision).
    /// </summary>
    /// <exception cref="PlasmiteException">Usage when <see cref="ReplayOptions.Speed"/> is negative or not a number.</exception>
    public IAsyncEnumerable<Message> Replay(ReplayOptions? options = null, CancellationToken cancellationToken = default) =>
        ReplayCore(options, DecodeMessage, cancellationToken);

    private async IAsyncEnumerable<T> ReplayCore<T>(ReplayOptions? options, PayloadDecoder<T> decode,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options ??= new ReplayOptions();
        ReplayPacing.Validate(options);
        var kept = new List<(ulong TimestampNs, T Item)>();
        var file = Open();
        var reader = new TailReader(file, Notifier, options.SinceSeq, GapPolicy.Continue);
        var deadline = Deadline.After(options.Timeout is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromSeconds(1));
        var tags = options.Tags is { Count: > 0 } tg ? new Lite3Envelope.RequiredTags(tg) : null;
        while (!deadline.Passed && !(options.MaxMessages is { } max && (ulong)kept.Count >= max))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.TryNext())
            {
                if (tags is null || tags.Match(reader.Payload))
                {
                    var item = decode(reader.Seq, reader.TimestampNs, reader.Payload);
                    if (item is not null) kept.Add((reader.TimestampNs, item));
                }
                continue;
            }
            await reader.WaitAsync(deadline.Left(TimeSpan.FromMilliseconds(50)), cancellationToken).ConfigureAwait(false);
        }
        for (int i = 0; i < kept.Count; i++)
        {
            if (i > 0) await ReplayPacing.DelayAsync(kept[i - 1].TimestampNs, kept[i].TimestampNs, options.Speed, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            yield return kept[i].Item;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
