// Non-fatal diagnostics on stderr (spec cli.md §4.5): a JSON line when piped, `notice: …` on a terminal.
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Plasmite.Cli.Output;

/// <summary>One notice. <see cref="Details"/> values are strings, integers or null.</summary>
internal sealed record Notice(
    string Kind,
    string Cmd,
    string Message,
    string Pool,
    IReadOnlyList<KeyValuePair<string, object?>> Details);

/// <summary>Writes notices to stderr.</summary>
internal static class NoticeWriter
{
    /// <summary>Prints <paramref name="notice"/> per the stderr mode; <paramref name="nowNs"/> stamps the JSON form.</summary>
    public static void Write(CliContext ctx, Notice notice, ulong nowNs)
    {
        var err = ctx.Terminal.Error;
        if (ctx.Terminal.StderrIsTerminal) err.Write(FormatHuman(notice, ctx.ColorStderr));
        else err.Write(FormatJsonLine(notice, nowNs) + "\n");
        err.Flush();
    }

    /// <summary><c>notice: &lt;message&gt; (pool: &lt;pool&gt;)</c>; feed notices omit the pool suffix.</summary>
    public static string FormatHuman(Notice notice, bool color)
    {
        var suffix = notice.Cmd == "feed" ? "" : $" (pool: {notice.Pool})";
        return $"{Ansi.Paint("notice:", 33, color)} {notice.Message}{suffix}\n";
    }

    /// <summary>The compact <c>{"notice":{…}}</c> line (no newline).</summary>
    public static string FormatJsonLine(Notice notice, ulong nowNs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("notice");
            w.WriteString("cmd", notice.Cmd);
            w.WriteStartObject("details");
            foreach (var (key, value) in notice.Details)
            {
                switch (value)
                {
                    case null: w.WriteNull(key); break;
                    case string s: w.WriteString(key, s); break;
                    case int i: w.WriteNumber(key, i); break;
                    case long l: w.WriteNumber(key, l); break;
                    case ulong u: w.WriteNumber(key, u); break;
                    default: w.WriteString(key, value.ToString()); break;
                }
            }
            w.WriteEndObject();
            w.WriteString("kind", notice.Kind);
            w.WriteString("message", notice.Message);
            w.WriteString("pool", notice.Pool);
            w.WriteString("time", Rfc3339.Format(nowNs));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return JsonPrinter.Compact(doc.RootElement);
    }
}
