// Options of Tail / Tail<T>, local and remote.
namespace Plasmite;

/// <summary>Options for <see cref="IPlasmitePool.Tail(TailOptions?, CancellationToken)"/>.</summary>
/// <remarks>
/// <para><b>Timeout</b> follows the original Node SDK: it is the length of one polling window, not an
/// overall deadline. Without <see cref="MaxMessages"/> a tail never ends on its own (cancel it);
/// with <see cref="MaxMessages"/> it ends after that many delivered messages or after one whole
/// window in which no message at all (before tag filtering) arrived. Use <see cref="Deadline"/> for an
/// absolute limit.</para>
/// </remarks>
public sealed record TailOptions
{
    /// <summary>The first seq to deliver (inclusive). Without it the tail starts at the oldest retained message.</summary>
    public ulong? SinceSeq { get; init; }

    /// <summary>Stop after this many delivered (post-filter) messages.</summary>
    public ulong? MaxMessages { get; init; }

    /// <summary>Length of one polling window; default 1 second (see remarks). Zero or negative means the default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>An absolute time limit for the whole tail, measured from its start; the tail then ends normally.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Required tags: a message is delivered only when it carries every one (exact, case-sensitive).</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>What to do on a retention gap; default <see cref="Plasmite.GapPolicy.Continue"/>.</summary>
    public GapPolicy GapPolicy { get; init; }

    /// <summary>Longest wait between two polls when the cross-process wake-up is unavailable; default 50 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    internal static readonly TailOptions Default = new();

    internal TimeSpan Window => Timeout is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromSeconds(1);
}
