// Streaming routes (remote-v0 §6, §7, §10.3): JSON Lines tail, Lite3 frame tail, Server-Sent Events.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Plasmite.Lite3;
using Plasmite.Remote;

namespace Plasmite.AspNetCore.Server;

internal static class TailRoutes
{
    private enum Framing
    {
        JsonLines,
        ServerSentEvents,
    }

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapGet("/v0/pools/{pool}/tail", ServerHttp.Handle(state, (c, s) => TailAsync(c, s, "/v0/pools/", Framing.JsonLines)));
        app.MapGet("/v0/ui/pools/{pool}/events", ServerHttp.Handle(state, (c, s) => TailAsync(c, s, "/v0/ui/pools/", Framing.ServerSentEvents)));
        app.MapGet("/v0/pools/{pool}/tail_lite3", ServerHttp.Handle(state, TailLite3Async));
    }

    private sealed record TailRequest(string Name, ulong? Since, ulong? Max, ulong TimeoutMs, List<string> Tags, GapPolicy Gap);

    // §6.2: auth, access, pool name, gap_policy, timeout bound (the permit is taken by the caller).
    private static TailRequest Validate(HttpContext context, ServerState state, string prefix)
    {
        state.Gate(context, write: false);
        string name = ServerHttp.PoolName(context, prefix);
        var gap = ServerHttp.QueryString(context, "gap_policy") switch
        {
            null or "continue" => GapPolicy.Continue,
            "error" => GapPolicy.Error,
            _ => throw new PlasmiteException(ErrorKind.Usage, "invalid tail gap policy"),
        };
        ulong? since = ServerHttp.QueryU64(context, "since_seq");
        ulong? max = ServerHttp.QueryU64(context, "max");
        ulong timeout = ServerHttp.QueryU64(context, "timeout_ms") ?? state.Config.MaxTailTimeoutMs;
        if (timeout > state.Config.MaxTailTimeoutMs) throw new PlasmiteException(ErrorKind.Usage, "tail timeout exceeds server limit");
        return new TailRequest(name, since, max, timeout, ServerHttp.QueryTags(context), gap);
    }

    private static async Task TailAsync(HttpContext context, ServerState state, string prefix, Framing framing)
    {
        var request = Validate(context, state, prefix);
        ThrowIfStopping(state);
        using var permit = state.TailPermit();
        long deadline = Stopwatch.GetTimestamp() + (long)(request.TimeoutMs / 1000.0 * Stopwatch.Frequency);
        var response = context.Response;
        response.StatusCode = 200;
        if (framing == Framing.JsonLines)
        {
            response.ContentType = "application/jsonl";
        }
        else
        {
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache, no-transform";
            if (context.Request.Protocol.StartsWith("HTTP/1", StringComparison.Ordinal)) response.Headers.Connection = "keep-alive";
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        var ct = cts.Token;
        var writer = response.BodyWriter;
        try
        {
            await response.StartAsync(ct);
            await writer.FlushAsync(ct);
            try
            {
                var pool = state.Pools.Open(request.Name);
                var reader = PoolWire.OpenTail(pool, request.Since, request.Gap);
                await PumpAsync(writer, request, reader, deadline, r => WriteMessage(writer, r, framing), ct);
            }
            catch (PlasmiteException e)
            {
                // An in-band error line (or SSE error event) ends the stream (§6.3).
                await WriteErrorAsync(writer, e, framing, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Client disconnected or the server is stopping: end the stream (the permit is released below).
        }
    }

    // A tail that starts while the server stops would end at once with an empty 200, which a client cannot tell
    // from a quiet stream: refuse it so reconnecting clients back off and retry.
    private static void ThrowIfStopping(ServerState state)
    {
        if (state.Stopping.IsCancellationRequested) throw new PlasmiteException(ErrorKind.Busy, "server is shutting down");
    }

    private static void WriteMessage(IBufferWriter<byte> writer, WireTailReader reader, Framing framing)
    {
        if (framing == Framing.ServerSentEvents) writer.Write("event: message\ndata: "u8);
        EnvelopeJson.WriteFromPayload(writer, reader.Seq, reader.TimestampNs, reader.Payload, EnvelopeKeyOrder.Sorted);
        writer.Write(framing == Framing.ServerSentEvents ? "\n\n"u8 : "\n"u8);
    }

    /// <summary>
    /// The loop every stream shares: deliver the next message that has all requested tags through
    /// <paramref name="writeFrame"/>, flush it, and otherwise wait for an append — until <c>max</c> messages, the
    /// <c>timeout_ms</c> deadline, the client going away or cancellation. Errors propagate to the caller, which
    /// knows how its framing reports them.
    /// </summary>
    private static async Task PumpAsync(System.IO.Pipelines.PipeWriter writer, TailRequest request, WireTailReader reader, long deadline,
        Action<WireTailReader> writeFrame, CancellationToken ct)
    {
        ulong delivered = 0;
        long pending = 0;
        var tags = request.Tags.Count > 0 ? request.Tags : null;
        while (true)
        {
            if (request.Max is { } max && delivered >= max) break;
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0) break;
            if (reader.TryNext())
            {
                if (tags is not null && !Lite3Envelope.HasAllTags(reader.Payload, tags)) continue;
                writeFrame(reader);
                delivered++;
                // A backlog is written into the pipe and flushed in chunks; the last line before the reader is caught
                // up is flushed at once below, so a live line never waits for a later one. A writer that cannot count
                // its unflushed bytes is flushed per line.
                pending = writer.CanGetUnflushedBytes ? writer.UnflushedBytes : FlushChunkBytes;
                if (pending < FlushChunkBytes) continue;
                if (!await FlushAsync(writer, ct)) return;
                pending = 0;
                continue;
            }
            if (pending > 0)
            {
                if (!await FlushAsync(writer, ct)) return;
                pending = 0;
                continue; // something may have arrived while flushing: look again before sleeping
            }
            var wait = TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
            await reader.WaitAsync(wait < PollInterval ? wait : PollInterval, ct);
        }
        if (pending > 0) await FlushAsync(writer, ct);
    }

    // Longest wait between looks at the pool: another process's reader may consume a writer's post (the original's
    // followers poll at 50 ms as well).
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // Backlog bytes written into the response pipe before a flush (the pipe's backpressure applies at the flush).
    private const long FlushChunkBytes = 32 * 1024;

    private static async ValueTask<bool> FlushAsync(System.IO.Pipelines.PipeWriter writer, CancellationToken ct)
    {
        var flush = await writer.FlushAsync(ct);
        return !flush.IsCanceled && !flush.IsCompleted;
    }

    // §7: a 20-byte big-endian header (seq, timestamp, length) and the stored payload, validated first.
    private static void WriteLite3Frame(IBufferWriter<byte> writer, WireTailReader reader)
    {
        var payload = reader.Payload;
        Lite3Envelope.Validate(payload);
        var header = writer.GetSpan(20);
        BinaryPrimitives.WriteUInt64BigEndian(header, reader.Seq);
        BinaryPrimitives.WriteUInt64BigEndian(header[8..], reader.TimestampNs);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], (uint)payload.Length);
        writer.Advance(20);
        writer.Write(payload);
    }

    private static async Task WriteErrorAsync(System.IO.Pipelines.PipeWriter writer, PlasmiteException error, Framing framing, CancellationToken ct)
    {
        if (framing == Framing.ServerSentEvents) writer.Write("event: error\ndata: "u8);
        WireError.Write(writer, error);
        writer.Write(framing == Framing.ServerSentEvents ? "\n\n"u8 : "\n"u8);
        await writer.FlushAsync(ct);
    }

    private static async Task TailLite3Async(HttpContext context, ServerState state)
    {
        var request = Validate(context, state, "/v0/pools/");
        if (request.Gap == GapPolicy.Error)
            throw new PlasmiteException(ErrorKind.Usage,
                "remote Lite3 tails do not support gap_policy=error because the stream has no error frame");
        ThrowIfStopping(state);
        using var permit = state.TailPermit();
        if (request.Since is { } since)
        {
            try
            {
                using (state.StoragePermit())
                    Lite3Envelope.Validate(state.Pools.Open(request.Name).GetLite3(since).Payload.Span);
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Missing pool or seq: the stream decides (§7).
            }
        }
        long deadline = Stopwatch.GetTimestamp() + (long)(request.TimeoutMs / 1000.0 * Stopwatch.Frequency);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/x-plasmite-lite3-stream";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        var ct = cts.Token;
        var writer = response.BodyWriter;
        try
        {
            await response.StartAsync(ct);
            await writer.FlushAsync(ct);
            var pool = state.Pools.Open(request.Name);
            var reader = PoolWire.OpenTail(pool, request.Since, GapPolicy.Continue);
            await PumpAsync(writer, request, reader, deadline, r => WriteLite3Frame(writer, r), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (PlasmiteException)
        {
            // No error frame exists: abort so the client sees a truncated body, not a clean end (§7).
            context.Abort();
        }
    }
}
