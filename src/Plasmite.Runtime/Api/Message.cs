// An immutable message as applications see it: seq, time, tags and JSON data (materialized on first use).
using System.Buffers;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Text;

namespace Plasmite;

/// <summary>
/// A message read from or appended to a pool: <c>{seq, time, meta:{tags}, data}</c>. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Messages read from a local pool keep one private copy of the stored Lite3 document and do no JSON work
/// until asked: <see cref="Tags"/> is decoded on first access, <see cref="Data"/> is materialized (Lite3 →
/// JSON → <see cref="JsonElement"/>) on first access, and <see cref="Raw"/>/<see cref="ToJson"/> render the
/// envelope straight from the stored document. A corrupt stored document therefore surfaces as
/// <see cref="ErrorKind.Corrupt"/> when the affected part is first read.
/// </remarks>
public sealed class Message
{
    private ReadOnlyMemory<byte>? _raw;
    private string? _timeRfc3339;
    private IReadOnlyList<string>? _tags;
    private DataBox? _data;

    // The stored Lite3 document (one private copy) for messages read from a local pool; null otherwise.
    private readonly byte[]? _payload;

    // The data value's JSON inside _raw for messages read from a remote tail (parsed on first access); empty otherwise.
    private readonly ReadOnlyMemory<byte> _dataJson;

    // Data materialized once; a class so it can be published atomically.
    private sealed class DataBox(JsonElement data)
    {
        public readonly JsonElement Data = data;
    }

    /// <summary>Creates a message from its parts.</summary>
    /// <param name="seq">Sequence number (≥ 1).</param>
    /// <param name="timestampNs">Append time in nanoseconds since the Unix epoch (UTC).</param>
    /// <param name="tags">Tags in stored order.</param>
    /// <param name="data">The <c>data</c> value.</param>
    /// <param name="raw">The envelope JSON this message was parsed from, when known.</param>
    public Message(ulong seq, ulong timestampNs, IReadOnlyList<string> tags, JsonElement data, ReadOnlyMemory<byte>? raw = null)
    {
        ArgumentNullException.ThrowIfNull(tags);
        Seq = seq;
        TimestampNs = timestampNs;
        _tags = tags;
        _data = new DataBox(data);
        _raw = raw;
    }

    // payload: a private copy of the stored Lite3 document; tags and data are decoded from it on demand.
    internal Message(ulong seq, ulong timestampNs, byte[] payload)
    {
        Seq = seq;
        TimestampNs = timestampNs;
        _payload = payload;
    }

    // raw: an envelope as received (kept as Raw); dataJson: its data value (a slice of raw, already checked to be JSON),
    // parsed into Data only on first access. For remote tails, which read many messages and often touch few fields.
    internal Message(ulong seq, ulong timestampNs, IReadOnlyList<string> tags, ReadOnlyMemory<byte> raw, ReadOnlyMemory<byte> dataJson)
    {
        Seq = seq;
        TimestampNs = timestampNs;
        _tags = tags;
        _raw = raw;
        _dataJson = dataJson;
    }

    /// <summary>
    /// A message over a copy of a stored Lite3 document (<c>{meta:{tags}, data}</c>); tags and data are decoded on first
    /// access. For generated code and zero-JSON consumers.
    /// </summary>
    /// <param name="seq">The message's seq.</param>
    /// <param name="timestampNs">Append time, ns since the Unix epoch.</param>
    /// <param name="payload">The stored document (copied).</param>
    public static Message FromLite3(ulong seq, ulong timestampNs, ReadOnlySpan<byte> payload) => new(seq, timestampNs, payload.ToArray());

    /// <summary>The message's sequence number (consecutive per pool, starting at 1).</summary>
    public ulong Seq { get; }

    /// <summary>Append time in nanoseconds since the Unix epoch (UTC).</summary>
    public ulong TimestampNs { get; }

    /// <summary>Append time (UTC, 100 ns resolution; <see cref="TimestampNs"/> is exact).</summary>
    public DateTimeOffset Time => Rfc3339.ToDateTimeOffset(TimestampNs);

    /// <summary>Append time as the original renders it (RFC 3339, UTC, trimmed nanoseconds).</summary>
    public string TimeRfc3339 => _timeRfc3339 ??= Rfc3339.Format(TimestampNs);

    /// <summary>The message's tags (<c>meta.tags</c>), in stored order.</summary>
    public IReadOnlyList<string> Tags => _tags ?? InitTags();

    /// <summary>The message's <c>data</c> (a JSON object for every message written through the SDKs).</summary>
    /// <remarks>Materialized on first access for messages read from a local pool.</remarks>
    public JsonElement Data => (_data ?? InitData()).Data;

    /// <summary>The stored Lite3 document when this message was read from a local pool (for zero-JSON consumers).</summary>
    internal ReadOnlySpan<byte> Payload => _payload;

    private IReadOnlyList<string> InitTags()
    {
        IReadOnlyList<string> tags = Lite3Envelope.ReadTags(_payload);
        return Interlocked.CompareExchange(ref _tags, tags, null) ?? tags;
    }

    private DataBox InitData()
    {
        if (_payload is null)
        {
            var parsed = new DataBox(Local.MessageCodec.ParseElement(_dataJson.Span));
            return Interlocked.CompareExchange(ref _data, parsed, null) ?? parsed;
        }
        var json = Local.MessageCodec.Scratch();
        Lite3Envelope.WriteDataJson(_payload, json);
        var box = new DataBox(Local.MessageCodec.ParseElement(json.WrittenSpan));
        return Interlocked.CompareExchange(ref _data, box, null) ?? box;
    }

    /// <summary>
    /// The envelope as compact JSON bytes: the source bytes when this message was parsed from JSON,
    /// otherwise rendered on first use with keys <c>seq, time, meta, data</c>.
    /// </summary>
    public ReadOnlyMemory<byte> Raw => _raw ??= Render(EnvelopeKeyOrder.Api);

    /// <summary>Renders the envelope as JSON text in the given key order.</summary>
    public byte[] ToJson(EnvelopeKeyOrder order = EnvelopeKeyOrder.Api) => Render(order).ToArray();

    /// <inheritdoc />
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Raw.Span);

    /// <summary>Parses an envelope <c>{"seq","time","meta":{"tags"},"data"}</c> (any key order).</summary>
    /// <exception cref="PlasmiteException">Usage when the JSON is not a valid envelope.</exception>
    public static Message Parse(ReadOnlySpan<byte> json) => Parse(json.ToArray());

    /// <summary>Parses an envelope, keeping <paramref name="json"/> as <see cref="Raw"/>.</summary>
    public static Message Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid message json", inner: e);
        }
        return FromEnvelope(doc.RootElement, json);
    }

    /// <summary>Converts a parsed envelope element into a message.</summary>
    /// <exception cref="PlasmiteException">Usage when a field is missing or malformed.</exception>
    public static Message FromEnvelope(JsonElement envelope, ReadOnlyMemory<byte>? raw = null)
    {
        if (envelope.ValueKind != JsonValueKind.Object)
            throw new PlasmiteException(ErrorKind.Usage, "message must be an object");
        ulong seq = envelope.TryGetProperty("seq", out var seqEl) ? ParseSeq(seqEl)
            : throw new PlasmiteException(ErrorKind.Usage, "message seq must be numeric");
        if (!envelope.TryGetProperty("time", out var timeEl) || timeEl.ValueKind != JsonValueKind.String
            || !Rfc3339.TryParse(timeEl.GetString(), out ulong ns))
            throw new PlasmiteException(ErrorKind.Usage, "message time must be RFC3339");
        var tags = new List<string>();
        if (envelope.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("tags", out var tagsEl) && tagsEl.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in tagsEl.EnumerateArray())
                tags.Add(t.ValueKind == JsonValueKind.String ? t.GetString()! : t.GetRawText());
        }
        var data = envelope.TryGetProperty("data", out var d) ? d.Clone() : default;
        return new Message(seq, ns, tags, data, raw);
    }

    private static ulong ParseSeq(JsonElement el)
    {
        if (el.ValueKind == JsonValueKind.Number && el.TryGetUInt64(out ulong v)) return v;
        if (el.ValueKind == JsonValueKind.Number && el.TryGetDouble(out double dv) && dv >= 0 && dv < 18446744073709551616.0)
            return (ulong)Math.Truncate(dv);
        if (el.ValueKind == JsonValueKind.String && ulong.TryParse(el.GetString(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out v))
            return v;
        throw new PlasmiteException(ErrorKind.Usage, "message seq must be numeric");
    }

    private ReadOnlyMemory<byte> Render(EnvelopeKeyOrder order)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        if (_payload is not null)
        {
            EnvelopeJson.WriteFromPayload(buffer, Seq, TimestampNs, _payload, order);
            return buffer.WrittenMemory;
        }
        var data = Data.ValueKind == JsonValueKind.Undefined ? "null"u8.ToArray() : DataJson();
        EnvelopeJson.Write(buffer, Seq, TimestampNs, Tags, data, order);
        return buffer.WrittenMemory;
    }

    private byte[] DataJson()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Data.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>A message whose <c>data</c> is deserialized to <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The payload type.</typeparam>
public sealed class Message<T>
{
    /// <summary>Creates a typed message.</summary>
    public Message(ulong seq, ulong timestampNs, IReadOnlyList<string> tags, T data)
    {
        Seq = seq;
        TimestampNs = timestampNs;
        Tags = tags;
        Data = data;
    }

    /// <summary>The message's sequence number.</summary>
    public ulong Seq { get; }

    /// <summary>Append time in nanoseconds since the Unix epoch (UTC).</summary>
    public ulong TimestampNs { get; }

    /// <summary>Append time (UTC, 100 ns resolution).</summary>
    public DateTimeOffset Time => Rfc3339.ToDateTimeOffset(TimestampNs);

    /// <summary>Append time as RFC 3339 text, exactly as the original renders it.</summary>
    public string TimeRfc3339 => Rfc3339.Format(TimestampNs);

    /// <summary>The message's tags in stored order.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The deserialized payload.</summary>
    public T Data { get; }
}
