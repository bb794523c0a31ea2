// Inspecting and resetting a pool's consumers from outside (the `plasmite consumer list|info|reset` commands use this).
using Plasmite.Consumers.Checkpoints;

namespace Plasmite.Consumers;

/// <summary>A claim held by a worker, as <see cref="ConsumerCheckpoints.Info"/> reports it.</summary>
/// <param name="Seq">The claimed seq.</param>
/// <param name="Owner">The worker instance (<c>host/pid/instance</c>), empty when released.</param>
/// <param name="Pid">The worker's process id.</param>
/// <param name="ExpiresNs">Unix time (ns) when the claim may be handed to another worker.</param>
/// <param name="Deliveries">How many times the seq was handed out without completing.</param>
/// <param name="OwnerAlive">False when the owner is a process of this host that no longer runs.</param>
internal sealed record ConsumerLease(ulong Seq, string Owner, int Pid, long ExpiresNs, int Deliveries, bool OwnerAlive);

/// <summary>The state of one consumer of a pool.</summary>
internal sealed record ConsumerStatus
{
    /// <summary>Consumer name.</summary>
    public required string Name { get; init; }

    /// <summary>The state file.</summary>
    public required string StatePath { get; init; }

    /// <summary>Every seq up to this one is handled (null when the state could not be read).</summary>
    public ulong? CommittedSeq { get; init; }

    /// <summary>The first seq never claimed.</summary>
    public ulong? NextSeq { get; init; }

    /// <summary>The pool's newest seq minus <see cref="CommittedSeq"/>: messages not yet known handled.</summary>
    public ulong? Lag { get; init; }

    /// <summary>Claims not yet completed.</summary>
    public IReadOnlyList<ConsumerLease> Leases { get; init; } = [];

    /// <summary>Distinct live owners of the claims (workers busy right now).</summary>
    public int ActiveWorkers { get; init; }

    /// <summary>Messages completed (handled, skipped or dead-lettered) since creation or the last reset.</summary>
    public ulong Handled { get; init; }

    /// <summary>Messages dropped by the ring before they were handled.</summary>
    public ulong Lost { get; init; }

    /// <summary>Poison messages (skipped or dead-lettered).</summary>
    public ulong Poisoned { get; init; }

    /// <summary>Claims taken over from dead or expired workers.</summary>
    public ulong Redelivered { get; init; }

    /// <summary>Last update of the state file (Unix ns).</summary>
    public long UpdatedNs { get; init; }

    /// <summary>Why the consumer would refuse to run (corrupt state, re-created pool), or null.</summary>
    public PlasmiteException? Error { get; init; }
}

/// <summary>What <see cref="ConsumerCheckpoints.Reset"/> did.</summary>
/// <param name="Name">Consumer name.</param>
/// <param name="StatePath">The state file.</param>
/// <param name="PreviousCommittedSeq">The checkpoint before the reset (null when there was none or it was unreadable).</param>
/// <param name="NextSeq">The seq the consumer handles next, or null when the state was deleted (the consumer then starts
/// at its <see cref="PlasmiteConsumerOptions.StartAt"/> position).</param>
internal sealed record ConsumerResetResult(string Name, string StatePath, ulong? PreviousCommittedSeq, ulong? NextSeq);

/// <summary>Lists, inspects and resets the consumers of a local pool (state in <c>POOL.consumers/</c>).</summary>
internal static class ConsumerCheckpoints
{
    /// <summary>The folder holding the consumers of the pool at <paramref name="poolPath"/>.</summary>
    public static string DirectoryFor(string poolPath) => ConsumerPaths.DirectoryFor(poolPath);

    /// <summary>Every consumer of the pool, sorted by name; unreadable ones carry their <see cref="ConsumerStatus.Error"/>.</summary>
    /// <exception cref="PlasmiteException">NotFound when the pool does not exist.</exception>
    public static IReadOnlyList<ConsumerStatus> List(string poolPath)
    {
        using var pool = OpenPool(poolPath);
        var info = pool.Info();
        var result = new List<ConsumerStatus>();
        string dir = ConsumerPaths.DirectoryFor(pool.Path);
        if (!Directory.Exists(dir)) return result;
        var names = new List<string>();
        foreach (string f in Directory.EnumerateFiles(dir, "*" + ConsumerPaths.StateExtension))
        {
            string n = Path.GetFileNameWithoutExtension(f);
            if (ConsumerPaths.NameProblem(n) is null) names.Add(n);
        }
        names.Sort(StringComparer.Ordinal);
        foreach (string n in names) result.Add(Status(pool, info, n));
        return result;
    }

    /// <summary>The state of consumer <paramref name="name"/>.</summary>
    /// <exception cref="PlasmiteException">NotFound when the pool or the consumer does not exist; Usage for a bad name.</exception>
    public static ConsumerStatus Info(string poolPath, string name)
    {
        ConsumerPaths.CheckName(name);
        using var pool = OpenPool(poolPath);
        string path = ConsumerPaths.StatePath(pool.Path, name);
        if (!File.Exists(path))
            throw new PlasmiteException(ErrorKind.NotFound, $"consumer '{name}' not found", path: path,
                hint: "List the pool's consumers with `plasmite consumer list POOL`.");
        return Status(pool, pool.Info(), name);
    }

    /// <summary>
    /// Resets consumer <paramref name="name"/>: without <paramref name="seq"/> its state is deleted (it starts over at its
    /// start position); with it, the consumer next handles <paramref name="seq"/> and the checkpoint is bound to the pool
    /// as it is now. Works on corrupt state files and on checkpoints of re-created pools (that is its purpose). Running
    /// workers pick the new state up at their next claim and drop completions of claims made before the reset.
    /// </summary>
    /// <exception cref="PlasmiteException">Busy when live workers hold claims (unless <paramref name="force"/>); NotFound
    /// when there is nothing to reset; Usage for a seq beyond the pool's newest + 1.</exception>
    public static ConsumerResetResult Reset(string poolPath, string name, ulong? seq = null, bool force = false)
    {
        ConsumerPaths.CheckName(name);
        using var pool = OpenPool(poolPath);
        using var store = new ConsumerStore(pool.Path, name);
        return store.Locked(s =>
        {
            ConsumerState? old = null;
            bool exists = File.Exists(s.StatePath);
            try
            {
                old = s.Read();
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.Corrupt)
            {
                old = null; // a corrupt file is what reset is for
            }
            if (!exists && seq is null)
                throw new PlasmiteException(ErrorKind.NotFound, $"consumer '{name}' not found", path: s.StatePath,
                    hint: "List the pool's consumers with `plasmite consumer list POOL`.");
            if (old is not null && !force)
            {
                long now = PlasmiteConsumer.NowNs();
                int busy = 0;
                foreach (var l in old.Leases)
                    if (l.Owner.Length > 0 && l.ExpiresNs > now && WorkerIdentity.IsAlive(l)) busy++;
                if (busy > 0)
                    throw new PlasmiteException(ErrorKind.Busy, $"consumer '{name}' has {busy} messages in flight in running workers",
                        path: s.StatePath, hint: "Stop the workers first, or pass --force (their in-flight messages may then be handled twice).");
            }
            if (seq is null)
            {
                s.Delete();
                return new ConsumerResetResult(name, s.StatePath, old?.Committed, null);
            }
            var info = pool.Info();
            ulong newest = info.Bounds.Newest ?? 0;
            if (seq.Value < 1 || seq.Value > newest + 1)
                throw new PlasmiteException(ErrorKind.Usage, $"seq must be between 1 and {newest + 1} (the pool's newest seq + 1)");
            var state = LeasePlanner.NewState(name, Path.GetFullPath(pool.Path), PoolIdentity.Of(pool.Path, info), seq.Value, PlasmiteConsumer.NowNs());
            s.Write(state);
            return new ConsumerResetResult(name, s.StatePath, old?.Committed, seq.Value);
        });
    }

    private static PlasmitePool OpenPool(string poolPath)
    {
        ArgumentNullException.ThrowIfNull(poolPath);
        string full = Path.GetFullPath(poolPath);
        return new PlasmiteClient(Path.GetDirectoryName(full)).OpenPool(full);
    }

    private static ConsumerStatus Status(PlasmitePool pool, PoolInfo info, string name)
    {
        string path = ConsumerPaths.StatePath(pool.Path, name);
        ConsumerState? state;
        try
        {
            state = ConsumerStore.TryRead(path);
        }
        catch (PlasmiteException e)
        {
            return new ConsumerStatus { Name = name, StatePath = path, Error = e };
        }
        if (state is null) return new ConsumerStatus { Name = name, StatePath = path, Error = new PlasmiteException(ErrorKind.NotFound, "consumer state disappeared", path: path) };
        var leases = new List<ConsumerLease>(state.Leases.Count);
        var owners = new HashSet<string>(StringComparer.Ordinal);
        long now = PlasmiteConsumer.NowNs();
        foreach (var l in state.Leases)
        {
            bool alive = l.Owner.Length > 0 && WorkerIdentity.IsAlive(l);
            leases.Add(new ConsumerLease(l.Seq, l.Owner, l.Pid, l.ExpiresNs, l.Deliveries, alive));
            if (alive && l.ExpiresNs > now) owners.Add(l.Owner);
        }
        string? why = CheckpointVerifier.Mismatch(state, pool, info);
        ulong newest = info.Bounds.Newest ?? 0;
        return new ConsumerStatus
        {
            Name = name,
            StatePath = path,
            CommittedSeq = state.Committed,
            NextSeq = state.Next,
            Lag = newest > state.Committed ? newest - state.Committed : 0,
            Leases = leases,
            ActiveWorkers = owners.Count,
            Handled = state.Handled,
            Lost = state.Lost,
            Poisoned = state.Poisoned,
            Redelivered = state.Redelivered,
            UpdatedNs = state.UpdatedNs,
            Error = why is null ? null : CheckpointVerifier.Refuse(path, name, why),
        };
    }
}
