// Settings of a PoolExporter: where to publish, flow control, gap policy, timeouts.
namespace Plasmite.Nats;

/// <summary>Options of <see cref="PoolExporter"/>.</summary>
public sealed record PoolExportOptions
{
    /// <summary>The NATS connection.</summary>
    public required NatsBridgeOptions Nats { get; init; }

    /// <summary>The JetStream stream; default <see cref="BridgeNames.DefaultStream"/> of the pool name.</summary>
    public string? Stream { get; init; }

    /// <summary>The subject to publish on; default <see cref="BridgeNames.DefaultSubject"/> of the pool name.</summary>
    public string? Subject { get; init; }

    /// <summary>Create the stream (file storage, limits retention, 2 min duplicate window) when it does not exist.</summary>
    public bool CreateStream { get; init; }

    /// <summary>Most publishes awaiting their ack at once (default 256).</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>What to do when the pool dropped messages before they were exported: <see cref="GapPolicy.Continue"/>
    /// (report and go on, the default) or <see cref="GapPolicy.Error"/> (report and stop with <see cref="ErrorKind.RetentionGap"/>).</summary>
    public GapPolicy OnGap { get; init; } = GapPolicy.Continue;

    /// <summary>How long a publish may wait for its ack before the exporter re-synchronises (default 5 s).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest time between checkpoint writes while messages flow (default 200 ms).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Called (on the exporter's loop) for every retention gap, after it was logged and counted.</summary>
    public Action<RetentionGapInfo>? GapObserved { get; init; }

    /// <summary>Called once the exporter knows where it resumes (after every (re)start and re-synchronisation).</summary>
    public Action<ExportPosition>? Positioned { get; init; }
}

/// <summary>Messages <see cref="FirstMissing"/>..<see cref="LastMissing"/> left the pool before they were exported.</summary>
public readonly record struct RetentionGapInfo(ulong FirstMissing, ulong LastMissing)
{
    /// <summary>Number of messages lost.</summary>
    public ulong Count => LastMissing - FirstMissing + 1;
}

/// <summary>Where an exporter (re)starts.</summary>
/// <param name="PoolId">The pool identity carried in headers.</param>
/// <param name="NextSeq">The first pool seq it publishes next.</param>
/// <param name="NewIdentity">True when the pool was seen for the first time (or was re-created).</param>
public readonly record struct ExportPosition(string PoolId, ulong NextSeq, bool NewIdentity);
