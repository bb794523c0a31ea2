// The content of a consumer's state file: committed low-water mark, claimed seqs (leases), completions above the mark.
namespace Plasmite.Consumers.Checkpoints;

/// <summary>A claimed seq: who holds it, until when, and how often it was handed out.</summary>
internal sealed class Lease
{
    public ulong Seq { get; set; }

    /// <summary>The worker instance (<c>host/pid/instance</c>); empty once released (claimable at once).</summary>
    public string Owner { get; set; } = "";

    public string Host { get; set; } = "";

    public int Pid { get; set; }

    /// <summary>The owner process's start time as the OS reports it (Linux: clock ticks since boot), 0 when unknown;
    /// tells a dead worker from a new process that reuses its pid.</summary>
    public ulong ProcessStart { get; set; }

    /// <summary>Unix time (ns) after which the claim may be handed to another worker.</summary>
    public long ExpiresNs { get; set; }

    /// <summary>How many times this seq has been handed to a worker without being completed.</summary>
    public int Deliveries { get; set; }
}

/// <summary>
/// A consumer's state. Invariants (checked on every read): <c>Committed &lt; Next</c>; every seq in
/// <c>(Committed, Next)</c> is either in <see cref="Done"/> or in <see cref="Leases"/>, never both; seqs from
/// <see cref="Next"/> on were never claimed.
/// </summary>
internal sealed class ConsumerState
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public string Name { get; set; } = "";

    /// <summary>Random id, new at creation and at every reset; completions claimed under another generation are dropped.</summary>
    public string Generation { get; set; } = "";

    public string PoolPath { get; set; } = "";

    public PoolIdentity Pool { get; set; } = new(0, 0, null, null);

    /// <summary>Every seq up to and including this one is handled (the checkpoint).</summary>
    public ulong Committed { get; set; }

    /// <summary>The first seq never claimed.</summary>
    public ulong Next { get; set; }

    /// <summary>The last completed message and its timestamp: on start it must still match the pool (0 = none yet).</summary>
    public ulong AnchorSeq { get; set; }

    public ulong AnchorTimeNs { get; set; }

    /// <summary>Completed seqs above <see cref="Committed"/>: sorted, disjoint inclusive ranges, none touching Committed.</summary>
    public List<SeqRange> Done { get; } = [];

    /// <summary>Claimed seqs, sorted by seq.</summary>
    public List<Lease> Leases { get; } = [];

    public ulong Handled { get; set; }

    public ulong Lost { get; set; }

    public ulong Poisoned { get; set; }

    public ulong Redelivered { get; set; }

    public long CreatedNs { get; set; }

    public long UpdatedNs { get; set; }

    /// <summary>The first invariant violation, or null.</summary>
    public string? Problem()
    {
        if (Format != CurrentFormat) return $"unknown state format {Format}";
        if (Next <= Committed) return "next_seq must be greater than committed_seq";
        ulong last = Committed;
        foreach (var r in Done)
        {
            if (r.From > r.To) return "a done range is reversed";
            if (r.From <= last + 1) return "done ranges must be sorted, disjoint and above committed_seq + 1";
            if (r.To >= Next) return "a done range reaches next_seq";
            last = r.To;
        }
        ulong prev = Committed;
        foreach (var l in Leases)
        {
            if (l.Seq <= prev) return "leases must be sorted, unique and above committed_seq";
            if (l.Seq >= Next) return "a lease is at or above next_seq";
            if (IsDone(l.Seq)) return "a seq is both leased and done";
            prev = l.Seq;
        }
        ulong covered = 0;
        foreach (var r in Done) covered += r.To - r.From + 1;
        if (covered + (ulong)Leases.Count != Next - Committed - 1) return "some claimed seqs are neither leased nor done";
        return null;
    }

    public bool IsDone(ulong seq)
    {
        if (seq <= Committed) return true;
        foreach (var r in Done)
        {
            if (seq < r.From) return false;
            if (seq <= r.To) return true;
        }
        return false;
    }
}

/// <summary>An inclusive seq range.</summary>
internal readonly record struct SeqRange(ulong From, ulong To);
