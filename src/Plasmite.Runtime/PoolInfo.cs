// Public pool metadata (spec §11.5): layout, bounds and metrics, as `pool info` and the SDK report them.
namespace Plasmite;

/// <summary>Oldest and newest retained seqs; both null when the pool is empty.</summary>
/// <param name="Oldest">Seq of the oldest retained message.</param>
/// <param name="Newest">Seq of the newest message.</param>
public readonly record struct PoolBounds(ulong? Oldest, ulong? Newest)
{
    /// <summary>True when the pool holds no message.</summary>
    public bool IsEmpty => Oldest is null;
}

/// <summary>Pool metadata from a fresh header read (spec §11.5).</summary>
public sealed record PoolInfo
{
    /// <summary>The pool ref as typed, when known (set by the SDK/CLI, not the engine).</summary>
    public string? Name { get; init; }

    /// <summary>The resolved path as given (not canonicalised).</summary>
    public required string Path { get; init; }

    /// <summary>Total file length.</summary>
    public required ulong FileSize { get; init; }

    /// <summary>File offset of the index (4096).</summary>
    public required ulong IndexOffset { get; init; }

    /// <summary>Number of index slots.</summary>
    public required uint IndexCapacity { get; init; }

    /// <summary><c>16 * IndexCapacity</c> (<see cref="Storage.PoolFormat.IndexSlotSize"/> bytes a slot).</summary>
    public ulong IndexSizeBytes => (ulong)Storage.PoolFormat.IndexSlotSize * IndexCapacity;

    /// <summary>File offset of the ring.</summary>
    public required ulong RingOffset { get; init; }

    /// <summary>Ring bytes.</summary>
    public required ulong RingSize { get; init; }

    /// <summary>Retained seq range.</summary>
    public required PoolBounds Bounds { get; init; }

    /// <summary>Counts, utilisation and ages.</summary>
    public required PoolMetrics Metrics { get; init; }
}

/// <summary>Pool metrics (spec §11.5).</summary>
public sealed record PoolMetrics
{
    /// <summary><c>newest − oldest + 1</c>, or 0 when empty.</summary>
    public required ulong MessageCount { get; init; }

    /// <summary>Same value as <see cref="MessageCount"/>.</summary>
    public ulong SeqSpan => MessageCount;

    /// <summary>Live ring bytes including wrap and padding waste.</summary>
    public required ulong UsedBytes { get; init; }

    /// <summary><c>RingSize − UsedBytes</c>.</summary>
    public required ulong FreeBytes { get; init; }

    /// <summary><c>UsedBytes * 10000 / RingSize</c> (integer).</summary>
    public required ulong UsedPercentHundredths { get; init; }

    /// <summary><see cref="UsedPercentHundredths"/> / 100.</summary>
    public double UsedPercent => UsedPercentHundredths / 100.0;

    /// <summary>Timestamp of the oldest message (ns), when known.</summary>
    public ulong? OldestTimestampNs { get; init; }

    /// <summary>Timestamp of the newest message (ns), when known.</summary>
    public ulong? NewestTimestampNs { get; init; }

    /// <summary>RFC 3339 time of the oldest message, when known.</summary>
    public string? OldestTime => OldestTimestampNs is { } t ? Text.Rfc3339.Format(t) : null;

    /// <summary>RFC 3339 time of the newest message, when known.</summary>
    public string? NewestTime => NewestTimestampNs is { } t ? Text.Rfc3339.Format(t) : null;

    /// <summary>Age of the oldest message in ms at the time of the info call (saturating at 0).</summary>
    public ulong? OldestAgeMs { get; init; }

    /// <summary>Age of the newest message in ms at the time of the info call (saturating at 0).</summary>
    public ulong? NewestAgeMs { get; init; }
}
