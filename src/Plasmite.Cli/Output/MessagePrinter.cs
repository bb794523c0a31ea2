// Message envelopes in CLI output (spec cli.md §4.2) and their follow/fetch renderings.
using System.Text.Json;

namespace Plasmite.Cli.Output;

/// <summary>Prints message envelopes <c>{"data":…,"meta":{"tags":[…]},"seq":N,"time":"…"}</c> (built by the SDK's <c>EnvelopeJson</c>).</summary>
internal static class MessagePrinter
{
    /// <summary>
    /// Renders one followed message: jsonl = one compact line (never coloured); pretty = indented, coloured when
    /// stdout is a terminal under <c>auto</c> or always under <c>always</c>. <paramref name="dataOnly"/> prints <c>data</c> alone.
    /// </summary>
    public static string RenderFollowed(JsonElement envelope, FollowFormat format, bool dataOnly, bool stdoutIsTerminal, ColorMode color)
    {
        var value = dataOnly && envelope.TryGetProperty("data", out var data) ? data : envelope;
        if (format == FollowFormat.Jsonl) return JsonPrinter.Compact(value) + "\n";
        return JsonPrinter.Pretty(value, Ansi.Enabled(color, stdoutIsTerminal)) + "\n";
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
