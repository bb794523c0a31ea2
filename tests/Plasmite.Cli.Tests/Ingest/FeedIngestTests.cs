// The --errors policy runner: receipts, stop/skip behaviour, notices, summary and exit codes.
using System.Text;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Ingest;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Tests.Ingest;

[Trait("Category", "Unit")]
public class FeedIngestTests
{
    private const ulong Now = 1_770_552_000_000_000_000;

    private static (int Code, BufferTerminal Term, List<string> Appended) Run(string input, ErrorPolicy policy, Func<string, FeedReceipt>? append = null,
        IngestMode mode = IngestMode.Auto, bool tty = false)
    {
        var term = new BufferTerminal(stdoutTty: tty, stderrTty: tty);
        var ctx = new CliContext(term, new UnwiredBackend()) { Color = ColorMode.Never };
        var appended = new List<string>();
        ulong seq = 0;
        append ??= json => new FeedReceipt(++seq, 1_770_554_096_123_456_789 /* 2026-02-08T12:34:56.123456789Z */, ["t"]);
        var reader = new RecordReader(new MemoryStream(Encoding.UTF8.GetBytes(input)), mode);
        int code = FeedIngest.Run(ctx, reader, policy, m =>
        {
            var text = Encoding.UTF8.GetString(m.Span);
            appended.Add(text);
            return append(text);
        }, "demo", "/p/demo.plasmite", () => Now);
        return (code, term, appended);
    }

    [Fact]
    public void ReceiptsArePrintedPerRecordWithoutData()
    {
        var (code, term, appended) = Run("{\"x\":1}\n{\"x\":2}\n", ErrorPolicy.Stop);
        Assert.Equal(0, code);
        Assert.Equal(2, appended.Count);
        Assert.Equal(
            "{\"meta\":{\"tags\":[\"t\"]},\"seq\":1,\"time\":\"2026-02-08T12:34:56.123456789Z\"}\n{\"meta\":{\"tags\":[\"t\"]},\"seq\":2,\"time\":\"2026-02-08T12:34:56.123456789Z\"}\n",
            term.OutBuffer.ToString());
        Assert.Equal("", term.ErrorBuffer.ToString());
    }

    [Fact]
    public void TerminalReceipts()
    {
        var (_, term, _) = Run("{\"x\":1}\n", ErrorPolicy.Stop, tty: true);
        Assert.Equal("fed seq=1 at 2026-02-08T12:34:56Z  tags: t\n", term.OutBuffer.ToString());
        Assert.Equal("fed seq=3 at 2026-02-08T12:34:56Z", ReceiptPrinter.FormatHuman(new FeedReceipt(3, 1_770_554_096_000_000_000 /* 2026-02-08T12:34:56Z */, [])));
    }

    [Fact]
    public void StopAbortsAfterEarlierReceipts()
    {
        var ex = Assert.Throws<PlasmiteException>(() => Run("{\"x\":1}\nnope\n{\"x\":3}\n", ErrorPolicy.Stop));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal("invalid json input", ex.Message);
        Assert.Contains("line 2", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void StopReportsOversize()
    {
        var big = "{\"k\":\"" + new string('x', RecordReader.MaxRecordBytes) + "\"}\n";
        var ex = Assert.Throws<PlasmiteException>(() => Run(big, ErrorPolicy.Stop));
        Assert.Equal("record exceeds size limit", ex.Message);
    }

    [Fact]
    public void StopTurnsAppendFailuresIntoUsage()
    {
        var ex = Assert.Throws<PlasmiteException>(() => Run("[1]\n", ErrorPolicy.Stop,
            _ => throw new PlasmiteException(ErrorKind.Permission, "forbidden")));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal("forbidden", ex.Message);
    }

    [Fact]
    public void SkipKeepsAppendFailureKind()
    {
        var ex = Assert.Throws<PlasmiteException>(() => Run("{\"x\":1}\n", ErrorPolicy.Skip,
            _ => throw new PlasmiteException(ErrorKind.Permission, "forbidden")));
        Assert.Equal(ErrorKind.Permission, ex.Kind);
    }

    [Fact]
    public void SkipEmitsNoticesSummaryAndExitsOne()
    {
        var (code, term, appended) = Run("{\"x\":1}\nnope\n{\"x\":3}\n", ErrorPolicy.Skip);
        Assert.Equal(1, code);
        Assert.Equal(2, appended.Count);
        var lines = term.ErrorBuffer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            "{\"notice\":{\"cmd\":\"feed\",\"details\":{\"error_kind\":\"Parse\",\"index\":2,\"line\":2,\"mode\":\"auto\",\"pool_path\":\"/p/demo.plasmite\",\"snippet\":\"nope\"},\"kind\":\"ingest_skip\",\"message\":\"Skipped invalid JSON.\",\"pool\":\"demo\",\"time\":\"2026-02-08T12:00:00Z\"}}",
            lines[0]);
        Assert.Equal(
            "{\"notice\":{\"cmd\":\"feed\",\"details\":{\"failed\":1,\"ok\":2,\"pool_path\":\"/p/demo.plasmite\",\"total\":3},\"kind\":\"ingest_summary\",\"message\":\"Finished with 1 skipped record.\",\"pool\":\"demo\",\"time\":\"2026-02-08T12:00:00Z\"}}",
            lines[1]);
    }

    [Fact]
    public void SkipOnTerminalPrintsNoticeText()
    {
        var (code, term, _) = Run("nope\nnope\n{\"x\":1}\n", ErrorPolicy.Skip, tty: true);
        Assert.Equal(1, code);
        Assert.Equal("notice: Skipped invalid JSON.\nnotice: Skipped invalid JSON.\nnotice: Finished with 2 skipped records.\n", term.ErrorBuffer.ToString());
    }

    [Fact]
    public void NoRecordsIsMissingDataInput()
    {
        var ex = Assert.Throws<PlasmiteException>(() => Run("\n\n", ErrorPolicy.Stop));
        Assert.Equal("missing data input", ex.Message);
        Assert.Equal("Provide JSON via DATA, --file, or pipe JSON to stdin.", ex.Hint);
    }

    [Fact]
    public void InlineDataValidation()
    {
        FeedIngest.ValidateInlineData("{\"x\":1}");
        Assert.Equal("invalid json", Assert.Throws<PlasmiteException>(() => FeedIngest.ValidateInlineData("{x")).Message);
        Assert.Equal("data must be object", Assert.Throws<PlasmiteException>(() => FeedIngest.ValidateInlineData("[1]")).Message);
    }

    [Fact]
    public void RetryRetriesOnlyTransientFailures()
    {
        int calls = 0;
        Assert.Equal(7, Retry.Run(() => ++calls < 3 ? throw new PlasmiteException(ErrorKind.Busy) : 7, 5, TimeSpan.Zero));
        Assert.Equal(3, calls);
        calls = 0;
        Assert.Throws<PlasmiteException>(() => Retry.Run<int>(() => { calls++; throw new PlasmiteException(ErrorKind.NotFound); }, 5, TimeSpan.Zero));
        Assert.Equal(1, calls);
        calls = 0;
        Assert.Throws<PlasmiteException>(() => Retry.Run<int>(() => { calls++; throw new PlasmiteException(ErrorKind.Busy); }, 2, TimeSpan.Zero));
        Assert.Equal(3, calls);
    }
}
