// "JSON emit" (spec cli.md §4.1): compact when piped, pretty and coloured on a terminal.
using System.Text.Json;

namespace Plasmite.Cli.Output;

/// <summary>How a value is printed by the commands that "emit JSON".</summary>
internal enum JsonStyle
{
    /// <summary>One compact line.</summary>
    Compact,

    /// <summary>Indented, no colour.</summary>
    Pretty,

    /// <summary>Indented and ANSI-coloured.</summary>
    PrettyColor,
}

/// <summary>The spec's stdout table for JSON emit.</summary>
internal static class JsonEmit
{
    /// <summary>Chooses the style from whether stdout is a terminal and the colour setting.</summary>
    public static JsonStyle StyleFor(bool stdoutIsTerminal, ColorMode color) => (stdoutIsTerminal, color) switch
    {
        (false, ColorMode.Always) => JsonStyle.PrettyColor,
        (false, _) => JsonStyle.Compact,
        (true, ColorMode.Never) => JsonStyle.Pretty,
        (true, _) => JsonStyle.PrettyColor,
    };

    /// <summary>Renders <paramref name="value"/> in <paramref name="style"/> (no trailing newline).</summary>
    public static string Render(JsonElement value, JsonStyle style) => style switch
    {
        JsonStyle.Compact => JsonPrinter.Compact(value),
        JsonStyle.Pretty => JsonPrinter.Pretty(value, color: false),
        _ => JsonPrinter.Pretty(value, color: true),
    };

    /// <summary>Writes <paramref name="value"/> plus a newline to stdout per the JSON emit rules.</summary>
    public static void Write(CliContext ctx, JsonElement value) =>
        ctx.Terminal.Out.Write(Render(value, StyleFor(ctx.Terminal.StdoutIsTerminal, ctx.Color)) + "\n");

    /// <summary>Writes JSON text (parsed first, so keys are sorted) per the JSON emit rules.</summary>
    public static void Write(CliContext ctx, string json)
    {
        using var doc = JsonDocument.Parse(json);
        Write(ctx, doc.RootElement);
    }
}
