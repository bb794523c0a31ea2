// The `drop` notice of follow (spec cli.md §4.5), coalesced to at most one per second.
namespace Plasmite.Cli.Output;

/// <summary>Accumulates dropped-message events and emits at most one <c>drop</c> notice per second.</summary>
internal sealed class DropNotices(string pool, string poolPath)
{
    private ulong _pending;
    private ulong _firstLastSeen;
    private ulong _nextSeen;
    private ulong _lastEmitNs;
    private bool _emittedOnce;

    /// <summary>Records that messages after <paramref name="lastSeenSeq"/> up to <paramref name="nextSeenSeq"/> (exclusive) were lost.</summary>
    public void Record(ulong lastSeenSeq, ulong nextSeenSeq)
    {
        if (nextSeenSeq <= lastSeenSeq + 1) return;
        if (_pending == 0) _firstLastSeen = lastSeenSeq;
        _pending += nextSeenSeq - lastSeenSeq - 1;
        _nextSeen = nextSeenSeq;
    }

    /// <summary>The notice to print now, if any is pending and a second has passed since the last one.</summary>
    public Notice? TakeDue(ulong nowNs, bool force = false)
    {
        if (_pending == 0) return null;
        if (!force && _emittedOnce && nowNs - _lastEmitNs < 1_000_000_000) return null;
        var n = new Notice("drop", "follow", $"dropped {_pending} messages", pool,
        [
            new("dropped_count", _pending),
            new("last_seen_seq", _firstLastSeen),
            new("next_seen_seq", _nextSeen),
            new("pool_path", poolPath),
        ]);
        _pending = 0;
        _lastEmitNs = nowNs;
        _emittedOnce = true;
        return n;
    }
}
