// End-to-end: progress bars for long file feeds and `doctor --all` appear on a terminal only.
namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class WiredProgressTests
{
    [Fact]
    public void LongFileFeedShowsProgressOnTerminalOnly()
    {
        Assert.True(CliProcess.HasTool("script"), "util-linux `script` is needed for pseudo-terminal tests");
        using var s = new WiredSandbox();
        var file = Path.Combine(s.Root, "big.jsonl");
        var pad = new string('x', 500);
        File.WriteAllLines(file, Enumerable.Range(1, 2500).Select(i => $"{{\"i\":{i},\"pad\":\"{pad}\"}}"));
        Assert.True(new FileInfo(file).Length >= 1 << 20);

        var tty = s.OnTerminal("feed", "big", "--create", "--create-size", "8M", "--file", file);
        Assert.Equal(0, tty.ExitCode);
        Assert.Contains("feeding big.jsonl", tty.Stdout, StringComparison.Ordinal);
        Assert.Contains("100%", tty.Stdout, StringComparison.Ordinal);
        Assert.Contains("fed seq=2500 at ", tty.Stdout, StringComparison.Ordinal);

        var piped = s.Run("feed", "big", "--file", file);
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("", piped.Stderr);
        Assert.Equal(2500, WiredSandbox.Lines(piped.Stdout).Length);
        Assert.DoesNotContain("\u001b", piped.Stdout, StringComparison.Ordinal);

        var doctor = s.OnTerminal("doctor", "--all");
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains("checking pools", doctor.Stdout, StringComparison.Ordinal);
        Assert.Contains("All 1 pools healthy.", doctor.Stdout, StringComparison.Ordinal);
        Assert.Contains("big   5000 messages   0 issues", doctor.Stdout, StringComparison.Ordinal);
    }
}
