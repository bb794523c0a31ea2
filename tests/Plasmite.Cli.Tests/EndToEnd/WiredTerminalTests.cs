// End-to-end: terminal-only messages of follow and tap, and remote refs that this build does not wire yet.
namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class WiredTerminalTests
{
    [Fact]
    public void FollowTimeoutAndTapBannersOnTerminal()
    {
        Assert.True(CliProcess.HasTool("script"), "util-linux `script` is needed for pseudo-terminal tests");
        using var s = new WiredSandbox();
        var follow = s.OnTerminal("follow", "t", "--create", "--timeout", "100ms");
        Assert.Equal(124, follow.ExitCode);
        Assert.Contains("No messages received (timed out after 100ms).", follow.Stdout, StringComparison.Ordinal);

        var tap = s.OnTerminal("tap", "t", "--", "sh", "-c", "echo one; echo two");
        Assert.Equal(0, tap.ExitCode);
        Assert.Contains("tapping t <- sh -c echo one; echo two", tap.Stdout, StringComparison.Ordinal);
        Assert.Matches("tapped 2 lines \\(\\d+\\.\\ds\\) -> t exit 0", tap.Stdout);

        var quiet = s.Run("tap", "t", "-q", "--", "sh", "-c", "echo hidden; exit 5");
        Assert.Equal(5, quiet.ExitCode);
        Assert.Equal("", quiet.Stdout);
    }

    [Fact]
    public void RemoteRefsReachTheNetworkAndTapRejectsThem()
    {
        using var s = new WiredSandbox();
        foreach (var command in new[] { new[] { "follow", "http://127.0.0.1:9/demo" }, ["fetch", "http://127.0.0.1:9/demo", "1"] })
        {
            var r = s.Run(command); // nothing listens on port 9
            Assert.Equal(8, r.ExitCode);
            Assert.Equal("Io", WiredSandbox.ErrorOf(r).GetProperty("kind").GetString());
        }
        var feed = s.Run("feed", "http://127.0.0.1:9/demo", "{}"); // nothing listens on port 9
        Assert.Equal(8, feed.ExitCode);
        Assert.Equal("Io", WiredSandbox.ErrorOf(feed).GetProperty("kind").GetString());
        var tap = s.Run("tap", "http://127.0.0.1:9/demo", "--", "true");
        Assert.Equal("tap accepts local pool refs only", WiredSandbox.ErrorOf(tap).GetProperty("message").GetString());
    }
}
