// The whole `plasmite` command tree: root (global options, help/version flags) and every command.
using System.CommandLine;

namespace Plasmite.Cli.Commands;

/// <summary>Builds the tree once per invocation and exposes the symbols the runner needs.</summary>
internal sealed class CommandTree
{
    public CommandTree()
    {
        Root = new RootPlasmiteCommand();
        DirOption = Opts.Text("--dir", "DIR", "Pool directory for pool names [default: ~/.plasmite/pools]");
        ColorOption = Opts.Choice("--color", "WHEN", "Colour for terminal output: auto, always, never [default: auto]", ["auto", "always", "never"]);
        HelpLong = new Option<bool>("--help") { Arity = ArgumentArity.Zero, Recursive = true, Hidden = true };
        HelpShort = new Option<bool>("-h") { Arity = ArgumentArity.Zero, Recursive = true, Hidden = true };
        VersionOption = new Option<bool>("--version", "-V") { Arity = ArgumentArity.Zero, Hidden = true };
        Root.Add(DirOption);
        Root.Add(ColorOption);
        Root.Add(HelpLong);
        Root.Add(HelpShort);
        Root.Add(VersionOption);

        Follow = new FollowCommand();
        Tap = new TapCommand();
        Help = new HelpCommand();
        Root.Add(new PoolCommand());
        Root.Add(new FeedCommand());
        Root.Add(new FetchCommand());
        Root.Add(Follow);
        Root.Add(new DuplexCommand());
        Root.Add(Tap);
        Root.Add(new ServeCommand());
        Root.Add(new BridgeCommand());
        Root.Add(new McpCommand());
        Root.Add(new ConsumerCommand());
        Root.Add(new DoctorCommand());
        Root.Add(new VersionCommand());
        Root.Add(new CompletionCommand());
        Root.Add(Help);
    }

    public PlasmiteCommand Root { get; }

    public Option<string?> DirOption { get; }

    public Option<string?> ColorOption { get; }

    public Option<bool> HelpLong { get; }

    public Option<bool> HelpShort { get; }

    public Option<bool> VersionOption { get; }

    public FollowCommand Follow { get; }

    public Argument<string?> FollowPool => Follow.Pool;

    public TapCommand Tap { get; }

    public HelpCommand Help { get; }

    public Argument<string[]> HelpPath => Help.Path;
}

/// <summary>The root: about text, workflow notes and documentation links.</summary>
internal sealed class RootPlasmiteCommand : PlasmiteCommand
{
    public RootPlasmiteCommand()
        : base("plasmite", "Plasmite: a persistent, bounded stream of JSON messages in a local file (a pool).")
    {
        LongAbout = """
            Pools are fixed-size ring buffers: `feed` appends messages, `follow` streams them, `fetch` reads one by seq.
            Many processes can write and read the same pool at once; the oldest messages are dropped when it is full.
            """;
        Notes = """
            FIRST LOCAL WORKFLOW
              plasmite pool create chat
              plasmite feed chat '{"from":"alice","msg":"hi"}'
              plasmite follow chat --tail 10

            Top-level options precede the command: plasmite --dir ./pools follow chat
            Output is human-readable on a terminal. Use --json or --format jsonl for machine-readable output.
            Run `plasmite <command> --help` for details on one command.
            """;
        LongNotes = """
            USAGE
              plasmite [OPTIONS] <COMMAND> [ARGS]
              Pool refs: a name (resolved in --dir), a path containing '/', or http(s)://host:port/<pool>
              for feed, follow and duplex against `plasmite serve`.

            COMMANDS BY TASK
              Write:   feed, tap, duplex
              Read:    follow, fetch
              Manage:  pool create|info|list|delete, doctor
              Share:   serve, mcp, bridge

            Exit codes: 0 ok, 1 internal, 2 usage, 3 not found, 4 already exists, 5 busy, 6 permission,
            7 corrupt, 8 I/O, 9 retention gap, 124 follow/duplex timeout.

            Docs:     https://github.com/sandover/plasmite/blob/main/docs/cli.md
            Cookbook: https://github.com/sandover/plasmite/blob/main/docs/cookbook.md
            """;
        UsageTail = "[OPTIONS] <COMMAND>";
    }

    public override bool IsGroup => true;
}
