// End-to-end: follow (history, filters, live across processes), tap, duplex, and the shared pool vectors.
using System.Diagnostics;
using System.Text.Json;

namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class WiredFollowTests
{
    private static WiredSandbox WithMessages()
    {
        var s = new WiredSandbox();
        Assert.Equal(0, s.Run("pool", "create", "chat").ExitCode);
        var lines = string.Join("\n", Enumerable.Range(1, 6).Select(i => $"{{\"i\":{i},\"ok\":{(i % 2 == 0 ? "true" : "false")}}}"));
        Assert.Equal(0, s.RunWithStdin(lines, "feed", "chat").ExitCode);
        Assert.Equal(0, s.Run("feed", "chat", "{\"i\":7,\"ok\":true}", "--tag", "vip").ExitCode);
        return s;
    }

    private static long[] Seqs(string stdout) => WiredSandbox.Lines(stdout).Select(l => WiredSandbox.Json(l).GetProperty("seq").GetInt64()).ToArray();

    [Fact]
    public void FollowHistoryFiltersAndTimeout()
    {
        using var s = WithMessages();
        var tail = s.Run("follow", "chat", "--tail", "3", "--jsonl", "--timeout", "200ms");
        Assert.Equal(124, tail.ExitCode);
        Assert.Equal([5L, 6L, 7L], Seqs(tail.Stdout));

        var where = s.Run("follow", "chat", "--tail", "10", "--where", ".data.ok == true", "--where", ".seq > 2", "--format", "jsonl", "--timeout", "100ms");
        Assert.Equal([4L, 6L, 7L], Seqs(where.Stdout));

        var tag = s.Run("follow", "chat", "--tail", "10", "--tag", "vip", "--jsonl", "--timeout", "100ms");
        Assert.Equal([7L], Seqs(tag.Stdout));

        var one = s.Run("follow", "chat", "--tail", "2", "--one", "--jsonl", "--data-only");
        Assert.Equal(0, one.ExitCode);
        Assert.Equal("{\"i\":7,\"ok\":true}\n", one.Stdout);

        var pretty = s.Run("follow", "chat", "--tail", "1", "--one");
        Assert.StartsWith("{\n  \"data\": {\n    \"i\": 7,\n    \"ok\": true\n  },\n  \"meta\": {\n    \"tags\": [\n      \"vip\"\n    ]\n  },\n  \"seq\": 7,", pretty.Stdout, StringComparison.Ordinal);

        var since = s.Run("follow", "chat", "--since", "1h", "--jsonl", "--timeout", "100ms");
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i).ToArray(), Seqs(since.Stdout));
        var future = s.Run("follow", "chat", "--since", "2999-01-01T00:00:00Z");
        Assert.Equal(0, future.ExitCode);
        Assert.Equal("", future.Stdout);

        var replay = s.Run("follow", "chat", "--tail", "2", "--replay", "0", "--jsonl");
        Assert.Equal(0, replay.ExitCode);
        Assert.Equal([6L, 7L], Seqs(replay.Stdout));

        var bad = s.Run("follow", "chat", "--tail", "1", "--where", ".data.i");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("filter expression must yield booleans", WiredSandbox.ErrorOf(bad).GetProperty("message").GetString());

        var missing = s.Run("follow", "nope", "--tail", "1");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("plasmite follow nope --create", WiredSandbox.ErrorOf(missing).GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Equal(124, s.Run("follow", "fresh", "--create", "--timeout", "50ms").ExitCode);
        Assert.True(File.Exists(Path.Combine(s.Dir, "fresh.plasmite")));
    }

    [Fact]
    public void FollowSeesAnotherProcessAppendWithin100Ms()
    {
        using var s = new WiredSandbox();
        Assert.Equal(0, s.Run("pool", "create", "live").ExitCode);
        var start = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        using var follower = s.Start("follow", "live", "--since", start, "--jsonl", "--timeout", "30s");
        var arrivals = new System.Collections.Concurrent.BlockingCollection<(string Line, DateTime At)>();
        // A dedicated thread: a blocked thread-pool thread would starve the async reads of the feed processes.
        var reader = new Thread(() =>
        {
            while (follower.StandardOutput.ReadLine() is { } line) arrivals.Add((line, DateTime.UtcNow));
            arrivals.CompleteAdding();
        }) { IsBackground = true };
        reader.Start();
        try
        {
            // The first message proves the follower is running; the second one measures wake-up latency.
            var sw = Stopwatch.StartNew();
            var warm = s.Run("feed", "live", "{\"n\":\"warmup\"}");
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"feed took {sw.Elapsed}: {warm.Stdout} {warm.Stderr}");
            Assert.Equal(0, warm.ExitCode);
            if (!arrivals.TryTake(out var first, TimeSpan.FromSeconds(30))) Assert.Fail("follower printed nothing");
            Assert.Contains("warmup", first.Line, StringComparison.Ordinal);

            var latencies = new List<double>();
            for (int i = 0; i < 3; i++)
            {
                var fed = s.Run("feed", "live", $"{{\"n\":{i}}}");
                Assert.Equal(0, fed.ExitCode);
                Assert.True(arrivals.TryTake(out var got, TimeSpan.FromSeconds(10)), $"message {i} not followed; feed said: {fed.Stdout}");
                var msg = WiredSandbox.Json(got.Line);
                Assert.Equal(i, msg.GetProperty("data").GetProperty("n").GetInt32());
                var appendedAt = DateTimeOffset.Parse(msg.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
                latencies.Add((got.At - appendedAt).TotalMilliseconds);
            }
            // Best of three, so one scheduling hiccup on a loaded machine does not fail the test.
            Assert.True(latencies.Min() < 100, "latencies ms: " + string.Join(", ", latencies));
        }
        finally
        {
            if (!follower.HasExited) follower.Kill();
            follower.WaitForExit();
        }
    }

    [Fact]
    public void TapCapturesChildOutputAndExitCode()
    {
        using var s = new WiredSandbox();
        var missing = s.Run("tap", "cap", "--", "true");
        Assert.Equal(3, missing.ExitCode);

        var r = s.Run("tap", "cap", "--create", "--tag", "build", "--", "sh", "-c", "echo hi; echo err >&2; printf last; exit 3");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("hi\nlast\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);

        var all = WiredSandbox.Lines(s.Run("follow", "cap", "--tail", "100", "--jsonl", "--timeout", "100ms").Stdout).Select(WiredSandbox.Json).ToList();
        Assert.Equal(5, all.Count);
        Assert.Equal("{\"cmd\":[\"sh\",\"-c\",\"echo hi; echo err >&2; printf last; exit 3\"],\"kind\":\"start\"}", all[0].GetProperty("data").GetRawText());
        Assert.Equal("[\"lifecycle\"]", all[0].GetProperty("meta").GetProperty("tags").GetRawText());
        var lines = all.Skip(1).Take(3).Select(m => m.GetProperty("data")).ToList();
        Assert.All(all.Skip(1).Take(3), m => Assert.Equal("[\"build\"]", m.GetProperty("meta").GetProperty("tags").GetRawText()));
        Assert.Contains(lines, d => d.GetRawText() == "{\"kind\":\"line\",\"line\":\"hi\",\"stream\":\"stdout\"}");
        Assert.Contains(lines, d => d.GetRawText() == "{\"kind\":\"line\",\"line\":\"err\",\"stream\":\"stderr\"}");
        Assert.Contains(lines, d => d.GetRawText() == "{\"kind\":\"line\",\"line\":\"last\",\"stream\":\"stdout\"}");
        var exit = all[4].GetProperty("data");
        Assert.Equal("exit", exit.GetProperty("kind").GetString());
        Assert.Equal(3, exit.GetProperty("code").GetInt32());
        Assert.True(exit.GetProperty("elapsed_ms").GetInt64() >= 0);

        var notFound = s.Run("tap", "cap", "--", "no-such-command-xyz");
        Assert.Equal(2, notFound.ExitCode);
        Assert.Equal("wrapped command not found: no-such-command-xyz", WiredSandbox.ErrorOf(notFound).GetProperty("message").GetString());
    }

    [Fact]
    public void TapForwardsSigtermToTheChild()
    {
        using var s = new WiredSandbox();
        using var tap = s.Start("tap", "sig", "--create", "--", "sh", "-c", "echo ready; trap 'echo got-term; exit 7' TERM; while true; do sleep 0.05; done");
        Assert.Equal("ready", tap.StandardOutput.ReadLine());
        using (var kill = Process.Start("kill", ["-TERM", tap.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(tap.WaitForExit(20_000));
        Assert.Equal(7, tap.ExitCode);
        var data = WiredSandbox.Lines(s.Run("follow", "sig", "--tail", "10", "--jsonl", "--data-only", "--timeout", "100ms").Stdout);
        Assert.Contains("{\"kind\":\"line\",\"line\":\"got-term\",\"stream\":\"stdout\"}", data);
    }

    [Fact]
    public void TapReportsAChildKilledByTheForwardedSignal()
    {
        using var s = new WiredSandbox();
        using var tap = s.Start("tap", "sig", "--create", "--", "sh", "-c", "echo ready; exec sleep 30");
        Assert.Equal("ready", tap.StandardOutput.ReadLine());
        using (var kill = Process.Start("kill", ["-TERM", tap.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(tap.WaitForExit(20_000));
        Assert.Equal(128 + 15, tap.ExitCode);
        var last = WiredSandbox.Lines(s.Run("follow", "sig", "--tail", "1", "--jsonl", "--data-only", "--timeout", "100ms").Stdout).Single();
        Assert.Equal("SIGTERM", WiredSandbox.Json(last).GetProperty("signal").GetString());
    }

    [Fact]
    public void DuplexAppendsPipedStdin()
    {
        using var s = new WiredSandbox();
        var r = s.RunWithStdin("{\"from\":\"bob\",\"msg\":\"hi\"}\n", "duplex", "room", "--create", "--me", "bob", "--jsonl");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("{\"from\":\"bob\",\"msg\":\"hi\"}", WiredSandbox.Json(s.Run("fetch", "room", "1").Stdout).GetProperty("data").GetRawText());
        Assert.Equal(2, s.RunWithStdin("", "duplex", "room", "--me", "bob").ExitCode);
    }

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(VectorDir(), "*.plasmite").Order(StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    private static string VectorDir()
    {
        return RepositoryRoot.Combine("tests", "data", "pools");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ReadsSharedPoolVectors(string name)
    {
        using var s = new WiredSandbox();
        Directory.CreateDirectory(s.Dir);
        File.Copy(Path.Combine(VectorDir(), name + ".plasmite"), Path.Combine(s.Dir, name + ".plasmite"));
        var expected = File.ReadAllText(Path.Combine(VectorDir(), name + ".expected.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var r = s.Run("follow", name, "--tail", "1000000", "--jsonl", "--timeout", "100ms");
        Assert.Equal(124, r.ExitCode);
        var got = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++) AssertSameMessage(expected[i], got[i]);
        if (expected.Length > 0)
        {
            var last = WiredSandbox.Json(expected[^1]);
            var fetched = s.Run("fetch", name, last.GetProperty("seq").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0, fetched.ExitCode);
            AssertSameMessage(expected[^1], fetched.Stdout.TrimEnd('\n'));
        }
    }

    private static void AssertSameMessage(string expected, string actual)
    {
        var e = WiredSandbox.Json(expected);
        var a = WiredSandbox.Json(actual);
        Assert.Equal(e.GetProperty("seq").GetInt64(), a.GetProperty("seq").GetInt64());
        Assert.Equal(e.GetProperty("time").GetString(), a.GetProperty("time").GetString());
        Assert.Equal(e.GetProperty("meta").GetRawText(), a.GetProperty("meta").GetRawText());
        Assert.True(SameValue(e.GetProperty("data"), a.GetProperty("data")), $"expected {expected}\nactual   {actual}");
    }

    private static bool SameValue(JsonElement x, JsonElement y)
    {
        if (x.ValueKind != y.ValueKind) return false;
        switch (x.ValueKind)
        {
            case JsonValueKind.Object:
                var xs = x.EnumerateObject().ToList();
                var ys = y.EnumerateObject().ToList();
                return xs.Count == ys.Count && xs.Zip(ys).All(p => p.First.Name == p.Second.Name && SameValue(p.First.Value, p.Second.Value));
            case JsonValueKind.Array:
                return x.GetArrayLength() == y.GetArrayLength() && x.EnumerateArray().Zip(y.EnumerateArray()).All(p => SameValue(p.First, p.Second));
            case JsonValueKind.Number:
                return x.GetRawText() == y.GetRawText() || x.GetDouble().Equals(y.GetDouble());
            case JsonValueKind.String:
                return x.GetString() == y.GetString();
            default:
                return true;
        }
    }
}
