// An optional point in time measured on the monotonic clock.
using System.Diagnostics;

namespace Plasmite.Local;

internal readonly struct Deadline
{
    private readonly long _at;

    private Deadline(long at) => _at = at;

    public static Deadline None => default;

    public static Deadline After(TimeSpan? span) =>
        span is { } s ? new Deadline(Stopwatch.GetTimestamp() + (long)(Math.Max(0, s.TotalSeconds) * Stopwatch.Frequency)) : None;

    public bool IsSet => _at != 0;

    public bool Passed => IsSet && Stopwatch.GetTimestamp() >= _at;

    /// <summary>Time left, or <paramref name="cap"/> when unset (never more than the cap).</summary>
    public TimeSpan Left(TimeSpan cap)
    {
        if (!IsSet) return cap;
        var left = TimeSpan.FromSeconds((double)(_at - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
        return left < cap ? (left < TimeSpan.Zero ? TimeSpan.Zero : left) : cap;
    }
}
