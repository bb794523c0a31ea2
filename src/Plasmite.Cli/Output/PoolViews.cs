// Renderings of pool info, create, list and delete results (spec cli.md §5.1–5.4), from SDK-neutral views.
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Plasmite.Cli.Values;

namespace Plasmite.Cli.Output;

/// <summary>What the CLI shows about one pool (the SDK's PoolInfo maps onto it field by field).</summary>
internal sealed record PoolInfoView(
    string? Name,
    string Path,
    ulong FileSize,
    ulong IndexOffset,
    uint IndexCapacity,
    ulong RingOffset,
    ulong RingSize,
    ulong? Oldest,
    ulong? Newest,
    ulong UsedBytes,
    ulong? OldestTimeNs,
    ulong? NewestTimeNs,
    PoolInfo Info)
{
    public ulong MessageCount => Oldest is { } o && Newest is { } n && n >= o ? n - o + 1 : 0;

    public ulong UsedPercentHundredths => RingSize == 0 ? 0 : (ulong)((UInt128)UsedBytes * 10000 / RingSize);
}

/// <summary>One row of <c>pool list</c>: a readable pool, or one whose info failed (<see cref="Error"/>).</summary>
internal sealed record PoolListRow(string Name, string Path, ulong? FileSize, ulong? Oldest, ulong? Newest, ulong? MtimeNs, PlasmiteException? Error);

/// <summary>One argument of <c>pool delete</c>: deleted (<see cref="Error"/> null) or failed.</summary>
internal sealed record PoolDeleteOutcome(string Pool, string? Path, PlasmiteException? Error);

internal static class PoolViews
{
    private static string Num(ulong n) => n.ToString(CultureInfo.InvariantCulture);

    private static Utf8JsonWriter Writer(ArrayBufferWriter<byte> buffer) =>
        new(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The PoolInfo JSON object (remote-v0 §2.5), written by the one writer the server also uses.</summary>
    public static string InfoJson(PoolInfoView v)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Plasmite.Remote.PoolInfoJson.Write(buffer, v.Info, v.Name);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Percent(PoolInfoView v) => (v.UsedPercentHundredths / 100.0).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary><c>pool info</c> when stdout is not a terminal and <c>--json</c> is absent.</summary>
    public static string InfoPlain(PoolInfoView v, string label, ulong nowNs)
    {
        var sb = new StringBuilder();
        sb.Append("Pool: ").Append(label).Append('\n');
        sb.Append("Path: ").Append(v.Path).Append('\n');
        sb.Append($"Size: {Num(v.FileSize)} bytes (index: offset={Num(v.IndexOffset)} slots={Num(v.IndexCapacity)} bytes={Num(v.Info.IndexSizeBytes)}, ring: offset={Num(v.RingOffset)} size={Num(v.RingSize)})\n");
        sb.Append($"Bounds: oldest={Opt(v.Oldest)} newest={Opt(v.Newest)} count={Num(v.MessageCount)}\n");
        sb.Append($"Utilization: used={Num(v.UsedBytes)}B free={Num(v.RingSize - Math.Min(v.UsedBytes, v.RingSize))}B ({Percent(v)}%)\n");
        sb.Append("Oldest: ").Append(TimeAndAge(v.OldestTimeNs, nowNs)).Append('\n');
        sb.Append("Newest: ").Append(TimeAndAge(v.NewestTimeNs, nowNs)).Append('\n');
        return sb.ToString();
    }

    private static string Opt(ulong? n) => n is { } x ? Num(x) : "-";

    private static string TimeAndAge(ulong? timeNs, ulong nowNs) =>
        timeNs is { } t ? $"{Rfc3339.Format(t)} ({AgeText(t, nowNs)})" : "-";

    private static string AgeText(ulong timeNs, ulong nowNs) =>
        ValueSyntax.FormatAge(TimeSpan.FromTicks((long)((nowNs > timeNs ? nowNs - timeNs : 0) / 100)));

    private static string WholeSeconds(ulong ns) => Rfc3339.Format(ns - ns % 1_000_000_000);

    /// <summary><c>pool info</c> on a terminal (compact, no offsets). <paramref name="shownPath"/> is relative to the pool dir when possible.</summary>
    public static string InfoTerminal(PoolInfoView v, string label, string shownPath, ulong nowNs)
    {
        var sb = new StringBuilder();
        sb.Append(label).Append('\n');
        sb.Append("  path:      ").Append(shownPath).Append('\n');
        sb.Append($"  size:      {ValueSyntax.FormatBytes(v.FileSize)} ({ValueSyntax.FormatBytes(v.UsedBytes)} used, {Percent(v)}%)\n");
        if (v.MessageCount == 0)
        {
            sb.Append("  messages:  empty\n  oldest:    —\n  newest:    —\n");
        }
        else
        {
            sb.Append($"  messages:  {Num(v.MessageCount)} (seq {Opt(v.Oldest)}..{Opt(v.Newest)})\n");
            sb.Append("  oldest:    ").Append(v.OldestTimeNs is { } o ? $"{AgeText(o, nowNs)} ({WholeSeconds(o)})" : "—").Append('\n');
            sb.Append("  newest:    ").Append(v.NewestTimeNs is { } n ? $"{AgeText(n, nowNs)} ({WholeSeconds(n)})" : "—").Append('\n');
        }
        sb.Append($"  index:     {Num(v.IndexCapacity)} slots ({ValueSyntax.FormatBytes(v.Info.IndexSizeBytes)})\n");
        sb.Append($"  ring:      {ValueSyntax.FormatBytes(v.RingSize)}\n");
        return sb.ToString();
    }

    /// <summary>A pool file path shown relative to the pool directory when it lies inside it.</summary>
    public static string RelativeToDir(string path, string dir)
    {
        try
        {
            var rel = System.IO.Path.GetRelativePath(System.IO.Path.GetFullPath(dir), System.IO.Path.GetFullPath(path));
            return rel.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(rel) ? path : rel;
        }
        catch (ArgumentException)
        {
            return path;
        }
    }

    /// <summary><c>pool create --json</c>: <c>{"created":[info…]}</c>.</summary>
    public static string CreatedJson(IReadOnlyList<PoolInfoView> pools, ulong nowNs) =>
        "{\"created\":[" + string.Join(",", pools.Select(InfoJson)) + "]}";

    /// <summary><c>pool create</c> human output (terminal or table).</summary>
    public static string CreatedHuman(IReadOnlyList<PoolInfoView> pools, string dir, bool terminal)
    {
        if (!terminal)
        {
            return ValueSyntax.FormatTable(["NAME", "SIZE", "INDEX", "PATH"],
                pools.Select(p => (IReadOnlyList<string>)[p.Name ?? p.Path, Num(p.FileSize), Num(p.IndexCapacity), RelativeToDir(p.Path, dir)]).ToList());
        }
        if (pools.Count == 1)
        {
            var p = pools[0];
            return $"Created {p.Name} ({ValueSyntax.FormatBytes(p.FileSize)}, {Num(p.IndexCapacity)} index slots)\n  path: {RelativeToDir(p.Path, dir)}\n";
        }
        var sb = new StringBuilder($"Created {pools.Count} pools ({ValueSyntax.FormatBytes(pools[0].FileSize)} each)\n");
        foreach (var p in pools) sb.Append($"  - {p.Name} ({RelativeToDir(p.Path, dir)})\n");
        return sb.ToString();
    }

    /// <summary><c>pool list --json</c>. Unreadable pools carry the doubly nested <c>{"error":{"error":{…}}}</c>.</summary>
    public static string ListJson(IReadOnlyList<PoolListRow> entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = Writer(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("pools");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteString("path", e.Path);
                if (e.Error is not null)
                {
                    w.WriteStartObject("error");
                    w.WritePropertyName("error");
                    ErrorReporter.WriteErrorObject(w, e.Error);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNumber("file_size", e.FileSize ?? 0);
                    // `bounds` as in PoolInfo: one writer owns the rule (keys omitted when unknown).
                    var bounds = new ArrayBufferWriter<byte>(64);
                    Plasmite.Remote.PoolInfoJson.WriteBounds(bounds, new PoolBounds(e.Oldest, e.Newest));
                    w.WritePropertyName("bounds");
                    w.WriteRawValue(bounds.WrittenSpan, skipInputValidation: true);
                    if (e.MtimeNs is { } m) w.WriteString("mtime", Rfc3339.Format(m));
                    else w.WriteNull("mtime");
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return JsonPrinter.Compact(doc.RootElement);
    }

    /// <summary><c>pool list</c> human output.</summary>
    public static string ListHuman(IReadOnlyList<PoolListRow> entries, string dir, bool terminal, ulong nowNs)
    {
        bool anyError = entries.Any(e => e.Error is not null);
        if (terminal && entries.Count == 0)
            return $"No pools found in {dir.TrimEnd('/')}/\n\n  Create one: plasmite pool create <name>\n";
        if (terminal && !anyError)
        {
            return ValueSyntax.FormatTable(["NAME", "SIZE", "MSGS", "MODIFIED", "PATH"], entries.Select(e => (IReadOnlyList<string>)[
                e.Name,
                ValueSyntax.FormatBytes(e.FileSize ?? 0),
                Num(e.Oldest is { } o && e.Newest is { } n && n >= o ? n - o + 1 : 0),
                e.MtimeNs is { } m ? AgeText(m, nowNs) : "-",
                RelativeToDir(e.Path, dir),
            ]).ToList());
        }
        return ValueSyntax.FormatTable(["NAME", "STATUS", "SIZE", "OLDEST", "NEWEST", "MTIME", "PATH", "DETAIL"], entries.Select(e => e.Error is { } err
            ? (IReadOnlyList<string>)[e.Name, "ERR", "-", "-", "-", "-", e.Path, err.Message]
            : [e.Name, "OK", Num(e.FileSize ?? 0), Opt(e.Oldest), Opt(e.Newest), e.MtimeNs is { } m ? Rfc3339.Format(m) : "-", e.Path, ""]).ToList());
    }

    /// <summary><c>pool delete --json</c>.</summary>
    public static string DeleteJson(IReadOnlyList<PoolDeleteOutcome> outcomes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = Writer(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("deleted");
            foreach (var o in outcomes.Where(o => o.Error is null))
            {
                w.WriteStartObject();
                w.WriteString("pool", o.Pool);
                w.WriteString("path", o.Path);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("failed");
            foreach (var o in outcomes.Where(o => o.Error is not null))
            {
                w.WriteStartObject();
                w.WriteString("pool", o.Pool);
                w.WritePropertyName("error");
                ErrorReporter.WriteErrorObject(w, o.Error!);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return JsonPrinter.Compact(doc.RootElement);
    }

    /// <summary><c>pool delete</c> human output.</summary>
    public static string DeleteHuman(IReadOnlyList<PoolDeleteOutcome> outcomes, string dir, bool terminal)
    {
        if (!terminal)
        {
            return ValueSyntax.FormatTable(["NAME", "STATUS", "PATH", "DETAIL"], outcomes.Select(o => (IReadOnlyList<string>)[
                o.Pool, o.Error is null ? "OK" : "ERR", o.Path ?? o.Error?.Path ?? "-", o.Error?.Message ?? ""]).ToList());
        }
        if (outcomes.Count == 1)
        {
            var o = outcomes[0];
            if (o.Error is null) return $"Deleted pool \"{o.Pool}\".\n";
            if (o.Error.Kind == ErrorKind.NotFound)
                return $"Pool \"{o.Pool}\" not found. Nothing to delete.\n\n  Pool directory: {dir.TrimEnd('/')}/\n  List pools:     plasmite pool list\n";
        }
        int ok = outcomes.Count(o => o.Error is null);
        var sb = new StringBuilder(ok == outcomes.Count ? $"Deleted {ok} pools.\n" : $"Deleted {ok} of {outcomes.Count} pools.\n");
        foreach (var o in outcomes)
            sb.Append(o.Error is null ? $"  ✓ {o.Pool}\n" : $"  ✗ {o.Pool} — {o.Error.Message}\n");
        return sb.ToString();
    }

    /// <summary>Exit code of <c>pool delete</c>: 0, or the code of the first failure's kind.</summary>
    public static int DeleteExitCode(IReadOnlyList<PoolDeleteOutcome> outcomes) =>
        outcomes.FirstOrDefault(o => o.Error is not null)?.Error is { } e ? ErrorReporter.ExitCode(e.Kind) : 0;
}
