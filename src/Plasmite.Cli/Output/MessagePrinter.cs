// Message envelopes in CLI output (spec cli.md §4.2) and their follow/fetch renderings.
using System.Text;
using System.Text.Json;
using Plasmite.Cli.Backend;

namespace Plasmite.Cli.Output;

/// <summary>Builds and prints <c>{"data":…,"meta":{"tags":[…]},"seq":N,"time":"…"}</c>.</summary>
internal static class MessagePrinter
{
    /// <summary>
    /// The envelope JSON with keys in output order. <paramref name="dataJson"/> is the stored object as JSON text;
    /// its keys are re-sorted when printed. <paramref name="timeNs"/> is rendered as RFC 3339 (trimmed fraction, Z).
    /// </summary>
    public static string Envelope(ulong seq, ulong timeNs, IReadOnlyList<string> tags, string dataJson)
    {
        var sb = new StringBuilder(dataJson.Length + 96);
        sb.Append("{\"data\":").Append(dataJson).Append(",\"meta\":{\"tags\":[");
        for (int i = 0; i < tags.Count; i++)
        {
            if (i > 0) sb.Append(',');
            JsonText.AppendQuoted(sb, tags[i]);
        }
        sb.Append("]},\"seq\":").Append(seq).Append(",\"time\":\"").Append(Rfc3339.Format(timeNs)).Append("\"}");
        return sb.ToString();
    }

    /// <summary>
    /// Renders one followed message: jsonl = one compact line (never coloured); pretty = indented, coloured when
    /// stdout is a terminal under <c>auto</c> or always under <c>always</c>. <paramref name="dataOnly"/> prints <c>data</c> alone.
    /// </summary>
    public static string RenderFollowed(JsonElement envelope, FollowFormat format, bool dataOnly, bool stdoutIsTerminal, ColorMode color)
    {
        var value = dataOnly && envelope.TryGetProperty("data", out var data) ? data : envelope;
        if (format == FollowFormat.Jsonl) return JsonText.Compact(value) + "\n";
        return JsonText.Pretty(value, Ansi.Enabled(color, stdoutIsTerminal)) + "\n";
    }

    /// <summary>Writes a followed message to stdout and flushes (followers read line by line).</summary>
    public static void WriteFollowed(CliContext ctx, JsonElement envelope, FollowFormat format, bool dataOnly)
    {
        ctx.Terminal.Out.Write(RenderFollowed(envelope, format, dataOnly, ctx.Terminal.StdoutIsTerminal, ctx.Color));
        ctx.Terminal.Out.Flush();
    }

    /// <summary>
    /// The follow/duplex timeout outcome: exit code 124, plus <c>No messages received (timed out after DUR).</c>
    /// on stderr when stderr is a terminal (<paramref name="typed"/> is the duration as the user typed it).
    /// </summary>
    public static int TimedOut(CliContext ctx, string typed)
    {
        if (ctx.Terminal.StderrIsTerminal) ctx.Terminal.Error.Write($"No messages received (timed out after {typed}).\n");
        return ErrorReporter.TimeoutExitCode;
    }
}
