// The expected-sequence rule of spec §9.4, applied to raw messages before tag filtering and payload decoding.
namespace Plasmite.Storage;

/// <summary>What to do with a raw message according to the expected-sequence rule.</summary>
internal enum GapDecision
{
    /// <summary>Deliver (subject to tag filters).</summary>
    Accept,

    /// <summary>Already seen (seq below the expected one): skip silently.</summary>
    Skip,
}

/// <summary>
/// Tracks the next expected seq of a tail (spec §9.4). Feed every raw message, in cursor order, before tag
/// filtering. With <see cref="GapPolicy.Error"/> a jump past the expected seq throws
/// <see cref="ErrorKind.RetentionGap"/> (Seq = first missing) and terminates the tracker.
/// </summary>
internal struct RetentionGapTracker
{
    /// <summary>The hint attached to retention-gap errors.</summary>
    public const string GapHint = "Inspect current pool bounds, then reopen the tail or rebuild from an authoritative source.";

    private ulong _expected;
    private bool _hasExpected;

    /// <summary>Creates a tracker. <paramref name="sinceSeq"/> is the explicit inclusive start, if any: messages
    /// before it are skipped, and (with the Error policy) a start that is no longer retained is a gap.</summary>
    public RetentionGapTracker(ulong? sinceSeq, GapPolicy policy)
    {
        Policy = policy;
        _hasExpected = sinceSeq.HasValue;
        _expected = sinceSeq ?? 0;
    }

    /// <summary>The gap policy.</summary>
    public GapPolicy Policy { get; }

    /// <summary>The next expected seq, when known.</summary>
    public readonly ulong? Expected => _hasExpected ? _expected : null;

    /// <summary>True after a gap error: the stream is over, every later call should report end-of-stream.</summary>
    public bool Terminated { get; private set; }

    /// <summary>Applies the rule to a raw message with <paramref name="seq"/>.</summary>
    /// <exception cref="PlasmiteException">RetentionGap under the Error policy.</exception>
    public GapDecision Observe(ulong seq)
    {
        if (Terminated) throw new InvalidOperationException("the tail ended with a retention gap");
        if (!_hasExpected)
        {
            _hasExpected = true;
            _expected = seq + 1;
            return GapDecision.Accept;
        }
        if (seq < _expected) return GapDecision.Skip;
        if (seq > _expected && Policy == GapPolicy.Error)
        {
            Terminated = true;
            throw Gap(_expected, seq);
        }
        _expected = seq + 1;
        return GapDecision.Accept;
    }

    /// <summary>The RetentionGap error for messages <paramref name="expected"/>..<paramref name="next"/>−1.</summary>
    public static PlasmiteException Gap(ulong expected, ulong next) => new(
        ErrorKind.RetentionGap,
        $"messages {expected}-{next - 1} are no longer retained; the next available message is {next}",
        seq: expected,
        hint: GapHint);
}
