// Unit tests of the header encoding, subject matching and default names.
using NATS.Client.Core;

namespace Plasmite.Nats.Tests;

[Trait("Category", "Process")]
public sealed class HeaderTests
{
    [Fact]
    public void Tags_round_trip_through_an_ascii_header()
    {
        string[] tags = ["plain", "café", "line\nbreak", "quote\"", "emoji 🎉", ""];
        var header = BridgeHeaders.EncodeTags(tags);
        Assert.All(header, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(tags, BridgeHeaders.DecodeTags(header));
    }

    [Fact]
    public void Missing_tags_header_is_no_tags_and_a_bad_one_is_usage()
    {
        Assert.Empty(BridgeHeaders.DecodeTags(null));
        var e = Assert.Throws<PlasmiteException>(() => BridgeHeaders.DecodeTags("{\"a\":1}"));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => BridgeHeaders.DecodeTags("[1]")).Kind);
    }

    [Fact]
    public void Headers_carry_seq_time_tags_and_a_per_pool_message_id()
    {
        var h = BridgeHeaders.For("abc", "events", 42, 1_700_000_000_123_456_789, ["x"], 7);
        Assert.Equal("abc:42", h[BridgeHeaders.MsgId]);
        Assert.Equal("42", h[BridgeHeaders.Seq]);
        Assert.Equal("2023-11-14T22:13:20.123456789Z", h[BridgeHeaders.Time]);
        Assert.Equal(Plasmite.Text.Rfc3339.Format(1_700_000_000_123_456_789), h[BridgeHeaders.Time]);
        Assert.Equal("[\"x\"]", h[BridgeHeaders.Tags]);
        Assert.Equal("7", h["Nats-Expected-Last-Subject-Sequence"]);
    }

    [Theory]
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.*", "a.b", true)]
    [InlineData("a.*", "a.b.c", false)]
    [InlineData("a.>", "a.b.c", true)]
    [InlineData("a.>", "a", false)]
    [InlineData(">", "x", true)]
    [InlineData("a.b", "a.c", false)]
    public void Subjects_match_like_nats(string pattern, string subject, bool expected) =>
        Assert.Equal(expected, StreamSetup.SubjectMatches(pattern, subject));

    [Fact]
    public void Default_names_come_from_the_pool_file()
    {
        Assert.Equal("events", BridgeNames.PoolName("/x/events.plasmite"));
        Assert.Equal("plasmite-my_pool", BridgeNames.DefaultStream("my.pool"));
        Assert.Equal("plasmite.my_pool", BridgeNames.DefaultSubject("my.pool"));
        Assert.Equal("plasmite-import-b", BridgeNames.DefaultDurable("b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://127.0.0.1:4222")]
    [InlineData("nats://")]
    public void Bad_urls_are_usage_errors(string url) =>
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => NatsConnector.Validate(url)).Kind);

    [Fact]
    public void Good_urls_pass() => NatsConnector.Validate("nats://127.0.0.1:4222,tls://h:1,127.0.0.1:5");

    [Fact]
    public void Auth_and_tls_options_reach_the_client()
    {
        using var dir = new Plasmite.Testing.TempDir();
        var ca = dir.File("ca.pem");
        File.WriteAllText(ca, "not checked here");
        var o = NatsConnector.BuildOptions(new NatsBridgeOptions { Url = "nats://h:1", Token = "t", User = "u", Password = "p", TlsCaFile = ca }, null);
        Assert.Equal("t", o.AuthOpts.Token);
        Assert.Equal("u", o.AuthOpts.Username);
        Assert.Equal("p", o.AuthOpts.Password);
        Assert.Equal(ca, o.TlsOpts.CaFile);
        Assert.Equal(TlsMode.Require, o.TlsOpts.Mode);
        Assert.Equal(-1, o.MaxReconnectRetry);
        var missing = Assert.Throws<PlasmiteException>(() => NatsConnector.BuildOptions(new NatsBridgeOptions { Url = "nats://h:1", CredsFile = dir.File("nope") }, null));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
    }
}
