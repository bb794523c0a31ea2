// Rebuilds an invocation for "Retry with exact command" hints.
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Commands;

/// <summary>Formats command lines the way the original's hints print them.</summary>
internal static class ExactCommand
{
    /// <summary>Tokens of <c>[A-Za-z0-9-_./:=]</c> are bare; others become JSON string literals.</summary>
    public static string Format(IEnumerable<string> tokens) =>
        string.Join(' ', tokens.Select(t => t.Length > 0 && t.All(IsBare) ? t : JsonText.Quote(t)));

    private static bool IsBare(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=';
}
