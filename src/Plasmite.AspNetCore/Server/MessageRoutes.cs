// Message routes (remote-v0 §5.7–§5.10): append (JSON, Lite3) and get (JSON, Lite3).
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Remote;

namespace Plasmite.AspNetCore.Server;

internal static class MessageRoutes
{
    private const string Prefix = "/v0/pools/";

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapPost("/v0/pools/{pool}/append", ServerHttp.Handle(state, AppendAsync));
        app.MapPost("/v0/pools/{pool}/append_lite3", ServerHttp.Handle(state, AppendLite3Async));
        app.MapPost("/v0/pools/{pool}/append_batch", ServerHttp.Handle(state, AppendBatchAsync));
        app.MapGet("/v0/pools/{pool}/messages/{seq}", ServerHttp.Handle(state, GetAsync));
        app.MapGet("/v0/pools/{pool}/messages/{seq}/lite3", ServerHttp.Handle(state, GetLite3Async));
    }

    private static async Task AppendAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: true);
        ServerHttp.RequireJson(context);
        string name = ServerHttp.PoolName(context, Prefix);
        byte[] body = await ServerHttp.ReadBodyAsync(context, state);
        var tags = new List<string>();
        if (System.Text.Unicode.Utf8.IsValid(body) && AppendBodyReader.TryRead(body, tags, out int start, out int length, out var fast))
        {
            Commit(context, state, name, body.AsSpan(start, length), dataIsObject: true, tags, fast);
            return;
        }
        using var doc = ServerHttp.ParseJsonBody(body);
        var root = doc.RootElement;
        if (!root.TryGetProperty("data", out var data)) throw ServerHttp.Shape("missing field `data`");
        tags.Clear();
        if (root.TryGetProperty("tags", out var tagsEl) && tagsEl.ValueKind != JsonValueKind.Null)
        {
            if (tagsEl.ValueKind != JsonValueKind.Array) throw ServerHttp.Shape("tags must be an array of strings");
            foreach (var t in tagsEl.EnumerateArray())
                tags.Add(t.ValueKind == JsonValueKind.String ? t.GetString()! : throw ServerHttp.Shape("tags must be an array of strings"));
        }
        var durability = Durability.Fast;
        if (root.TryGetProperty("durability", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.String) throw ServerHttp.Shape("durability must be a string");
            if (d.ValueEquals("flush")) durability = Durability.Flush;
        }
        Commit(context, state, name, JsonMarshal.GetRawUtf8Value(data), data.ValueKind == JsonValueKind.Object, tags, durability);
    }

    // Appends and answers {"message":…}; "data must be object" is checked after the pool opened, as upstream orders it.
    private static void Commit(HttpContext context, ServerState state, string name, ReadOnlySpan<byte> data, bool dataIsObject,
        List<string> tags, Durability durability)
    {
        var output = ServerHttp.Scratch();
        output.Write("{\"message\":"u8);
        using (state.StoragePermit())
        {
            var pool = state.Pools.Open(name);
            if (!dataIsObject) throw new PlasmiteException(ErrorKind.Usage, "data must be object");
            PoolWire.AppendJson(pool, data, tags, durability, output);
        }
        output.Write("}"u8);
        ServerHttp.WriteJsonUnflushed(context, output.WrittenSpan);
    }

    /// <summary>One parsed line of a batch: its encoded Lite3 document and durability.</summary>
    private readonly record struct BatchItem(byte[] Payload, Durability Durability);

    // Extension (docs/remote.md): JSON Lines of append bodies; every line is checked and encoded before any is appended,
    // so a bad line appends nothing, and the whole batch is one engine append (one lock, one timestamp, one wake-up).
    // The answer is {"messages":[…]} in line order.
    private static async Task AppendBatchAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: true);
        RequireJsonLines(context);
        string name = ServerHttp.PoolName(context, Prefix);
        byte[] body = await ServerHttp.ReadBodyAsync(context, state);
        var items = ParseBatch(body);
        var payloads = new ReadOnlyMemory<byte>[items.Count];
        var durability = Durability.Fast;
        for (int i = 0; i < payloads.Length; i++)
        {
            payloads[i] = items[i].Payload;
            if (items[i].Durability == Durability.Flush) durability = Durability.Flush; // one flush covers the batch
        }
        var output = ServerHttp.Scratch();
        output.Write("{\"messages\":["u8);
        using (state.StoragePermit())
            PoolWire.AppendBatch(state.Pools.Open(name), payloads, durability, output);
        output.Write("]}"u8);
        await ServerHttp.WriteJson(context, output.WrittenSpan);
    }

    private static void RequireJsonLines(HttpContext context)
    {
        var media = ServerHttp.MediaType(context.Request.ContentType ?? "");
        if (media.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return;
        throw new HttpStatusException(415, new PlasmiteException(ErrorKind.Usage, "expected request with `Content-Type: application/jsonl`"));
    }

    private static List<BatchItem> ParseBatch(byte[] body)
    {
        var items = new List<BatchItem>();
        var tagCache = new List<string>();
        int start = 0, line = 0;
        while (start < body.Length)
        {
            int nl = Array.IndexOf(body, (byte)'\n', start);
            int end = nl < 0 ? body.Length : nl;
            line++;
            var span = body.AsSpan(start, end - start);
            if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
            if (!span.Trim(" \t"u8).IsEmpty) items.Add(ParseBatchLine(body.AsMemory(start, span.Length), line, tagCache));
            start = end + 1;
        }
        if (items.Count == 0) throw new PlasmiteException(ErrorKind.Usage, "append_batch needs at least one line");
        return items;
    }

    private static BatchItem ParseBatchLine(ReadOnlyMemory<byte> text, int line, List<string> tags)
    {
        // Invalid UTF-8 in a string would only throw when read (InvalidOperationException, a 500).
        if (!System.Text.Unicode.Utf8.IsValid(text.Span)) throw new PlasmiteException(ErrorKind.Usage, $"line {line}: invalid JSON: invalid UTF-8");
        if (AppendBodyReader.TryRead(text.Span, tags, out int start, out int length, out var fast))
            return new BatchItem(PoolWire.EncodeMessage(text.Span.Slice(start, length), tags), fast);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"line {line}: invalid JSON: {e.Message}", inner: e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw LineShape(line, "each line must be a JSON object");
            if (!root.TryGetProperty("data", out var data)) throw LineShape(line, "missing field `data`");
            if (data.ValueKind != JsonValueKind.Object) throw new PlasmiteException(ErrorKind.Usage, $"line {line}: data must be object");
            tags.Clear();
            if (root.TryGetProperty("tags", out var tagsEl) && tagsEl.ValueKind != JsonValueKind.Null)
            {
                if (tagsEl.ValueKind != JsonValueKind.Array) throw LineShape(line, "tags must be an array of strings");
                foreach (var t in tagsEl.EnumerateArray())
                    tags.Add(t.ValueKind == JsonValueKind.String ? t.GetString()! : throw LineShape(line, "tags must be an array of strings"));
            }
            var durability = Durability.Fast;
            if (root.TryGetProperty("durability", out var d) && d.ValueKind != JsonValueKind.Null)
            {
                if (d.ValueKind != JsonValueKind.String) throw LineShape(line, "durability must be a string");
                if (d.ValueEquals("flush")) durability = Durability.Flush;
            }
            return new BatchItem(PoolWire.EncodeMessage(JsonMarshal.GetRawUtf8Value(data), tags), durability);
        }
    }

    private static HttpStatusException LineShape(int line, string message) =>
        new(422, new PlasmiteException(ErrorKind.Usage, $"line {line}: {message}"));

    private static async Task AppendLite3Async(HttpContext context, ServerState state)
    {
        state.Gate(context, write: true);
        string? type = context.Request.ContentType;
        if (type is not null && !type.StartsWith("application/x-plasmite-lite3", StringComparison.OrdinalIgnoreCase))
            throw new PlasmiteException(ErrorKind.Usage, "invalid content-type for lite3 append");
        byte[] body = await ServerHttp.ReadBodyAsync(context, state);
        if (body.Length == 0) throw new PlasmiteException(ErrorKind.Usage, "lite3 payload is required");
        string name = ServerHttp.PoolName(context, Prefix);
        var durability = ServerHttp.QueryString(context, "durability") == "flush" ? Durability.Flush : Durability.Fast;
        var output = ServerHttp.Scratch();
        output.Write("{\"message\":"u8);
        using (state.StoragePermit())
            PoolWire.AppendLite3(state.Pools.Open(name), body, durability, output);
        output.Write("}"u8);
        await ServerHttp.WriteJson(context, output.WrittenSpan);
    }

    private static Task GetAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: false);
        string name = ServerHttp.PoolName(context, Prefix);
        ulong seq = ServerHttp.ParseSeq(context);
        var output = ServerHttp.Scratch();
        output.Write("{\"message\":"u8);
        using (state.StoragePermit())
            state.Pools.Open(name).GetJson(seq, output, EnvelopeKeyOrder.Sorted);
        output.Write("}"u8);
        return ServerHttp.WriteJson(context, output.WrittenSpan);
    }

    private static Task GetLite3Async(HttpContext context, ServerState state)
    {
        state.Gate(context, write: false);
        string name = ServerHttp.PoolName(context, Prefix);
        ulong seq = ServerHttp.ParseSeq(context);
        Lite3Frame frame;
        using (state.StoragePermit())
            frame = state.Pools.Open(name).GetLite3(seq);
        Lite3Envelope.Validate(frame.Payload.Span);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-plasmite-lite3";
        context.Response.Headers["plasmite-seq"] = frame.Seq.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentLength = frame.Payload.Length;
        return context.Response.Body.WriteAsync(frame.Payload).AsTask();
    }
}
