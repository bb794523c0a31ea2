// Turns stored Lite3 payloads into Message / Message<T> / envelope JSON, and values into payloads.
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Plasmite.Lite3;

namespace Plasmite.Local;

internal static class MessageCodec
{
    [ThreadStatic] private static Lite3Writer? t_writer;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;
    [ThreadStatic] private static Utf8JsonWriter? t_jsonWriter;

    /// <summary>A per-thread Lite3 writer, reset and ready (encode outside the append lock).</summary>
    public static Lite3Writer Writer()
    {
        var w = t_writer ??= new Lite3Writer(4096);
        w.Reset();
        return w;
    }

    /// <summary>A per-thread JSON scratch buffer, cleared.</summary>
    public static ArrayBufferWriter<byte> Scratch()
    {
        var b = t_json ??= new ArrayBufferWriter<byte>(1024);
        b.ResetWrittenCount();
        return b;
    }

    /// <summary>Serializes a value with its type info into the per-thread scratch buffer.</summary>
    public static ReadOnlySpan<byte> Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = Scratch();
        var writer = t_jsonWriter;
        if (writer is null) t_jsonWriter = writer = new Utf8JsonWriter(buffer);
        else writer.Reset(buffer);
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
        catch (JsonException e)
        {
            throw global::Plasmite.Typed.TypedJsonErrors.SerializeFailed(e, typeof(T));
        }
        writer.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>Views a tag list as a span without copying when possible.</summary>
    public static ReadOnlySpan<string> TagSpan(IReadOnlyList<string>? tags) => tags switch
    {
        null => [],
        string[] array => array,
        List<string> list => CollectionsMarshal.AsSpan(list),
        _ => tags.ToArray(),
    };

    /// <summary>Copies caller tags for a returned message (callers may mutate their list afterwards).</summary>
    public static IReadOnlyList<string> TagCopy(IReadOnlyList<string>? tags) =>
        tags is null || tags.Count == 0 ? [] : tags.ToArray();

    /// <summary>A lazy message over one private copy of a stored payload (no JSON work until its data is read).</summary>
    public static Message Decode(ulong seq, ulong timestampNs, ReadOnlySpan<byte> payload) =>
        new(seq, timestampNs, payload.ToArray());

    /// <summary>A lazy message that takes ownership of <paramref name="payload"/> (already a private copy).</summary>
    public static Message Adopt(ulong seq, ulong timestampNs, byte[] payload) => new(seq, timestampNs, payload);

    /// <summary>Decodes a stored payload's data as <typeparamref name="T"/>.</summary>
    public static Message<T> Decode<T>(ulong seq, ulong timestampNs, ReadOnlySpan<byte> payload, JsonTypeInfo<T> typeInfo)
    {
        var tags = Lite3Envelope.ReadTags(payload);
        var data = Scratch();
        Lite3Envelope.WriteDataJson(payload, data);
        T value;
        try
        {
            value = JsonSerializer.Deserialize(data.WrittenSpan, typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"message {seq} does not match {typeof(T).Name}: {e.Message}", seq: seq, inner: e);
        }
        return new Message<T>(seq, timestampNs, tags, value);
    }

    /// <summary>Parses a JSON value into a self-contained element (no pooled memory to dispose).</summary>
    public static JsonElement ParseElement(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Throws Usage "invalid json" / "data must be object" exactly as the original does for appended data.</summary>
    public static JsonElement ParseData(ReadOnlySpan<byte> json)
    {
        JsonElement element;
        try
        {
            element = ParseElement(json);
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid json", inner: e);
        }
        if (element.ValueKind != JsonValueKind.Object) throw PlasmiteException.Usage("data must be object");
        return element;
    }
}
