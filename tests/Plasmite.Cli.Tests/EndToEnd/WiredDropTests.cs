// End-to-end: a follower that falls behind a wrapping writer reports a `drop` notice and keeps going.
namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class WiredDropTests
{
    [Fact]
    public async Task BlockedFollowerReportsDroppedMessages()
    {
        using var s = new WiredSandbox();
        Assert.Equal(0, s.Run("pool", "create", "small", "--size", "64K").ExitCode);
        using var follower = s.Start("follow", "small", "--tail", "0", "--jsonl", "--timeout", "3s");
        var stderr = follower.StandardError.ReadToEndAsync();
        try
        {
            // Wait until the follower is live: a message fed after that is printed.
            string? first = null;
            Task<string?>? pending = null;
            for (int i = 0; i < 30 && first is null; i++)
            {
                Assert.Equal(0, s.Run("feed", "small", "{\"warmup\":true}").ExitCode);
                pending ??= follower.StandardOutput.ReadLineAsync();
                if (await Task.WhenAny(pending, Task.Delay(1000)) == pending) first = await pending;
            }
            Assert.NotNull(first);

            // Not reading stdout now: the follower blocks on the full pipe while the writer wraps the 64K ring many times.
            var file = Path.Combine(s.Root, "many.jsonl");
            var pad = new string('p', 400);
            File.WriteAllLines(file, Enumerable.Range(1, 3000).Select(i => $"{{\"i\":{i},\"pad\":\"{pad}\"}}"));
            Assert.Equal(0, s.Run("feed", "small", "--file", file).ExitCode);
            Assert.Equal(0, s.Run("feed", "small", "{\"last\":true}").ExitCode);

            var rest = follower.StandardOutput.ReadToEnd();
            Assert.True(follower.WaitForExit(30_000));
            Assert.Equal(124, follower.ExitCode);
            var seqs = WiredSandbox.Lines(rest).Select(l => WiredSandbox.Json(l).GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(seqs.Order().ToList(), seqs);
            Assert.Equal(seqs.Distinct().Count(), seqs.Count);
            Assert.Contains("{\"last\":true}", rest, StringComparison.Ordinal);
            var notices = WiredSandbox.Lines(await stderr).Select(WiredSandbox.Json).Select(n => n.GetProperty("notice")).ToList();
            Assert.NotEmpty(notices);
            var drop = notices[0];
            Assert.Equal("drop", drop.GetProperty("kind").GetString());
            Assert.Equal("follow", drop.GetProperty("cmd").GetString());
            Assert.Equal("small", drop.GetProperty("pool").GetString());
            var details = drop.GetProperty("details");
            long dropped = details.GetProperty("dropped_count").GetInt64();
            Assert.True(dropped > 0);
            Assert.Equal($"dropped {dropped} messages", drop.GetProperty("message").GetString());
            Assert.Equal(dropped, details.GetProperty("next_seen_seq").GetInt64() - details.GetProperty("last_seen_seq").GetInt64() - 1);
        }
        finally
        {
            if (!follower.HasExited) follower.Kill();
        }
    }
}
