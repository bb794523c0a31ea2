// Pure state transitions of the work-queue protocol: claim, complete, release, renew (no I/O; table-tested).
namespace Plasmite.Consumers.Checkpoints;

/// <summary>The worker instance asking: identifies its leases and tells dead workers from live ones.</summary>
internal readonly record struct Claimant(string Owner, string Host, int Pid, ulong ProcessStart);

/// <summary>A seq handed to a worker, with how many times it has been handed out (1 = first delivery).</summary>
internal readonly record struct ClaimedSeq(ulong Seq, int Deliveries);

/// <summary>What <see cref="LeasePlanner.Claim"/> did.</summary>
internal sealed record ClaimResult(IReadOnlyList<ClaimedSeq> Seqs, ulong GapFrom, ulong GapCount, int Redelivered, bool Changed);

/// <summary>A completed seq and the timestamp of its message (for the anchor).</summary>
internal readonly record struct Completion(ulong Seq, ulong TimestampNs);

internal static class LeasePlanner
{
    /// <summary>
    /// Claims up to <paramref name="max"/> seqs: first claims whose lease expired, that were released, or whose
    /// owner is dead (<paramref name="ownerAlive"/>), lowest seq first; then never-claimed seqs up to the pool's newest.
    /// A retention gap (<c>Next</c> below the pool's oldest seq) is skipped (counted in <see cref="ConsumerState.Lost"/>)
    /// or, under <see cref="RetentionGapPolicy.Stop"/>, raised as RetentionGap before anything changes.
    /// </summary>
    public static ClaimResult Claim(ConsumerState s, in Claimant me, int max, PoolBounds bounds, long nowNs, long leaseNs,
        Func<Lease, bool> ownerAlive, RetentionGapPolicy gapPolicy)
    {
        var seqs = new List<ClaimedSeq>();
        bool changed = false;
        ulong gapFrom = 0, gapCount = 0;
        if (bounds.Oldest is { } oldest && s.Next < oldest)
        {
            gapFrom = s.Next;
            gapCount = oldest - s.Next;
            if (gapPolicy == RetentionGapPolicy.Stop)
                throw new PlasmiteException(ErrorKind.RetentionGap,
                    $"consumer '{s.Name}' fell behind the pool: messages {gapFrom}..{oldest - 1} were dropped before it handled them",
                    seq: gapFrom, hint: $"Run `plasmite consumer reset POOL {s.Name} --seq {oldest}` to continue at the oldest retained message, or use a bigger pool.");
            AddDone(s, gapFrom, oldest - 1);
            s.Next = oldest;
            s.Lost += gapCount;
            changed = true;
        }
        int redelivered = 0;
        long expires = nowNs + leaseNs;
        foreach (var l in s.Leases)
        {
            if (seqs.Count >= max) break;
            bool released = l.Owner.Length == 0;
            if (!released && l.ExpiresNs > nowNs && ownerAlive(l)) continue;
            if (!released) redelivered++;
            Take(l, me, expires);
            l.Deliveries++;
            seqs.Add(new ClaimedSeq(l.Seq, l.Deliveries));
            changed = true;
        }
        ulong newest = bounds.Newest ?? 0;
        while (seqs.Count < max && s.Next <= newest)
        {
            var l = new Lease { Seq = s.Next, Deliveries = 1 };
            Take(l, me, expires);
            s.Leases.Add(l);
            seqs.Add(new ClaimedSeq(l.Seq, 1));
            s.Next++;
            changed = true;
        }
        s.Redelivered += (ulong)redelivered;
        Advance(s);
        return new ClaimResult(seqs, gapFrom, gapCount, redelivered, changed);
    }

    /// <summary>Marks seqs handled (whoever holds their lease now) and advances the checkpoint.</summary>
    /// <returns>How many seqs were newly completed (a seq completed twice counts once).</returns>
    public static int Complete(ConsumerState s, IReadOnlyList<Completion> done, ulong poisoned)
    {
        int count = 0;
        foreach (var c in done)
        {
            int i = IndexOfLease(s, c.Seq);
            if (i < 0) continue; // already completed (by us or a worker it was re-delivered to), or reset meanwhile
            s.Leases.RemoveAt(i);
            AddDone(s, c.Seq, c.Seq);
            count++;
            if (c.TimestampNs != 0 && c.Seq > s.AnchorSeq) // 0: the message was lost, nothing to anchor on
            {
                s.AnchorSeq = c.Seq;
                s.AnchorTimeNs = c.TimestampNs;
            }
        }
        s.Handled += (ulong)count;
        s.Poisoned += poisoned;
        Advance(s);
        return count;
    }

    /// <summary>Gives back claims of <paramref name="me"/> that were not handled (shutdown): claimable at once,
    /// and not counted as a delivery.</summary>
    public static void Release(ConsumerState s, in Claimant me, IEnumerable<ulong> seqs)
    {
        foreach (ulong seq in seqs)
        {
            int i = IndexOfLease(s, seq);
            if (i < 0 || s.Leases[i].Owner != me.Owner) continue;
            var l = s.Leases[i];
            l.Owner = "";
            l.ExpiresNs = 0;
            l.Deliveries = Math.Max(0, l.Deliveries - 1);
        }
    }

    /// <summary>Extends the leases <paramref name="me"/> still holds on <paramref name="seqs"/>.</summary>
    public static void Renew(ConsumerState s, in Claimant me, IEnumerable<ulong> seqs, long expiresNs)
    {
        foreach (ulong seq in seqs)
        {
            int i = IndexOfLease(s, seq);
            if (i >= 0 && s.Leases[i].Owner == me.Owner) s.Leases[i].ExpiresNs = expiresNs;
        }
    }

    /// <summary>A fresh state whose first delivered seq is <paramref name="firstSeq"/>.</summary>
    public static ConsumerState NewState(string name, string poolPath, PoolIdentity pool, ulong firstSeq, long nowNs) => new()
    {
        Name = name,
        Generation = Guid.NewGuid().ToString("N"),
        PoolPath = poolPath,
        Pool = pool,
        Committed = firstSeq - 1,
        Next = firstSeq,
        CreatedNs = nowNs,
        UpdatedNs = nowNs,
    };

    /// <summary>The first seq a new consumer handles.</summary>
    public static ulong StartSeq(PoolBounds bounds, ConsumerStartPosition start) =>
        start == ConsumerStartPosition.Newest || bounds.Oldest is null ? (bounds.Newest ?? 0) + 1 : bounds.Oldest.Value;

    private static void Take(Lease l, in Claimant me, long expires)
    {
        l.Owner = me.Owner;
        l.Host = me.Host;
        l.Pid = me.Pid;
        l.ProcessStart = me.ProcessStart;
        l.ExpiresNs = expires;
    }

    private static int IndexOfLease(ConsumerState s, ulong seq)
    {
        int lo = 0, hi = s.Leases.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            ulong v = s.Leases[mid].Seq;
            if (v == seq) return mid;
            if (v < seq) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    // Inserts [from, to] (not overlapping anything done) into the sorted ranges, merging neighbours.
    private static void AddDone(ConsumerState s, ulong from, ulong to)
    {
        var d = s.Done;
        int i = 0;
        while (i < d.Count && d[i].To < from) i++;
        d.Insert(i, new SeqRange(from, to));
        if (i + 1 < d.Count && d[i + 1].From == to + 1)
        {
            d[i] = new SeqRange(d[i].From, d[i + 1].To);
            d.RemoveAt(i + 1);
        }
        if (i > 0 && d[i - 1].To + 1 == d[i].From)
        {
            d[i - 1] = new SeqRange(d[i - 1].From, d[i].To);
            d.RemoveAt(i);
        }
    }

    private static void Advance(ConsumerState s)
    {
        while (s.Done.Count > 0 && s.Done[0].From == s.Committed + 1)
        {
            s.Committed = s.Done[0].To;
            s.Done.RemoveAt(0);
        }
    }
}
