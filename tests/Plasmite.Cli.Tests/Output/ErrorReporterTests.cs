// The error envelope on piped stderr, the TTY text form, generic hints and exit codes.
using System.Text.Json;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Tests.Output;

[Trait("Category", "Unit")]
public class ErrorReporterTests
{
    [Theory]
    [InlineData(ErrorKind.Internal, 1)]
    [InlineData(ErrorKind.Usage, 2)]
    [InlineData(ErrorKind.NotFound, 3)]
    [InlineData(ErrorKind.AlreadyExists, 4)]
    [InlineData(ErrorKind.Busy, 5)]
    [InlineData(ErrorKind.Permission, 6)]
    [InlineData(ErrorKind.Corrupt, 7)]
    [InlineData(ErrorKind.Io, 8)]
    [InlineData(ErrorKind.RetentionGap, 9)]
    public void ExitCodePerKind(ErrorKind kind, int code)
    {
        Assert.Equal(code, ErrorReporter.ExitCode(kind));
        var term = new BufferTerminal();
        Assert.Equal(code, ErrorReporter.Report(new CliContext(term, new UnwiredBackend()), new PlasmiteException(kind)));
    }

    [Fact]
    public void EnvelopeMatchesSpecExample()
    {
        var e = new PlasmiteException(ErrorKind.NotFound, "not found",
            hint: "Create it first: plasmite pool create channel (or pass --dir for a different pool directory).");
        Assert.Equal(
            "{\"error\":{\"hint\":\"Create it first: plasmite pool create channel (or pass --dir for a different pool directory).\",\"kind\":\"NotFound\",\"message\":\"not found\"}}",
            ErrorReporter.FormatJsonLine(e));
    }

    [Fact]
    public void EnvelopeCarriesPathSeqOffsetAndCauses()
    {
        var inner = new IOException("disk on fire");
        var e = new PlasmiteException(ErrorKind.Corrupt, "bad frame", path: "/p/x.plasmite", seq: 42, offset: 128, inner: inner);
        using var doc = JsonDocument.Parse(ErrorReporter.FormatJsonLine(e));
        var err = doc.RootElement.GetProperty("error");
        Assert.Equal("Corrupt", err.GetProperty("kind").GetString());
        Assert.Equal("bad frame", err.GetProperty("message").GetString());
        Assert.Equal("/p/x.plasmite", err.GetProperty("path").GetString());
        Assert.Equal(42UL, err.GetProperty("seq").GetUInt64());
        Assert.Equal(128, err.GetProperty("offset").GetInt64());
        Assert.Equal("disk on fire", Assert.Single(err.GetProperty("causes").EnumerateArray()).GetString());
        Assert.Equal("Pool appears corrupt. Recreate it or investigate with validation tooling.", err.GetProperty("hint").GetString());
    }

    [Theory]
    [InlineData(ErrorKind.Corrupt, "Pool appears corrupt. Recreate it or investigate with validation tooling.")]
    [InlineData(ErrorKind.Permission, "Permission denied. Check directory permissions or use --dir to a writable location.")]
    [InlineData(ErrorKind.Busy, "Pool is busy (another writer holds the lock). Retry with backoff.")]
    [InlineData(ErrorKind.Io, "I/O error. Check the path, filesystem, and disk space.")]
    public void GenericHints(ErrorKind kind, string hint)
    {
        Assert.Contains($"\"hint\":\"{hint}\"", ErrorReporter.FormatJsonLine(new PlasmiteException(kind)), StringComparison.Ordinal);
    }

    [Fact]
    public void InternalGetsAReportHintAndOthersNone()
    {
        Assert.NotNull(ErrorReporter.GenericHint(ErrorKind.Internal));
        Assert.Null(ErrorReporter.GenericHint(ErrorKind.NotFound));
        Assert.DoesNotContain("hint", ErrorReporter.FormatJsonLine(new PlasmiteException(ErrorKind.NotFound)), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultMessagePerKind()
    {
        Assert.Contains("\"message\":\"retention gap\"", ErrorReporter.FormatJsonLine(new PlasmiteException(ErrorKind.RetentionGap)), StringComparison.Ordinal);
        Assert.Contains("\"message\":\"usage error\"", ErrorReporter.FormatJsonLine(new PlasmiteException(ErrorKind.Usage)), StringComparison.Ordinal);
    }

    [Fact]
    public void HumanFormatListsFieldsInOrder()
    {
        var e = new PlasmiteException(ErrorKind.NotFound, "not found", path: "/abs/x.plasmite", seq: 42, offset: 128, hint: "Create it.",
            inner: new IOException("first cause"));
        Assert.Equal("error: not found\nhint: Create it.\npath: /abs/x.plasmite\nseq: 42\noffset: 128\ncaused by: first cause\n",
            ErrorReporter.FormatHuman(e, color: false));
    }

    [Fact]
    public void HumanFormatColoursLabels()
    {
        var s = ErrorReporter.FormatHuman(new PlasmiteException(ErrorKind.Usage, "bad", hint: "fix"), color: true);
        Assert.StartsWith("\u001b[31merror:\u001b[0m bad\n", s, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mhint:\u001b[0m fix", s, StringComparison.Ordinal);
    }

    [Fact]
    public void HumanPathsAreRelativeToTheCurrentDirectory()
    {
        var full = Path.Combine(Directory.GetCurrentDirectory(), "pools", "x.plasmite");
        Assert.Equal("./pools/x.plasmite", ErrorReporter.DisplayPath(full));
        Assert.Equal("/definitely/elsewhere/x.plasmite", ErrorReporter.DisplayPath("/definitely/elsewhere/x.plasmite"));
    }

    [Fact]
    public void ReportPicksFormatFromStderrTty()
    {
        var piped = new BufferTerminal(stderrTty: false);
        ErrorReporter.Report(new CliContext(piped, new UnwiredBackend()), new PlasmiteException(ErrorKind.Usage, "bad"));
        Assert.Equal("{\"error\":{\"kind\":\"Usage\",\"message\":\"bad\"}}\n", piped.ErrorBuffer.ToString());

        var tty = new BufferTerminal(stderrTty: true);
        ErrorReporter.Report(new CliContext(tty, new UnwiredBackend()) { Color = ColorMode.Never }, new PlasmiteException(ErrorKind.Usage, "bad"));
        Assert.Equal("error: bad\n", tty.ErrorBuffer.ToString());
    }

    [Fact]
    public void ForeignExceptionsAreNormalized()
    {
        Assert.Equal(ErrorKind.Permission, ErrorReporter.Normalize(new UnauthorizedAccessException("no")).Kind);
        Assert.Equal(ErrorKind.Io, ErrorReporter.Normalize(new IOException("io")).Kind);
        Assert.Equal(ErrorKind.Internal, ErrorReporter.Normalize(new InvalidOperationException("bug")).Kind);
    }

    [Fact]
    public void NoticesAsJsonAndText()
    {
        var notice = new Notice("drop", "follow", "dropped 3 messages", "demo",
            [new("dropped_count", 3), new("last_seen_seq", 10UL), new("next_seen_seq", 14UL), new("pool_path", "/p/demo.plasmite")]);
        Assert.Equal(
            "{\"notice\":{\"cmd\":\"follow\",\"details\":{\"dropped_count\":3,\"last_seen_seq\":10,\"next_seen_seq\":14,\"pool_path\":\"/p/demo.plasmite\"},\"kind\":\"drop\",\"message\":\"dropped 3 messages\",\"pool\":\"demo\",\"time\":\"2026-02-08T12:00:00.5Z\"}}",
            NoticeWriter.FormatJsonLine(notice, 1770552000500000000));
        Assert.Equal("notice: dropped 3 messages (pool: demo)\n", NoticeWriter.FormatHuman(notice, color: false));
        Assert.Equal("\u001b[33mnotice:\u001b[0m Skipped invalid JSON.\n",
            NoticeWriter.FormatHuman(notice with { Cmd = "feed", Message = "Skipped invalid JSON." }, color: true));
    }
}
