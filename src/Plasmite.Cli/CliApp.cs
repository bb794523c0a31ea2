// The runner: normalizes arguments, parses, handles help/version/parse errors, runs the handler, maps failures.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Commands;
using Plasmite.Cli.Output;

namespace Plasmite.Cli;

/// <summary>Runs one <c>plasmite</c> invocation in-process (Program.Main and the tests use it).</summary>
internal static class CliApp
{
    /// <summary>The tool version (the assembly's informational version without build metadata).</summary>
    public static string Version
    {
        get
        {
            var v = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            int plus = v.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? v[..plus] : v;
        }
    }

    /// <summary>Runs <paramref name="args"/> and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, ITerminal terminal, ICliBackend backend, CancellationToken ct = default)
    {
        var ctx = new CliContext(terminal, backend);
        try
        {
            return await RunCoreAsync(args, ctx, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }
        catch (IOException ex) when (IsBrokenPipe(ex))
        {
            // The reader went away (`plasmite … | head`): stop quietly, as a process killed by SIGPIPE would.
            return 128 + 13;
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ctx, ex);
        }
    }

    private static bool IsBrokenPipe(IOException ex) =>
        ex.HResult == 32 || ex.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    private static async Task<int> RunCoreAsync(string[] rawArgs, CliContext ctx, CancellationToken ct)
    {
        var args = rawArgs.Select(a => a switch { "---help" => "--help", "---version" => "--version", _ => a }).ToArray();
        ctx.Args = args;
        var tree = new CommandTree();
        var config = new ParserConfiguration { ResponseFileTokenReplacer = null };

        // `tap POOL [OPTIONS] -- COMMAND...`: everything after the first `--` is the wrapped command.
        ParseResult result;
        IReadOnlyList<string>? wrapped = null;
        int dashDash = Array.IndexOf(args, "--");
        if (dashDash >= 0)
        {
            var head = tree.Root.Parse(args[..dashDash], config);
            if (head.CommandResult.Command == tree.Tap)
            {
                result = head;
                wrapped = args[(dashDash + 1)..];
            }
            else
            {
                result = tree.Root.Parse(args, config);
            }
        }
        else
        {
            result = tree.Root.Parse(args, config);
        }
        ctx.WrappedCommand = wrapped;

        ApplyGlobals(tree, result, ctx);
        var cmd = (PlasmiteCommand)result.CommandResult.Command;

        if (result.GetValue(tree.HelpLong) || result.GetValue(tree.HelpShort))
        {
            ctx.Terminal.Out.Write(HelpWriter.Render(cmd, longHelp: result.GetValue(tree.HelpLong)));
            return 0;
        }
        if (cmd == tree.Root && result.GetValue(tree.VersionOption))
        {
            ctx.Terminal.Out.Write($"plasmite {Version}\n");
            return 0;
        }
        if (cmd == tree.Help && result.Errors.Count == 0) return ShowHelpFor(tree, result.GetValue(tree.HelpPath) ?? [], ctx);

        // No arguments at all for a command that needs some: its help on stderr, exit 2.
        if (NeedsHelpInsteadOfError(cmd, result))
        {
            ctx.Terminal.Error.Write(HelpWriter.Render(cmd, longHelp: false));
            return 2;
        }
        if (result.Errors.Count > 0 || FirstUnknownOptionLike(result) is not null || FirstRepeatedFlag(result) is not null)
            throw TranslateParseError(tree, cmd, result);
        CheckAncestorValues(cmd, result);
        var missing = cmd.RequiredArguments.Where(a => result.GetResult(a) is not ArgumentResult r || r.Tokens.Count == 0).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(" ", missing.Select(a => $"<{cmd.ArgumentNames[a]}>"));
            var hint = cmd == tree.Follow && missing.Contains(tree.FollowPool)
                ? "Provide a pool ref, for example: `plasmite follow chat -n 1`."
                : $"Try `{cmd.FullName} --help`.";
            throw new PlasmiteException(ErrorKind.Usage, $"the following required arguments were not provided: {names}", hint: hint);
        }
        return await cmd.RunAsync(result, ctx, ct).ConfigureAwait(false);
    }

    private static void ApplyGlobals(CommandTree tree, ParseResult result, CliContext ctx)
    {
        // A bad --color value is reported as a parse error later; until then colour stays automatic.
        if (result.GetResult(tree.ColorOption) is { Tokens.Count: > 0 } colorResult)
        {
            ctx.Color = colorResult.Tokens[^1].Value switch { "always" => ColorMode.Always, "never" => ColorMode.Never, _ => ColorMode.Auto };
        }
        if (result.GetResult(tree.DirOption) is { Tokens.Count: > 0 } dirResult && dirResult.Tokens[^1].Value.Length > 0)
            ctx.PoolDir = dirResult.Tokens[^1].Value;
    }

    private static bool NeedsHelpInsteadOfError(PlasmiteCommand cmd, ParseResult result)
    {
        // `plasmite`, `plasmite pool`: a subcommand is required (the parser's only complaint is the missing command).
        if (cmd.IsGroup) return result.UnmatchedTokens.Count == 0 && result.Errors.All(e => e.SymbolResult is CommandResult);
        var own = result.CommandResult;
        bool noTokensAfterCommand = own.Tokens.Count == 0 && !own.Children.Any(c => c is OptionResult { Implicit: false });
        return (cmd.RequiredArguments.Count > 0 || cmd.HelpWhenEmpty) && noTokensAfterCommand && result.UnmatchedTokens.Count == 0;
    }

    private static int ShowHelpFor(CommandTree tree, string[] path, CliContext ctx)
    {
        Command current = tree.Root;
        foreach (var name in path)
        {
            var next = current.Subcommands.FirstOrDefault(c => c.Name == name);
            if (next is null)
                throw new PlasmiteException(ErrorKind.Usage, $"unrecognized subcommand '{name}'", hint: "Try `plasmite --help`.");
            current = next;
        }
        ctx.Terminal.Out.Write(HelpWriter.Render((PlasmiteCommand)current, longHelp: true));
        return 0;
    }

    /// <summary>
    /// The parser converts the options of ancestor commands (e.g. <c>--color</c>, serve options before <c>check</c>)
    /// only on access; convert them now so a bad value is a Usage error before the handler runs.
    /// </summary>
    private static void CheckAncestorValues(PlasmiteCommand cmd, ParseResult result)
    {
        for (SymbolResult? s = result.CommandResult.Parent; s is not null; s = s.Parent)
        {
            if (s is not CommandResult c) continue;
            foreach (var option in c.Children.OfType<OptionResult>())
            {
                try
                {
                    _ = option.GetValueOrDefault<object?>();
                }
                catch (InvalidOperationException ex)
                {
                    int mark = ex.Message.IndexOf(Opts.Marker, StringComparison.Ordinal);
                    var message = mark >= 0 ? ex.Message[(mark + 1)..] : ex.Message.Trim().TrimEnd('.');
                    throw new PlasmiteException(ErrorKind.Usage, message, hint: $"Try `{cmd.FullName} --help`.");
                }
            }
        }
    }

    /// <summary>A boolean flag given twice (<c>--one --one</c>): the original's parser rejects it, System.CommandLine does not.</summary>
    private static string? FirstRepeatedFlag(ParseResult result)
    {
        for (SymbolResult? s = result.CommandResult; s is not null; s = s.Parent)
        {
            if (s is not CommandResult c) continue;
            foreach (var o in c.Children.OfType<OptionResult>())
                if (o.Option.Arity.MaximumNumberOfValues == 0 && o.IdentifierTokenCount > 1 && !o.Option.Hidden) return o.Option.Name;
        }
        return null;
    }

    /// <summary>
    /// A token that looks like an option (<c>-x</c>, <c>--bogus</c>) but was taken as a positional value: the
    /// original's parser rejects it, System.CommandLine would bind it to the next argument. Tokens after <c>--</c> are exempt.
    /// </summary>
    private static string? FirstUnknownOptionLike(ParseResult result)
    {
        var positional = new HashSet<Token>();
        for (SymbolResult? s = result.CommandResult; s is not null; s = s.Parent)
        {
            if (s is CommandResult c)
                foreach (var a in c.Children.OfType<ArgumentResult>())
                    foreach (var t in a.Tokens) positional.Add(t);
        }
        foreach (var token in result.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) return null;
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && positional.Contains(token))
                return token.Value;
        }
        return null;
    }

    /// <summary>Turns the parser's first error into the original's wording: a <c>Usage</c> error with a "Try … --help" hint.</summary>
    private static PlasmiteException TranslateParseError(CommandTree tree, PlasmiteCommand cmd, ParseResult result)
    {
        var hint = $"Try `{cmd.FullName} --help`.";
        // Our own parsers' messages win: they name the offending value precisely.
        foreach (var error in result.Errors)
        {
            if (error.Message.Length > 0 && error.Message[0] == Opts.Marker)
                return new PlasmiteException(ErrorKind.Usage, error.Message[1..], hint: hint);
        }
        if (FirstUnknownOptionLike(result) is { } stray)
            return new PlasmiteException(ErrorKind.Usage, $"unexpected argument '{stray}' found", hint: hint);
        if (FirstRepeatedFlag(result) is { } repeated)
            return new PlasmiteException(ErrorKind.Usage, $"the argument '{repeated}' cannot be used multiple times", hint: hint);
        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            if ((cmd.IsGroup || cmd == tree.Root) && !token.StartsWith('-'))
                return new PlasmiteException(ErrorKind.Usage, $"unrecognized subcommand '{token}'", hint: hint);
            return new PlasmiteException(ErrorKind.Usage, $"unexpected argument '{token}' found", hint: hint);
        }
        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is OptionResult opt)
            {
                var display = opt.Option.Arity.MaximumNumberOfValues > 0 ? $"{opt.Option.Name} <{opt.Option.HelpName ?? "VALUE"}>" : opt.Option.Name;
                if (opt.Tokens.Count == 0 && opt.Option.Arity.MinimumNumberOfValues > 0)
                    return new PlasmiteException(ErrorKind.Usage, $"a value is required for '{display}' but none was supplied", hint: hint);
                if (opt.Tokens.Count > opt.Option.Arity.MaximumNumberOfValues)
                    return new PlasmiteException(ErrorKind.Usage, $"the argument '{display}' cannot be used multiple times", hint: hint);
            }
        }
        var message = result.Errors[0].Message.Trim().TrimEnd('.');
        return new PlasmiteException(ErrorKind.Usage, message.Replace("\n", " ", StringComparison.Ordinal), hint: hint);
    }
}
