// Option/argument factories that keep parse errors in clap's wording (the original's parser).
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Plasmite.Cli.Commands;

/// <summary>Builders for options and arguments with clap-style error messages.</summary>
internal static class Opts
{
    /// <summary>Prefix marking errors produced by our own parsers (so the runner passes them through verbatim).</summary>
    public const char Marker = '\u0001';

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Symbol, string[]> ChoiceTable = new();

    /// <summary>The allowed values of a choice option/argument, or null.</summary>
    public static string[]? ChoicesOf(Symbol symbol) => ChoiceTable.TryGetValue(symbol, out var v) ? v : null;

    /// <summary>Marks a parse error message as ours.</summary>
    public static string Mark(string message) => Marker + message;

    /// <summary>A string-valued option with a value name, e.g. <c>--size &lt;SIZE&gt;</c>.</summary>
    public static Option<string?> Text(string name, string valueName, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = valueName };

    /// <summary>A repeatable string option (one value per occurrence).</summary>
    public static Option<string[]> Many(string name, string valueName, string description, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            HelpName = valueName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
            CustomParser = r => r.Tokens.Select(t => t.Value).ToArray(),
        };

    /// <summary>A boolean flag (takes no value).</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An unsigned integer option; bad values give clap's <c>invalid value 'x' for '--n &lt;N&gt;'</c>.</summary>
    public static Option<ulong?> Unsigned(string name, string valueName, string description, params string[] aliases)
    {
        var option = new Option<ulong?>(name, aliases) { Description = description, HelpName = valueName };
        option.CustomParser = r => ParseUnsigned(r, $"{name} <{valueName}>");
        return option;
    }

    /// <summary>An option restricted to <paramref name="values"/>.</summary>
    public static Option<string?> Choice(string name, string valueName, string description, string[] values, params string[] aliases)
    {
        var option = new Option<string?>(name, aliases) { Description = description, HelpName = valueName };
        option.CustomParser = r => ParseChoice(r, $"{name} <{valueName}>", values);
        option.CompletionSources.Add(values);
        ChoiceTable.AddOrUpdate(option, values);
        return option;
    }

    /// <summary>A positional string argument (optional to the parser; requiredness is checked by the runner).</summary>
    public static Argument<string?> Positional(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };

    /// <summary>A positional argument taking any number of values.</summary>
    public static Argument<string[]> Positionals(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrMore, DefaultValueFactory = _ => [] };

    /// <summary>A positional unsigned integer.</summary>
    public static Argument<ulong?> UnsignedPositional(string name, string description)
    {
        var arg = new Argument<ulong?>(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };
        arg.CustomParser = r => ParseUnsigned(r, $"<{name.ToUpperInvariant()}>");
        return arg;
    }

    /// <summary>A positional restricted to <paramref name="values"/>.</summary>
    public static Argument<string?> ChoicePositional(string name, string description, string[] values)
    {
        var arg = new Argument<string?>(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };
        arg.CustomParser = r => ParseChoice(r, $"<{name.ToUpperInvariant()}>", values);
        arg.CompletionSources.Add(values);
        ChoiceTable.AddOrUpdate(arg, values);
        return arg;
    }

    private static ulong? ParseUnsigned(ArgumentResult r, string display)
    {
        if (r.Tokens.Count == 0) return null;
        var text = r.Tokens[^1].Value;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)) return value;
        var reason = text.Length == 0 ? "cannot parse integer from empty string"
            : text.All(char.IsAsciiDigit) ? "number too large to fit in target type"
            : "invalid digit found in string";
        r.AddError(Mark($"invalid value '{text}' for '{display}': {reason}"));
        return null;
    }

    private static string? ParseChoice(ArgumentResult r, string display, string[] values)
    {
        if (r.Tokens.Count == 0) return null;
        var text = r.Tokens[^1].Value;
        if (values.Contains(text, StringComparer.Ordinal)) return text;
        r.AddError(Mark($"invalid value '{text}' for '{display}'"));
        return null;
    }
}
