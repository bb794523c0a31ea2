// Pure pieces of follow's behaviour (spec cli.md §5.7): tail selection, --one with --tail, replay pacing, filters.
using System.Text.Json;
using Plasmite.Cli.Jq;

namespace Plasmite.Cli.Execution;

internal static class FollowLogic
{
    /// <summary>The last <paramref name="count"/> items of <paramref name="history"/> that pass <paramref name="matches"/>, in order.</summary>
    public static List<T> LastMatches<T>(IEnumerable<T> history, Func<T, bool> matches, ulong count)
    {
        var window = new Queue<T>();
        if (count == 0) return [];
        foreach (var item in history)
        {
            if (!matches(item)) continue;
            window.Enqueue(item);
            if ((ulong)window.Count > count) window.Dequeue();
        }
        return [.. window];
    }

    /// <summary>Sleep between two replayed messages: (ts[i] − ts[i−1]) / speed; none for speed 0 or out-of-order stamps.</summary>
    public static TimeSpan ReplayDelay(ulong previousNs, ulong currentNs, double speed)
    {
        if (speed == 0 || currentNs <= previousNs) return TimeSpan.Zero;
        double ticks = (currentNs - previousNs) / 100.0 / speed;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The message filter of follow: every <c>--tag</c> present (exact, AND) and every <c>--where</c> true.
    /// The envelope is <c>{data, meta:{tags}, seq, time}</c>.
    /// </summary>
    public static bool Matches(JsonElement envelope, IReadOnlyList<string> tags, WhereFilter where) =>
        Matches(envelope, tags, where.IsEmpty ? null : where.Matches);

    /// <summary>As above, with the predicate as a delegate (null = no predicate).</summary>
    public static bool Matches(JsonElement envelope, IReadOnlyList<string> tags, Func<JsonElement, bool>? predicate)
    {
        if (tags.Count > 0)
        {
            if (!envelope.TryGetProperty("meta", out var meta) || !meta.TryGetProperty("tags", out var have) || have.ValueKind != JsonValueKind.Array)
                return false;
            foreach (var tag in tags)
            {
                bool found = false;
                foreach (var t in have.EnumerateArray())
                {
                    if (t.ValueKind == JsonValueKind.String && t.ValueEquals(tag)) { found = true; break; }
                }
                if (!found) return false;
            }
        }
        return predicate is null || predicate(envelope);
    }
}

/// <summary>
/// <c>--one</c> with <c>--tail N</c>: print exactly one message, the most recent match, as soon as at least N
/// matches have been seen (history plus live). Without <c>--tail</c> (N = 0) the first live match is printed.
/// </summary>
internal sealed class OneWithTail(ulong needed)
{
    private ulong _seen;

    /// <summary>After scanning history: true when the most recent history match should be printed now.</summary>
    public bool AfterHistory(ulong historyMatches)
    {
        _seen = historyMatches;
        return needed > 0 && _seen >= needed;
    }

    /// <summary>For each live match: true when this message should be printed (then the command exits 0).</summary>
    public bool OfferLive()
    {
        _seen++;
        return _seen >= Math.Max(needed, 1);
    }
}

/// <summary>The <c>--timeout</c> deadline: starts when following starts, pushed back by each emitted message.</summary>
internal sealed class IdleDeadline(TimeSpan? timeout, Func<DateTime> clock)
{
    private DateTime _deadline = timeout is { } t ? clock() + t : DateTime.MaxValue;

    /// <summary>Call after each printed message.</summary>
    public void Emitted()
    {
        if (timeout is { } t) _deadline = clock() + t;
    }

    /// <summary>Time left (zero when expired; <see cref="Timeout.InfiniteTimeSpan"/> without a timeout).</summary>
    public TimeSpan Remaining => timeout is null ? Timeout.InfiniteTimeSpan : _deadline > clock() ? _deadline - clock() : TimeSpan.Zero;

    /// <summary>True once the deadline has passed.</summary>
    public bool Expired => timeout is not null && clock() >= _deadline;
}
