// Full-scan validation (spec §12.3) as a diagnostic report, used by tests and the CLI's `doctor`.

namespace Plasmite.Storage;

/// <summary>One problem found by validation.</summary>
/// <param name="Code">Stable category: <c>format</c> (version), <c>header</c>, <c>ring</c> (frame walk).</param>
/// <param name="Message">What is wrong (the original's wording where one exists).</param>
/// <param name="Offset">Ring offset (ring issues) or header field offset, when known.</param>
/// <param name="Seq">The seq concerned, when known.</param>
public sealed record PoolValidationIssue(string Code, string Message, long? Offset, ulong? Seq);

/// <summary>The result of validating a pool.</summary>
public sealed record PoolValidationReport
{
    /// <summary>The pool path.</summary>
    public required string Path { get; init; }

    /// <summary><c>ok</c> or <c>corrupt</c>.</summary>
    public string Status => Issues.Count == 0 ? "ok" : "corrupt";

    /// <summary>True when no issue was found.</summary>
    public bool IsOk => Issues.Count == 0;

    /// <summary>The seq of the last frame that passed every check, if any.</summary>
    public ulong? LastGoodSeq { get; init; }

    /// <summary>Problems, in discovery order (the walk stops at the first ring problem).</summary>
    public required IReadOnlyList<PoolValidationIssue> Issues { get; init; }

    /// <summary>Hints; includes the original's index spot-check warnings (<c>warning: index slot …</c>).</summary>
    public required IReadOnlyList<string> RemediationHints { get; init; }
}

/// <summary>Spec §12.3: header checks, <c>tail_next</c> = NEXT_OF(tail), then a bounded walk from the tail.</summary>
internal static class PoolValidator
{
    /// <summary>Opens and validates the pool at <paramref name="path"/>. A header that cannot be opened is reported
    /// as corrupt (a version mismatch with code <c>format</c>).</summary>
    /// <exception cref="PlasmiteException">NotFound, Permission, Io when the file cannot be opened at all.</exception>
    public static PoolValidationReport Validate(string path)
    {
        PoolFile pool;
        try
        {
            pool = PoolFile.Open(path);
        }
        catch (PlasmiteException e) when (e.Kind is ErrorKind.Corrupt or ErrorKind.Usage)
        {
            return new PoolValidationReport
            {
                Path = path,
                Issues = [new PoolValidationIssue(e.Kind == ErrorKind.Usage ? "format" : "header", e.Message, e.Offset, null)],
                RemediationHints = [e.Hint ?? "Pool appears corrupt. Recreate it or investigate with validation tooling."],
            };
        }
        using (pool) return Validate(pool);
    }

    /// <summary>Validates an open pool (quiescent pools give exact results; concurrent writers may cause
    /// spurious issues).</summary>
    public static unsafe PoolValidationReport Validate(PoolFile pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var issues = new List<PoolValidationIssue>();
        var hints = new List<string>();
        ulong? lastGood = null;
        PoolHeader h;
        try
        {
            h = pool.ReadHeaderChecked(retry: true);
        }
        catch (PlasmiteException e)
        {
            issues.Add(new PoolValidationIssue(e.Kind == ErrorKind.Usage ? "format" : "header", e.Message, e.Offset, null));
            return Report(pool.Path, issues, hints, null);
        }

        ulong r = h.RingSize;
        var ring = pool.Ring;
        if (h.IsEmpty)
        {
            SpotCheckIndex(pool, r, hints);
            return Report(pool.Path, issues, hints, null);
        }

        try
        {
            ulong tn = AppendPlanner.NextOf(ring, r, h.TailOff);
            if (tn != h.TailNextOff)
                issues.Add(new PoolValidationIssue("header", "tail_next_off does not follow the tail entry", (long)h.TailOff, null));
        }
        catch (PlasmiteException e)
        {
            issues.Add(new PoolValidationIssue("ring", e.Message, (long)h.TailOff, h.OldestSeq));
        }

        if (issues.Count == 0)
        {
            ulong pos = h.TailOff, expected = h.OldestSeq;
            ulong maxSteps = r / PoolFormat.FrameHeaderLength + 2;
            for (ulong steps = 0; ; steps++)
            {
                if (steps > maxSteps)
                {
                    issues.Add(new PoolValidationIssue("ring", "scan exceeded ring capacity", (long)pos, expected));
                    break;
                }
                if (r - pos < PoolFormat.FrameHeaderLength)
                {
                    pos = 0;
                    continue;
                }
                var fh = FrameHeader.Decode(ring.Slice(pos, PoolFormat.FrameHeaderLength));
                string? problem = fh.Check(r);
                if (problem is null && fh.State == (uint)FrameState.Wrap)
                {
                    pos = 0;
                    continue;
                }
                if (problem is null && fh.State != (uint)FrameState.Committed) problem = "unexpected frame state";
                if (problem is null && fh.Seq != expected) problem = "seq mismatch";
                if (problem is null && fh.FrameLength > r - pos) problem = "frame exceeds ring";
                if (problem is null
                    && !ring.Slice(pos + PoolFormat.FrameHeaderLength + fh.PayloadLength, PoolFormat.CommitMarkerLength).SequenceEqual(PoolFormat.CommitMarkerBytes))
                    problem = "missing frame commit marker";
                if (problem is not null)
                {
                    issues.Add(new PoolValidationIssue("ring", problem, (long)pos, expected));
                    break;
                }
                lastGood = fh.Seq;
                pos += fh.FrameLength;
                if (pos == r) pos = 0;
                if (fh.Seq == h.NewestSeq)
                {
                    if (pos != h.HeadOff) issues.Add(new PoolValidationIssue("ring", "head offset mismatch", (long)pos, fh.Seq));
                    break;
                }
                expected++;
            }
        }
        SpotCheckIndex(pool, r, hints);
        if (issues.Count > 0) hints.Insert(0, "Pool appears corrupt. Recreate it or investigate with validation tooling.");
        return Report(pool.Path, issues, hints, lastGood);
    }

    /// <summary>The original's index spot check (slots 0, cap/2, cap−1): warnings only. Slots naming dropped
    /// messages are reported too, as upstream does (so healthy wrapped pools show warnings).</summary>
    private static unsafe void SpotCheckIndex(PoolFile pool, ulong r, List<string> hints)
    {
        uint cap = pool.IndexCapacity;
        if (cap == 0) return;
        Span<ulong> slots = [0, cap / 2, cap - 1];
        for (int i = 0; i < slots.Length; i++)
        {
            if (i > 0 && slots[..i].Contains(slots[i])) continue;
            var entry = IndexSlot.Decode(new ReadOnlySpan<byte>(pool.BasePointer + IndexSlot.FileOffsetOf(slots[i]), PoolFormat.IndexSlotSize));
            ulong seq = entry.Seq, off = entry.Offset;
            if (seq == 0) continue;
            bool ok = off < r && r - off >= PoolFormat.FrameHeaderLength;
            if (ok)
            {
                var fh = FrameHeader.Decode(pool.Ring.Slice(off, PoolFormat.FrameHeaderLength));
                ok = fh.Check(r) is null && fh.State == (uint)FrameState.Committed && fh.Seq == seq;
            }
            if (!ok) hints.Add($"warning: index slot {slots[i]} seq {seq} is stale or invalid");
        }
    }

    private static PoolValidationReport Report(string path, List<PoolValidationIssue> issues, List<string> hints, ulong? lastGood) =>
        new() { Path = path, Issues = issues, RemediationHints = hints, LastGoodSeq = lastGood };

}
