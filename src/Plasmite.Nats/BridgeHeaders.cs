// The JetStream message layout of an exported pool message: header names, the tags header, the message id.
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;

namespace Plasmite.Nats;

/// <summary>Header names the exporter writes on every JetStream message (the body is the message's <c>data</c> JSON).</summary>
public static class BridgeHeaders
{
    /// <summary>JetStream's deduplication id: <c>{pool id}:{seq}</c>.</summary>
    public const string MsgId = "Nats-Msg-Id";

    /// <summary>The exporting pool's identity (random per pool creation, kept in the export checkpoint).</summary>
    public const string PoolId = "Plasmite-Pool-Id";

    /// <summary>The exporting pool's name (informational).</summary>
    public const string Pool = "Plasmite-Pool";

    /// <summary>The message's seq in the exporting pool (decimal).</summary>
    public const string Seq = "Plasmite-Seq";

    /// <summary>The message's append time, RFC 3339 exactly as envelopes print it.</summary>
    public const string Time = "Plasmite-Time";

    /// <summary>The message's tags as a JSON array of strings (ASCII: other characters are \u-escaped).</summary>
    public const string Tags = "Plasmite-Tags";

    internal const string ExpectedLastSubjectSeq = "Nats-Expected-Last-Subject-Sequence";

    internal static string MessageId(string poolId, ulong seq) => string.Create(CultureInfo.InvariantCulture, $"{poolId}:{seq}");

    internal static NatsHeaders For(string poolId, string poolName, ulong seq, ulong timestampNs, IReadOnlyList<string> tags, ulong expectedLastSubjectSeq)
    {
        var h = new NatsHeaders
        {
            [MsgId] = MessageId(poolId, seq),
            [PoolId] = poolId,
            [Pool] = poolName,
            [Seq] = seq.ToString(CultureInfo.InvariantCulture),
            [Time] = Plasmite.Text.Rfc3339.Format(timestampNs),
            [Tags] = EncodeTags(tags),
            [ExpectedLastSubjectSeq] = expectedLastSubjectSeq.ToString(CultureInfo.InvariantCulture),
        };
        return h;
    }

    /// <summary>Tags as an ASCII JSON array (header values cannot carry CR/LF or, portably, non-ASCII bytes).</summary>
    internal static string EncodeTags(IReadOnlyList<string> tags)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var t in tags) w.WriteStringValue(t);
            w.WriteEndArray();
        }
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses the tags header; a missing header means no tags.</summary>
    /// <exception cref="PlasmiteException">Usage when the header is not a JSON array of strings.</exception>
    internal static string[] DecodeTags(string? header)
    {
        if (string.IsNullOrEmpty(header)) return [];
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("not an array");
            var tags = new string[doc.RootElement.GetArrayLength()];
            int i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
                tags[i++] = e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new JsonException("tag is not a string");
            return tags;
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"invalid {Tags} header", inner: e);
        }
    }

    internal static string? Get(NatsHeaders? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    internal static ulong? GetUInt64(NatsHeaders? headers, string name) =>
        ulong.TryParse(Get(headers, name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
