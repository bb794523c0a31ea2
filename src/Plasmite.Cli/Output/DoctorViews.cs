// Renderings of `doctor` reports (spec cli.md §5.11) from SDK-neutral report records.
using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Plasmite.Cli.Output;

/// <summary>One validation finding.</summary>
internal sealed record DoctorIssue(string Code, string Message, long? Offset, ulong? Seq);

/// <summary>The validation report of one pool. <see cref="Label"/> is the pool name (file stem), never a path.</summary>
internal sealed record DoctorReport(
    string Label,
    string Path,
    string? PoolRef,
    IReadOnlyList<DoctorIssue> Issues,
    ulong? LastGoodSeq,
    IReadOnlyList<string> RemediationHints,
    string? SnapshotPath,
    ulong MessageCount,
    ulong? Oldest,
    ulong? Newest)
{
    public bool IsCorrupt => Issues.Count > 0;
}

internal static class DoctorViews
{
    /// <summary><c>{"reports":[…]}</c>.</summary>
    public static string Json(IReadOnlyList<DoctorReport> reports)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("reports");
            foreach (var r in reports)
            {
                w.WriteStartObject();
                w.WriteNumber("issue_count", r.Issues.Count);
                w.WriteStartArray("issues");
                foreach (var i in r.Issues)
                {
                    w.WriteStartObject();
                    w.WriteString("code", i.Code);
                    w.WriteString("message", i.Message);
                    if (i.Offset is { } o) w.WriteNumber("offset", o); else w.WriteNull("offset");
                    if (i.Seq is { } s) w.WriteNumber("seq", s); else w.WriteNull("seq");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (r.LastGoodSeq is { } lg) w.WriteNumber("last_good_seq", lg); else w.WriteNull("last_good_seq");
                w.WriteString("path", r.Path);
                if (r.PoolRef is not null) w.WriteString("pool_ref", r.PoolRef); else w.WriteNull("pool_ref");
                w.WriteStartArray("remediation_hints");
                foreach (var h in r.RemediationHints) w.WriteStringValue(h);
                w.WriteEndArray();
                if (r.SnapshotPath is not null) w.WriteString("snapshot_path", r.SnapshotPath); else w.WriteNull("snapshot_path");
                w.WriteString("status", r.IsCorrupt ? "corrupt" : "ok");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return JsonPrinter.Compact(doc.RootElement);
    }

    /// <summary>Not a terminal: <c>OK: label</c> / <c>CORRUPT: label last_good_seq=N issue=…</c> per pool.</summary>
    public static string Lines(IReadOnlyList<DoctorReport> reports)
    {
        var sb = new StringBuilder();
        foreach (var r in reports)
        {
            if (!r.IsCorrupt) sb.Append("OK: ").Append(r.Label).Append('\n');
            else sb.Append($"CORRUPT: {r.Label} last_good_seq={(r.LastGoodSeq is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} issue={r.Issues[0].Message}\n");
        }
        return sb.ToString();
    }

    private static string Messages(DoctorReport r) => r.MessageCount == 1 ? "1 message" : $"{r.MessageCount} messages";

    private static string IssueCount(int n) => n == 1 ? "1 issue" : $"{n} issues";

    /// <summary>Terminal, one pool.</summary>
    public static string Single(DoctorReport r)
    {
        var sb = new StringBuilder();
        sb.Append(r.Label).Append(r.IsCorrupt ? ": corrupt\n" : ": healthy\n");
        sb.Append("  messages:  ").Append(r.MessageCount == 0 ? "empty" : $"{r.MessageCount} (seq {r.Oldest}..{r.Newest})").Append('\n');
        sb.Append("  checked:   header, index, ring — ").Append(IssueCount(r.Issues.Count)).Append('\n');
        if (r.IsCorrupt) sb.Append("  detail:    ").Append(r.Issues[0].Message).Append('\n');
        return sb.ToString();
    }

    /// <summary>Terminal, <c>--all</c>.</summary>
    public static string All(IReadOnlyList<DoctorReport> reports)
    {
        if (reports.Count == 0) return "No pools found.\n";
        int bad = reports.Count(r => r.IsCorrupt);
        int nameWidth = reports.Max(r => r.Label.Length);
        int msgWidth = reports.Max(r => Messages(r).Length);
        var sb = new StringBuilder(bad == 0 ? $"All {reports.Count} pools healthy.\n\n" : $"{bad} of {reports.Count} pools unhealthy.\n\n");
        foreach (var r in reports)
        {
            var cells = $"{r.Label.PadRight(nameWidth)}   {Messages(r).PadRight(msgWidth)}   ";
            if (bad == 0) sb.Append("  ").Append(cells).Append(IssueCount(0)).Append('\n');
            else if (!r.IsCorrupt) sb.Append("  ✓ ").Append(cells).Append(IssueCount(0)).Append('\n');
            else sb.Append("  ✗ ").Append(cells).Append(IssueCount(r.Issues.Count)).Append($" (run `plasmite doctor {r.Label}` for detail)\n");
        }
        return sb.ToString();
    }

    /// <summary>7 when any pool is corrupt, else 0.</summary>
    public static int ExitCode(IReadOnlyList<DoctorReport> reports) => reports.Any(r => r.IsCorrupt) ? 7 : 0;
}
