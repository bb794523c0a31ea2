// Options of Replay: a bounded range delivered with the original timing.
namespace Plasmite;

/// <summary>Options for <c>Replay</c>: reads a range once, then delivers it paced by the messages' timestamps.</summary>
public sealed class ReplayOptions
{
    /// <summary>Playback speed: 1.0 = original timing, 2.0 = twice as fast, 0 = as fast as possible. Negative → Usage.</summary>
    public double Speed { get; init; } = 1.0;

    /// <summary>The first seq to replay (inclusive).</summary>
    public ulong? SinceSeq { get; init; }

    /// <summary>Replay at most this many (post-filter) messages.</summary>
    public ulong? MaxMessages { get; init; }

    /// <summary>How long to wait for messages while collecting the range (default 1 second, as the original).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Required tags (exact match, AND).</summary>
    public IReadOnlyList<string>? Tags { get; init; }
}
