// Table tests of the pure work-queue transitions: claim, complete out of order, release, expiry, dead owners, gaps.
using Plasmite.Consumers.Checkpoints;

namespace Plasmite.Consumers.Tests;

[Trait("Category", "Unit")]
public class LeasePlannerTests
{
    private static readonly Claimant A = new("h/1/a", "h", 1, 10);
    private static readonly Claimant B = new("h/2/b", "h", 2, 20);
    private const long Lease = 1_000;

    private static ConsumerState Fresh(ulong first = 1) =>
        LeasePlanner.NewState("c", "/p", new PoolIdentity(1, 0, null, null), first, 0);

    private static ClaimResult Claim(ConsumerState s, Claimant who, int max, ulong? oldest, ulong? newest, long now = 0,
        Func<Lease, bool>? alive = null, RetentionGapPolicy gap = RetentionGapPolicy.SkipAhead) =>
        LeasePlanner.Claim(s, who, max, new PoolBounds(oldest, newest), now, Lease, alive ?? (_ => true), gap);

    private static ulong[] Seqs(ClaimResult r) => r.Seqs.Select(x => x.Seq).ToArray();

    private static Completion[] Done(params ulong[] seqs) => seqs.Select(s => new Completion(s, s * 10)).ToArray();

    [Fact]
    public void Two_workers_get_disjoint_batches_in_order()
    {
        var s = Fresh();
        Assert.Equal(new ulong[] { 1, 2, 3 }, Seqs(Claim(s, A, 3, 1, 10)));
        Assert.Equal(new ulong[] { 4, 5, 6 }, Seqs(Claim(s, B, 3, 1, 10)));
        Assert.Equal(7UL, s.Next);
        Assert.Null(s.Problem());
    }

    [Fact]
    public void Nothing_to_claim_changes_nothing()
    {
        var s = Fresh();
        var r = Claim(s, A, 5, null, null);
        Assert.Empty(r.Seqs);
        Assert.False(r.Changed);
    }

    [Fact]
    public void Out_of_order_completion_advances_the_checkpoint_only_over_a_contiguous_prefix()
    {
        var s = Fresh();
        Claim(s, A, 3, 1, 10);
        Claim(s, B, 3, 1, 10);
        LeasePlanner.Complete(s, Done(4, 5, 6), 0);
        Assert.Equal(0UL, s.Committed);
        Assert.Equal([new SeqRange(4, 6)], s.Done);
        LeasePlanner.Complete(s, Done(1, 2), 0);
        Assert.Equal(2UL, s.Committed);
        LeasePlanner.Complete(s, Done(3), 0);
        Assert.Equal(6UL, s.Committed);
        Assert.Empty(s.Done);
        Assert.Empty(s.Leases);
        Assert.Equal((6UL, 60UL), (s.AnchorSeq, s.AnchorTimeNs));
        Assert.Equal(6UL, s.Handled);
        Assert.Null(s.Problem());
    }

    [Fact]
    public void Completing_twice_counts_once()
    {
        var s = Fresh();
        Claim(s, A, 2, 1, 10);
        Assert.Equal(2, LeasePlanner.Complete(s, Done(1, 2), 0));
        Assert.Equal(0, LeasePlanner.Complete(s, Done(1, 2), 0));
        Assert.Equal(2UL, s.Handled);
    }

    [Fact]
    public void Live_leases_are_not_taken_over_before_they_expire()
    {
        var s = Fresh();
        Claim(s, A, 2, 1, 2, now: 0);
        Assert.Empty(Claim(s, B, 2, 1, 2, now: Lease - 1).Seqs);
        var r = Claim(s, B, 2, 1, 2, now: Lease);
        Assert.Equal(new ulong[] { 1, 2 }, Seqs(r));
        Assert.Equal(2, r.Redelivered);
        Assert.All(r.Seqs, x => Assert.Equal(2, x.Deliveries));
        Assert.All(s.Leases, l => Assert.Equal(B.Owner, l.Owner));
        Assert.Equal(2UL, s.Redelivered);
    }

    [Fact]
    public void A_dead_owner_loses_its_claims_at_once_and_they_come_before_new_seqs()
    {
        var s = Fresh();
        Claim(s, A, 2, 1, 5);
        var r = Claim(s, B, 3, 1, 5, alive: l => l.Owner != A.Owner);
        Assert.Equal(new ulong[] { 1, 2, 3 }, Seqs(r));
        Assert.Equal(2, r.Redelivered);
    }

    [Fact]
    public void Released_claims_are_claimable_at_once_and_not_counted_as_deliveries()
    {
        var s = Fresh();
        Claim(s, A, 3, 1, 3);
        LeasePlanner.Complete(s, Done(1), 0);
        LeasePlanner.Release(s, A, [2, 3]);
        var r = Claim(s, B, 5, 1, 3);
        Assert.Equal(new ulong[] { 2, 3 }, Seqs(r));
        Assert.Equal(0, r.Redelivered);
        Assert.All(r.Seqs, x => Assert.Equal(1, x.Deliveries));
    }

    [Fact]
    public void Release_and_renew_touch_only_the_callers_leases()
    {
        var s = Fresh();
        Claim(s, A, 1, 1, 2);
        Claim(s, B, 1, 1, 2);
        LeasePlanner.Release(s, B, [1]);
        LeasePlanner.Renew(s, B, [1], 99_999);
        Assert.Equal(A.Owner, s.Leases[0].Owner);
        Assert.Equal(Lease, s.Leases[0].ExpiresNs);
        LeasePlanner.Renew(s, B, [2], 99_999);
        Assert.Equal(99_999, s.Leases[1].ExpiresNs);
    }

    [Fact]
    public void Retention_gap_skip_ahead_counts_the_lost_messages_and_moves_the_checkpoint()
    {
        var s = Fresh();
        var r = Claim(s, A, 2, 8, 10);
        Assert.Equal((1UL, 7UL), (r.GapFrom, r.GapCount));
        Assert.Equal(new ulong[] { 8, 9 }, Seqs(r));
        Assert.Equal(7UL, s.Committed);
        Assert.Equal(7UL, s.Lost);
        Assert.Null(s.Problem());
    }

    [Fact]
    public void Retention_gap_with_claims_outstanding_keeps_them()
    {
        var s = Fresh();
        Claim(s, A, 2, 1, 10);
        Claim(s, B, 2, 6, 10);
        Assert.Equal(0UL, s.Committed);
        Assert.Equal([new SeqRange(3, 5)], s.Done);
        LeasePlanner.Complete(s, [new Completion(1, 0), new Completion(2, 0)], 0);
        Assert.Equal(5UL, s.Committed); // 6 and 7 are still claimed by B
        Assert.Equal(0UL, s.AnchorSeq); // lost messages (timestamp 0) are no anchor
    }

    [Fact]
    public void Retention_gap_stop_throws_RetentionGap_and_changes_nothing()
    {
        var s = Fresh();
        var e = Assert.Throws<PlasmiteException>(() => Claim(s, A, 2, 8, 10, gap: RetentionGapPolicy.Stop));
        Assert.Equal(ErrorKind.RetentionGap, e.Kind);
        Assert.Equal(1UL, e.Seq);
        Assert.Contains("--seq 8", e.Hint, StringComparison.Ordinal);
        Assert.Equal(1UL, s.Next);
    }

    [Theory]
    [InlineData(ConsumerStartPosition.Oldest, 5UL, 9UL, 5UL)]
    [InlineData(ConsumerStartPosition.Newest, 5UL, 9UL, 10UL)]
    [InlineData(ConsumerStartPosition.Oldest, null, null, 1UL)]
    [InlineData(ConsumerStartPosition.Newest, null, null, 1UL)]
    public void Start_position(ConsumerStartPosition start, ulong? oldest, ulong? newest, ulong expected) =>
        Assert.Equal(expected, LeasePlanner.StartSeq(new PoolBounds(oldest, newest), start));
}
