// The state file: JSON round trip, and every kind of damage refused as Corrupt with the reset hint.
using System.Text;
using Plasmite.Consumers.Checkpoints;

namespace Plasmite.Consumers.Tests;

[Trait("Category", "Unit")]
public class StateFileTests
{
    [Fact]
    public void Round_trips_every_field()
    {
        var s = LeasePlanner.NewState("billing", "/x/p.plasmite", new PoolIdentity(4096, 7, 99, 123456789), 1, 5);
        LeasePlanner.Claim(s, new Claimant("h/1/a", "h", 1, 77), 4, new PoolBounds(1, 9), 10, 1000, _ => true, RetentionGapPolicy.SkipAhead);
        LeasePlanner.Complete(s, [new Completion(2, 20), new Completion(3, 30)], 1);
        var back = ConsumerStateJson.Decode(ConsumerStateJson.Encode(s), "f");
        Assert.Equal(ConsumerStateJson.Encode(s), ConsumerStateJson.Encode(back));
        Assert.Equal(s.Pool, back.Pool);
        Assert.Equal([new SeqRange(2, 3)], back.Done);
        Assert.Equal(2, back.Leases.Count);
        Assert.Equal(77UL, back.Leases[0].ProcessStart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("\"committed_seq\": 5,")]
    public void Garbage_is_corrupt(string text)
    {
        var e = Assert.Throws<PlasmiteException>(() => ConsumerStateJson.Decode(Encoding.UTF8.GetBytes(text), "/s.json"));
        Assert.Equal(ErrorKind.Corrupt, e.Kind);
        Assert.Equal("/s.json", e.Path);
        Assert.Contains("plasmite consumer reset", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"next_seq\": 3", "\"next_seq\": 1")]        // next not above committed
    [InlineData("\"next_seq\": 3", "\"next_seq\": 9")]        // claimed seqs neither leased nor done
    [InlineData("\"format\": 1", "\"format\": 2")]
    public void Broken_invariants_are_corrupt(string from, string to)
    {
        var s = LeasePlanner.NewState("c", "/p", new PoolIdentity(1, 0, null, null), 1, 0);
        LeasePlanner.Claim(s, new Claimant("o", "h", 1, 1), 2, new PoolBounds(1, 5), 0, 10, _ => true, RetentionGapPolicy.SkipAhead);
        string json = Encoding.UTF8.GetString(ConsumerStateJson.Encode(s));
        Assert.Contains(from, json, StringComparison.Ordinal);
        var e = Assert.Throws<PlasmiteException>(() => ConsumerStateJson.Decode(Encoding.UTF8.GetBytes(json.Replace(from, to, StringComparison.Ordinal)), "f"));
        Assert.Equal(ErrorKind.Corrupt, e.Kind);
    }

    [Theory]
    [InlineData("billing", true)]
    [InlineData("a.b_c-D9", true)]
    [InlineData("", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    public void Names(string name, bool ok) => Assert.Equal(ok, ConsumerPaths.NameProblem(name) is null);
}
