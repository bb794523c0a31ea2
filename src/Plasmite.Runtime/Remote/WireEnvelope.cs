// One forward pass over a message envelope line or append answer: seq, time, tags and the data's bytes, no DOM.
using System.Collections.ObjectModel;
using System.Text.Json;
using Plasmite.Text;

namespace Plasmite.Remote;

/// <summary>The fields of one envelope <c>{"data":…,"meta":{"tags":[…]},"seq":…,"time":"…"}</c> (any key order).</summary>
internal readonly struct WireMessage(ulong seq, ulong timestampNs, IReadOnlyList<string> tags, int dataStart, int dataLength)
{
    public ulong Seq { get; } = seq;

    public ulong TimestampNs { get; } = timestampNs;

    public IReadOnlyList<string> Tags { get; } = tags;

    /// <summary>Offset of the <c>data</c> value in the scanned bytes.</summary>
    public int DataStart { get; } = dataStart;

    /// <summary>Length of the <c>data</c> value's JSON text.</summary>
    public int DataLength { get; } = dataLength;
}

/// <summary>
/// Reads envelopes with a <see cref="Utf8JsonReader"/> instead of a <see cref="JsonDocument"/>. Anything unusual
/// (an <c>error</c> member, a missing or non-canonical field, escaped time text) returns false, and the caller takes
/// the general <see cref="JsonDocument"/> path, which produces the exact errors; invalid JSON throws
/// <see cref="JsonException"/> as parsing would.
/// </summary>
internal sealed class WireEnvelope
{
    private static readonly ReadOnlyCollection<string> NoTags = new([]);

    /// <summary>A shared reader that skips tags (append receipts need seq and time only); safe on any thread.</summary>
    public static readonly WireEnvelope Receipts = new(readTags: false);

    private readonly bool _readTags;

    /// <summary>A reader with its own tag cache (one per stream: not thread-safe).</summary>
    public WireEnvelope(bool readTags = true) => _readTags = readTags;

    // The last tag list seen, as its JSON text and as strings: a stream of messages with the same tags shares one list.
    private byte[] _lastTagsJson = [];
    private ReadOnlyCollection<string> _lastTags = NoTags;

    /// <summary>Scans one envelope object that spans all of <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">Not JSON.</exception>
    public bool TryRead(ReadOnlySpan<byte> json, out WireMessage message)
    {
        message = default;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        if (!TryReadMembers(ref reader, json, out message)) return false;
        return !reader.Read(); // trailing content throws; a second value cannot follow an object here
    }

    /// <summary>Scans <c>{"message":{…envelope…}}</c> (an append answer) and returns the envelope's fields.</summary>
    /// <exception cref="JsonException">Not JSON.</exception>
    public bool TryReadWrapped(ReadOnlySpan<byte> json, out WireMessage message)
    {
        message = default;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        bool found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8) && !found)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                if (!TryReadMembers(ref reader, json, out message)) return false;
                found = true;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                return false;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return found && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
    }

    /// <summary>Scans <c>{"messages":[{…},…]}</c> (an <c>append_batch</c> answer) into exactly <paramref name="receipts"/>.Length receipts.</summary>
    /// <exception cref="JsonException">Not JSON.</exception>
    public bool TryReadReceipts(ReadOnlySpan<byte> json, AppendReceipt[] receipts)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        bool found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("messages"u8) && !found)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
                int i = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    if (i == receipts.Length || !TryReadMembers(ref reader, json, out var m)) return false;
                    receipts[i++] = new AppendReceipt(m.Seq, m.TimestampNs);
                }
                if (reader.TokenType != JsonTokenType.EndArray || i != receipts.Length) return false;
                found = true;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                return false;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return found && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
    }

    // The reader is on the envelope's StartObject; leaves it on the matching EndObject.
    private bool TryReadMembers(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out WireMessage message)
    {
        message = default;
        ulong seq = 0, ns = 0;
        bool haveSeq = false, haveTime = false, haveData = false;
        IReadOnlyList<string> tags = NoTags;
        int dataStart = 0, dataLength = 0;
        int depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) break;
            if (reader.TokenType != JsonTokenType.PropertyName) return false;
            if (reader.ValueIsEscaped) return false;
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("data"u8))
            {
                if (haveData) return false;
                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
                dataLength = (int)reader.BytesConsumed - dataStart;
                haveData = true;
            }
            else if (name.SequenceEqual("seq"u8))
            {
                if (haveSeq || reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out seq)) return false;
                haveSeq = true;
            }
            else if (name.SequenceEqual("time"u8))
            {
                if (haveTime || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !TryParseTime(reader.ValueSpan, out ns)) return false;
                haveTime = true;
            }
            else if (name.SequenceEqual("meta"u8) && !_readTags)
            {
                reader.Skip();
            }
            else if (name.SequenceEqual("meta"u8))
            {
                if (reader.TokenType != JsonTokenType.StartObject || !TryReadMeta(ref reader, json, out tags)) return false;
            }
            else if (name.SequenceEqual("error"u8))
            {
                return false;
            }
            else
            {
                reader.Skip();
            }
        }
        if (!haveSeq || !haveTime || !haveData) return false;
        message = new WireMessage(seq, ns, tags, dataStart, dataLength);
        return true;
    }

    private bool TryReadMeta(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out IReadOnlyList<string> tags)
    {
        tags = NoTags;
        int depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) return true;
            if (reader.TokenType != JsonTokenType.PropertyName) return false;
            bool isTags = reader.ValueTextEquals("tags"u8);
            reader.Read();
            if (!isTags)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartArray) return false;
            int start = (int)reader.TokenStartIndex;
            var copy = reader; // a second pass over the array only when the tags differ from the previous message's
            reader.Skip();
            var text = json[start..(int)reader.BytesConsumed];
            if (!text.SequenceEqual(_lastTagsJson))
            {
                var list = new List<string>();
                while (copy.Read() && copy.TokenType != JsonTokenType.EndArray)
                {
                    if (copy.TokenType != JsonTokenType.String) return false;
                    list.Add(copy.GetString()!);
                }
                _lastTags = list.Count == 0 ? NoTags : new ReadOnlyCollection<string>(list);
                _lastTagsJson = text.ToArray();
            }
            tags = _lastTags;
        }
        return false;
    }

    /// <summary>
    /// Checks that <paramref name="json"/> starts with one JSON object, as <c>MessageCodec.ParseData</c> does, without
    /// building a document: Usage "invalid json" (not JSON) or "data must be object".
    /// </summary>
    public static void CheckData(ReadOnlySpan<byte> json)
    {
        bool isObject;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read()) throw new JsonException("empty");
            isObject = reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid json", inner: e);
        }
        if (!isObject) throw PlasmiteException.Usage("data must be object");
    }

    private static bool TryParseTime(ReadOnlySpan<byte> utf8, out ulong ns)
    {
        ns = 0;
        if (utf8.Length > 64) return false;
        Span<char> chars = stackalloc char[64];
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] >= 0x80) return false;
            chars[i] = (char)utf8[i];
        }
        return Rfc3339.TryParse(chars[..utf8.Length], out ns);
    }
}
