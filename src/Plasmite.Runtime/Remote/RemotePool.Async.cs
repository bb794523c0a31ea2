// The async forms of IPlasmitePool over HTTP: every call awaits HttpClient.SendAsync (no sync-over-async).
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Plasmite.Lite3;
using Plasmite.Local;

namespace Plasmite.Remote;

public sealed partial class RemotePool
{
    /// <inheritdoc />
    public async ValueTask<AppendReceipt> AppendJsonAsync(ReadOnlyMemory<byte> json, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default)
    {
        WireEnvelope.CheckData(json.Span);
        var body = await Client.SendAsync(HttpMethod.Post, AppendUrl, AppendBody(json.Span, tags, durability), Name, cancellationToken)
            .ConfigureAwait(false);
        return ReadReceipt(body);
    }

    /// <inheritdoc />
    public async ValueTask<Message> AppendAsync(JsonElement data, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast,
        CancellationToken cancellationToken = default)
    {
        if (data.ValueKind != JsonValueKind.Object) throw new PlasmiteException(ErrorKind.Usage, "data must be object");
        var body = await Client.SendAsync(HttpMethod.Post, AppendUrl, AppendBody(RawJson(data), tags, durability), Name, cancellationToken)
            .ConfigureAwait(false);
        return ReadMessage(body);
    }

    /// <inheritdoc />
    public async ValueTask<Message<T>> AppendAsync<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var receipt = await AppendJsonAsync(json, tags, durability, cancellationToken).ConfigureAwait(false);
        return new Message<T>(receipt.Seq, receipt.TimestampNs, MessageCodec.TagCopy(tags), value);
    }

    /// <inheritdoc />
    public async ValueTask<Message<T>> AppendAsync<T>(T value, JsonTypeInfo<T> typeInfo, Lite3DataWriter<T> writeData,
        IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var writer = new Lite3Writer(1024);
        Lite3Envelope.Encode(MessageCodec.TagSpan(tags), value, writeData, writer);
        var body = await Client.SendAsync(HttpMethod.Post, Lite3AppendPath(durability), Lite3Content(writer.WrittenSpan), Name,
            cancellationToken).ConfigureAwait(false);
        using var doc = RemoteClient.Parse(body);
        var message = MessageElement(doc);
        return new Message<T>(ReadSeq(message), ReadTime(message), MessageCodec.TagCopy(tags), value);
    }

    /// <inheritdoc />
    public async ValueTask<ulong> AppendLite3Async(ReadOnlyMemory<byte> payload, Durability durability = Durability.Fast,
        CancellationToken cancellationToken = default)
    {
        var body = await Client.SendAsync(HttpMethod.Post, Lite3AppendPath(durability), Lite3Content(payload.Span), Name,
            cancellationToken).ConfigureAwait(false);
        using var doc = RemoteClient.Parse(body);
        return ReadSeq(MessageElement(doc));
    }

    /// <inheritdoc />
    public async ValueTask<Message> GetAsync(ulong seq, CancellationToken cancellationToken = default) =>
        ReadMessage(await Client.SendAsync(HttpMethod.Get, MessagePath(seq), null, Name, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async ValueTask<Message?> TryGetAsync(ulong seq, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(seq, cancellationToken).ConfigureAwait(false);
        }
        catch (RemotePlasmiteException e) when (IsMissingMessage(e))
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask<Message<T>> GetAsync<T>(ulong seq, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var body = await Client.SendAsync(HttpMethod.Get, MessagePath(seq), null, Name, cancellationToken).ConfigureAwait(false);
        using var doc = RemoteClient.Parse(body);
        return Typed(MessageElement(doc), typeInfo);
    }

    /// <inheritdoc />
    public async ValueTask<Message<T>?> TryGetAsync<T>(ulong seq, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(seq, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (RemotePlasmiteException e) when (IsMissingMessage(e))
        {
            return null;
        }
    }

    /// <inheritdoc cref="GetLite3"/>
    public async ValueTask<Lite3Frame> GetLite3Async(ulong seq, CancellationToken cancellationToken = default)
    {
        byte[] payload = await Client.SendAsync(HttpMethod.Get, MessagePath(seq) + "/lite3", null, Name, cancellationToken,
            "application/x-plasmite-lite3").ConfigureAwait(false);
        var body = await Client.SendAsync(HttpMethod.Get, MessagePath(seq), null, Name, cancellationToken).ConfigureAwait(false);
        ulong ts;
        using (var doc = RemoteClient.Parse(body))
            ts = ReadTime(MessageElement(doc));
        return new Lite3Frame(seq, ts, 0, payload);
    }

    /// <inheritdoc />
    public async ValueTask<PoolInfo> InfoAsync(CancellationToken cancellationToken = default) =>
        await Client.PoolInfoAsync(Name, cancellationToken).ConfigureAwait(false);
}
