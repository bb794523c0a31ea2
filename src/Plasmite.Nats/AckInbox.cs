// Asynchronous JetStream publish acks: one inbox subscription, one reply subject per in-flight publish.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using NATS.Client.Core;

namespace Plasmite.Nats;

/// <summary>A JetStream publish acknowledgement (or its error).</summary>
internal readonly record struct PubAck(ulong StreamSeq, bool Duplicate, int Code, int ErrCode, string? Error)
{
    public bool Ok => Error is null;

    public static PubAck Parse(NatsMsg<byte[]> msg)
    {
        if (msg.HasNoResponders) return new PubAck(0, false, 503, 0, "no responders: no stream captures the subject");
        if (msg.Data is not { Length: > 0 } data) return new PubAck(0, false, msg.Headers?.Code ?? 0, 0, "empty ack");
        try
        {
            using var doc = JsonDocument.Parse(data);
            var r = doc.RootElement;
            if (r.TryGetProperty("error", out var err))
                return new PubAck(0, false, err.TryGetProperty("code", out var c) ? c.GetInt32() : 0,
                    err.TryGetProperty("err_code", out var ec) ? ec.GetInt32() : 0,
                    err.TryGetProperty("description", out var d) ? d.GetString() ?? "error" : "error");
            return new PubAck(r.GetProperty("seq").GetUInt64(),
                r.TryGetProperty("duplicate", out var dup) && dup.ValueKind == JsonValueKind.True, 0, 0, null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new PubAck(0, false, 0, 0, "unreadable ack: " + e.Message);
        }
    }
}

internal sealed class AckInbox : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<PubAck>> _waiting = new();
    private readonly INatsSub<byte[]> _sub;
    private readonly string _prefix;
    private readonly Task _pump;
    private long _next;

    private AckInbox(INatsSub<byte[]> sub, string prefix)
    {
        _sub = sub;
        _prefix = prefix;
        _pump = Task.Run(PumpAsync);
    }

    public static async Task<AckInbox> StartAsync(NatsConnection conn, CancellationToken ct)
    {
        // Not under the client's own inbox prefix: the client routes those replies to its request multiplexer.
        string prefix = "_PLASMITE_ACK." + Guid.NewGuid().ToString("N");
        var sub = await conn.SubscribeCoreAsync<byte[]>(prefix + ".*", cancellationToken: ct).ConfigureAwait(false);
        return new AckInbox(sub, prefix);
    }

    /// <summary>A new reply subject and the task its ack completes.</summary>
    public (long Id, string ReplyTo, Task<PubAck> Ack) Register()
    {
        long id = Interlocked.Increment(ref _next);
        var tcs = new TaskCompletionSource<PubAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = tcs;
        return (id, _prefix + "." + id.ToString(CultureInfo.InvariantCulture), tcs.Task);
    }

    /// <summary>Forgets a publish whose ack will not be awaited.</summary>
    public void Forget(long id) => _waiting.TryRemove(id, out _);

    private async Task PumpAsync()
    {
        await foreach (var msg in _sub.Msgs.ReadAllAsync().ConfigureAwait(false))
        {
            int dot = msg.Subject.LastIndexOf('.');
            if (dot < 0 || !long.TryParse(msg.Subject.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long id)) continue;
            if (_waiting.TryRemove(id, out var tcs)) tcs.TrySetResult(PubAck.Parse(msg));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _sub.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone; nothing left to unsubscribe.
        }
        await _pump.ConfigureAwait(false);
        foreach (var tcs in _waiting.Values) tcs.TrySetResult(new PubAck(0, false, 0, 0, "closed"));
    }
}
