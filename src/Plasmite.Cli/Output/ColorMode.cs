// The --color setting and the decision of whether a given stream gets ANSI colour.
namespace Plasmite.Cli.Output;

/// <summary>The global <c>--color</c> setting.</summary>
internal enum ColorMode
{
    /// <summary>Colour when the stream is a terminal.</summary>
    Auto,

    /// <summary>Always colour (and pretty-print JSON emit even when piped).</summary>
    Always,

    /// <summary>Never colour.</summary>
    Never,
}

/// <summary>Colour decisions for stdout and stderr.</summary>
internal static class Ansi
{
    public const string Reset = "\u001b[0m";

    /// <summary>Wraps <paramref name="text"/> in an SGR code when <paramref name="enabled"/>.</summary>
    public static string Paint(string text, int sgr, bool enabled) =>
        enabled ? $"\u001b[{sgr}m{text}{Reset}" : text;

    /// <summary>Whether a stream with the given terminal flag is coloured under <paramref name="mode"/>.</summary>
    public static bool Enabled(ColorMode mode, bool isTerminal) => mode switch
    {
        ColorMode.Always => true,
        ColorMode.Never => false,
        _ => isTerminal,
    };
}
