// `follow` (and duplex's receive side) on a remote ref (spec cli.md §5.7 "Remote behaviour"): tail streams with resume.
using System.Text.Json;
using Plasmite.Cli.Output;
using Plasmite.Remote;

namespace Plasmite.Cli.Execution;

/// <summary>
/// Follows a remote pool through <c>GET …/tail</c> streams. The start is chosen from <c>GET …/info</c>:
/// with <c>--tail N</c>, <c>max(newest − N + 1, oldest)</c>; otherwise <c>newest + 1</c> (live only, like a local
/// follow — the original replays all history here, see docs/cli.md). Filters run client-side on each message.
/// When the server ends a stream the runner reconnects at the last seen seq + 1. <c>--timeout</c> is an idle
/// deadline across streams: each stream asks for at most the time left, and an expired deadline exits 124.
/// </summary>
internal sealed class RemoteFollowRunner(CliContext ctx, RemotePool pool, FollowOptions o)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var info = await pool.Client.PoolInfoAsync(pool.Name, ct).ConfigureAwait(false);
        ulong? since;
        ulong historyEnd = 0; // the newest seq that counts as history for --one with --tail (0 = no history)
        if (o.Tail is { } n && n > 0 && info.Bounds.Newest is { } newest)
        {
            ulong oldest = info.Bounds.Oldest ?? newest;
            since = Math.Max(newest >= n ? newest - n + 1 : 1, oldest);
            historyEnd = newest;
        }
        else
        {
            // An empty pool: no since_seq, so the first stream starts with whatever arrives first.
            since = info.Bounds.Newest is { } last ? last + 1 : null;
        }

        var deadline = new IdleDeadline(o.Timeout, () => DateTime.UtcNow);
        OneWithTail? oneTail = o.One ? new OneWithTail(o.Tail ?? 0) : null;
        bool historyOpen = historyEnd != 0;
        ulong historyMatches = 0;
        JsonDocument? lastHistoryMatch = null;
        try
        {
            // Ends --one-with-tail's history phase: prints the most recent history match when enough were seen.
            bool CloseHistory()
            {
                historyOpen = false;
                if (oneTail is null || !oneTail.AfterHistory(historyMatches) || lastHistoryMatch is null) return false;
                MessagePrinter.WriteFollowed(ctx, lastHistoryMatch.RootElement, o.Format, o.DataOnly);
                return true;
            }

            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (deadline.Expired) return MessagePrinter.TimedOut(ctx, o.TimeoutText ?? "");
                // Without --timeout no timeout_ms is sent: the server's maximum window applies, then we reconnect.
                var options = new TailOptions { SinceSeq = since, Timeout = o.Timeout is null ? null : MinOneMs(deadline.Remaining) };
                await foreach (var message in pool.Tail(options, reconnect: false, ct).ConfigureAwait(false))
                {
                    since = message.Seq + 1;
                    if (historyOpen && message.Seq > historyEnd && CloseHistory()) return 0;
                    var doc = JsonDocument.Parse(message.Raw);
                    bool keep = false;
                    try
                    {
                        if (!FollowLogic.Matches(doc.RootElement, o.Tags, o.Filter)) continue;
                        if (historyOpen)
                        {
                            historyMatches++;
                            if (oneTail is not null)
                            {
                                lastHistoryMatch?.Dispose();
                                lastHistoryMatch = doc;
                                keep = true;
                            }
                            else
                            {
                                Emit(doc, deadline);
                            }
                        }
                        else if (oneTail is not null)
                        {
                            if (!oneTail.OfferLive()) continue;
                            Emit(doc, deadline);
                            return 0;
                        }
                        else
                        {
                            Emit(doc, deadline);
                        }
                    }
                    finally
                    {
                        if (!keep) doc.Dispose();
                    }
                    if (historyOpen && message.Seq >= historyEnd && CloseHistory()) return 0;
                }
                // A stream that ended before reaching the history's end: those messages were overwritten meanwhile.
                if (historyOpen && CloseHistory()) return 0;
            }
        }
        finally
        {
            lastHistoryMatch?.Dispose();
        }
    }

    private void Emit(JsonDocument doc, IdleDeadline deadline)
    {
        MessagePrinter.WriteFollowed(ctx, doc.RootElement, o.Format, o.DataOnly);
        deadline.Emitted();
    }

    private static TimeSpan MinOneMs(TimeSpan t) => t < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : t;
}
