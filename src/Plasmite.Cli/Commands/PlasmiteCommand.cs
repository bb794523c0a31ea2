// Base of every command: help metadata (clap-style help) and the handler the runner invokes.
using System.CommandLine;

namespace Plasmite.Cli.Commands;

/// <summary>A command of the plasmite tree with help text and an async handler.</summary>
internal class PlasmiteCommand : Command
{
    public PlasmiteCommand(string name, string about)
        : base(name, about)
    {
        About = about;
    }

    /// <summary>One-line description (command inventories, first line of help).</summary>
    public string About { get; }

    /// <summary>Extra paragraphs shown only in long help (<c>--help</c>).</summary>
    public string? LongAbout { get; set; }

    /// <summary>Notes shown after the options in both short and long help.</summary>
    public string? Notes { get; set; }

    /// <summary>Examples and details shown after the notes in long help only.</summary>
    public string? LongNotes { get; set; }

    /// <summary>Replaces the generated <c>[OPTIONS] &lt;ARGS&gt;</c> part of the usage line.</summary>
    public string? UsageTail { get; set; }

    /// <summary>Positional arguments that must be given (arities are kept optional so the runner decides).</summary>
    public HashSet<Argument> RequiredArguments { get; } = [];

    /// <summary>Show help on stderr (exit 2) when the command is given no arguments at all.</summary>
    public bool HelpWhenEmpty { get; set; }

    /// <summary>Display names of arguments, e.g. <c>&lt;POOL&gt;</c>.</summary>
    public Dictionary<Argument, string> ArgumentNames { get; } = [];

    /// <summary>The space-separated path below the root, e.g. <c>pool create</c>.</summary>
    public string PathFromRoot
    {
        get
        {
            var names = new List<string>();
            for (Symbol? s = this; s is PlasmiteCommand c && c.Parents.Any(); s = c.Parents.FirstOrDefault())
                names.Insert(0, s.Name);
            return string.Join(' ', names);
        }
    }

    /// <summary><c>plasmite</c> plus the path.</summary>
    public string FullName => PathFromRoot.Length == 0 ? "plasmite" : "plasmite " + PathFromRoot;

    /// <summary>Adds a positional argument (kept optional for the parser) and records its help name.</summary>
    public Argument<T> AddArgument<T>(Argument<T> argument, string displayName, bool required)
    {
        Add(argument);
        ArgumentNames[argument] = displayName;
        if (required) RequiredArguments.Add(argument);
        return argument;
    }

    /// <summary>
    /// Runs the command. The default (for command groups such as <c>pool</c>) is handled by the runner
    /// (help on stderr, exit 2), so only leaf commands override this.
    /// </summary>
    public virtual Task<int> RunAsync(ParseResult result, CliContext ctx, CancellationToken ct) =>
        throw new InvalidOperationException($"{FullName} has no handler");

    /// <summary>True when the command only groups subcommands.</summary>
    public virtual bool IsGroup => false;

    /// <summary>A <c>Usage</c> error carrying this command's "Try … --help" hint.</summary>
    public PlasmiteException UsageError(string message, string? hint = null) =>
        new(ErrorKind.Usage, message, hint: hint ?? $"Try `{FullName} --help`.");
}
