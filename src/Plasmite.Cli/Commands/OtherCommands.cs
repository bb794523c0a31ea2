// `tap`, `doctor`, `version`, `completion`, `mcp` and `help` (spec cli.md §5.9, §5.11–5.14).
using System.CommandLine;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Output;
using Plasmite.Cli.Values;

namespace Plasmite.Cli.Commands;

internal sealed class TapCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Local pool name or path");
    private readonly Option<bool> _create = Opts.Flag("--create", "Create a missing pool first");
    private readonly Option<string?> _createSize = Opts.Text("--create-size", "SIZE", "Size for --create, e.g. 64M; requires --create [default: 1M]");
    private readonly Option<string[]> _tags = Opts.Many("--tag", "TAG", "Tag stored on every captured line (repeatable)");
    private readonly Option<bool> _quiet = Opts.Flag("--quiet", "Do not pass the command's output through", "-q");
    private readonly Option<string?> _durability = Opts.Text("--durability", "fast|flush", "fast, or flush = fsync after each write [default: fast]");

    public TapCommand()
        : base("tap", "Capture command output into a local pool")
    {
        AddArgument(_pool, "POOL", required: true);
        Add(_create);
        Add(_createSize);
        Add(_tags);
        Add(_quiet);
        Add(_durability);
        UsageTail = "[OPTIONS] <POOL> -- <COMMAND>...";
        Notes = """
            Runs COMMAND, records each stdout/stderr line as {"kind":"line","stream":…,"line":…} plus start and
            exit lifecycle messages, and exits with the wrapped command's exit status (128 + signal if killed).
            """;
        LongNotes = "Examples:\n  plasmite tap build --create -- make test\n  plasmite tap logs -q --tag web -- ./server";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var poolArg = r.GetValue(_pool)!;
        if (PoolRefs.IsUrl(poolArg))
            throw new PlasmiteException(ErrorKind.Usage, "tap accepts local pool refs only", hint: "Tap into a local pool, e.g. `plasmite tap build -- ...`, and serve it if needed.");
        bool create = r.GetValue(_create);
        var createSizeText = r.GetValue(_createSize);
        if (createSizeText is not null && !create)
            throw new PlasmiteException(ErrorKind.Usage, "--create-size requires --create", hint: "Add --create, or drop --create-size.");
        ulong createSize = createSizeText is null ? 1UL << 20 : ValueSyntax.ParseSize(createSizeText);
        var durabilityText = r.GetValue(_durability);
        var durability = durabilityText is null ? CliDurability.Fast : ValueSyntax.ParseDurability(durabilityText);
        var command = ctx.WrappedCommand;
        if (command is null || command.Count == 0)
            throw new PlasmiteException(ErrorKind.Usage, "tap requires a wrapped command after `--`", hint: "Example: `plasmite tap build -- make test`.");
        var request = new TapRequest(PoolRefs.ResolveLocal(poolArg, ctx.PoolDir), create, createSize, r.GetValue(_tags) ?? [], r.GetValue(_quiet), durability, command);
        return ctx.Backend.TapAsync(ctx, request, ct);
    }
}

internal sealed class DoctorCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name or path to check");
    private readonly Option<bool> _all = Opts.Flag("--all", "Check every pool in the pool directory");
    private readonly Option<bool> _json = Opts.Flag("--json", "Print reports as JSON");

    public DoctorCommand()
        : base("doctor", "Diagnose pool health")
    {
        AddArgument(_pool, "POOL", required: false);
        Add(_all);
        Add(_json);
        HelpWhenEmpty = true; // no arguments at all → help; `--all` alone is fine (checked below)
        UsageTail = "[OPTIONS] <POOL|--all>";
        Notes = "Validates header, index and ring. Exits nonzero when corruption is found (exit 7).";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var pool = r.GetValue(_pool);
        bool all = r.GetValue(_all);
        if (pool is not null && all)
            throw new PlasmiteException(ErrorKind.Usage, "--all cannot be combined with a pool name", hint: "Use --all by itself, or provide a single pool.");
        if (pool is null && !all)
            throw new PlasmiteException(ErrorKind.Usage, "doctor requires a pool name or --all", hint: "Use --all by itself, or provide a single pool.");
        var request = new DoctorRequest(pool is null ? null : PoolRefs.ResolveLocal(pool, ctx.PoolDir), all, ctx.PoolDir, r.GetValue(_json));
        return ctx.Backend.DoctorAsync(ctx, request, ct);
    }
}

internal sealed class VersionCommand : PlasmiteCommand
{
    public VersionCommand()
        : base("version", "Print version information")
    {
        LongAbout = """
            Prints human-readable version information on a terminal (`plasmite <version>`).
            When stdout is redirected or piped, prints machine-readable JSON instead:
            {"name":"plasmite","version":"<version>"}
            """;
        Notes = "Human-readable version information on a terminal; machine-readable JSON when stdout is redirected or piped.";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        if (ctx.Terminal.StdoutIsTerminal)
            ctx.Terminal.Out.Write($"plasmite {CliApp.Version}\n");
        else
            JsonEmit.Write(ctx, $"{{\"name\":\"plasmite\",\"version\":{JsonText.Quote(CliApp.Version)}}}");
        return Task.FromResult(0);
    }
}

internal sealed class CompletionCommand : PlasmiteCommand
{
    private static readonly string[] Shells = ["bash", "zsh", "fish", "elvish", "powershell"];
    private readonly Argument<string?> _shell = Opts.ChoicePositional("SHELL", "bash, zsh, fish, elvish or powershell", Shells);

    public CompletionCommand()
        : base("completion", "Print a shell completion script")
    {
        AddArgument(_shell, "SHELL", required: true);
        LongNotes = """
            Examples:
              plasmite completion bash > ~/.local/share/bash-completion/completions/plasmite
              plasmite completion zsh > "${fpath[1]}/_plasmite"
              plasmite completion fish > ~/.config/fish/completions/plasmite.fish
            """;
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var root = (PlasmiteCommand)Parents.OfType<PlasmiteCommand>().First();
        ctx.Terminal.Out.Write(CompletionScripts.Generate(r.GetValue(_shell)!, root));
        return Task.FromResult(0);
    }
}

internal sealed class McpCommand : PlasmiteCommand
{
    private readonly Option<string?> _dir = Opts.Text("--dir", "DIR", "Pool directory (overrides the global --dir)");

    public McpCommand()
        : base("mcp", "Serve pools to MCP clients over stdio (experimental)")
    {
        Add(_dir);
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct) =>
        ctx.Backend.McpAsync(ctx, r.GetValue(_dir) ?? ctx.PoolDir, ct);
}

internal sealed class HelpCommand : PlasmiteCommand
{
    public readonly Argument<string[]> Path = Opts.Positionals("COMMAND", "The command to describe");

    public HelpCommand()
        : base("help", "Print this message or the help of the given subcommand(s)")
    {
        AddArgument(Path, "COMMAND", required: false);
        Hidden = true;
    }
}
