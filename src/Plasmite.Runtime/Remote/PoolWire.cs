// Engine operations in the shapes the HTTP server sends them (sorted-key envelopes, raw tail frames).
using System.Buffers;
using Plasmite.Lite3;
using Plasmite.Local;

namespace Plasmite.Remote;

/// <summary>
/// Server-side helpers over a local <see cref="PlasmitePool"/>: append and render the committed message with
/// sorted keys (remote-v0 §2.2), and read raw frames for tails. Used by <c>plasmite serve</c>; the rules
/// themselves (framing, gaps, cursor) stay in the engine.
/// </summary>
internal static class PoolWire
{
    /// <summary>Appends <paramref name="dataJson"/> and writes the committed message (keys sorted) to <paramref name="envelope"/>.</summary>
    /// <exception cref="PlasmiteException">Usage "invalid json" / "data must be object"; engine errors.</exception>
    public static AppendReceipt AppendJson(PlasmitePool pool, ReadOnlySpan<byte> dataJson, IReadOnlyList<string> tags,
        Durability durability, IBufferWriter<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(envelope);
        var file = pool.File;
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), dataJson, writer);
        var r = file.Append(writer.WrittenSpan, Text.Rfc3339.NowNs(), durability);
        EnvelopeJson.WriteFromPayload(envelope, r.Seq, r.TimestampNs, writer.WrittenSpan, EnvelopeKeyOrder.Sorted);
        return new AppendReceipt(r.Seq, r.TimestampNs);
    }

    /// <summary>Encodes one append body's <c>data</c> and tags as the stored Lite3 document (a new array).</summary>
    /// <exception cref="PlasmiteException">Usage "invalid json" / "data must be object".</exception>
    public static byte[] EncodeMessage(ReadOnlySpan<byte> dataJson, IReadOnlyList<string> tags)
    {
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), dataJson, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Appends encoded documents under one lock acquisition (one timestamp, one wake-up, one flush for
    /// <see cref="Durability.Flush"/>; sizes are checked before anything is written), then writes each committed message
    /// (keys sorted) to <paramref name="envelopes"/>, separated by commas.
    /// </summary>
    /// <exception cref="PlasmiteException">Engine errors.</exception>
    public static void AppendBatch(PlasmitePool pool, ReadOnlyMemory<byte>[] payloads, Durability durability, IBufferWriter<byte> envelopes)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(payloads);
        ArgumentNullException.ThrowIfNull(envelopes);
        var results = new Storage.AppendResult[payloads.Length];
        ulong ts = Text.Rfc3339.NowNs();
        pool.File.AppendBatch(payloads, ts, durability, results);
        for (int i = 0; i < payloads.Length; i++)
        {
            if (i > 0) envelopes.Write(","u8);
            EnvelopeJson.WriteFromPayload(envelopes, results[i].Seq, ts, payloads[i].Span, EnvelopeKeyOrder.Sorted);
        }
    }

    /// <summary>Validates and appends a Lite3 document, then writes the committed message (keys sorted).</summary>
    /// <exception cref="PlasmiteException">Corrupt for an invalid document; engine errors.</exception>
    public static AppendReceipt AppendLite3(PlasmitePool pool, ReadOnlySpan<byte> payload, Durability durability, IBufferWriter<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(envelope);
        var file = pool.File;
        Lite3Envelope.Validate(payload);
        var r = file.Append(payload, Text.Rfc3339.NowNs(), durability);
        EnvelopeJson.WriteFromPayload(envelope, r.Seq, r.TimestampNs, payload, EnvelopeKeyOrder.Sorted);
        return new AppendReceipt(r.Seq, r.TimestampNs);
    }

    /// <summary>Opens a raw tail reader (remote-v0 §6.4 steps 1–3, 6): oldest retained first, inclusive since, gap rule.</summary>
    public static WireTailReader OpenTail(PlasmitePool pool, ulong? sinceSeq, GapPolicy gapPolicy)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new WireTailReader(new TailReader(pool.File, pool.Notifier, sinceSeq, gapPolicy));
    }
}

/// <summary>A non-blocking raw reader over a pool for server tails; tag filters, limits and deadlines are the caller's.</summary>
internal sealed class WireTailReader
{
    private readonly TailReader _reader;

    internal WireTailReader(TailReader reader) => _reader = reader;

    /// <summary>Seq of the current message.</summary>
    public ulong Seq => _reader.Seq;

    /// <summary>Timestamp (ns) of the current message.</summary>
    public ulong TimestampNs => _reader.TimestampNs;

    /// <summary>Stored Lite3 payload of the current message (valid until the next call).</summary>
    public ReadOnlySpan<byte> Payload => _reader.Payload;

    /// <summary>True once a retention gap ended the reader.</summary>
    public bool Terminated => _reader.Terminated;

    /// <summary>Advances to the next raw message; false when caught up.</summary>
    /// <exception cref="PlasmiteException">RetentionGap under <see cref="GapPolicy.Error"/>; Corrupt.</exception>
    public bool TryNext() => _reader.TryNext();

    /// <summary>Waits, holding no thread, until a writer appends (the pool handle's one notifier thread wakes every
    /// reader of it), <paramref name="timeout"/> passes, or cancellation; a post consumed since the last
    /// <see cref="TryNext"/> still counts. Callers cap the timeout at their poll interval: a writer's post may be
    /// consumed by another process's reader.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _reader.WaitAsync(timeout, cancellationToken);
}
