// A pool on a remote server: append, get and Lite3 calls over HTTP (tails are in RemotePool.Tail.cs).
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Plasmite.Lite3;
using Plasmite.Local;
using Plasmite.Text;

namespace Plasmite.Remote;

/// <summary>
/// A handle to a pool on a remote server. Creating it does no I/O (as the Node <c>new RemotePool(client, name)</c>),
/// so it also works against a write-only server where <c>open</c> is forbidden. Implements
/// <see cref="IPlasmitePool"/>, so generated typed handles work over it. Thread-safe.
/// </summary>
public sealed partial class RemotePool : IPlasmitePool
{
    /// <summary>Creates a handle for pool <paramref name="name"/> on <paramref name="client"/>'s server. No request is made.</summary>
    public RemotePool(RemoteClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(name);
        Client = client;
        Name = name;
    }

    /// <summary>The client this pool talks through.</summary>
    public RemoteClient Client { get; }

    /// <summary>The pool name on the server.</summary>
    public string Name { get; }

    /// <summary>The pool name (the Node client's <c>poolRef()</c>).</summary>
    public string PoolRef() => Name;

    /// <summary>When true, <see cref="Tail(TailOptions?, CancellationToken)"/> on this handle reconnects after a dropped
    /// connection or a server-side stream end (see <see cref="Tail(TailOptions?, bool, CancellationToken)"/>). Default false.</summary>
    public bool ReconnectTails { get; set; }

    /// <inheritdoc />
    public AppendReceipt AppendJson(ReadOnlySpan<byte> json, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        WireEnvelope.CheckData(json);
        return ReadReceipt(Client.Send(HttpMethod.Post, AppendUrl, AppendBody(json, tags, durability), Name));
    }

    // The append route's URL, built once per handle (a Uri is parsed when built).
    internal Uri AppendUrl => _appendUrl ??= Client.Url(RemoteClient.PoolPath(Name, "/append"));

    private Uri? _appendUrl;

    // seq and time of {"message":{…}}, read in one pass; anything unusual takes the document path and its errors.
    internal static AppendReceipt ReadReceipt(byte[] body)
    {
        try
        {
            if (WireEnvelope.Receipts.TryReadWrapped(body, out var m)) return new AppendReceipt(m.Seq, m.TimestampNs);
        }
        catch (JsonException)
        {
            // fall through: Parse reports it
        }
        using var doc = RemoteClient.Parse(body);
        var message = MessageElement(doc);
        return new AppendReceipt(ReadSeq(message), ReadTime(message));
    }

    /// <inheritdoc />
    public Message Append(JsonElement data, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        if (data.ValueKind != JsonValueKind.Object) throw new PlasmiteException(ErrorKind.Usage, "data must be object");
        var body = Client.Send(HttpMethod.Post, AppendUrl, AppendBody(RawJson(data), tags, durability), Name);
        return ReadMessage(body);
    }

    /// <inheritdoc />
    public Message<T> Append<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        }
        catch (JsonException e)
        {
            throw global::Plasmite.Typed.TypedJsonErrors.SerializeFailed(e, typeof(T));
        }
        var receipt = AppendJson(json, tags, durability);
        return new Message<T>(receipt.Seq, receipt.TimestampNs, MessageCodec.TagCopy(tags), value);
    }

    /// <summary>Encodes <c>data</c> locally with <paramref name="writeData"/> and sends it through <c>append_lite3</c>.</summary>
    public Message<T> Append<T>(T value, JsonTypeInfo<T> typeInfo, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var writer = new Lite3Writer(1024);
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), value, writeData, writer);
        var body = SendLite3(writer.WrittenSpan, durability);
        using var doc = RemoteClient.Parse(body);
        var message = MessageElement(doc);
        return new Message<T>(ReadSeq(message), ReadTime(message), MessageCodec.TagCopy(tags), value);
    }

    /// <summary>Sends a pre-encoded Lite3 message document (<c>POST …/append_lite3</c>); returns its seq.</summary>
    /// <exception cref="RemotePlasmiteException">Corrupt (500) when the server rejects the document.</exception>
    public ulong AppendLite3(ReadOnlySpan<byte> payload, Durability durability = Durability.Fast)
    {
        var body = SendLite3(payload, durability);
        using var doc = RemoteClient.Parse(body);
        return ReadSeq(MessageElement(doc));
    }

    private byte[] SendLite3(ReadOnlySpan<byte> payload, Durability durability) =>
        Client.Send(HttpMethod.Post, Lite3AppendPath(durability), Lite3Content(payload), Name);

    internal string Lite3AppendPath(Durability durability) =>
        RemoteClient.PoolPath(Name, "/append_lite3") + (durability == Durability.Flush ? "?durability=flush" : "");

    internal static ByteArrayContent Lite3Content(ReadOnlySpan<byte> payload)
    {
        var content = new ByteArrayContent(payload.ToArray());
        content.Headers.ContentType = RemoteClient.Lite3Type;
        return content;
    }

    /// <inheritdoc />
    public Message Get(ulong seq) => ReadMessage(Client.Send(HttpMethod.Get, MessagePath(seq), null, Name));

    /// <inheritdoc />
    public byte[] GetJson(ulong seq, EnvelopeKeyOrder order = EnvelopeKeyOrder.Api) => Get(seq).ToJson(order);

    /// <inheritdoc />
    public Message? TryGet(ulong seq)
    {
        try
        {
            return Get(seq);
        }
        catch (RemotePlasmiteException e) when (IsMissingMessage(e))
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Message<T> Get<T>(ulong seq, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var body = Client.Send(HttpMethod.Get, MessagePath(seq), null, Name);
        using var doc = RemoteClient.Parse(body);
        return Typed(MessageElement(doc), typeInfo);
    }

    /// <inheritdoc />
    public Message<T>? TryGet<T>(ulong seq, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return Get(seq, typeInfo);
        }
        catch (RemotePlasmiteException e) when (IsMissingMessage(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the stored Lite3 document of <paramref name="seq"/> (<c>GET …/messages/{seq}/lite3</c>). The Lite3 route
    /// carries no timestamp, so <see cref="Lite3Frame.TimestampNs"/> comes from a second request to the JSON route.
    /// </summary>
    public Lite3Frame GetLite3(ulong seq)
    {
        byte[] payload = Client.Send(HttpMethod.Get, MessagePath(seq) + "/lite3", null, Name, "application/x-plasmite-lite3");
        ulong ts;
        using (var doc = RemoteClient.Parse(Client.Send(HttpMethod.Get, MessagePath(seq), null, Name)))
            ts = ReadTime(MessageElement(doc));
        return new Lite3Frame(seq, ts, 0, payload);
    }

    /// <summary>Pool info (<c>GET /v0/pools/{name}/info</c>).</summary>
    public PoolInfo Info() => Client.PoolInfo(Name);

    /// <summary>Nothing to release: the handle holds no connection.</summary>
    public void Dispose()
    {
    }

    /// <summary>Nothing to release (as <see cref="Dispose"/>).</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // ---- helpers --------------------------------------------------------------------------------------

    internal string MessagePath(ulong seq) => RemoteClient.PoolPath(Name, "/messages/" + seq.ToString(CultureInfo.InvariantCulture));

    internal static bool IsMissingMessage(RemotePlasmiteException e) => e.Kind == ErrorKind.NotFound && e.Seq is not null;

    internal static byte[] RawJson(JsonElement data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer)) data.WriteTo(w);
        return buffer.WrittenSpan.ToArray();
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_body;

    // {"data":…,"durability":…,"tags":[…]} built in a per-thread scratch buffer and copied once into the request.
    internal static ByteArrayContent AppendBody(ReadOnlySpan<byte> json, IReadOnlyList<string>? tags, Durability durability)
    {
        var buffer = t_body ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        buffer.Write("{\"data\":"u8);
        buffer.Write(json);
        WriteAppendOptions(buffer, tags, durability);
        var content = RemoteClient.JsonContent(buffer.WrittenSpan);
        if (buffer.Capacity > 1 << 20) t_body = null; // do not keep a large document's buffer alive
        return content;
    }

    /// <summary>The rest of an append body after <c>data</c>: durability, tags and the closing brace.</summary>
    internal static void WriteAppendOptions(IBufferWriter<byte> buffer, IReadOnlyList<string>? tags, Durability durability)
    {
        buffer.Write(",\"durability\":"u8);
        buffer.Write(durability == Durability.Flush ? "\"flush\""u8 : "\"fast\""u8);
        buffer.Write(",\"tags\":["u8);
        if (tags is not null)
        {
            for (int i = 0; i < tags.Count; i++)
            {
                if (i > 0) buffer.Write(","u8);
                JsonText.WriteString(buffer, tags[i] ?? throw new ArgumentException("tags must not contain null", nameof(tags)));
            }
        }
        buffer.Write("]}"u8);
    }

    internal static JsonElement MessageElement(JsonDocument doc) =>
        doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m)
            ? m : throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid response from server: missing message");

    internal static Message ReadMessage(byte[] body)
    {
        using var doc = RemoteClient.Parse(body);
        try
        {
            return Message.FromEnvelope(MessageElement(doc));
        }
        catch (PlasmiteException e) when (e is not RemotePlasmiteException)
        {
            throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid message from server: " + e.Message, inner: e);
        }
    }

    internal static ulong ReadSeq(JsonElement message) =>
        message.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetUInt64(out ulong seq)
            ? seq : throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid message from server: seq");

    internal static ulong ReadTime(JsonElement message) =>
        message.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String && Rfc3339.TryParse(t.GetString(), out ulong ns)
            ? ns : throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid message from server: time");

    // A typed message from an envelope WireEnvelope read: data deserialized straight from its bytes in the line.
    internal static Message<T> Typed<T>(byte[] line, WireMessage message, JsonTypeInfo<T> typeInfo)
    {
        T value;
        try
        {
            value = JsonSerializer.Deserialize(line.AsSpan(message.DataStart, message.DataLength), typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"message {message.Seq} does not match {typeof(T).Name}: {e.Message}",
                seq: message.Seq, inner: e);
        }
        return new Message<T>(message.Seq, message.TimestampNs, message.Tags, value);
    }

    internal static Message<T> Typed<T>(JsonElement message, JsonTypeInfo<T> typeInfo)
    {
        ulong seq = ReadSeq(message);
        var tags = new List<string>();
        if (message.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("tags", out var tagsEl) && tagsEl.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in tagsEl.EnumerateArray())
                if (t.ValueKind == JsonValueKind.String) tags.Add(t.GetString()!);
        }
        T value;
        try
        {
            value = message.TryGetProperty("data", out var data) ? data.Deserialize(typeInfo)! : throw new JsonException("missing data");
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"message {seq} does not match {typeof(T).Name}: {e.Message}", seq: seq, inner: e);
        }
        return new Message<T>(seq, ReadTime(message), tags, value);
    }
}
