// Settings of one named consumer: which pool, batch and lease sizes, retries, poison and retention-gap policies.
namespace Plasmite.Consumers;

/// <summary>Where a consumer that has no checkpoint yet starts.</summary>
public enum ConsumerStartPosition
{
    /// <summary>At the oldest message the pool still retains.</summary>
    Oldest,

    /// <summary>After the newest message: only messages appended from now on.</summary>
    Newest,
}

/// <summary>What a consumer does when messages it has not handled were dropped by the ring (a retention gap).</summary>
public enum RetentionGapPolicy
{
    /// <summary>Log a warning, count the lost messages in a metric, and continue at the oldest retained message.</summary>
    SkipAhead,

    /// <summary>Stop with <see cref="ErrorKind.RetentionGap"/>; recover with <c>plasmite consumer reset</c>.</summary>
    Stop,
}

/// <summary>What a consumer does with a message whose handler kept failing after all retries.</summary>
public enum PoisonMessagePolicy
{
    /// <summary>Log the error and checkpoint past the message.</summary>
    Skip,

    /// <summary>Append the message and its error to <see cref="PlasmiteConsumerOptions.DeadLetterPool"/>, then checkpoint past it.</summary>
    DeadLetter,

    /// <summary>Stop the consumer (the message stays unhandled and is delivered again on restart).</summary>
    Stop,
}

/// <summary>Options of a <see cref="PlasmiteConsumer"/> (and of the hosted service).</summary>
public sealed class PlasmiteConsumerOptions
{
    /// <summary>The pool reference: a name in <see cref="Directory"/> or a path (local pools only).</summary>
    public string Pool { get; set; } = "";

    /// <summary>The consumer name: workers with the same name share one checkpoint and split the messages.
    /// Letters, digits, <c>.</c>, <c>_</c> and <c>-</c>; 1–100 characters; not starting with <c>.</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Pool directory used when no <see cref="PlasmiteClient"/> is given (default <c>~/.plasmite/pools</c>).</summary>
    public string? Directory { get; set; }

    /// <summary>Messages claimed per lock acquisition and checkpointed together (the most that a crash can make
    /// a worker handle twice). Default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>How long a claim stays with its worker; a claim not completed by then is delivered again
    /// (to any worker). Renewed while the batch is being handled. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Re-deliver at once the claims of a worker process on this host that is no longer running,
    /// instead of waiting for the lease to expire. Default true.</summary>
    public bool DetectDeadWorkers { get; set; } = true;

    /// <summary>How often an idle consumer looks for new messages. Default 50 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Where a consumer without a checkpoint starts. Default <see cref="ConsumerStartPosition.Oldest"/>.</summary>
    public ConsumerStartPosition StartAt { get; set; } = ConsumerStartPosition.Oldest;

    /// <summary>Handler calls per message before the poison policy applies (1 = no retry). Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; doubled for each further retry up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of the retry delay. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What happens to a message that failed <see cref="MaxAttempts"/> times. Default <see cref="PoisonMessagePolicy.Skip"/>.</summary>
    public PoisonMessagePolicy PoisonPolicy { get; set; } = PoisonMessagePolicy.Skip;

    /// <summary>The pool poison messages are appended to (created when missing) under <see cref="PoisonMessagePolicy.DeadLetter"/>.</summary>
    public string? DeadLetterPool { get; set; }

    /// <summary>A message claimed this many times without ever being completed (its worker died each time) is
    /// treated as poison without calling the handler again. Default 5.</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>What to do when unhandled messages were dropped by the ring. Default <see cref="RetentionGapPolicy.SkipAhead"/>.</summary>
    public RetentionGapPolicy GapPolicy { get; set; } = RetentionGapPolicy.SkipAhead;

    /// <summary>Hosted service only: the wait before restarting after a transient failure (I/O, pool not found). Default 5 s.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns the first problem with these options, or null when they are valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Pool)) return "Pool is required";
        if (Pool.Contains("://", StringComparison.Ordinal)) return "consumers work on local pools only (remote pool refs are not supported)";
        if (Checkpoints.ConsumerPaths.NameProblem(Name) is { } p) return p;
        if (BatchSize is < 1 or > 10_000) return "BatchSize must be between 1 and 10000";
        if (LeaseDuration < TimeSpan.FromMilliseconds(100)) return "LeaseDuration must be at least 100 ms";
        if (PollInterval <= TimeSpan.Zero) return "PollInterval must be positive";
        if (MaxAttempts < 1) return "MaxAttempts must be at least 1";
        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero) return "retry delays must not be negative";
        if (MaxDeliveries < 1) return "MaxDeliveries must be at least 1";
        if (PoisonPolicy == PoisonMessagePolicy.DeadLetter && string.IsNullOrWhiteSpace(DeadLetterPool))
            return "DeadLetterPool is required with PoisonPolicy DeadLetter";
        if (RestartDelay < TimeSpan.Zero) return "RestartDelay must not be negative";
        return null;
    }

    /// <summary>A copy, so a running consumer is not affected by later changes.</summary>
    internal PlasmiteConsumerOptions Clone() => (PlasmiteConsumerOptions)MemberwiseClone();
}
