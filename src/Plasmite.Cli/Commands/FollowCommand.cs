// `follow POOL` (spec cli.md §5.7) and `fetch POOL SEQ` (§5.6): flag rules, filters; reading via the backend.
using System.CommandLine;
using System.Globalization;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Jq;
using Plasmite.Cli.Values;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Commands;

internal sealed class FollowCommand : PlasmiteCommand
{
    public readonly Argument<string?> Pool = Opts.Positional("POOL", "Pool name, path, or http(s)://host:port/<pool>");
    private readonly Option<bool> _create = Opts.Flag("--create", "Create a missing local pool (1M) first");
    private readonly Option<ulong?> _tail = Opts.Unsigned("--tail", "N", "First print the last N matching messages, then keep following [default: 0]", "-n");
    private readonly Option<string?> _since = Opts.Text("--since", "TIME", "Start at messages newer than TIME: 10m, 2h, 1d, or RFC 3339; conflicts with --tail");
    private readonly Option<bool> _one = Opts.Flag("--one", "Exit after printing one message");
    private readonly Option<string?> _timeout = Opts.Text("--timeout", "DUR", "Exit 124 when no message is printed for DUR (e.g. 500ms, 5s, 1m)");
    private readonly Option<bool> _jsonl = Opts.Flag("--jsonl", "Alias for --format jsonl");
    private readonly Option<string?> _format = Opts.Choice("--format", "FORMAT", "pretty (indented JSON per message) or jsonl (one compact line each) [default: pretty]",
        ["pretty", "jsonl"]);
    private readonly Option<bool> _dataOnly = Opts.Flag("--data-only", "Print only each message's data");
    private readonly Option<string[]> _where = Opts.Many("--where", "EXPR", "jq predicate over the envelope {data,meta,seq,time}, e.g. '.data.ok == true'\n(repeatable; all must hold)");
    private readonly Option<string[]> _tags = Opts.Many("--tag", "TAG", "Only messages carrying TAG (repeatable; all must match)");
    private readonly Option<bool> _quietDrops = Opts.Flag("--quiet-drops", "Do not report messages lost to ring wrap (local only)");
    private readonly Option<bool> _noNotify = Opts.Flag("--no-notify", "Poll instead of using the cross-process wake-up signal (local only)");
    private readonly Option<string?> _replay = Opts.Text("--replay", "SPEED", "Replay history with its original timing at SPEED x (finite SPEED >= 0; 0 = no delay);\nrequires --tail or --since; local only");
    private readonly RemoteAuthOptions _auth = new();

    public FollowCommand()
        : base("follow", "Stream messages from a pool")
    {
        AddArgument(Pool, "POOL", required: true);
        Add(_create);
        Add(_tail);
        Add(_since);
        Add(_one);
        Add(_timeout);
        Add(_jsonl);
        Add(_format);
        Add(_dataOnly);
        Add(_where);
        Add(_tags);
        Add(_quietDrops);
        Add(_noNotify);
        Add(_replay);
        _auth.AddTo(this);
        Notes = """
            Without --tail or --since only new messages are shown. Exit 124 on --timeout.
            Remote refs (http(s)://host:port/<pool>) follow over HTTP. They reject --create, --since,
            --replay, --no-notify and --quiet-drops.
            """;
        LongNotes = """
            Examples:
              plasmite follow chat --tail 10
              plasmite follow chat --where '.data.level == "error"' --jsonl
              plasmite follow chat --since 10m --replay 1
              plasmite follow chat --tail 1 --one --jsonl --data-only
            """;
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var poolArg = r.GetValue(Pool)!;
        var pool = PoolRefs.Resolve(poolArg, ctx.PoolDir);
        var tailOpt = r.GetResult(_tail);
        bool hasTail = tailOpt is { Implicit: false };
        var sinceText = r.GetValue(_since);
        if (hasTail && sinceText is not null) throw UsageError("the argument '--since <TIME>' cannot be used with '--tail <N>'");
        var format = ParseFormat(this, r.GetValue(_jsonl), r.GetValue(_format));
        var replayText = r.GetValue(_replay);
        bool create = r.GetValue(_create);
        if (pool is RemotePoolRef)
        {
            if (create) throw new PlasmiteException(ErrorKind.Usage, "remote follow does not support --create", hint: "Create remote pools with server-side tooling.");
            if (replayText is not null) throw RemoteUnsupported("--replay");
            if (sinceText is not null) throw RemoteUnsupported("--since");
            if (r.GetValue(_noNotify)) throw RemoteUnsupported("--no-notify");
            if (r.GetValue(_quietDrops)) throw RemoteUnsupported("--quiet-drops");
        }
        var auth = _auth.Resolve(r, pool, "follow", ctx);

        double? replay = null;
        if (replayText is not null)
        {
            if (!double.TryParse(replayText, NumberStyles.Float, CultureInfo.InvariantCulture, out double speed) || !double.IsFinite(speed))
                throw new PlasmiteException(ErrorKind.Usage, "--replay speed must be a finite number", hint: "Use a speed like 1 (real time), 2 (twice as fast) or 0 (no delay).");
            if (speed < 0)
                throw new PlasmiteException(ErrorKind.Usage, "--replay speed must be non-negative", hint: "Use a speed like 1 (real time), 2 (twice as fast) or 0 (no delay).");
            if (!hasTail && sinceText is null)
                throw new PlasmiteException(ErrorKind.Usage, "--replay requires --tail or --since", hint: "Add --tail N or --since TIME to choose the history to replay.");
            replay = speed;
        }
        var timeoutText = r.GetValue(_timeout);
        TimeSpan? timeout = timeoutText is null ? null : ValueSyntax.ParseDuration(timeoutText);
        ulong? since = sinceText is null ? null : ValueSyntax.ParseSince(sinceText, Rfc3339.NowNs());
        var where = new WhereFilter(r.GetValue(_where) ?? []);

        var tokens = new List<string> { "plasmite", "follow", poolArg, "--create" };
        tokens.AddRange(ctx.Args.SkipWhile(a => a != "follow").Skip(1).Where(a => a != poolArg && a != "--create"));
        var missingHint = pool is LocalPoolRef { IsPathLike: true }
            ? "Pool path not found. Check the path or pass --dir for a different pool directory."
            : "Pool is missing. Retry with exact command: " + ExactCommand.Format(tokens);

        var options = new FollowOptions(hasTail ? r.GetValue(_tail) : null, since, r.GetValue(_one), timeout, timeoutText, format,
            r.GetValue(_dataOnly), r.GetValue(_tags) ?? [], where.IsEmpty ? null : where.Matches, r.GetValue(_quietDrops),
            r.GetValue(_noNotify), replay);
        var request = new FollowRequest(pool, create, options, auth, missingHint);
        return ctx.Backend.FollowAsync(ctx, request, ct);
    }

    private static PlasmiteException RemoteUnsupported(string flag) =>
        new(ErrorKind.Usage, $"remote follow does not support {flag}", hint: $"Drop {flag}, or follow a local pool.");

    /// <summary><c>--jsonl</c> and <c>--format</c> together are a conflict; otherwise pretty unless jsonl was asked for.</summary>
    public static FollowFormat ParseFormat(PlasmiteCommand cmd, bool jsonl, string? format)
    {
        if (jsonl && format is not null) throw cmd.UsageError("conflicting output options", "Use either --jsonl or --format, not both.");
        return jsonl || format == "jsonl" ? FollowFormat.Jsonl : FollowFormat.Pretty;
    }
}

internal sealed class FetchCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name, path, or http(s)://host:port/<pool>");
    private readonly Argument<ulong?> _seq = Opts.UnsignedPositional("SEQ", "Sequence number of the message");
    private readonly RemoteAuthOptions _auth = new();

    public FetchCommand()
        : base("fetch", "Print one message by sequence number")
    {
        AddArgument(_pool, "POOL", required: true);
        AddArgument(_seq, "SEQ", required: true);
        _auth.AddTo(this);
        Notes = """
            Prints the message envelope {data,meta,seq,time}: compact JSON when piped, pretty on a terminal.
            Remote refs (http(s)://host:port/<pool>) read through the server; --token, --token-file, --tls-ca and
            --tls-skip-verify apply to remote refs only.
            """;
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var pool = PoolRefs.Resolve(r.GetValue(_pool)!, ctx.PoolDir);
        var auth = _auth.Resolve(r, pool, "fetch", ctx);
        return ctx.Backend.FetchAsync(ctx, new FetchRequest(pool, r.GetValue(_seq)!.Value, auth), ct);
    }
}

internal sealed class DuplexCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name, path, or http(s)://host:port/<pool>");
    private readonly Option<string?> _me = Opts.Text("--me", "NAME", "Sender identity: lines become {\"from\": NAME, \"msg\": LINE}; own messages are hidden");
    private readonly Option<bool> _create = Opts.Flag("--create", "Create a missing local pool (1M) first");
    private readonly Option<ulong?> _tail = Opts.Unsigned("--tail", "N", "First print the last N messages [default: 0]", "-n");
    private readonly Option<bool> _jsonl = Opts.Flag("--jsonl", "Alias for --format jsonl");
    private readonly Option<string?> _format = Opts.Choice("--format", "FORMAT", "pretty or jsonl [default: pretty]", ["pretty", "jsonl"]);
    private readonly Option<string?> _timeout = Opts.Text("--timeout", "DUR", "Exit 124 when nothing is received for DUR");
    private readonly Option<string?> _since = Opts.Text("--since", "TIME", "Start at messages newer than TIME; conflicts with --tail");
    private readonly Option<bool> _echoSelf = Opts.Flag("--echo-self", "Also show your own messages");

    public DuplexCommand()
        : base("duplex", "Follow a pool while appending from stdin")
    {
        AddArgument(_pool, "POOL", required: true);
        Add(_me);
        Add(_create);
        Add(_tail);
        Add(_jsonl);
        Add(_format);
        Add(_timeout);
        Add(_since);
        Add(_echoSelf);
        Notes = """
            Terminal input requires --me; piped stdin is ingested like `feed`.
            Exits 124 on --timeout, 0 when stdin ends. Note: remote refs expose no auth/TLS flags
            here, so remote duplex works only with servers that need no token or custom TLS.
            """;
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var pool = PoolRefs.Resolve(r.GetValue(_pool)!, ctx.PoolDir);
        bool hasTail = r.GetResult(_tail) is { Implicit: false };
        var sinceText = r.GetValue(_since);
        if (hasTail && sinceText is not null) throw UsageError("the argument '--since <TIME>' cannot be used with '--tail <N>'");
        var format = FollowCommand.ParseFormat(this, r.GetValue(_jsonl), r.GetValue(_format));
        bool create = r.GetValue(_create);
        if (pool is RemotePoolRef)
        {
            if (create) throw new PlasmiteException(ErrorKind.Usage, "remote duplex does not support --create", hint: "Create remote pools with server-side tooling.");
            if (sinceText is not null) throw new PlasmiteException(ErrorKind.Usage, "remote duplex does not support --since", hint: "Use --tail N with remote refs.");
        }
        var me = r.GetValue(_me);
        if (me is null && ctx.Terminal.StdinIsTerminal)
            throw new PlasmiteException(ErrorKind.Usage, "TTY input requires --me for duplex", hint: "Add --me NAME, or pipe JSON into duplex.");
        var timeoutText = r.GetValue(_timeout);
        TimeSpan? timeout = timeoutText is null ? null : ValueSyntax.ParseDuration(timeoutText);
        ulong? since = sinceText is null ? null : ValueSyntax.ParseSince(sinceText, Rfc3339.NowNs());
        var request = new DuplexRequest(pool, me, create, hasTail ? r.GetValue(_tail) : null, since, format, timeout, timeoutText, r.GetValue(_echoSelf));
        return ctx.Backend.DuplexAsync(ctx, request, ct);
    }
}
