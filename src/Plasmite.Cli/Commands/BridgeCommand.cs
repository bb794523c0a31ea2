// `bridge export|import`: replicate pools through NATS JetStream (docs/nats.md); the work is Plasmite.Nats'.
using System.CommandLine;
using Microsoft.Extensions.Logging;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Values;
using Plasmite.Nats;

namespace Plasmite.Cli.Commands;

/// <summary><c>plasmite bridge</c>: the group.</summary>
internal sealed class BridgeCommand : PlasmiteCommand
{
    public BridgeCommand()
        : base("bridge", "Replicate pools through NATS JetStream")
    {
        LongAbout = "export publishes a pool's messages to a JetStream stream; import appends a stream's messages to a pool.\nBoth run until interrupted, resume where they stopped, and deliver every message exactly once, in order.";
        Add(new BridgeExportCommand());
        Add(new BridgeImportCommand());
    }

    public override bool IsGroup => true;
}

/// <summary>The NATS connection flags shared by export and import.</summary>
internal sealed class NatsConnectionOptions
{
    public readonly Option<string?> Url = Opts.Text("--nats", "URL", "NATS server URL, e.g. nats://127.0.0.1:4222 (required)");
    public readonly Option<string?> Token = Opts.Text("--token", "TOKEN", "NATS authentication token");
    public readonly Option<string?> User = Opts.Text("--user", "USER", "NATS user name (with --password)");
    public readonly Option<string?> Password = Opts.Text("--password", "PASSWORD", "NATS password (with --user)");
    public readonly Option<string?> Creds = Opts.Text("--creds", "PATH", "NATS credentials file (JWT and NKey seed)");
    public readonly Option<string?> TlsCa = Opts.Text("--tls-ca", "PATH", "Trust the CA certificates in this PEM file (enables TLS)");

    public void AddTo(Command command)
    {
        command.Add(Url);
        command.Add(Token);
        command.Add(User);
        command.Add(Password);
        command.Add(Creds);
        command.Add(TlsCa);
    }

    public NatsBridgeOptions Resolve(ParseResult r, PlasmiteCommand command)
    {
        var url = r.GetValue(Url) ?? throw command.UsageError("the following required arguments were not provided: --nats <URL>");
        if ((r.GetValue(User) is null) != (r.GetValue(Password) is null))
            throw command.UsageError("--user and --password go together");
        return new NatsBridgeOptions
        {
            Url = url,
            Token = r.GetValue(Token),
            User = r.GetValue(User),
            Password = r.GetValue(Password),
            CredsFile = r.GetValue(Creds),
            TlsCaFile = r.GetValue(TlsCa),
        };
    }
}

internal sealed class BridgeExportCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name or path to export");
    private readonly NatsConnectionOptions _nats = new();
    private readonly Option<string?> _stream = Opts.Text("--stream", "NAME", "JetStream stream [default: plasmite-<pool>]");
    private readonly Option<string?> _subject = Opts.Text("--subject", "SUBJ", "Subject to publish on [default: plasmite.<pool>]");
    private readonly Option<bool> _createStream = Opts.Flag("--create-stream", "Create the stream if missing (file storage, limits retention, 2 min duplicate window)");
    private readonly Option<string?> _onGap = Opts.Choice("--on-gap", "POLICY",
        "When the pool dropped messages before they were exported: continue (report and go on) or stop (exit 9) [default: continue]",
        ["continue", "stop"]);
    private readonly Option<ulong?> _maxInFlight = Opts.Unsigned("--max-in-flight", "N", "Publishes awaiting their ack at once [default: 256]");

    public BridgeExportCommand()
        : base("export", "Publish a pool's messages to a JetStream stream")
    {
        AddArgument(_pool, "POOL", required: true);
        _nats.AddTo(this);
        Add(_stream);
        Add(_subject);
        Add(_createStream);
        Add(_onGap);
        Add(_maxInFlight);
        Notes = "Runs until interrupted (SIGINT/SIGTERM: in-flight publishes are awaited, exit 0). Resumes after the last message the stream holds.";
        LongNotes = "Examples:\n  plasmite bridge export events --nats nats://127.0.0.1:4222 --create-stream\n  plasmite bridge export ./events.plasmite --nats nats://hub:4222 --stream EVENTS --subject events.hostA";
    }

    public override async Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var pool = PoolRefs.ResolveLocal(r.GetValue(_pool)!, ctx.PoolDir);
        ulong inFlight = r.GetValue(_maxInFlight) ?? 256;
        if (inFlight is 0 or > 65536) throw UsageError("--max-in-flight must be between 1 and 65536");
        var options = new PoolExportOptions
        {
            Nats = _nats.Resolve(r, this),
            Stream = r.GetValue(_stream),
            Subject = r.GetValue(_subject),
            CreateStream = r.GetValue(_createStream),
            OnGap = r.GetValue(_onGap) == "stop" ? GapPolicy.Error : GapPolicy.Continue,
            MaxInFlight = (int)inFlight,
        };
        var exporter = new PoolExporter(pool.Path, options, new StderrLoggers(ctx.Terminal.Error, "bridge export"));
        await exporter.RunAsync(ct).ConfigureAwait(false);
        return 0;
    }
}

internal sealed class BridgeImportCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name or path to append to");
    private readonly NatsConnectionOptions _nats = new();
    private readonly Option<string?> _stream = Opts.Text("--stream", "NAME", "JetStream stream to read (required)");
    private readonly Option<string?> _durable = Opts.Text("--durable", "NAME", "Durable consumer name [default: plasmite-import-<pool>]");
    private readonly Option<string?> _subject = Opts.Text("--subject", "SUBJ", "Only messages on this subject (wildcards allowed)");
    private readonly Option<bool> _create = Opts.Flag("--create", "Create the pool if it does not exist");
    private readonly Option<string?> _size = Opts.Text("--size", "SIZE", "Size of a pool made by --create: bytes or K/M/G suffix [default: 1M]");
    private readonly Option<ulong?> _batch = Opts.Unsigned("--batch", "N", "Messages appended per checkpoint and ack round [default: 256]");

    public BridgeImportCommand()
        : base("import", "Append a JetStream stream's messages to a pool")
    {
        AddArgument(_pool, "POOL", required: true);
        _nats.AddTo(this);
        Add(_stream);
        Add(_durable);
        Add(_subject);
        Add(_create);
        Add(_size);
        Add(_batch);
        Notes = "Runs until interrupted (exit 0). The importer must be the pool's only writer.";
        LongNotes = "Example:\n  plasmite bridge import --nats nats://hub:4222 --stream plasmite-events --create events";
    }

    public override async Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        var pool = PoolRefs.ResolveLocal(r.GetValue(_pool)!, ctx.PoolDir);
        var stream = r.GetValue(_stream) ?? throw UsageError("the following required arguments were not provided: --stream <NAME>");
        ulong batch = r.GetValue(_batch) ?? 256;
        if (batch is 0 or > 65536) throw UsageError("--batch must be between 1 and 65536");
        var options = new PoolImportOptions
        {
            Nats = _nats.Resolve(r, this),
            Stream = stream,
            Durable = r.GetValue(_durable),
            FilterSubject = r.GetValue(_subject),
            CreatePool = r.GetValue(_create),
            PoolSizeBytes = r.GetValue(_size) is { } s ? ValueSyntax.ParseSize(s) : PlasmiteDefaults.PoolSizeBytes,
            BatchSize = (int)batch,
        };
        var importer = new PoolImporter(pool.Path, options, new StderrLoggers(ctx.Terminal.Error, "bridge import"));
        await importer.RunAsync(ct).ConfigureAwait(false);
        return 0;
    }
}

/// <summary>Bridge logs as <c>plasmite bridge …: message</c> lines on stderr (the NATS client's own at Warning and above).</summary>
internal sealed class StderrLoggers(TextWriter error, string prefix) : ILoggerFactory
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) =>
        new Writer(this, categoryName.StartsWith("Plasmite.", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Writer(StderrLoggers owner, LogLevel min) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= min;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = $"plasmite {owner._prefix}: {formatter(state, exception)}\n";
            lock (owner._gate)
            {
                owner._error.Write(line);
                owner._error.Flush();
            }
        }
    }

    private readonly TextWriter _error = error;
    private readonly string _prefix = prefix;
}
