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
        app.MapGet("/v0/pools/{pool}/messages/{seq}", ServerHttp.Handle(state, GetAsync));
        app.MapGet("/v0/pools/{pool}/messages/{seq}/lite3", ServerHttp.Handle(state, GetLite3Async));
    }

    private static async Task AppendAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: true);
        ServerHttp.RequireJson(context);
        string name = ServerHttp.PoolName(context, Prefix);
        byte[] body = await ServerHttp.ReadBodyAsync(context, state);
        using var doc = ServerHttp.ParseJsonBody(body);
        var root = doc.RootElement;
        if (!root.TryGetProperty("data", out var data)) throw ServerHttp.Shape("missing field `data`");
        var tags = new List<string>();
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
        var output = new ArrayBufferWriter<byte>(body.Length + 128);
        output.Write("{\"message\":"u8);
        using (state.StoragePermit())
        {
            var pool = state.Pools.Open(name);
            if (data.ValueKind != JsonValueKind.Object) throw new PlasmiteException(ErrorKind.Usage, "data must be object");
            PoolWire.AppendJson(pool, JsonMarshal.GetRawUtf8Value(data), tags, durability, output);
        }
        output.Write("}"u8);
        await ServerHttp.WriteJsonAsync(context, output.WrittenMemory);
    }

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
        var output = new ArrayBufferWriter<byte>(body.Length * 2 + 128);
        output.Write("{\"message\":"u8);
        using (state.StoragePermit())
            PoolWire.AppendLite3(state.Pools.Open(name), body, durability, output);
        output.Write("}"u8);
        await ServerHttp.WriteJsonAsync(context, output.WrittenMemory);
    }

    private static Task GetAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: false);
        string name = ServerHttp.PoolName(context, Prefix);
        ulong seq = ServerHttp.ParseSeq(context);
        var output = new ArrayBufferWriter<byte>(512);
        output.Write("{\"message\":"u8);
        using (state.StoragePermit())
            state.Pools.Open(name).GetJson(seq, output, EnvelopeKeyOrder.Sorted);
        output.Write("}"u8);
        return ServerHttp.WriteJsonAsync(context, output.WrittenMemory);
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
