// Sizes, durations, --since, durability, human bytes/ages and tables (spec cli.md §4.6, §4.7).
using Plasmite.Cli.Execution;
using Plasmite.Cli.Values;

namespace Plasmite.Cli.Tests.Values;

[Trait("Category", "Unit")]
public class ValueSyntaxTests
{
    [Theory]
    [InlineData("4096", 4096UL)]
    [InlineData("64M", 67108864UL)]
    [InlineData("64m", 67108864UL)]
    [InlineData("1G", 1073741824UL)]
    [InlineData("1g", 1073741824UL)]
    [InlineData("64K", 65536UL)]
    [InlineData("64 K", 65536UL)]
    [InlineData("1M", 1048576UL)]
    public void Sizes(string text, ulong expected) => Assert.Equal(expected, ValueSyntax.ParseSize(text));

    [Theory]
    [InlineData("1MiB", "invalid size suffix")]
    [InlineData("2Gi", "invalid size suffix")]
    [InlineData("1.5M", "invalid size")]
    [InlineData("M", "invalid size")]
    [InlineData("", "invalid size")]
    [InlineData("-1", "invalid size")]
    [InlineData("99999999999999999999", "size overflow")]
    [InlineData("17179869184G", "size overflow")]
    public void BadSizes(string text, string message)
    {
        var ex = Assert.Throws<PlasmiteException>(() => ValueSyntax.ParseSize(text));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal(message, ex.Message);
        Assert.Contains("64M", ex.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5000)]
    [InlineData("1m", 60000)]
    [InlineData("2h", 7200000)]
    [InlineData("0s", 0)]
    public void Durations(string text, double ms) => Assert.Equal(ms, ValueSyntax.ParseDuration(text).TotalMilliseconds);

    [Theory]
    [InlineData("5")]
    [InlineData("1.5s")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("5S")]
    [InlineData("")]
    public void BadDurations(string text)
    {
        var ex = Assert.Throws<PlasmiteException>(() => ValueSyntax.ParseDuration(text));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal("invalid duration", ex.Message);
    }

    [Fact]
    public void SinceRelativeAndAbsolute()
    {
        const ulong now = 1_770_552_000_000_000_000;
        Assert.Equal(now - 10UL * 60 * 1_000_000_000, ValueSyntax.ParseSince("10m", now));
        Assert.Equal(now - 10UL * 60 * 1_000_000_000, ValueSyntax.ParseSince("10M", now));
        Assert.Equal(now - 86_400UL * 1_000_000_000, ValueSyntax.ParseSince("1d", now));
        Assert.Equal(now - 5UL * 1_000_000_000, ValueSyntax.ParseSince("5s", now));
        Assert.Equal(0UL, ValueSyntax.ParseSince("100000d", 1000));
        Assert.Equal(1_770_552_000_500_000_000UL, ValueSyntax.ParseSince("2026-02-08T12:00:00.5Z", now));
        Assert.Equal(1_770_552_000_000_000_000UL, ValueSyntax.ParseSince("2026-02-08T14:00:00+02:00", now));
        Assert.Equal(1_770_552_000_000_000_000UL, ValueSyntax.ParseSince("2026-02-08T06:30:00-05:30", now));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("10")]
    [InlineData("10ms")]
    [InlineData("10w")]
    [InlineData("2026-02-08")]
    [InlineData("2026-02-08T12:00:00+25:00")]
    public void BadSince(string text)
    {
        var ex = Assert.Throws<PlasmiteException>(() => ValueSyntax.ParseSince(text, 1_000_000_000_000));
        Assert.Equal("invalid --since value", ex.Message);
    }

    [Fact]
    public void Durability()
    {
        Assert.Equal(CliDurability.Fast, ValueSyntax.ParseDurability("fast"));
        Assert.Equal(CliDurability.Flush, ValueSyntax.ParseDurability("flush"));
        var ex = Assert.Throws<PlasmiteException>(() => ValueSyntax.ParseDurability("FAST"));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal("invalid durability", ex.Message);
        Assert.Contains("fast", ex.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1023UL, "1023")]
    [InlineData(1024UL, "1K")]
    [InlineData(1536UL, "1.5K")]
    [InlineData(65536UL, "64K")]
    [InlineData(978944UL, "956K")]
    [InlineData(1048576UL, "1M")]
    [InlineData(1073741824UL, "1G")]
    [InlineData(1610612736UL, "1.5G")]
    public void HumanBytes(ulong bytes, string expected) => Assert.Equal(expected, ValueSyntax.FormatBytes(bytes));

    [Theory]
    [InlineData(0, "1s ago")]
    [InlineData(5, "5s ago")]
    [InlineData(59, "59s ago")]
    [InlineData(60, "1m ago")]
    [InlineData(3600, "1h ago")]
    [InlineData(86400, "1d ago")]
    [InlineData(6 * 86400, "6d ago")]
    [InlineData(14 * 86400, "2w ago")]
    public void HumanAge(int seconds, string expected) => Assert.Equal(expected, ValueSyntax.FormatAge(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void TablesPadEveryCellAndEscapeNewlines()
    {
        var table = ValueSyntax.FormatTable(["NAME", "STATUS", "DETAIL"], [["a", "OK", "-"], ["long-name", "ERR", "two\nlines"]]);
        Assert.Equal("NAME       STATUS  DETAIL    \na          OK      -         \nlong-name  ERR     two\\nlines\n", table);
    }
}

[Trait("Category", "Unit")]
public class PoolRefTests
{
    [Theory]
    [InlineData("chat", "/d/chat.plasmite", false)]
    [InlineData("chat.plasmite", "/d/chat.plasmite", false)]
    [InlineData("./pools/x.plasmite", "./pools/x.plasmite", true)]
    [InlineData("sub/x", "sub/x", true)]
    public void LocalResolution(string arg, string path, bool pathLike)
    {
        var r = Assert.IsType<LocalPoolRef>(PoolRefs.Resolve(arg, "/d"));
        Assert.Equal(path, r.Path);
        Assert.Equal(pathLike, r.IsPathLike);
        Assert.Equal(arg, r.Typed);
    }

    [Fact]
    public void RemoteShorthand()
    {
        var r = Assert.IsType<RemotePoolRef>(PoolRefs.Resolve("http://127.0.0.1:9700/demo", "/d"));
        Assert.Equal("http://127.0.0.1:9700/", r.BaseUrl.AbsoluteUri);
        Assert.Equal("demo", r.Pool);
        Assert.Equal("http://127.0.0.1:9700/demo", r.Display);
        Assert.IsType<RemotePoolRef>(PoolRefs.Resolve("https://h.example:443/x", "/d"));
    }

    [Theory]
    [InlineData("ftp://h/demo", "remote pool ref must use http or https scheme")]
    [InlineData("http://h:9700/v0/pools/demo/append", "remote pool ref must use shorthand http(s)://host:port/<pool>")]
    [InlineData("http://h:9700/demo/", "remote pool ref must use shorthand http(s)://host:port/<pool>")]
    [InlineData("http://h:9700/", "remote pool ref must use shorthand http(s)://host:port/<pool>")]
    [InlineData("http://h:9700/pool", "remote pool ref must use shorthand http(s)://host:port/<pool>")]
    [InlineData("http://h:9700/a%2Fb", "remote pool ref must use shorthand http(s)://host:port/<pool>")]
    [InlineData("http://h:9700/demo?x=1", "remote pool ref must use shorthand http(s)://host:port/<pool>")]
    [InlineData("http://h:9700/demo#f", "remote pool ref must use shorthand http(s)://host:port/<pool>")]
    public void BadRemoteRefs(string arg, string message)
    {
        var ex = Assert.Throws<PlasmiteException>(() => PoolRefs.Resolve(arg, "/d"));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void LocalOnlyCommandsTreatUrlsAsPaths()
    {
        var r = PoolRefs.ResolveLocal("http://h:9700/demo", "/d");
        Assert.True(r.IsPathLike);
        Assert.Equal("http://h:9700/demo", r.Path);
    }
}
