// In-process runs of the command tree: help, parse errors, flag validation and the requests handed to the backend.
using System.Text.Json;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Ingest;
using Plasmite.Cli.Output;
using Plasmite.Cli.Values;

namespace Plasmite.Cli.Tests.Commands;

[Trait("Category", "Unit")]
public class CliAppTests
{
    private sealed record Run(int Code, string Out, string Err, object? Request);

    private static Run Exec(string[] args, bool stdinTty = true, bool stdoutTty = false, bool stderrTty = false, string? stdin = null)
    {
        var term = new BufferTerminal(stdoutTty, stderrTty, stdinTty, stdin is null ? null : System.Text.Encoding.UTF8.GetBytes(stdin));
        var backend = new RecordingBackend();
        int code = CliApp.RunAsync(args, term, backend).GetAwaiter().GetResult();
        return new Run(code, term.OutBuffer.ToString(), term.ErrorBuffer.ToString(), backend.Last);
    }

    private static Run Exec(params string[] args) => Exec(args, stdinTty: true);

    private static JsonElement Error(Run run)
    {
        using var doc = JsonDocument.Parse(run.Err);
        return doc.RootElement.GetProperty("error").Clone();
    }

    private static void AssertUsage(Run run, string message, string? hint = null)
    {
        Assert.Equal(2, run.Code);
        var err = Error(run);
        Assert.Equal("Usage", err.GetProperty("kind").GetString());
        Assert.Equal(message, err.GetProperty("message").GetString());
        if (hint is not null) Assert.Equal(hint, err.GetProperty("hint").GetString());
        Assert.DoesNotContain("Usage:", err.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RootHelpFragments()
    {
        var run = Exec("--help");
        Assert.Equal(0, run.Code);
        foreach (var fragment in new[]
        {
            "persistent, bounded stream", "`feed` appends", "FIRST LOCAL WORKFLOW", "plasmite pool create chat",
            "Use --json or --format jsonl", "Top-level options precede the command", "plasmite <command> --help",
            "/blob/main/docs/cli.md", "/blob/main/docs/cookbook.md", "plasmite [OPTIONS] <COMMAND>",
        })
            Assert.Contains(fragment, run.Out, StringComparison.Ordinal);
        var lines = run.Out.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.StartsWith("pool", StringComparison.Ordinal) && l.EndsWith("Manage pool files", StringComparison.Ordinal));
        foreach (var cmd in new[] { "feed", "serve", "mcp", "fetch", "follow", "tap", "duplex", "doctor", "version", "completion" })
            Assert.Contains(lines, l => l.StartsWith(cmd + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void HelpCommandAndSubcommandHelp()
    {
        var root = Exec("help");
        Assert.Equal(0, root.Code);
        Assert.Contains("USAGE", root.Out, StringComparison.Ordinal);
        Assert.Contains("COMMANDS", root.Out, StringComparison.Ordinal);
        var pool = Exec("help", "pool");
        Assert.Contains("Usage: plasmite pool <COMMAND>", pool.Out, StringComparison.Ordinal);
        Assert.Contains("list    List pools in the pool directory", pool.Out, StringComparison.Ordinal);
        Assert.Equal(2, Exec("help", "nope").Code);
    }

    [Theory]
    [InlineData("pool create", new[] { "index slots", "at most half the pool" })]
    [InlineData("feed", new[] { "requires --create", "requires --retry > 0", "Choose one input source", "exits 1", "remote refs only" })]
    [InlineData("follow", new[] { "finite SPEED >= 0", "requires --tail or --since", "They reject --create", "Exit 124" })]
    [InlineData("tap", new[] { "<POOL> -- <COMMAND>...", "requires --create", "wrapped command's exit status" })]
    [InlineData("duplex", new[] { "Terminal input requires --me", "remote refs expose no auth/TLS", "Exits 124" })]
    [InlineData("doctor", new[] { "<POOL|--all>", "Exits nonzero when corruption" })]
    [InlineData("serve", new[] { "requires --tls-key", "must be positive", "put serve options before `check`" })]
    [InlineData("serve init", new[] { "paths must be distinct", "JSON when piped" })]
    [InlineData("serve check", new[] { "options belong before `check`", "Exits non-zero" })]
    public void ShortHelpFragments(string path, string[] fragments)
    {
        var run = Exec([.. path.Split(' '), "-h"]);
        Assert.Equal(0, run.Code);
        Assert.Contains($"plasmite {path}", run.Out, StringComparison.Ordinal);
        foreach (var f in fragments) Assert.Contains(f, run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pool")]
    [InlineData("pool create")]
    [InlineData("pool info")]
    [InlineData("pool list")]
    [InlineData("pool delete")]
    [InlineData("feed")]
    [InlineData("fetch")]
    [InlineData("follow")]
    [InlineData("duplex")]
    [InlineData("tap")]
    [InlineData("serve")]
    [InlineData("serve init")]
    [InlineData("serve check")]
    [InlineData("mcp")]
    [InlineData("doctor")]
    [InlineData("version")]
    [InlineData("completion")]
    public void EveryCommandHelpNamesItsPath(string path)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var run = Exec([.. path.Split(' '), flag]);
            Assert.Equal(0, run.Code);
            Assert.Contains($"Usage: plasmite {path}", run.Out, StringComparison.Ordinal);
            Assert.Equal("", run.Err);
        }
        Assert.Contains($"Usage: plasmite {path}", Exec(["help", .. path.Split(' ')]).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void LongHelpFragments()
    {
        Assert.Contains("Generate token + TLS artifacts", Exec("serve", "init", "--help").Out, StringComparison.Ordinal);
        var version = Exec("version", "--help").Out;
        Assert.Contains("human-readable version information on a terminal", version, StringComparison.Ordinal);
        Assert.Contains("stdout is redirected or piped", version, StringComparison.Ordinal);
        Assert.Contains("machine-readable JSON", version, StringComparison.Ordinal);
        Assert.Contains("plasmite mcp", Exec("mcp", "--help").Out, StringComparison.Ordinal);
        Assert.Equal(0, Exec("---help").Code);
    }

    [Theory]
    [InlineData(new string[0], "Usage: plasmite [OPTIONS] <COMMAND>", null)]
    [InlineData(new[] { "feed" }, "Usage: plasmite feed", null)]
    [InlineData(new[] { "fetch" }, "Usage: plasmite fetch", null)]
    [InlineData(new[] { "pool" }, "Usage: plasmite pool <COMMAND>", null)]
    [InlineData(new[] { "pool", "create" }, "Usage: plasmite pool create", null)]
    [InlineData(new[] { "follow" }, "Usage: plasmite follow", null)]
    [InlineData(new[] { "duplex" }, "Usage: plasmite duplex", null)]
    [InlineData(new[] { "tap" }, "Usage: plasmite tap", "Capture command output into a local pool")]
    [InlineData(new[] { "doctor" }, "Usage: plasmite doctor", "Diagnose pool health")]
    [InlineData(new[] { "completion" }, "Usage: plasmite completion", null)]
    [InlineData(new[] { "--dir", "/tmp/x" }, "Usage: plasmite [OPTIONS] <COMMAND>", null)]
    public void MissingArgumentsPrintHelpOnStderrAndExit2(string[] args, string usage, string? about)
    {
        var run = Exec(args);
        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Out);
        Assert.Contains(usage, run.Err, StringComparison.Ordinal);
        if (about is not null) Assert.Contains(about, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseErrorsUseClapWording()
    {
        AssertUsage(Exec("version", "extra"), "unexpected argument 'extra' found", "Try `plasmite version --help`.");
        AssertUsage(Exec("completion", "nope"), "invalid value 'nope' for '<SHELL>'", "Try `plasmite completion --help`.");
        AssertUsage(Exec("bogus"), "unrecognized subcommand 'bogus'", "Try `plasmite --help`.");
        AssertUsage(Exec("feed", "x", "--bogus"), "unexpected argument '--bogus' found", "Try `plasmite feed --help`.");
        AssertUsage(Exec("fetch", "x", "abc"), "invalid value 'abc' for '<SEQ>': invalid digit found in string");
        AssertUsage(Exec("follow", "x", "--tail", "z"), "invalid value 'z' for '--tail <N>': invalid digit found in string");
        AssertUsage(Exec("follow", "x", "--tail"), "a value is required for '--tail <N>' but none was supplied");
        AssertUsage(Exec("follow", "x", "--format", "xml"), "invalid value 'xml' for '--format <FORMAT>'");
        AssertUsage(Exec("--color", "pink", "version"), "invalid value 'pink' for '--color <WHEN>'");
        AssertUsage(Exec("feed", "x", "--in", "csv"), "invalid value 'csv' for '--in <MODE>'");
        AssertUsage(Exec("follow", "x", "--one", "--one"), "the argument '--one' cannot be used multiple times");
        AssertUsage(Exec("pool", "create", "a", "--size", "1M", "--size", "2M"), "the argument '--size <SIZE>' cannot be used multiple times");
    }

    [Fact]
    public void GlobalOptionsOnlyBeforeTheCommand()
    {
        AssertUsage(Exec("follow", "chat", "--dir", "x"), "unexpected argument '--dir' found", "Try `plasmite follow --help`.");
        var ok = Exec("--dir", "/tmp/pools", "fetch", "chat", "3");
        Assert.Equal(0, ok.Code);
        var req = Assert.IsType<FetchRequest>(ok.Request);
        Assert.Equal("/tmp/pools/chat.plasmite", Assert.IsType<LocalPoolRef>(req.Pool).Path);
        Assert.Equal(3UL, req.Seq);
    }

    [Fact]
    public void FollowMissingPoolHint()
    {
        AssertUsage(Exec("follow", "--tail", "1"), "the following required arguments were not provided: <POOL>",
            "Provide a pool ref, for example: `plasmite follow chat -n 1`.");
    }

    [Fact]
    public void VersionOutputs()
    {
        var piped = Exec("version");
        Assert.Equal(0, piped.Code);
        Assert.Equal($"{{\"name\":\"plasmite\",\"version\":\"{CliApp.Version}\"}}\n", piped.Out);
        Assert.Equal("", piped.Err);
        Assert.Equal($"plasmite {CliApp.Version}\n", Exec(["version"], stdoutTty: true).Out);
        Assert.Equal($"plasmite {CliApp.Version}\n", Exec("--version").Out);
        Assert.Equal($"plasmite {CliApp.Version}\n", Exec("-V").Out);
    }

    [Fact]
    public void PoolCreateRequest()
    {
        var run = Exec("--dir", "/d", "pool", "create", "a", "b.plasmite", "./c", "--size", "64M", "--index-capacity", "0", "--json");
        var req = Assert.IsType<PoolCreateRequest>(run.Request);
        Assert.Equal(["/d/a.plasmite", "/d/b.plasmite", "./c"], req.Pools.Select(p => p.Path));
        Assert.Equal(64UL << 20, req.SizeBytes);
        Assert.Equal(0U, req.IndexCapacity);
        Assert.True(req.Json);
        Assert.Equal(1UL << 20, Assert.IsType<PoolCreateRequest>(Exec("pool", "create", "x").Request).SizeBytes);
        AssertUsage(Exec("pool", "create", "x", "--index-capacity", "40000"), "index capacity is too large for pool size");
        AssertUsage(Exec("pool", "create", "x", "--size", "1MiB"), "invalid size suffix");
    }

    [Fact]
    public void FeedValidation()
    {
        AssertUsage(Exec("feed", "x"), "missing data input", "Provide JSON via DATA, --file, or pipe JSON to stdin.");
        AssertUsage(Exec("feed", "x", "{"), "invalid json");
        AssertUsage(Exec("feed", "x", "[1]"), "data must be object");
        AssertUsage(Exec("feed", "x", "{}", "--create-size", "2M"), "--create-size requires --create");
        AssertUsage(Exec("feed", "x", "{}", "--retry-delay", "10ms"), "--retry-delay requires --retry");
        AssertUsage(Exec("feed", "x", "{}", "--durability", "slow"), "invalid durability");
        AssertUsage(Exec("feed", "x", "--in", "jq", "-e", "skip", "-f", "-"), "skip is not supported for jq-style streams");
        AssertUsage(Exec("feed", "x", "{}", "--file", "f.jsonl"), "the argument '--file <PATH>' cannot be used with '[DATA]'");
        AssertUsage(Exec("feed", "http://h:9700/x", "{}", "--create"), "remote feed does not support --create",
            "Create remote pools with server-side tooling, not feed.");
        AssertUsage(Exec("feed", "x", "{}", "--token", "t"), "feed remote auth/TLS flags require a remote http(s) pool ref");
        AssertUsage(Exec("feed", "http://h:9700/x", "{}", "--token", "t", "--token-file", "f"), "--token cannot be combined with --token-file");
        AssertUsage(Exec("feed", "ftp://h/x", "{}"), "remote pool ref must use http or https scheme");
    }

    [Fact]
    public void FeedRequests()
    {
        var inline = Assert.IsType<FeedRequest>(Exec("feed", "missing", "{\"x\":1}", "--tag", "a", "--tag", "b").Request);
        Assert.Equal(FeedSource.Inline, inline.Source);
        Assert.Equal(["a", "b"], inline.Tags);
        Assert.Equal("Pool is missing. Retry with exact command: plasmite feed missing --create --tag a --tag b \"{\\\"x\\\":1}\"", inline.MissingPoolHint);

        var piped = Assert.IsType<FeedRequest>(Exec(["feed", "chat", "--durability", "flush", "--retry", "3", "--retry-delay", "5ms", "-i", "jsonl", "-e", "skip"],
            stdinTty: false, stdin: "{}").Request);
        Assert.Equal(FeedSource.Stdin, piped.Source);
        Assert.Equal(CliDurability.Flush, piped.Durability);
        Assert.Equal(3U, piped.Retry);
        Assert.Equal(TimeSpan.FromMilliseconds(5), piped.RetryDelay);
        Assert.Equal(IngestMode.Jsonl, piped.InputMode);
        Assert.Equal(ErrorPolicy.Skip, piped.Errors);
        Assert.Equal("Pool is missing. Re-run with --create (local refs only), e.g. plasmite feed chat --create.", piped.MissingPoolHint);

        var file = Assert.IsType<FeedRequest>(Exec("feed", "./p/x.plasmite", "-f", "in.json", "--create", "--create-size", "2M").Request);
        Assert.Equal(FeedSource.File, file.Source);
        Assert.Equal(2UL << 20, file.CreateSize);
        Assert.Equal("Pool path not found. Check the path or pass --dir for a different pool directory.", file.MissingPoolHint);

        var remote = Assert.IsType<FeedRequest>(Exec("feed", "http://127.0.0.1:9700/demo", "{}", "--token", "s3cret").Request);
        var pool = Assert.IsType<RemotePoolRef>(remote.Pool);
        Assert.Equal("demo", pool.Pool);
        Assert.Equal("s3cret", remote.Auth.Token);
    }

    [Fact]
    public void FollowValidation()
    {
        AssertUsage(Exec("follow", "x", "--tail", "1", "--since", "5m"), "the argument '--since <TIME>' cannot be used with '--tail <N>'");
        AssertUsage(Exec("follow", "x", "--jsonl", "--format", "pretty"), "conflicting output options");
        AssertUsage(Exec("follow", "x", "--replay", "1"), "--replay requires --tail or --since");
        AssertUsage(Exec("follow", "x", "--tail", "1", "--replay", "-1"), "--replay speed must be non-negative");
        AssertUsage(Exec("follow", "x", "--tail", "1", "--replay", "inf"), "--replay speed must be a finite number");
        AssertUsage(Exec("follow", "x", "--timeout", "5"), "invalid duration");
        AssertUsage(Exec("follow", "x", "--since", "later"), "invalid --since value");
        Assert.StartsWith("invalid filter expression", Error(Exec("follow", "x", "--where", ".a ==")).GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertUsage(Exec("follow", "http://h:1/x", "--create"), "remote follow does not support --create");
        AssertUsage(Exec("follow", "http://h:1/x", "--since", "5m"), "remote follow does not support --since");
        AssertUsage(Exec("follow", "http://h:1/x", "--tail", "1", "--replay", "1"), "remote follow does not support --replay");
        AssertUsage(Exec("follow", "http://h:1/x", "--no-notify"), "remote follow does not support --no-notify");
        AssertUsage(Exec("follow", "http://h:1/x", "--quiet-drops"), "remote follow does not support --quiet-drops");
        AssertUsage(Exec("follow", "x", "--tls-skip-verify"), "follow remote auth/TLS flags require a remote http(s) pool ref");
    }

    [Fact]
    public void FollowRequest()
    {
        var request = Assert.IsType<FollowRequest>(Exec("follow", "chat", "-n", "5", "--one", "--jsonl", "--data-only", "--where", ".data.ok",
            "--where", ".seq > 1", "--tag", "a", "--timeout", "2s", "--quiet-drops", "--no-notify").Request);
        var req = request.Options;
        Assert.Equal(5UL, req.Tail);
        Assert.True(req.One);
        Assert.Equal(FollowFormat.Jsonl, req.Format);
        Assert.True(req.DataOnly);
        Assert.NotNull(req.Filter);
        Assert.Equal(["a"], req.Tags);
        Assert.Equal(TimeSpan.FromSeconds(2), req.Timeout);
        Assert.Equal("2s", req.TimeoutText);
        Assert.True(req.QuietDrops && req.NoNotify);
        Assert.StartsWith("Pool is missing. Retry with exact command: plasmite follow chat --create -n 5 --one", request.MissingPoolHint, StringComparison.Ordinal);

        var plain = Assert.IsType<FollowRequest>(Exec("follow", "chat").Request).Options;
        Assert.Null(plain.Tail);
        Assert.Equal(FollowFormat.Pretty, plain.Format);
        Assert.Null(plain.Filter);
        var zeroTail = Assert.IsType<FollowRequest>(Exec("follow", "chat", "--tail", "0", "--replay", "0").Request).Options;
        Assert.Equal(0UL, zeroTail.Tail);
        Assert.Equal(0.0, zeroTail.ReplaySpeed);
        var since = Assert.IsType<FollowRequest>(Exec("follow", "chat", "--since", "2026-02-08T12:00:00Z", "--format", "jsonl").Request).Options;
        Assert.Equal(1_770_552_000_000_000_000UL, since.SinceNs);
        Assert.Equal(FollowFormat.Jsonl, since.Format);
    }

    [Fact]
    public void DuplexValidation()
    {
        AssertUsage(Exec("duplex", "x"), "TTY input requires --me for duplex");
        AssertUsage(Exec("duplex", "http://h:1/x", "--create", "--me", "a"), "remote duplex does not support --create");
        AssertUsage(Exec("duplex", "http://h:1/x", "--since", "5m", "--me", "a"), "remote duplex does not support --since");
        AssertUsage(Exec("duplex", "x", "--me", "a", "--jsonl", "--format", "jsonl"), "conflicting output options");
        var req = Assert.IsType<DuplexRequest>(Exec(["duplex", "x", "-n", "2", "--echo-self"], stdinTty: false, stdin: "").Request);
        Assert.Null(req.Me);
        Assert.Equal(2UL, req.Tail);
        Assert.True(req.EchoSelf);
    }

    [Fact]
    public void TapParsing()
    {
        var req = Assert.IsType<TapRequest>(Exec("tap", "build", "--tag", "ci", "-q", "--create", "--", "make", "-j", "4", "--help").Request);
        Assert.Equal(["make", "-j", "4", "--help"], req.Command);
        Assert.Equal(["ci"], req.Tags);
        Assert.True(req.Quiet && req.Create);
        AssertUsage(Exec("tap", "build"), "tap requires a wrapped command after `--`");
        AssertUsage(Exec("tap", "build", "--"), "tap requires a wrapped command after `--`");
        AssertUsage(Exec("tap", "http://h:1/x", "--", "ls"), "tap accepts local pool refs only");
        AssertUsage(Exec("tap", "x", "--create-size", "1M", "--", "ls"), "--create-size requires --create");
        Assert.Contains("plasmite tap build -- ...", Error(Exec("tap", "http://h:1/x", "--", "ls")).GetProperty("hint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DoctorParsing()
    {
        AssertUsage(Exec("doctor", "x", "--all"), "--all cannot be combined with a pool name", "Use --all by itself, or provide a single pool.");
        AssertUsage(Exec("doctor", "--json"), "doctor requires a pool name or --all");
        var all = Assert.IsType<DoctorRequest>(Exec("--dir", "/d", "doctor", "--all", "--json").Request);
        Assert.True(all.All && all.Json);
        Assert.Equal("/d", all.Directory);
        Assert.Equal("/d/x.plasmite", Assert.IsType<DoctorRequest>(Exec("--dir", "/d", "doctor", "x").Request).Pool!.Path);
    }

    [Fact]
    public void ServeParsing()
    {
        var run = Assert.IsType<ServeRequest>(Exec("serve", "--bind", "0.0.0.0:9700", "--access", "read-only", "--cors-origin", "https://a", "--cors-origin", "https://b").Request);
        Assert.Equal("run", run.Subcommand);
        Assert.Equal(["https://a", "https://b"], run.CorsOrigins);
        var check = Assert.IsType<ServeRequest>(Exec("serve", "--max-body-bytes", "10", "check", "--json").Request);
        Assert.Equal("check", check.Subcommand);
        Assert.True(check.CheckJson);
        Assert.Equal(10UL, check.MaxBodyBytes);
        var init = Assert.IsType<ServeRequest>(Exec("serve", "init", "--output-dir", "out", "--force").Request);
        Assert.Equal("out", init.InitOptions["output-dir"]);
        AssertUsage(Exec("serve", "--access", "all"), "invalid value 'all' for '--access <MODE>'");
        AssertUsage(Exec("serve", "check", "--bind", "x"), "unexpected argument '--bind' found");
    }

    [Fact]
    public async Task PoolCommandsHandOffAndUnwiredBackendSaysNotImplemented()
    {
        Assert.IsType<PoolListRequest>(Exec("pool", "list", "--json").Request);
        Assert.Equal(["a", "http://h:1/b"], Assert.IsType<PoolDeleteRequest>(Exec("pool", "delete", "a", "http://h:1/b").Request).Pools);
        Assert.True(Assert.IsType<PoolInfoRequest>(Exec("pool", "info", "a", "--json").Request).Json);

        var term = new BufferTerminal();
        int code = await CliApp.RunAsync(["pool", "list"], term, new UnwiredBackend());
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(term.ErrorBuffer.ToString());
        Assert.Equal("Internal", doc.RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("not implemented yet", doc.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsOnTerminalStderrAreText()
    {
        var run = Exec(["--color", "never", "version", "extra"], stderrTty: true);
        Assert.Equal(2, run.Code);
        Assert.Equal("error: unexpected argument 'extra' found\nhint: Try `plasmite version --help`.\n", run.Err);
        var colored = Exec(["--color", "always", "version", "extra"], stderrTty: false);
        Assert.StartsWith("{\"error\"", colored.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void CompletionScripts()
    {
        var bash = Exec("completion", "bash");
        Assert.Equal(0, bash.Code);
        Assert.Contains("_plasmite", bash.Out, StringComparison.Ordinal);
        foreach (var word in new[] { "pool", "feed", "follow", "complete -o bashdefault -o default -F _plasmite plasmite" })
            Assert.Contains(word, bash.Out, StringComparison.Ordinal);
        var zsh = Exec("completion", "zsh").Out;
        Assert.Contains("#compdef", zsh, StringComparison.Ordinal);
        Assert.Contains("pool", zsh, StringComparison.Ordinal);
        var fish = Exec("completion", "fish").Out;
        Assert.Contains("complete -c plasmite", fish, StringComparison.Ordinal);
        Assert.Contains("Manage pool files", fish, StringComparison.Ordinal);
        Assert.Contains("plasmite", Exec("completion", "elvish").Out, StringComparison.Ordinal);
        Assert.Contains("Register-ArgumentCompleter", Exec("completion", "powershell").Out, StringComparison.Ordinal);
    }
}
