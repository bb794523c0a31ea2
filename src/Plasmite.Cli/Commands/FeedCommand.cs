// `feed POOL [DATA]` (spec cli.md §5.5): every flag rule that needs no pool; appends via the backend.
using System.CommandLine;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Ingest;
using Plasmite.Cli.Values;

namespace Plasmite.Cli.Commands;

internal sealed class FeedCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name, path, or http(s)://host:port/<pool>");
    private readonly Argument<string?> _data = Opts.Positional("DATA", "One inline JSON object to append");
    private readonly Option<string[]> _tags = Opts.Many("--tag", "TAG", "Tag stored on every appended message (repeatable, kept in order)");
    private readonly Option<string?> _file = Opts.Text("--file", "PATH", "Read records from a file ('-' = stdin); conflicts with DATA", "-f");
    private readonly Option<string?> _durability = Opts.Text("--durability", "fast|flush", "fast, or flush = fsync after each write [default: fast]");
    private readonly Option<bool> _create = Opts.Flag("--create", "Create a missing local pool (and the pool directory) first");
    private readonly Option<string?> _createSize = Opts.Text("--create-size", "SIZE", "Size for --create, e.g. 64M; requires --create [default: 1M]");
    private readonly Option<ulong?> _retry = Opts.Unsigned("--retry", "N", "Retries for transient failures (busy pool, interrupted I/O) [default: 0]");
    private readonly Option<string?> _retryDelay = Opts.Text("--retry-delay", "DUR", "Delay between retries, e.g. 50ms; requires --retry > 0 [default: 50ms]");
    private readonly Option<string?> _in = Opts.Choice("--in", "MODE", "Input format for file/stdin: auto, jsonl, json, seq, jq [default: auto]",
        ["auto", "jsonl", "json", "seq", "jq"], "-i");
    private readonly Option<string?> _errors = Opts.Choice("--errors", "MODE", "Bad records: stop (exit 2) or skip with a notice (exits 1 if any were skipped) [default: stop]",
        ["stop", "skip"], "-e");
    private readonly RemoteAuthOptions _auth = new();

    public FeedCommand()
        : base("feed", "Append JSON messages to a pool")
    {
        AddArgument(_pool, "POOL", required: true);
        AddArgument(_data, "DATA", required: false);
        Add(_tags);
        Add(_file);
        Add(_durability);
        Add(_create);
        Add(_createSize);
        Add(_retry);
        Add(_retryDelay);
        Add(_in);
        Add(_errors);
        _auth.AddTo(this);
        Notes = """
            Choose one input source: inline DATA, --file PATH, or JSON piped to stdin.
            Streams accept JSON Lines, pretty-printed JSON, RFC 7464 sequences and event-stream `data:` lines (--in auto).
            Receipts go to stdout: JSON when piped, `fed seq=N at TIME` on a terminal.
            """;
        LongNotes = """
            Examples:
              plasmite feed chat '{"from":"alice","msg":"hi"}' --tag greeting
              printf '{"x":1}\n{"x":2}\n' | plasmite feed chat
              plasmite feed chat --file events.jsonl --errors skip
              plasmite feed http://127.0.0.1:9700/chat --token-file tok.txt '{"x":1}'
            """;
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var poolArg = r.GetValue(_pool)!;
        var pool = PoolRefs.Resolve(poolArg, ctx.PoolDir);
        bool create = r.GetValue(_create);
        if (pool is RemotePoolRef && create)
            throw new PlasmiteException(ErrorKind.Usage, "remote feed does not support --create", hint: "Create remote pools with server-side tooling, not feed.");
        var data = r.GetValue(_data);
        var file = r.GetValue(_file);
        if (data is not null && file is not null)
            throw UsageError("the argument '--file <PATH>' cannot be used with '[DATA]'");
        var auth = _auth.Resolve(r, pool, "feed", ctx);

        var createSizeText = r.GetValue(_createSize);
        if (createSizeText is not null && !create)
            throw new PlasmiteException(ErrorKind.Usage, "--create-size requires --create", hint: "Add --create, or drop --create-size.");
        ulong createSize = createSizeText is null ? 1UL << 20 : ValueSyntax.ParseSize(createSizeText);

        uint retry = (uint)Math.Min(r.GetValue(_retry) ?? 0, uint.MaxValue);
        var retryDelayText = r.GetValue(_retryDelay);
        if (retryDelayText is not null && retry == 0)
            throw new PlasmiteException(ErrorKind.Usage, "--retry-delay requires --retry", hint: "Add --retry N (N > 0), or drop --retry-delay.");
        var retryDelay = retryDelayText is null ? TimeSpan.FromMilliseconds(50) : ValueSyntax.ParseDuration(retryDelayText);

        var durabilityText = r.GetValue(_durability);
        var durability = durabilityText is null ? CliDurability.Fast : ValueSyntax.ParseDurability(durabilityText);
        var mode = r.GetValue(_in) switch
        {
            "jsonl" => IngestMode.Jsonl,
            "json" => IngestMode.Json,
            "seq" => IngestMode.Seq,
            "jq" => IngestMode.Jq,
            _ => IngestMode.Auto,
        };
        var errors = r.GetValue(_errors) == "skip" ? ErrorPolicy.Skip : ErrorPolicy.Stop;
        if (mode == IngestMode.Jq && errors == ErrorPolicy.Skip)
            throw new PlasmiteException(ErrorKind.Usage, "skip is not supported for jq-style streams", hint: "Use --errors stop with --in jq, or another --in mode.");

        FeedSource source;
        if (data is not null)
        {
            FeedIngest.ValidateInlineData(data);
            source = FeedSource.Inline;
        }
        else if (file is not null)
        {
            source = file == "-" ? FeedSource.Stdin : FeedSource.File;
        }
        else if (!ctx.Terminal.StdinIsTerminal)
        {
            source = FeedSource.Stdin;
        }
        else
        {
            throw FeedIngest.MissingDataInput();
        }

        var tags = r.GetValue(_tags) ?? [];
        string missingHint;
        if (pool is LocalPoolRef { IsPathLike: true })
        {
            missingHint = "Pool path not found. Check the path or pass --dir for a different pool directory.";
        }
        else if (source == FeedSource.Stdin && file is null)
        {
            missingHint = $"Pool is missing. Re-run with --create (local refs only), e.g. plasmite feed {poolArg} --create.";
        }
        else
        {
            var tokens = new List<string> { "plasmite", "feed", poolArg, "--create" };
            foreach (var t in tags) tokens.AddRange(["--tag", t]);
            if (durability != CliDurability.Fast) tokens.AddRange(["--durability", durabilityText!]);
            if (retry > 0) tokens.AddRange(["--retry", retry.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (retryDelayText is not null) tokens.AddRange(["--retry-delay", retryDelayText]);
            if (mode != IngestMode.Auto) tokens.AddRange(["--in", r.GetValue(_in)!]);
            if (errors != ErrorPolicy.Stop) tokens.AddRange(["--errors", "skip"]);
            if (file is not null) tokens.AddRange(["--file", file]);
            if (data is not null) tokens.Add(data);
            missingHint = "Pool is missing. Retry with exact command: " + ExactCommand.Format(tokens);
        }

        var request = new FeedRequest(pool, source, data, file, tags, durability, create, createSize, retry, retryDelay, mode, errors, auth, missingHint);
        return ctx.Backend.FeedAsync(ctx, request, ct);
    }
}
