// The wire shape of pool info (remote-v0 §2.5): one writer for the server, one reader for the client.
using System.Buffers;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Text;

namespace Plasmite.Remote;

/// <summary>Reads and writes <see cref="PoolInfo"/> as the JSON object of remote protocol v0 (keys sorted, compact).</summary>
internal static class PoolInfoJson
{
    /// <summary>Writes the pool info object with keys in ascending byte order, as the original server does.</summary>
    /// <param name="output">Destination.</param>
    /// <param name="info">The info to write.</param>
    /// <param name="name">The name to report: the pool as the request spelled it (defaults to <see cref="PoolInfo.Name"/>,
    /// then to the file name without <c>.plasmite</c>; the original always sends a name).</param>
    public static void Write(IBufferWriter<byte> output, PoolInfo info, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(info);
        var m = info.Metrics;
        output.Write("{\"bounds\":"u8);
        WriteBounds(output, info.Bounds);
        output.Write(",\"file_size\":"u8);
        JsonText.WriteNumber(output, info.FileSize);
        output.Write(",\"index_capacity\":"u8);
        JsonText.WriteNumber(output, info.IndexCapacity);
        output.Write(",\"index_offset\":"u8);
        JsonText.WriteNumber(output, info.IndexOffset);
        output.Write(",\"index_size_bytes\":"u8);
        JsonText.WriteNumber(output, info.IndexSizeBytes);
        output.Write(",\"metrics\":{\"age\":{\"newest_age_ms\":"u8);
        WriteOptional(output, m.NewestAgeMs);
        output.Write(",\"newest_time\":"u8);
        WriteOptional(output, m.NewestTime);
        output.Write(",\"oldest_age_ms\":"u8);
        WriteOptional(output, m.OldestAgeMs);
        output.Write(",\"oldest_time\":"u8);
        WriteOptional(output, m.OldestTime);
        output.Write("},\"message_count\":"u8);
        JsonText.WriteNumber(output, m.MessageCount);
        output.Write(",\"seq_span\":"u8);
        JsonText.WriteNumber(output, m.SeqSpan);
        output.Write(",\"utilization\":{\"free_bytes\":"u8);
        JsonText.WriteNumber(output, m.FreeBytes);
        output.Write(",\"used_bytes\":"u8);
        JsonText.WriteNumber(output, m.UsedBytes);
        output.Write(",\"used_percent\":"u8);
        WritePercent(output, m.UsedPercentHundredths);
        output.Write("}},\"name\":"u8);
        JsonText.WriteString(output, name ?? info.Name ?? Storage.PoolName.FromPath(info.Path));
        output.Write(",\"path\":"u8);
        JsonText.WriteString(output, info.Path);
        output.Write(",\"ring_offset\":"u8);
        JsonText.WriteNumber(output, info.RingOffset);
        output.Write(",\"ring_size\":"u8);
        JsonText.WriteNumber(output, info.RingSize);
        output.Write("}"u8);
    }

    /// <summary>
    /// The <c>bounds</c> object: <c>{}</c> when empty, otherwise <c>{"newest":M,"oldest":N}</c>; each key is written when
    /// known and omitted (never <c>null</c>) when not, as the original does (remote-v0 §2.5; also <c>pool list --json</c>).
    /// </summary>
    public static void WriteBounds(IBufferWriter<byte> output, PoolBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("{"u8);
        if (bounds.Newest is { } newest)
        {
            output.Write("\"newest\":"u8);
            JsonText.WriteNumber(output, newest);
        }
        if (bounds.Oldest is { } oldest)
        {
            output.Write(bounds.Newest is null ? "\"oldest\":"u8 : ",\"oldest\":"u8);
            JsonText.WriteNumber(output, oldest);
        }
        output.Write("}"u8);
    }


    // used_percent is a serde f64 (0.0, 12.5, 0.01): the one serde float layout lives in DoubleFormatter.
    private static void WritePercent(IBufferWriter<byte> output, ulong hundredths)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        int n = DoubleFormatter.Format(hundredths / 100.0, text, FloatStyle.Serde);
        output.Write(text[..n]);
    }

    private static void WriteOptional(IBufferWriter<byte> output, ulong? value)
    {
        if (value is { } v) JsonText.WriteNumber(output, v);
        else output.Write("null"u8);
    }

    private static void WriteOptional(IBufferWriter<byte> output, string? value)
    {
        if (value is not null) JsonText.WriteString(output, value);
        else output.Write("null"u8);
    }

    /// <summary>Reads a pool info object (any key order; unknown fields ignored; missing optional parts tolerated).</summary>
    /// <exception cref="PlasmiteException">Io when a required field (<c>path</c>, <c>file_size</c>, <c>ring_offset</c>, <c>ring_size</c>) is missing.</exception>
    public static PoolInfo Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Bad("pool info must be an object");
        ulong? oldest = null, newest = null;
        if (element.TryGetProperty("bounds", out var b) && b.ValueKind == JsonValueKind.Object)
        {
            oldest = OptionalU64(b, "oldest");
            newest = OptionalU64(b, "newest");
        }
        var metrics = new PoolMetrics { MessageCount = 0, UsedBytes = 0, FreeBytes = 0, UsedPercentHundredths = 0 };
        ulong ringSize = RequiredU64(element, "ring_size");
        if (element.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            ulong used = 0, free = 0, pct = 0;
            if (m.TryGetProperty("utilization", out var u) && u.ValueKind == JsonValueKind.Object)
            {
                used = OptionalU64(u, "used_bytes") ?? 0;
                free = OptionalU64(u, "free_bytes") ?? ringSize - Math.Min(used, ringSize);
                pct = u.TryGetProperty("used_percent", out var p) && p.ValueKind == JsonValueKind.Number
                    ? (ulong)Math.Round(Math.Max(0, p.GetDouble()) * 100) : 0;
            }
            ulong? oldestNs = null, newestNs = null, oldestAge = null, newestAge = null;
            if (m.TryGetProperty("age", out var a) && a.ValueKind == JsonValueKind.Object)
            {
                oldestNs = OptionalTime(a, "oldest_time");
                newestNs = OptionalTime(a, "newest_time");
                oldestAge = OptionalU64(a, "oldest_age_ms");
                newestAge = OptionalU64(a, "newest_age_ms");
            }
            metrics = new PoolMetrics
            {
                MessageCount = OptionalU64(m, "message_count") ?? (oldest is { } o && newest is { } n ? n - o + 1 : 0),
                UsedBytes = used,
                FreeBytes = free,
                UsedPercentHundredths = pct,
                OldestTimestampNs = oldestNs,
                NewestTimestampNs = newestNs,
                OldestAgeMs = oldestAge,
                NewestAgeMs = newestAge,
            };
        }
        return new PoolInfo
        {
            Name = element.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString() : null,
            Path = element.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String
                ? path.GetString()! : throw Bad("pool info lacks path"),
            FileSize = RequiredU64(element, "file_size"),
            IndexOffset = OptionalU64(element, "index_offset") ?? 0,
            IndexCapacity = (uint)Math.Min(uint.MaxValue, OptionalU64(element, "index_capacity") ?? 0),
            RingOffset = RequiredU64(element, "ring_offset"),
            RingSize = ringSize,
            Bounds = oldest is not null && newest is not null ? new PoolBounds(oldest, newest) : default,
            Metrics = metrics,
        };
    }

    private static ulong RequiredU64(JsonElement e, string name) =>
        OptionalU64(e, name) ?? throw Bad($"pool info lacks {name}");

    private static ulong? OptionalU64(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out ulong x) ? x : null;

    private static ulong? OptionalTime(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && Rfc3339.TryParse(v.GetString(), out ulong ns) ? ns : null;

    private static PlasmiteException Bad(string message) => new(ErrorKind.Io, "invalid pool info from server: " + message);
}
