// A local pool handle: appends, reads, streams and tails over the storage engine.
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Plasmite.Lite3;
using Plasmite.Local;
using Plasmite.Storage;

namespace Plasmite;

/// <summary>
/// An open local pool. Thread-safe: appends from many threads (and processes) are serialised by the
/// engine's lock; reads never lock. Dispose to unmap the file.
/// </summary>
public sealed partial class PlasmitePool : IPlasmitePool
{
    private readonly PoolFile _file;
    private readonly Lazy<PoolNotifier?> _notifier;
    private volatile bool _closed;

    internal PlasmitePool(PoolFile file, string name)
    {
        _file = file;
        Name = name;
        _notifier = new Lazy<PoolNotifier?>(file.OpenNotifier, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The pool file's path as resolved from <see cref="Name"/>.</summary>
    public string Path => _file.Path;

    /// <summary>The engine handle (for advanced use: raw frames, validation).</summary>
    internal PoolFile File => Open();

    /// <inheritdoc />
    public AppendReceipt AppendJson(ReadOnlySpan<byte> json, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        var file = Open();
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), json, writer);
        var r = file.Append(writer.WrittenSpan, Text.Rfc3339.NowNs(), durability);
        return new AppendReceipt(r.Seq, r.TimestampNs);
    }

    /// <summary>Appends JSON and writes the committed envelope (<c>seq, time, meta, data</c>) to <paramref name="envelope"/>,
    /// as the original's <c>appendJson</c> returns it.</summary>
    public AppendReceipt AppendJson(ReadOnlySpan<byte> json, IBufferWriter<byte> envelope, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var file = Open();
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), json, writer);
        var r = file.Append(writer.WrittenSpan, Text.Rfc3339.NowNs(), durability);
        EnvelopeJson.WriteFromPayload(envelope, r.Seq, r.TimestampNs, writer.WrittenSpan);
        return new AppendReceipt(r.Seq, r.TimestampNs);
    }

    /// <inheritdoc />
    public Message Append(JsonElement data, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        if (data.ValueKind != JsonValueKind.Object) throw PlasmiteException.Usage("data must be object");
        var file = Open();
        var json = MessageCodec.Scratch();
        using (var w = new Utf8JsonWriter(json)) data.WriteTo(w);
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), json.WrittenSpan, writer);
        var r = file.Append(writer.WrittenSpan, Text.Rfc3339.NowNs(), durability);
        return MessageCodec.Decode(r.Seq, r.TimestampNs, writer.WrittenSpan);
    }

    /// <summary>Appends a <see cref="System.Text.Json.Nodes.JsonNode"/> object.</summary>
    public Message Append(System.Text.Json.Nodes.JsonNode data, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(data);
        var json = MessageCodec.Scratch();
        using (var w = new Utf8JsonWriter(json)) data.WriteTo(w);
        return Append(MessageCodec.ParseData(json.WrittenSpan), tags, durability);
    }

    /// <inheritdoc />
    public Message<T> Append<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var file = Open();
        var json = MessageCodec.Serialize(value, typeInfo);
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), json, writer);
        var r = file.Append(writer.WrittenSpan, Text.Rfc3339.NowNs(), durability);
        return new Message<T>(r.Seq, r.TimestampNs, MessageCodec.TagCopy(tags), value);
    }

    /// <inheritdoc />
    public Message<T> Append<T>(T value, JsonTypeInfo<T> typeInfo, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var file = Open();
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), value, writeData, writer);
        var r = file.Append(writer.WrittenSpan, Text.Rfc3339.NowNs(), durability);
        return new Message<T>(r.Seq, r.TimestampNs, MessageCodec.TagCopy(tags), value);
    }

    /// <inheritdoc />
    public AppendReceipt AppendLite3<T>(T value, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var file = Open();
        var writer = MessageCodec.Writer();
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), value, writeData, writer);
        var r = file.Append(writer.WrittenSpan, Text.Rfc3339.NowNs(), durability);
        return new AppendReceipt(r.Seq, r.TimestampNs);
    }

    /// <inheritdoc />
    public ulong AppendLite3(ReadOnlySpan<byte> payload, Durability durability = Durability.Fast)
    {
        var file = Open();
        Lite3Envelope.Validate(payload);
        return file.Append(payload, Text.Rfc3339.NowNs(), durability).Seq;
    }

    /// <summary>
    /// Appends many JSON objects under one lock acquisition with a single flush at the end (when
    /// <paramref name="durability"/> is <see cref="Durability.Flush"/>). Each message is framed and committed
    /// on its own; all share <paramref name="tags"/> and one timestamp.
    /// </summary>
    /// <returns>One receipt per message, in order.</returns>
    public AppendReceipt[] AppendBatch(IReadOnlyList<ReadOnlyMemory<byte>> jsonObjects, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(jsonObjects);
        var file = Open();
        var payloads = new ReadOnlyMemory<byte>[jsonObjects.Count];
        var writer = new Lite3Writer(4096);
        for (int i = 0; i < payloads.Length; i++)
        {
            writer.Reset();
            Lite3Envelope.Encode(MessageCodec.TagSpan(tags), jsonObjects[i].Span, writer);
            payloads[i] = writer.ToArray();
        }
        var results = file.AppendBatch(payloads, Text.Rfc3339.NowNs(), durability);
        var receipts = new AppendReceipt[results.Length];
        for (int i = 0; i < results.Length; i++) receipts[i] = new AppendReceipt(results[i].Seq, results[i].TimestampNs);
        return receipts;
    }

    /// <inheritdoc />
    public PoolInfo Info() => Open().Info() with { Name = Name };

    /// <summary>Checks the whole pool (the <c>doctor</c> scan) and reports problems with offsets.</summary>
    public PoolValidationReport Validate() => PoolValidator.Validate(Open());

    /// <summary>Closes the pool. Later calls fail with <see cref="ErrorKind.Usage"/>; closing twice is harmless.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        if (_notifier.IsValueCreated) _notifier.Value?.Dispose();
        _file.Dispose();
    }

    internal PoolNotifier? Notifier => _notifier.Value;

    private PoolFile Open() => _closed ? throw PlasmiteException.Usage("pool is closed") : _file;
}
