// Batch append: one request carrying many messages (the append_batch extension), with a per-message fallback.
using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Plasmite.Local;
using Plasmite.Text;

namespace Plasmite.Remote;

public sealed partial class RemotePool
{
    private static readonly MediaTypeHeaderValue JsonLinesType = new("application/jsonl");

    // Set once a server answered the extension route with a bare 404 (the original's server): later batches go
    // straight to one request per message.
    private volatile bool _noBatchRoute;

    /// <summary>
    /// Appends every document of <paramref name="jsonData"/> (each a JSON object) in order, with the same
    /// <paramref name="tags"/> and <paramref name="durability"/>, and returns their receipts in order. Uses the
    /// server's <c>append_batch</c> extension (one request; a bad document appends nothing); against a server without
    /// it (such as the original's) it sends one append request per message instead.
    /// </summary>
    /// <exception cref="PlasmiteException">Usage for a document that is not a JSON object; the server's errors.</exception>
    public IReadOnlyList<AppendReceipt> AppendBatch(IReadOnlyList<ReadOnlyMemory<byte>> jsonData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(jsonData);
        if (jsonData.Count == 0) return [];
        foreach (var json in jsonData) WireEnvelope.CheckData(json.Span);
        if (!_noBatchRoute)
        {
            var body = Client.SendUnlessNoRoute(HttpMethod.Post, RemoteClient.PoolPath(Name, "/append_batch"),
                BatchBody(jsonData, tags, durability), Name);
            if (body is not null) return ReadReceipts(body, jsonData.Count);
            _noBatchRoute = true;
        }
        var receipts = new AppendReceipt[jsonData.Count];
        for (int i = 0; i < receipts.Length; i++) receipts[i] = AppendJson(jsonData[i].Span, tags, durability);
        return receipts;
    }

    /// <summary>Async form of <see cref="AppendBatch"/>.</summary>
    /// <exception cref="PlasmiteException">As <see cref="AppendBatch"/>.</exception>
    public async ValueTask<IReadOnlyList<AppendReceipt>> AppendBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> jsonData,
        IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonData);
        if (jsonData.Count == 0) return [];
        foreach (var json in jsonData) WireEnvelope.CheckData(json.Span);
        if (!_noBatchRoute)
        {
            var body = await Client.SendUnlessNoRouteAsync(HttpMethod.Post, RemoteClient.PoolPath(Name, "/append_batch"),
                BatchBody(jsonData, tags, durability), Name, cancellationToken).ConfigureAwait(false);
            if (body is not null) return ReadReceipts(body, jsonData.Count);
            _noBatchRoute = true;
        }
        var receipts = new AppendReceipt[jsonData.Count];
        for (int i = 0; i < receipts.Length; i++)
            receipts[i] = await AppendJsonAsync(jsonData[i], tags, durability, cancellationToken).ConfigureAwait(false);
        return receipts;
    }

    // One append body per line; raw CR/LF in a document can only be insignificant whitespace, so they become spaces.
    private static ByteArrayContent BatchBody(IReadOnlyList<ReadOnlyMemory<byte>> jsonData, IReadOnlyList<string>? tags, Durability durability)
    {
        var tagJson = new ArrayBufferWriter<byte>(64);
        WriteAppendOptions(tagJson, tags, durability);
        tagJson.Write("\n"u8);
        int size = 0;
        foreach (var json in jsonData) size += json.Length + 8 + tagJson.WrittenCount;
        var bytes = new byte[size];
        int at = 0;
        foreach (var json in jsonData)
        {
            "{\"data\":"u8.CopyTo(bytes.AsSpan(at));
            at += 8;
            var target = bytes.AsSpan(at, json.Length);
            json.Span.CopyTo(target);
            target.Replace((byte)'\n', (byte)' ');
            target.Replace((byte)'\r', (byte)' ');
            at += json.Length;
            tagJson.WrittenSpan.CopyTo(bytes.AsSpan(at));
            at += tagJson.WrittenCount;
        }
        var content = new ByteArrayContent(bytes, 0, at);
        content.Headers.ContentType = JsonLinesType;
        return content;
    }

    private static AppendReceipt[] ReadReceipts(byte[] body, int expected)
    {
        var fast = new AppendReceipt[expected];
        try
        {
            if (WireEnvelope.Receipts.TryReadReceipts(body, fast)) return fast;
        }
        catch (JsonException)
        {
            // fall through: Parse reports it
        }
        using var doc = RemoteClient.Parse(body);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("messages", out var messages)
            || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() != expected)
            throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid response from server: messages");
        var receipts = new AppendReceipt[expected];
        int i = 0;
        foreach (var m in messages.EnumerateArray()) receipts[i++] = new AppendReceipt(ReadSeq(m), ReadTime(m));
        return receipts;
    }
}
