// Pool info and metrics (spec §11.5) from a fresh header read.
namespace Plasmite.Storage;

internal sealed partial class PoolFile
{
    /// <summary>Layout, bounds and metrics from a fresh header read; ages use the current clock.</summary>
    public PoolInfo Info() => Info(Text.Rfc3339.NowNs());

    /// <summary>Same as <see cref="Info()"/> with an explicit "now" (ns) for the ages.</summary>
    public PoolInfo Info(ulong nowNs)
    {
        var h = ReadHeader();
        ulong used = h.UsedBytes;
        ulong? oldestTs = null, newestTs = null;
        if (!h.IsEmpty)
        {
            if (TryGetInfo(h.OldestSeq, out var o)) oldestTs = o.TimestampNs;
            if (TryGetInfo(h.NewestSeq, out var n)) newestTs = n.TimestampNs;
        }
        return new PoolInfo
        {
            Path = Path,
            FileSize = h.FileSize,
            IndexOffset = h.IndexOffset,
            IndexCapacity = h.IndexCapacity,
            RingOffset = h.RingOffset,
            RingSize = h.RingSize,
            Bounds = h.IsEmpty ? default : new PoolBounds(h.OldestSeq, h.NewestSeq),
            Metrics = new PoolMetrics
            {
                MessageCount = h.MessageCount,
                UsedBytes = used,
                FreeBytes = h.RingSize - used,
                UsedPercentHundredths = (ulong)((UInt128)used * 10000 / h.RingSize),
                OldestTimestampNs = oldestTs,
                NewestTimestampNs = newestTs,
                OldestAgeMs = oldestTs is { } a ? AgeMs(nowNs, a) : null,
                NewestAgeMs = newestTs is { } b ? AgeMs(nowNs, b) : null,
            },
        };
    }

    private static ulong AgeMs(ulong nowNs, ulong ts) => nowNs > ts ? (nowNs - ts) / 1_000_000 : 0;
}
