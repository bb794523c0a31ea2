// Settings of a PoolImporter: which stream, which durable consumer, batching.
namespace Plasmite.Nats;

/// <summary>Options of <see cref="PoolImporter"/>.</summary>
public sealed record PoolImportOptions
{
    /// <summary>The NATS connection.</summary>
    public required NatsBridgeOptions Nats { get; init; }

    /// <summary>The JetStream stream to read (it must exist).</summary>
    public required string Stream { get; init; }

    /// <summary>The durable consumer's name; default <see cref="BridgeNames.DefaultDurable"/> of the pool name.</summary>
    public string? Durable { get; init; }

    /// <summary>Only messages on this subject (wildcards allowed); default every subject of the stream.</summary>
    public string? FilterSubject { get; init; }

    /// <summary>Create the pool (with <see cref="PoolSizeBytes"/>) when it does not exist.</summary>
    public bool CreatePool { get; init; }

    /// <summary>Size of a pool created by <see cref="CreatePool"/>; default 1 MiB.</summary>
    public ulong PoolSizeBytes { get; init; } = PlasmiteDefaults.PoolSizeBytes;

    /// <summary>Most messages appended before one checkpoint write and their acks (default 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>How long JetStream waits for an ack before redelivering (default 30 s).</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called for every message appended to the local pool (local seq, stream seq).</summary>
    public Action<ulong, ulong>? Appended { get; init; }
}
