// End-to-end: the built tool as a child process, piped and on a pseudo-terminal.
using System.Text.Json;

namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class ProcessTests
{
    private static JsonElement ErrorOf(ProcessResult r)
    {
        var line = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("error").Clone();
    }

    [Fact]
    public void VersionIsJsonWhenPiped()
    {
        var r = CliProcess.Run("version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Matches("^\\{\"name\":\"plasmite\",\"version\":\"[0-9][^\"]*\"\\}\n$", r.Stdout);
    }

    [Fact]
    public void VersionFlag()
    {
        var r = CliProcess.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches("^plasmite [0-9]\\S*\n$", r.Stdout);
        Assert.Equal(r.Stdout, CliProcess.Run("-V").Stdout);
    }

    [Fact]
    public void HelpGoesToStdout()
    {
        var r = CliProcess.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Contains("Usage: plasmite [OPTIONS] <COMMAND>", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("FIRST LOCAL WORKFLOW", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Top-level options precede the command", r.Stdout, StringComparison.Ordinal);
        var follow = CliProcess.Run("follow", "-h");
        Assert.Contains("Exit 124", follow.Stdout, StringComparison.Ordinal);
        Assert.Contains("plasmite follow", follow.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingArgumentsShowHelpOnStderr()
    {
        var r = CliProcess.Run("tap");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("Usage: plasmite tap", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Capture command output into a local pool", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, CliProcess.Run().ExitCode);
    }

    [Theory]
    [InlineData(new[] { "version", "extra" }, "unexpected argument 'extra' found", "Try `plasmite version --help`.")]
    [InlineData(new[] { "completion", "nope" }, "invalid value 'nope' for '<SHELL>'", "Try `plasmite completion --help`.")]
    [InlineData(new[] { "follow", "chat", "--dir", "x" }, "unexpected argument '--dir' found", "Try `plasmite follow --help`.")]
    [InlineData(new[] { "nosuch" }, "unrecognized subcommand 'nosuch'", "Try `plasmite --help`.")]
    [InlineData(new[] { "follow", "chat", "--where", "reduce .[] as $x (0; .)" }, null, null)]
    public void UsageErrorsExit2WithJsonEnvelope(string[] args, string? message, string? hint)
    {
        var r = CliProcess.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var err = ErrorOf(r);
        Assert.Equal("Usage", err.GetProperty("kind").GetString());
        if (message is not null) Assert.Equal(message, err.GetProperty("message").GetString());
        else Assert.Contains("reduce", err.GetProperty("message").GetString(), StringComparison.Ordinal);
        if (hint is not null) Assert.Equal(hint, err.GetProperty("hint").GetString());
    }

    [Fact]
    public void PoolListOfMissingDirectoryIsEmpty()
    {
        var r = CliProcess.Run("--dir", Path.Combine(Path.GetTempPath(), "plasmite-no-such-dir-" + Guid.NewGuid().ToString("N")), "pool", "list", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("{\"pools\":[]}\n", r.Stdout);
    }

    [Fact]
    public void TerminalErrorsAreTextWithColour()
    {
        Assert.True(CliProcess.HasTool("script"), "util-linux `script` is needed for pseudo-terminal tests");
        var r = CliProcess.RunOnTerminal("version", "extra");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("\u001b[31merror:\u001b[0m unexpected argument 'extra' found", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mhint:\u001b[0m Try `plasmite version --help`.", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"error\"", r.Stdout, StringComparison.Ordinal);

        var plain = CliProcess.RunOnTerminal("--color", "never", "version", "extra");
        Assert.Contains("error: unexpected argument 'extra' found", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("hint: Try `plasmite version --help`.", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FeedWithTerminalStdinAndNoDataIsMissingDataInput()
    {
        var r = CliProcess.RunOnTerminal("--color", "never", "feed", "chat");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: missing data input", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("hint: Provide JSON via DATA, --file, or pipe JSON to stdin.", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionOnTerminalIsHuman()
    {
        var r = CliProcess.RunOnTerminal("version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches("^plasmite [0-9]\\S*\\r?\\n$", r.Stdout);
    }

    [Fact]
    public void BashCompletionScriptIsValidAndCompletes()
    {
        var r = CliProcess.Run("completion", "bash");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("_plasmite", r.Stdout, StringComparison.Ordinal);
        foreach (var word in new[] { "pool", "feed", "follow" }) Assert.Contains(word, r.Stdout, StringComparison.Ordinal);

        var dir = Directory.CreateTempSubdirectory("plasmite-completion-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "chat.plasmite"), "");
            File.WriteAllText(Path.Combine(dir.FullName, "events.plasmite"), "");
            var script = $$"""
                set -e
                source <($PLASMITE completion bash)
                complete -p plasmite
                t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _plasmite; echo "${COMPREPLY[*]}"; }
                echo "1:$(t plasmite po)"
                echo "2:$(t plasmite pool "")"
                echo "3:$(t plasmite feed chat --in "")"
                echo "4:$(t plasmite follow chat --fo)"
                echo "5:$(t plasmite --dir {{dir.FullName}} follow "")"
                echo "6:$(t plasmite completion "")"
                echo "7:$(t plasmite --color "")"
                """;
            var b = CliProcess.Bash(script);
            Assert.True(b.ExitCode == 0, b.Stderr);
            var lines = b.Stdout.Split('\n');
            Assert.Contains("1:pool", lines);
            Assert.Contains("2:create info list delete help", lines);
            Assert.Contains("3:auto jsonl json seq jq", lines);
            Assert.Contains("4:--format", lines);
            Assert.Contains(lines, l => l.StartsWith("5:", StringComparison.Ordinal) && l.Contains("chat", StringComparison.Ordinal) && l.Contains("events", StringComparison.Ordinal));
            Assert.Contains("6:bash zsh fish elvish powershell", lines);
            Assert.Contains("7:auto always never", lines);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void OtherCompletionScripts()
    {
        var zsh = CliProcess.Run("completion", "zsh");
        Assert.Equal(0, zsh.ExitCode);
        Assert.Contains("#compdef", zsh.Stdout, StringComparison.Ordinal);
        Assert.Contains("pool", zsh.Stdout, StringComparison.Ordinal);
        var fish = CliProcess.Run("completion", "fish");
        Assert.Contains("complete", fish.Stdout, StringComparison.Ordinal);
        Assert.Contains("plasmite", fish.Stdout, StringComparison.Ordinal);
        if (CliProcess.HasTool("fish"))
        {
            var check = CliProcess.Bash("$PLASMITE completion fish | fish -n");
            Assert.True(check.ExitCode == 0, check.Stderr);
        }
        if (CliProcess.HasTool("zsh"))
        {
            var check = CliProcess.Bash("$PLASMITE completion zsh | zsh -n");
            Assert.True(check.ExitCode == 0, check.Stderr);
        }
    }

    [Fact]
    public void FeedStdinIsReadWhenPiped()
    {
        // Piped stdin is an input source: validation passes and the pool is looked up (missing → the piped-stdin hint).
        var dir = Path.Combine(Path.GetTempPath(), "plasmite-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var r = CliProcess.RunWithStdin("{\"x\":1}\n", "--dir", dir, "feed", "chat");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("Pool is missing. Re-run with --create (local refs only), e.g. plasmite feed chat --create.",
            ErrorOf(r).GetProperty("hint").GetString());
    }

    [Fact]
    public void ClosedStdoutPipeIsQuiet()
    {
        var r = CliProcess.Bash("set -o pipefail; $PLASMITE completion bash | true; echo \"rc=$?\"");
        Assert.DoesNotContain("error", r.Stderr, StringComparison.Ordinal);
        Assert.Matches("rc=(0|141)", r.Stdout);
    }
}
