// Pool info/create/list/delete renderings and the recurring pool errors.
using System.Text.Json;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Tests.Output;

[Trait("Category", "Unit")]
public class PoolViewsTests
{
    private const ulong T1 = 1_770_552_000_100_000_000; // 2026-02-08T12:00:00.1Z
    private const ulong T2 = 1_770_552_000_200_000_000;
    private const ulong Now = T2 + 5_000_000_000;

    private static PoolInfoView Demo(string path = "/home/u/.plasmite/pools/demo.plasmite") => SdkBackend.View(new PoolInfo
    {
        Name = "demo", Path = path, FileSize = 1048576, IndexOffset = 4096, IndexCapacity = 4096, RingOffset = 69632, RingSize = 978944,
        Bounds = new PoolBounds(1, 2),
        Metrics = new PoolMetrics
        {
            MessageCount = 2, UsedBytes = 144, FreeBytes = 978800, UsedPercentHundredths = 1,
            OldestTimestampNs = T1, NewestTimestampNs = T2, OldestAgeMs = (Now - T1) / 1_000_000, NewestAgeMs = (Now - T2) / 1_000_000,
        },
    }, "demo");

    private static PoolInfoView Empty() => SdkBackend.View(new PoolInfo
    {
        Name = "e", Path = "/d/e.plasmite", FileSize = 1048576, IndexOffset = 4096, IndexCapacity = 4096, RingOffset = 69632, RingSize = 978944,
        Bounds = default,
        Metrics = new PoolMetrics { MessageCount = 0, UsedBytes = 0, FreeBytes = 978944, UsedPercentHundredths = 0 },
    }, "e");

    [Fact]
    public void InfoJsonShape()
    {
        Assert.Equal(
            "{\"bounds\":{\"newest\":2,\"oldest\":1},\"file_size\":1048576,\"index_capacity\":4096,\"index_offset\":4096,\"index_size_bytes\":65536," +
            "\"metrics\":{\"age\":{\"newest_age_ms\":5000,\"newest_time\":\"2026-02-08T12:00:00.2Z\",\"oldest_age_ms\":5100,\"oldest_time\":\"2026-02-08T12:00:00.1Z\"}," +
            "\"message_count\":2,\"seq_span\":2,\"utilization\":{\"free_bytes\":978800,\"used_bytes\":144,\"used_percent\":0.01}}," +
            "\"name\":\"demo\",\"path\":\"/home/u/.plasmite/pools/demo.plasmite\",\"ring_offset\":69632,\"ring_size\":978944}",
            PoolViews.InfoJson(Demo()));
        var empty = PoolViews.InfoJson(Empty());
        Assert.Contains("\"bounds\":{}", empty, StringComparison.Ordinal);
        Assert.Contains("\"age\":{\"newest_age_ms\":null,\"newest_time\":null,\"oldest_age_ms\":null,\"oldest_time\":null}", empty, StringComparison.Ordinal);
        Assert.Contains("\"used_percent\":0.0", empty, StringComparison.Ordinal);
        using var _ = JsonDocument.Parse(empty);
        Assert.Equal(JsonPrinter.Compact(empty), empty); // already in sorted-key form
    }

    [Fact]
    public void InfoPlainMatchesSpec()
    {
        Assert.Equal("""
            Pool: demo
            Path: /home/u/.plasmite/pools/demo.plasmite
            Size: 1048576 bytes (index: offset=4096 slots=4096 bytes=65536, ring: offset=69632 size=978944)
            Bounds: oldest=1 newest=2 count=2
            Utilization: used=144B free=978800B (0.01%)
            Oldest: 2026-02-08T12:00:00.1Z (5s ago)
            Newest: 2026-02-08T12:00:00.2Z (5s ago)

            """.Replace("\r\n", "\n"), PoolViews.InfoPlain(Demo(), "demo", Now));
        var empty = PoolViews.InfoPlain(Empty(), "e", Now);
        Assert.Contains("Bounds: oldest=- newest=- count=0", empty, StringComparison.Ordinal);
        Assert.Contains("Oldest: -\n", empty, StringComparison.Ordinal);
    }

    [Fact]
    public void InfoTerminalMatchesSpec()
    {
        Assert.Equal("""
            demo
              path:      demo.plasmite
              size:      1M (144 used, 0.01%)
              messages:  2 (seq 1..2)
              oldest:    5s ago (2026-02-08T12:00:00Z)
              newest:    5s ago (2026-02-08T12:00:00Z)
              index:     4096 slots (64K)
              ring:      956K

            """.Replace("\r\n", "\n"), PoolViews.InfoTerminal(Demo(), "demo", "demo.plasmite", Now));
        var empty = PoolViews.InfoTerminal(Empty(), "e", "e.plasmite", Now);
        Assert.Contains("  messages:  empty\n  oldest:    —\n  newest:    —\n", empty, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateOutputs()
    {
        var a = Demo("/d/demo.plasmite");
        Assert.Equal("Created demo (1M, 4096 index slots)\n  path: demo.plasmite\n", PoolViews.CreatedHuman([a], "/d", terminal: true));
        Assert.Equal("Created 2 pools (1M each)\n  - demo (demo.plasmite)\n  - b (b.plasmite)\n",
            PoolViews.CreatedHuman([a, a with { Name = "b", Path = "/d/b.plasmite" }], "/d", terminal: true));
        Assert.Equal("NAME  SIZE     INDEX  PATH         \ndemo  1048576  4096   demo.plasmite\n", PoolViews.CreatedHuman([a], "/d", terminal: false));
        Assert.StartsWith("{\"created\":[{\"bounds\":", PoolViews.CreatedJson([a], Now), StringComparison.Ordinal);
    }

    [Fact]
    public void ListOutputs()
    {
        var ok = new PoolListRow("a", "/d/a.plasmite", 1048576, 1, 3, T2, null);
        var bad = new PoolListRow("b", "/d/b.plasmite", null, null, null, null,
            new PlasmiteException(ErrorKind.Corrupt, "corrupt data", path: "/d/b.plasmite"));
        var json = PoolViews.ListJson([ok, bad]);
        Assert.Equal(
            "{\"pools\":[{\"bounds\":{\"newest\":3,\"oldest\":1},\"file_size\":1048576,\"mtime\":\"2026-02-08T12:00:00.2Z\",\"name\":\"a\",\"path\":\"/d/a.plasmite\"}," +
            "{\"error\":{\"error\":{\"hint\":\"Pool appears corrupt. Recreate it or investigate with validation tooling.\",\"kind\":\"Corrupt\",\"message\":\"corrupt data\",\"path\":\"/d/b.plasmite\"}},\"name\":\"b\",\"path\":\"/d/b.plasmite\"}]}",
            json);
        Assert.Equal("No pools found in /d/\n\n  Create one: plasmite pool create <name>\n", PoolViews.ListHuman([], "/d", true, Now));
        var tty = PoolViews.ListHuman([ok], "/d", true, Now);
        Assert.StartsWith("NAME  SIZE  MSGS  MODIFIED  PATH", tty, StringComparison.Ordinal);
        Assert.Contains("a     1M    3     5s ago    a.plasmite", tty, StringComparison.Ordinal);
        var withError = PoolViews.ListHuman([ok, bad], "/d", true, Now);
        Assert.StartsWith("NAME  STATUS  SIZE     OLDEST  NEWEST  MTIME", withError, StringComparison.Ordinal);
        Assert.Contains("b     ERR     -        -       -       -", withError, StringComparison.Ordinal);
        Assert.Contains("corrupt data", withError, StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteOutputsAndExitCode()
    {
        var deleted = new PoolDeleteOutcome("a", "/d/a.plasmite", null);
        var missing = new PoolDeleteOutcome("m", null, Hints.DeleteNotFound(PoolRefs.ResolveLocal("m", "/d")));
        var remote = new PoolDeleteOutcome("http://h:1/x", null, Hints.DeleteRemote());
        Assert.Equal("Deleted pool \"a\".\n", PoolViews.DeleteHuman([deleted], "/d", true));
        Assert.StartsWith("Pool \"m\" not found. Nothing to delete.\n", PoolViews.DeleteHuman([missing], "/d", true), StringComparison.Ordinal);
        Assert.Equal("Deleted 1 of 2 pools.\n  ✓ a\n  ✗ m — pool not found\n", PoolViews.DeleteHuman([deleted, missing], "/d", true));
        Assert.Equal("Deleted 2 pools.\n  ✓ a\n  ✓ a\n", PoolViews.DeleteHuman([deleted, deleted], "/d", true));
        Assert.Equal(
            "{\"deleted\":[{\"path\":\"/d/a.plasmite\",\"pool\":\"a\"}],\"failed\":[{\"error\":{\"hint\":\"Create the pool first or check --dir.\",\"kind\":\"NotFound\",\"message\":\"pool not found\",\"path\":\"/d/m.plasmite\"},\"pool\":\"m\"}]}",
            PoolViews.DeleteJson([deleted, missing]));
        Assert.Contains("m     ERR     /d/m.plasmite  pool not found", PoolViews.DeleteHuman([deleted, missing], "/d", false), StringComparison.Ordinal);
        Assert.Equal(0, PoolViews.DeleteExitCode([deleted]));
        Assert.Equal(3, PoolViews.DeleteExitCode([deleted, missing, remote]));
        Assert.Equal(2, PoolViews.DeleteExitCode([deleted, remote, missing]));
    }

    [Fact]
    public void RecurringErrors()
    {
        var name = PoolRefs.ResolveLocal("chat", "/d");
        var e = Hints.PoolNotFound(name);
        Assert.Equal(("not found", (string?)null), (e.Message, e.Path));
        Assert.Equal("Create it first: plasmite pool create chat (or pass --dir for a different pool directory).", e.Hint);
        Assert.Equal(Hints.PathNotFound, Hints.PoolNotFound(PoolRefs.ResolveLocal("./x.plasmite", "/d")).Hint);
        var m = Hints.MessageNotFound(name, 9);
        Assert.Equal(9UL, m.Seq);
        Assert.Null(m.Path);
        Assert.Contains("pool info", m.Hint, StringComparison.Ordinal);
        Assert.Contains("follow", m.Hint, StringComparison.Ordinal);
        var exists = Hints.PoolAlreadyExists(name);
        Assert.EndsWith("chat.plasmite", exists.Path, StringComparison.Ordinal);
        Assert.Equal(4, ErrorReporter.ExitCode(exists.Kind));
        Assert.Equal(8, ErrorReporter.ExitCode(Hints.DeleteFailed(name, new UnauthorizedAccessException()).Kind));
    }
}
