// Renders help in the original's (clap) layout: about, Usage line, Commands, Arguments, Options, notes.
using System.CommandLine;
using System.Text;

namespace Plasmite.Cli.Commands;

/// <summary>Help text for a command; <c>-h</c> gives the short form, <c>--help</c> the long form.</summary>
internal static class HelpWriter
{
    /// <summary>The usage line without the <c>Usage: </c> prefix.</summary>
    public static string UsageLine(PlasmiteCommand cmd)
    {
        var sb = new StringBuilder(cmd.FullName);
        if (cmd.UsageTail is not null) return sb.Append(' ').Append(cmd.UsageTail).ToString();
        if (cmd.IsGroup)
        {
            if (cmd.Options.Any(o => !o.Hidden)) sb.Append(" [OPTIONS]");
            return sb.Append(" <COMMAND>").ToString();
        }
        if (cmd.Options.Any(o => !o.Hidden)) sb.Append(" [OPTIONS]");
        foreach (var arg in cmd.Arguments)
        {
            if (arg.Hidden) continue;
            sb.Append(' ').Append(ArgDisplay(cmd, arg));
        }
        return sb.ToString();
    }

    private static string ArgDisplay(PlasmiteCommand cmd, Argument arg)
    {
        var name = cmd.ArgumentNames.TryGetValue(arg, out var n) ? n : arg.Name.ToUpperInvariant();
        bool required = cmd.RequiredArguments.Contains(arg);
        bool many = arg.Arity.MaximumNumberOfValues > 1;
        var core = required ? $"<{name}>" : $"[{name}]";
        return many ? core + "..." : core;
    }

    /// <summary>The whole help text.</summary>
    public static string Render(PlasmiteCommand cmd, bool longHelp)
    {
        var sb = new StringBuilder();
        sb.Append(cmd.About).Append("\n\n");
        if (longHelp && cmd.LongAbout is not null) sb.Append(cmd.LongAbout.TrimEnd()).Append("\n\n");
        sb.Append("Usage: ").Append(UsageLine(cmd)).Append('\n');

        var subcommands = cmd.Subcommands.OfType<PlasmiteCommand>().Where(c => !c.Hidden).ToList();
        if (subcommands.Count > 0)
        {
            sb.Append("\nCommands:\n");
            var rows = subcommands.Select(c => (c.Name, c.About)).ToList();
            if (cmd.IsGroup) rows.Add(("help", "Print this message or the help of the given subcommand(s)"));
            AppendRows(sb, rows);
        }

        var args = cmd.Arguments.Where(a => !a.Hidden).ToList();
        if (args.Count > 0)
        {
            sb.Append("\nArguments:\n");
            AppendRows(sb, args.Select(a => (ArgDisplay(cmd, a), a.Description ?? "")).ToList());
        }

        sb.Append("\nOptions:\n");
        var optionRows = new List<(string, string)>();
        foreach (var o in cmd.Options)
        {
            if (o.Hidden) continue;
            optionRows.Add((OptionDisplay(o), o.Description ?? ""));
        }
        optionRows.Add(("-h, --help", longHelp ? "Print help (see a summary with '-h')" : "Print help (see more with '--help')"));
        if (!cmd.Parents.Any()) optionRows.Add(("-V, --version", "Print version"));
        AppendRows(sb, optionRows);

        if (cmd.Notes is not null) sb.Append('\n').Append(cmd.Notes.TrimEnd()).Append('\n');
        if (longHelp && cmd.LongNotes is not null) sb.Append('\n').Append(cmd.LongNotes.TrimEnd()).Append('\n');
        return sb.ToString();
    }

    private static string OptionDisplay(Option o)
    {
        var shortAlias = o.Aliases.FirstOrDefault(a => a.Length == 2 && a[0] == '-' && a[1] != '-');
        var text = shortAlias is null ? "    " + o.Name : shortAlias + ", " + o.Name;
        if (o.Arity.MaximumNumberOfValues > 0) text += $" <{o.HelpName ?? "VALUE"}>";
        return text;
    }

    private static void AppendRows(StringBuilder sb, List<(string Left, string Right)> rows)
    {
        int width = rows.Max(r => r.Left.Length);
        foreach (var (left, right) in rows)
        {
            if (right.Length == 0)
            {
                sb.Append("  ").Append(left).Append('\n');
                continue;
            }
            var lines = right.Split('\n');
            sb.Append("  ").Append(left.PadRight(width)).Append("  ").Append(lines[0]).Append('\n');
            for (int i = 1; i < lines.Length; i++) sb.Append(' ', width + 4).Append(lines[i]).Append('\n');
        }
    }
}
