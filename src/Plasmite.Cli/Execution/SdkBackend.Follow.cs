// `follow` through the SDK (spec cli.md §5.7, pool-format §9.5): start positions, live follow, drops, replay.
using System.Buffers;
using System.Text.Json;
using Plasmite.Cli.Output;
using Plasmite.Storage;

namespace Plasmite.Cli.Execution;

internal sealed partial class SdkBackend
{
    public async Task<int> FollowAsync(CliContext ctx, FollowRequest request, CancellationToken ct)
    {
        var options = request.Options;
        if (request.Pool is RemotePoolRef remote)
        {
            using var remotePool = await RemotePools.OpenAsync(remote, request.Auth, ct).ConfigureAwait(false);
            return await new RemoteFollowRunner(ctx, remotePool, options).RunAsync(ct).ConfigureAwait(false);
        }
        var local = (LocalPoolRef)request.Pool;
        using var pool = OpenLocal(ctx, local, request.Create, PlasmiteDefaults.PoolSizeBytes, () => Hints.MissingPool(local, request.MissingPoolHint));
        if (options.SinceNs is { } since && since > Rfc3339.NowNs()) return 0;
        return new FollowRunner(ctx, pool, local.Typed, options).Run(ct);
    }
}

/// <summary>
/// Runs a local follow: positions an engine cursor (tail for <c>--tail</c>/<c>--since</c>, head otherwise), prints
/// history, then waits for appends on the pool's notifier with a 1→50 ms backoff. Returns the exit code.
/// </summary>
internal sealed class FollowRunner(CliContext ctx, PlasmitePool pool, string poolRef, FollowOptions o)
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);

    private static readonly JsonDocument WarmupEnvelope =
        JsonDocument.Parse("{\"data\":{\"x\":1},\"meta\":{\"tags\":[]},\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\"}");

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly DropNotices _drops = new(poolRef, pool.Path);
    private ulong _lastSeen;

    public int Run(CancellationToken ct)
    {
        var cursor = pool.CreateCursor();
        var deadline = new IdleDeadline(o.Timeout, () => DateTime.UtcNow);
        bool fromTail = o.Tail is not null || o.SinceNs is not null;
        if (!fromTail)
        {
            cursor.PositionAtHead();
            _lastSeen = cursor.LastDeliveredSeq;
        }
        else
        {
            cursor.PositionAtTail();
        }

        OneWithTail? oneTail = o.One ? new OneWithTail(o.Tail ?? 0) : null;
        if (fromTail)
        {
            // History: everything retained up to now.
            var window = new Queue<byte[]>();
            var collected = new List<(byte[] Json, ulong Ts)>();
            ulong matches = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var st = cursor.Step();
                if (st == CursorStatus.WouldBlock) break;
                if (st == CursorStatus.FellBehind) continue;
                NoteSeq(cursor.Seq);
                if (o.SinceNs is { } since && cursor.TimestampNs < since) continue;
                var json = Match(cursor);
                if (json is null) continue;
                matches++;
                if (o.ReplaySpeed is not null)
                {
                    if (o.Tail is { } n)
                    {
                        collected.Add((json, cursor.TimestampNs));
                        if ((ulong)collected.Count > n) collected.RemoveAt(0);
                    }
                    else
                    {
                        collected.Add((json, cursor.TimestampNs));
                    }
                    continue;
                }
                if (o.Tail is { } count)
                {
                    if (count == 0) continue;
                    window.Enqueue(json);
                    if ((ulong)window.Count > count) window.Dequeue();
                }
                else
                {
                    Emit(json);
                    deadline.Emitted();
                    if (o.One) return 0;
                }
            }
            if (o.ReplaySpeed is { } speed) return Replay(collected, speed, ct);
            if (o.Tail is not null)
            {
                if (oneTail is not null)
                {
                    if (oneTail.AfterHistory(matches) && window.Count > 0)
                    {
                        Emit(window.Last());
                        return 0;
                    }
                }
                else
                {
                    foreach (var json in window) Emit(json);
                    if (window.Count > 0) deadline.Emitted();
                }
            }
        }

        // Live. Render a sample envelope once so the first live message does not pay for JIT compilation.
        _ = MessagePrinter.RenderFollowed(WarmupEnvelope.RootElement, o.Format, o.DataOnly, stdoutIsTerminal: false, ColorMode.Never);
        var backoff = MinBackoff;
        bool useNotify = !o.NoNotify && pool.CanWaitForAppend;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var st = cursor.Step();
            if (st == CursorStatus.Message)
            {
                backoff = MinBackoff;
                NoteSeq(cursor.Seq);
                var json = Match(cursor);
                FlushDrops(force: false);
                if (json is null) continue;
                if (oneTail is not null)
                {
                    if (!oneTail.OfferLive()) continue;
                    Emit(json);
                    return 0;
                }
                Emit(json);
                deadline.Emitted();
                continue;
            }
            if (st == CursorStatus.FellBehind)
            {
                // The ring wrapped past us: with --tail continue from the oldest retained message, else from the newest.
                if (o.Tail is null) cursor.PositionAtHead();
                continue;
            }
            FlushDrops(force: false);
            if (deadline.Expired)
            {
                FlushDrops(force: true);
                return MessagePrinter.TimedOut(ctx, o.TimeoutText ?? "");
            }
            var wait = backoff;
            if (o.Timeout is not null && deadline.Remaining < wait) wait = deadline.Remaining;
            pool.WaitForAppend(wait, useNotify, ct);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    private void NoteSeq(ulong seq)
    {
        if (!o.QuietDrops && _lastSeen != 0 && seq > _lastSeen + 1) _drops.Record(_lastSeen, seq);
        if (seq > _lastSeen) _lastSeen = seq;
    }

    private void FlushDrops(bool force)
    {
        if (o.QuietDrops) return;
        ulong now = Rfc3339.NowNs();
        if (_drops.TakeDue(now, force) is { } notice) NoticeWriter.Write(ctx, notice, now);
    }

    /// <summary>The envelope JSON (sorted keys) when the current message passes <c>--tag</c> and the filter, else null.</summary>
    private byte[]? Match(PoolCursor cursor)
    {
        var payload = cursor.Payload;
        if (o.Tags.Count > 0 && !Lite3.Lite3Envelope.HasAllTags(payload, o.Tags)) return null;
        _buffer.ResetWrittenCount();
        EnvelopeJson.WriteFromPayload(_buffer, cursor.Seq, cursor.TimestampNs, payload, EnvelopeKeyOrder.Sorted);
        if (o.Filter is { } filter)
        {
            using var doc = JsonDocument.Parse(_buffer.WrittenMemory);
            if (!filter(doc.RootElement)) return null;
        }
        return _buffer.WrittenSpan.ToArray();
    }

    private void Emit(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        MessagePrinter.WriteFollowed(ctx, doc.RootElement, o.Format, o.DataOnly);
    }

    private int Replay(List<(byte[] Json, ulong Ts)> items, double speed, CancellationToken ct)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                var delay = FollowLogic.ReplayDelay(items[i - 1].Ts, items[i].Ts, speed);
                if (delay > TimeSpan.Zero && ct.WaitHandle.WaitOne(delay)) ct.ThrowIfCancellationRequested();
            }
            Emit(items[i].Json);
            if (o.One) return 0;
        }
        return 0;
    }
}
