// Renders a message envelope {seq,time,meta:{tags},data} as JSON text, in either key order the original uses.
using System.Buffers;
using Plasmite.Lite3;
using Plasmite.Text;

namespace Plasmite;

/// <summary>The key order of a rendered message envelope.</summary>
public enum EnvelopeKeyOrder
{
    /// <summary><c>seq, time, meta, data</c>: what the original SDKs return from append/get.</summary>
    Api = 0,

    /// <summary><c>data, meta, seq, time</c>: keys sorted, as the original CLI and HTTP server print.</summary>
    Sorted = 1,
}

/// <summary>Writes message envelopes as compact JSON text.</summary>
internal static class EnvelopeJson
{
    /// <summary>Writes <c>{"seq":…,"time":…,"meta":{"tags":[…]},"data":…}</c> (or the sorted order).</summary>
    /// <param name="output">Destination.</param>
    /// <param name="seq">Message seq.</param>
    /// <param name="timestampNs">Frame timestamp (ns since the Unix epoch).</param>
    /// <param name="tags">The message's tags, in stored order.</param>
    /// <param name="dataJson">The <c>data</c> value as compact JSON text.</param>
    /// <param name="order">Key order.</param>
    public static void Write(IBufferWriter<byte> output, ulong seq, ulong timestampNs, IReadOnlyList<string> tags,
        ReadOnlySpan<byte> dataJson, EnvelopeKeyOrder order = EnvelopeKeyOrder.Api) =>
        WriteEnvelope(output, seq, timestampNs, new Parts(tags, dataJson, default), order);

    /// <summary>
    /// Writes the envelope of a stored message straight from its Lite3 payload (tags and <c>data</c> are
    /// decoded on the fly). Allocation-free once the output buffer is warm.
    /// </summary>
    /// <exception cref="PlasmiteException">Corrupt when the payload is not a readable message document.</exception>
    public static void WriteFromPayload(IBufferWriter<byte> output, ulong seq, ulong timestampNs, ReadOnlySpan<byte> payload,
        EnvelopeKeyOrder order = EnvelopeKeyOrder.Api) =>
        WriteEnvelope(output, seq, timestampNs, new Parts(null, default, payload), order);

    // Tags and data come either as values (Tags + DataJson) or from a stored Lite3 payload.
    private readonly ref struct Parts(IReadOnlyList<string>? tags, ReadOnlySpan<byte> dataJson, ReadOnlySpan<byte> payload)
    {
        public readonly IReadOnlyList<string>? Tags = tags;
        public readonly ReadOnlySpan<byte> DataJson = dataJson;
        public readonly ReadOnlySpan<byte> Payload = payload;
    }

    private static void WriteEnvelope(IBufferWriter<byte> output, ulong seq, ulong timestampNs, in Parts parts, EnvelopeKeyOrder order)
    {
        if (order == EnvelopeKeyOrder.Sorted)
        {
            output.Write("{\"data\":"u8);
            WriteData(output, parts);
            output.Write(",\"meta\":"u8);
            WriteMeta(output, parts);
            output.Write(",\"seq\":"u8);
            JsonText.WriteNumber(output, seq);
            output.Write(",\"time\":"u8);
            WriteTime(output, timestampNs);
            output.Write("}"u8);
        }
        else
        {
            output.Write("{\"seq\":"u8);
            JsonText.WriteNumber(output, seq);
            output.Write(",\"time\":"u8);
            WriteTime(output, timestampNs);
            output.Write(",\"meta\":"u8);
            WriteMeta(output, parts);
            output.Write(",\"data\":"u8);
            WriteData(output, parts);
            output.Write("}"u8);
        }
    }

    private static void WriteData(IBufferWriter<byte> output, in Parts parts)
    {
        if (parts.Tags is not null) output.Write(parts.DataJson);
        else Lite3Envelope.WriteDataJson(parts.Payload, output);
    }

    private static void WriteMeta(IBufferWriter<byte> output, in Parts parts)
    {
        if (parts.Tags is { } tags) WriteMeta(output, tags);
        else WriteMeta(output, parts.Payload);
    }

    private static void WriteMeta(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        output.Write("{\"tags\":["u8);
        bool first = true;
        foreach (var tag in Lite3Envelope.EnumerateTags(payload))
        {
            if (!first) output.Write(","u8);
            first = false;
            JsonText.WriteString(output, tag);
        }
        output.Write("]}"u8);
    }

    /// <summary>Writes an append receipt <c>{"seq":…,"time":…,"meta":{"tags":[…]}}</c> (keys sorted as the CLI prints them).</summary>
    public static void WriteReceipt(IBufferWriter<byte> output, ulong seq, ulong timestampNs, IReadOnlyList<string> tags)
    {
        output.Write("{\"meta\":"u8);
        WriteMeta(output, tags);
        output.Write(",\"seq\":"u8);
        JsonText.WriteNumber(output, seq);
        output.Write(",\"time\":"u8);
        WriteTime(output, timestampNs);
        output.Write("}"u8);
    }

    private static void WriteMeta(IBufferWriter<byte> output, IReadOnlyList<string> tags)
    {
        output.Write("{\"tags\":["u8);
        for (int i = 0; i < tags.Count; i++)
        {
            if (i > 0) output.Write(","u8);
            JsonText.WriteString(output, tags[i]);
        }
        output.Write("]}"u8);
    }

    private static void WriteTime(IBufferWriter<byte> output, ulong timestampNs)
    {
        Span<byte> time = stackalloc byte[Rfc3339.MaxLength];
        int n = Rfc3339.Format(timestampNs, time);
        JsonText.WriteString(output, time[..n]);
    }
}
