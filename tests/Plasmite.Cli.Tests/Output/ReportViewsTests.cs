// doctor and tap renderings, drop-notice coalescing and follow's pure helpers.
using System.Text.Json;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Jq;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Tests.Output;

[Trait("Category", "Unit")]
public class ReportViewsTests
{
    private static DoctorReport Healthy(string name, ulong count) =>
        new(name, $"/d/{name}.plasmite", name, [], count == 0 ? null : count, [], null, count, count == 0 ? null : 1, count == 0 ? null : count);

    private static DoctorReport Corrupt(string name) =>
        new(name, $"/d/{name}.plasmite", name, [new DoctorIssue("frame_crc", "bad frame checksum", 4096, 7)], 6,
            ["Recreate the pool."], null, 6, 1, 7);

    [Fact]
    public void DoctorJson()
    {
        Assert.Equal(
            "{\"reports\":[{\"issue_count\":1,\"issues\":[{\"code\":\"frame_crc\",\"message\":\"bad frame checksum\",\"offset\":4096,\"seq\":7}],\"last_good_seq\":6," +
            "\"path\":\"/d/b.plasmite\",\"pool_ref\":\"b\",\"remediation_hints\":[\"Recreate the pool.\"],\"snapshot_path\":null,\"status\":\"corrupt\"}," +
            "{\"issue_count\":0,\"issues\":[],\"last_good_seq\":null,\"path\":\"/d/e.plasmite\",\"pool_ref\":\"e\",\"remediation_hints\":[],\"snapshot_path\":null,\"status\":\"ok\"}]}",
            DoctorViews.Json([Corrupt("b"), Healthy("e", 0)]));
    }

    [Fact]
    public void DoctorTextForms()
    {
        Assert.Equal("OK: a\nCORRUPT: b last_good_seq=6 issue=bad frame checksum\n", DoctorViews.Lines([Healthy("a", 2), Corrupt("b")]));
        Assert.Equal("a: healthy\n  messages:  2 (seq 1..2)\n  checked:   header, index, ring — 0 issues\n", DoctorViews.Single(Healthy("a", 2)));
        Assert.Equal("b: corrupt\n  messages:  6 (seq 1..7)\n  checked:   header, index, ring — 1 issue\n  detail:    bad frame checksum\n", DoctorViews.Single(Corrupt("b")));
        Assert.Contains("messages:  empty", DoctorViews.Single(Healthy("e", 0)), StringComparison.Ordinal);
        Assert.Equal("All 2 pools healthy.\n\n  a        2 messages   0 issues\n  longer   0 messages   0 issues\n", DoctorViews.All([Healthy("a", 2), Healthy("longer", 0)]));
        Assert.Equal("1 of 2 pools unhealthy.\n\n  ✓ a   2 messages   0 issues\n  ✗ b   6 messages   1 issue (run `plasmite doctor b` for detail)\n",
            DoctorViews.All([Healthy("a", 2), Corrupt("b")]));
        Assert.Equal("No pools found.\n", DoctorViews.All([]));
        Assert.Equal(7, DoctorViews.ExitCode([Healthy("a", 1), Corrupt("b")]));
        Assert.Equal(0, DoctorViews.ExitCode([Healthy("a", 1)]));
    }

    [Fact]
    public void TapMessagesAndBanners()
    {
        Assert.Equal("{\"cmd\":[\"echo\",\"hello\"],\"kind\":\"start\"}", TapViews.Start(["echo", "hello"]));
        Assert.Equal("{\"kind\":\"line\",\"line\":\"hi \\\"x\\\"\",\"stream\":\"stdout\"}", TapViews.Line("stdout", "hi \"x\"\r\n"));
        Assert.Equal("{\"code\":3,\"elapsed_ms\":12,\"kind\":\"exit\"}", TapViews.Exit(3, null, 12));
        Assert.Equal("{\"elapsed_ms\":5,\"kind\":\"exit\",\"signal\":\"SIGTERM\"}", TapViews.Exit(null, 15, 5));
        Assert.Equal("SIG10", TapViews.SignalName(10));
        Assert.Equal(143, TapViews.ExitCode(null, 15));
        Assert.Equal(3, TapViews.ExitCode(3, null));
        Assert.Equal("tapping build <- make test\n", TapViews.StartBanner("build", ["make", "test"]));
        Assert.Equal("tapped 2 lines (1.5s) -> build exit 0\n", TapViews.EndBanner("build", 2, TimeSpan.FromMilliseconds(1500), 0, null));
        Assert.Equal("tapped 1 line (0.0s) -> build signal SIGKILL\n", TapViews.EndBanner("build", 1, TimeSpan.Zero, null, 9));
    }

    [Fact]
    public void DropNoticesCoalescePerSecond()
    {
        var drops = new DropNotices("demo", "/p/demo.plasmite");
        Assert.Null(drops.TakeDue(0));
        drops.Record(10, 14);
        var first = drops.TakeDue(1_000_000_000)!;
        Assert.Equal("dropped 3 messages", first.Message);
        Assert.Equal([new("dropped_count", (object?)3UL), new("last_seen_seq", 10UL), new("next_seen_seq", 14UL), new("pool_path", "/p/demo.plasmite")],
            first.Details);
        drops.Record(20, 22);
        Assert.Null(drops.TakeDue(1_500_000_000));
        drops.Record(30, 35);
        var second = drops.TakeDue(2_000_000_001)!;
        Assert.Equal("dropped 5 messages", second.Message);
        Assert.Null(drops.TakeDue(9_000_000_000));
    }

    [Fact]
    public void FollowHelpers()
    {
        Assert.Equal([4, 6, 8], FollowLogic.LastMatches(Enumerable.Range(1, 9), i => i % 2 == 0, 3));
        Assert.Equal([2, 4, 6, 8], FollowLogic.LastMatches(Enumerable.Range(1, 9), i => i % 2 == 0, 10));
        Assert.Empty(FollowLogic.LastMatches(Enumerable.Range(1, 9), _ => true, 0));

        Assert.Equal(TimeSpan.FromSeconds(1), FollowLogic.ReplayDelay(1_000_000_000, 3_000_000_000, 2));
        Assert.Equal(TimeSpan.Zero, FollowLogic.ReplayDelay(1_000_000_000, 3_000_000_000, 0));
        Assert.Equal(TimeSpan.Zero, FollowLogic.ReplayDelay(3_000_000_000, 1_000_000_000, 1));

        var one = new OneWithTail(3);
        Assert.False(one.AfterHistory(2));
        Assert.True(one.OfferLive());
        Assert.True(new OneWithTail(3).AfterHistory(5));
        var noTail = new OneWithTail(0);
        Assert.False(noTail.AfterHistory(9));
        Assert.True(noTail.OfferLive());

        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var deadline = new IdleDeadline(TimeSpan.FromSeconds(2), () => now);
        now = now.AddSeconds(1.5);
        Assert.False(deadline.Expired);
        deadline.Emitted();
        now = now.AddSeconds(1.9);
        Assert.False(deadline.Expired);
        now = now.AddSeconds(0.2);
        Assert.True(deadline.Expired);
        Assert.Equal(Timeout.InfiniteTimeSpan, new IdleDeadline(null, () => now).Remaining);
    }

    [Fact]
    public void FollowFilterCombinesTagsAndWhere()
    {
        using var doc = JsonDocument.Parse("{\"data\":{\"ok\":true},\"meta\":{\"tags\":[\"a\",\"b\"]},\"seq\":1,\"time\":\"1970-01-01T00:00:00Z\"}");
        var e = doc.RootElement;
        Assert.True(FollowLogic.Matches(e, ["a", "b"], new WhereFilter([".data.ok"])));
        Assert.False(FollowLogic.Matches(e, ["a", "c"], new WhereFilter([])));
        Assert.False(FollowLogic.Matches(e, [], new WhereFilter([".data.ok == false"])));
    }
}
