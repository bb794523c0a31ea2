// End-to-end: pool create/info/list/delete, feed, fetch and doctor through the real tool and real pool files.
namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class WiredPoolTests
{
    [Fact]
    public void PoolLifecycle()
    {
        using var s = new WiredSandbox();
        var create = s.Run("pool", "create", "beta", "alpha");
        Assert.Equal(0, create.ExitCode);
        Assert.StartsWith("NAME   SIZE     INDEX  PATH", create.Stdout, StringComparison.Ordinal);
        Assert.Contains("beta   1048576  4096   beta.plasmite", create.Stdout, StringComparison.Ordinal);

        var again = s.Run("pool", "create", "alpha");
        Assert.Equal(4, again.ExitCode);
        var err = WiredSandbox.ErrorOf(again);
        Assert.Equal("AlreadyExists", err.GetProperty("kind").GetString());
        Assert.Equal("pool already exists", err.GetProperty("message").GetString());
        Assert.EndsWith("alpha.plasmite", err.GetProperty("path").GetString(), StringComparison.Ordinal);

        var json = s.Run("pool", "create", "gamma", "--size", "64K", "--index-capacity", "0", "--json");
        Assert.Equal(0, json.ExitCode);
        var created = WiredSandbox.Json(json.Stdout).GetProperty("created")[0];
        Assert.Equal("gamma", created.GetProperty("name").GetString());
        Assert.Equal(65536, created.GetProperty("file_size").GetInt64());
        Assert.Equal(4096, created.GetProperty("ring_offset").GetInt64());

        var tooBig = s.Run("pool", "create", "delta", "--size", "64K", "--index-capacity", "4096");
        Assert.Equal(2, tooBig.ExitCode);
        Assert.Equal("index capacity is too large for pool size", WiredSandbox.ErrorOf(tooBig).GetProperty("message").GetString());

        var info = s.Run("pool", "info", "alpha", "--json");
        Assert.Equal(0, info.ExitCode);
        var i = WiredSandbox.Json(info.Stdout);
        Assert.Equal(69632, i.GetProperty("ring_offset").GetInt64());
        Assert.Equal(0, i.GetProperty("metrics").GetProperty("message_count").GetInt64());
        Assert.Equal("{}", i.GetProperty("bounds").GetRawText());

        var plain = s.Run("pool", "info", "alpha");
        Assert.Contains("Pool: alpha\n", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("Bounds: oldest=- newest=- count=0\n", plain.Stdout, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(s.Dir, "bad.plasmite"), "NOPE");
        var list = WiredSandbox.Json(s.Run("pool", "list", "--json").Stdout).GetProperty("pools");
        Assert.Equal(["alpha", "bad", "beta", "gamma"], list.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("Corrupt", list[1].GetProperty("error").GetProperty("error").GetProperty("kind").GetString());
        Assert.True(list[0].TryGetProperty("mtime", out _));

        var badInfo = s.Run("pool", "info", "bad");
        Assert.Equal(7, badInfo.ExitCode);
        Assert.EndsWith("bad.plasmite", WiredSandbox.ErrorOf(badInfo).GetProperty("path").GetString(), StringComparison.Ordinal);

        var missing = s.Run("pool", "info", "nope");
        Assert.Equal(3, missing.ExitCode);
        var m = WiredSandbox.ErrorOf(missing);
        Assert.Equal("not found", m.GetProperty("message").GetString());
        Assert.False(m.TryGetProperty("path", out _));
        Assert.StartsWith("Create it first: plasmite pool create nope", m.GetProperty("hint").GetString(), StringComparison.Ordinal);

        var delete = s.Run("pool", "delete", "alpha", "nope", "--json");
        Assert.Equal(3, delete.ExitCode);
        var d = WiredSandbox.Json(delete.Stdout);
        Assert.Equal("alpha", d.GetProperty("deleted")[0].GetProperty("pool").GetString());
        Assert.Equal("NotFound", d.GetProperty("failed")[0].GetProperty("error").GetProperty("kind").GetString());
        Assert.False(File.Exists(Path.Combine(s.Dir, "alpha.plasmite")));
        Assert.Equal(2, s.Run("pool", "delete", "beta", "http://127.0.0.1:9/x").ExitCode);
    }

    [Fact]
    public void FeedAndFetchRoundTrip()
    {
        using var s = new WiredSandbox();
        var missing = s.Run("feed", "chat", "{\"x\":1}", "--tag", "a");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("plasmite feed chat --create --tag a", WiredSandbox.ErrorOf(missing).GetProperty("hint").GetString(), StringComparison.Ordinal);

        var fed = s.Run("feed", "chat", "--create", "{\"b\":2,\"a\":[1,{\"z\":0,\"y\":1}]}", "--tag", "greeting", "--tag", "x");
        Assert.Equal(0, fed.ExitCode);
        Assert.Matches("^\\{\"meta\":\\{\"tags\":\\[\"greeting\",\"x\"\\]\\},\"seq\":1,\"time\":\"[^\"]+Z\"\\}\n$", fed.Stdout);

        var fetch = s.Run("fetch", "chat", "1");
        Assert.Equal(0, fetch.ExitCode);
        Assert.StartsWith("{\"data\":{\"a\":[1,{\"y\":1,\"z\":0}],\"b\":2},\"meta\":{\"tags\":[\"greeting\",\"x\"]},\"seq\":1,\"time\":", fetch.Stdout, StringComparison.Ordinal);
        var receiptTime = WiredSandbox.Json(fed.Stdout).GetProperty("time").GetString();
        Assert.Equal(receiptTime, WiredSandbox.Json(fetch.Stdout).GetProperty("time").GetString());

        var noSeq = s.Run("fetch", "chat", "42");
        Assert.Equal(3, noSeq.ExitCode);
        var e = WiredSandbox.ErrorOf(noSeq);
        Assert.Equal("message not found", e.GetProperty("message").GetString());
        Assert.Equal(42, e.GetProperty("seq").GetInt64());
        Assert.Equal(3, s.Run("fetch", "nope", "1").ExitCode);

        // stdin: JSON Lines, a pretty-printed value, a jq-style concatenation, and a file.
        Assert.Equal(2, WiredSandbox.Lines(s.RunWithStdin("{\"n\":2}\n\n{\"n\":3}\n", "feed", "chat").Stdout).Length);
        Assert.Single(WiredSandbox.Lines(s.RunWithStdin("{\n  \"n\": 4\n}\n", "feed", "chat").Stdout));
        Assert.Equal(2, WiredSandbox.Lines(s.RunWithStdin("{\"n\":5} {\"n\":6}", "feed", "chat", "--in", "jq").Stdout).Length);
        var file = Path.Combine(s.Root, "in.jsonl");
        File.WriteAllText(file, "{\"n\":7}\n{\"n\":8}\n");
        var fromFile = s.Run("feed", "chat", "--file", file, "--durability", "flush");
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(8, WiredSandbox.Json(WiredSandbox.Lines(fromFile.Stdout)[1]).GetProperty("seq").GetInt64());
        Assert.Equal("{\"n\":8}", WiredSandbox.Json(s.Run("fetch", "chat", "8").Stdout).GetProperty("data").GetRawText());

        var skip = s.RunWithStdin("{\"n\":10}\nnot json\n{\"n\":11}\n", "feed", "chat", "--errors", "skip");
        Assert.Equal(1, skip.ExitCode);
        Assert.Contains("\"kind\":\"ingest_skip\"", skip.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"ingest_summary\"", skip.Stderr, StringComparison.Ordinal);

        var stop = s.RunWithStdin("{\"n\":11}\nnot json\n", "feed", "chat");
        Assert.Equal(2, stop.ExitCode);
        Assert.Single(WiredSandbox.Lines(stop.Stdout));
        Assert.Equal("invalid json input", WiredSandbox.ErrorOf(stop).GetProperty("message").GetString());

        var empty = s.RunWithStdin("", "feed", "chat");
        Assert.Equal(2, empty.ExitCode);
        Assert.Equal("missing data input", WiredSandbox.ErrorOf(empty).GetProperty("message").GetString());
        var notObject = s.Run("feed", "chat", "[1]");
        Assert.Equal(2, notObject.ExitCode);
        Assert.Equal("data must be object", WiredSandbox.ErrorOf(notObject).GetProperty("message").GetString());
    }

    [Fact]
    public void TerminalOutputs()
    {
        Assert.True(CliProcess.HasTool("script"), "util-linux `script` is needed for pseudo-terminal tests");
        using var s = new WiredSandbox();
        var create = s.OnTerminal("pool", "create", "demo");
        Assert.Equal(0, create.ExitCode);
        Assert.Contains("Created demo (1M, 4096 index slots)", create.Stdout, StringComparison.Ordinal);
        var fed = s.OnTerminal("feed", "demo", "{\"x\":1}", "--tag", "a", "--tag", "b");
        Assert.Matches("fed seq=1 at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  tags: a,b", fed.Stdout);
        var info = s.OnTerminal("pool", "info", "demo");
        Assert.Contains("  messages:  1 (seq 1..1)", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("  ring:      956K", info.Stdout, StringComparison.Ordinal);
        var missing = s.OnTerminal("fetch", "demo", "5");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("error: message not found", missing.Stdout, StringComparison.Ordinal);
        Assert.Contains("seq: 5", missing.Stdout, StringComparison.Ordinal);
        var doctor = s.OnTerminal("doctor", "demo");
        Assert.Contains("demo: healthy", doctor.Stdout, StringComparison.Ordinal);
        var list = s.OnTerminal("pool", "list");
        Assert.Contains("NAME  SIZE  MSGS  MODIFIED  PATH", list.Stdout, StringComparison.Ordinal);
        Assert.Matches("demo  1M    1     \\d+s ago", list.Stdout);
        var delete = s.OnTerminal("pool", "delete", "demo");
        Assert.Equal(0, delete.ExitCode);
        Assert.Contains("Deleted pool \"demo\".", delete.Stdout, StringComparison.Ordinal);
        var none = s.OnTerminal("pool", "list");
        Assert.Contains("No pools found in ", none.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DoctorReportsHealthyCorruptAndMissing()
    {
        using var s = new WiredSandbox();
        Assert.Equal(0, s.Run("pool", "create", "good").ExitCode);
        Assert.Equal(0, s.Run("feed", "good", "{\"x\":1}").ExitCode);
        var ok = s.Run("doctor", "good");
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("OK: good\n", ok.Stdout);

        File.WriteAllBytes(Path.Combine(s.Dir, "bad.plasmite"), new byte[8192]);
        var all = s.Run("doctor", "--all");
        Assert.Equal(7, all.ExitCode);
        Assert.StartsWith("CORRUPT: bad", all.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK: good\n", all.Stdout, StringComparison.Ordinal);

        var json = WiredSandbox.Json(s.Run("doctor", "good", "--json").Stdout).GetProperty("reports")[0];
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("last_good_seq").GetInt64());
        Assert.Equal(3, s.Run("doctor", "nope").ExitCode);
    }
}
