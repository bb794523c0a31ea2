// Feed input splitting: auto detection, JSON Lines, multi-line JSON, json, seq, jq, event streams, limits.
using System.Text;
using Plasmite.Cli.Ingest;

namespace Plasmite.Cli.Tests.Ingest;

[Trait("Category", "Unit")]
public class RecordReaderTests
{
    private static (List<IngestRecord> Records, string Mode) Read(string input, IngestMode mode = IngestMode.Auto) =>
        Read(Encoding.UTF8.GetBytes(input), mode);

    private static (List<IngestRecord> Records, string Mode) Read(byte[] input, IngestMode mode = IngestMode.Auto)
    {
        var reader = new RecordReader(new MemoryStream(input), mode);
        var records = reader.ReadAll().ToList();
        return (records, reader.ModeName);
    }

    private static string Text(IngestRecord r) => Encoding.UTF8.GetString(r.Json.Span);

    [Fact]
    public void JsonLinesWithBlankLinesAndCrLf()
    {
        var (records, mode) = Read("{\"x\":1}\r\n\n  \n{\"x\":2}\n");
        Assert.Equal("auto", mode);
        Assert.Equal(2, records.Count);
        Assert.Equal("{\"x\":1}", Text(records[0]));
        Assert.Equal((1, 1L), (records[0].Index, records[0].Line!.Value));
        Assert.Equal((2, 4L), (records[1].Index, records[1].Line!.Value));
    }

    [Fact]
    public void LastLineWithoutNewlineIsRead()
    {
        var (records, _) = Read("{\"x\":1}\n{\"x\":2}");
        Assert.Equal(2, records.Count);
        Assert.True(records.All(r => r.IsOk));
    }

    [Fact]
    public void AutoAcceptsPrettyPrintedValues()
    {
        var (records, _) = Read("{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}\n{\"c\":3}\n[\n1\n]\n");
        Assert.Equal(3, records.Count);
        Assert.True(records.All(r => r.IsOk));
        Assert.Equal(1L, records[0].Line);
        Assert.Equal(7L, records[1].Line);
        Assert.Equal(8L, records[2].Line);
    }

    [Fact]
    public void AutoReportsBadLinesAndContinues()
    {
        var (records, _) = Read("{\"x\":1}\nnot json\n{\"x\":2}\n");
        Assert.Equal(3, records.Count);
        Assert.True(records[0].IsOk);
        Assert.Equal(IngestFailureKind.Parse, records[1].Failure!.Kind);
        Assert.Equal("not json", records[1].Failure!.Snippet);
        Assert.Equal(2L, records[1].Line);
        Assert.True(records[2].IsOk);
    }

    [Fact]
    public void UnterminatedMultiLineValueFailsAtEof()
    {
        var (records, _) = Read("{\"x\":1}\n{\"open\":\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(IngestFailureKind.Parse, records[1].Failure!.Kind);
        Assert.Equal(2L, records[1].Line);
    }

    [Fact]
    public void JsonlModeDoesNotJoinLines()
    {
        var (records, mode) = Read("{\n\"a\":1}\n", IngestMode.Jsonl);
        Assert.Equal("jsonl", mode);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.False(r.IsOk));
    }

    [Fact]
    public void JsonModeReadsOneValue()
    {
        var (records, _) = Read("\n{\n \"a\": [1,\n 2]\n}\n", IngestMode.Json);
        var r = Assert.Single(records);
        Assert.True(r.IsOk);
        var (bad, _) = Read("{\"a\":1}\n{\"b\":2}\n", IngestMode.Json);
        Assert.False(Assert.Single(bad).IsOk);
    }

    [Fact]
    public void SeqModeSplitsOnRecordSeparator()
    {
        var input = "\u001e{\"a\":1}\n\u001e  \n\u001e{\"b\":2}\n";
        var (records, mode) = Read(input);
        Assert.Equal("seq", mode);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.True(r.IsOk));
        Assert.Null(records[0].Line);
        var (explicitSeq, _) = Read(input, IngestMode.Seq);
        Assert.Equal(2, explicitSeq.Count);
    }

    [Fact]
    public void JqModeReadsConcatenatedValues()
    {
        var (records, mode) = Read("{\"a\":1}{\"b\":2} {\n \"c\": 3\n}\n\t[1] 5 \"s\"", IngestMode.Jq);
        Assert.Equal("jq", mode);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\n \"c\": 3\n}", "[1]", "5", "\"s\""], records.Select(Text));
    }

    [Fact]
    public void JqModeStopsAtFirstError()
    {
        var (records, _) = Read("{\"a\":1} {oops} {\"b\":2}", IngestMode.Jq);
        Assert.Equal(2, records.Count);
        Assert.True(records[0].IsOk);
        Assert.Equal(IngestFailureKind.Parse, records[1].Failure!.Kind);
    }

    [Fact]
    public void JqModeHandlesValuesSplitAcrossReads()
    {
        var big = "{\"k\":\"" + new string('x', 40000) + "\"} 123 {\"z\":1}";
        var reader = new RecordReader(new TrickleStream(Encoding.UTF8.GetBytes(big), 7), IngestMode.Jq);
        var records = reader.ReadAll().ToList();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.True(r.IsOk));
        Assert.Equal("123", Text(records[1]));
    }

    [Fact]
    public void EventStreamIsDetectedAndJoined()
    {
        var input = ": comment\nevent: msg\ndata: {\"a\":\ndata:1}\n\nid: 7\ndata: {\"b\":2}\n\ndata: {\"c\":3}";
        var (records, mode) = Read(input);
        Assert.Equal("event", mode);
        Assert.Equal(["{\"a\":\n1}", "{\"b\":2}", "{\"c\":3}"], records.Select(Text));
        Assert.Equal(3L, records[0].Line);
    }

    [Fact]
    public void OversizeRecordsAreRejected()
    {
        var big = "{\"k\":\"" + new string('x', RecordReader.MaxRecordBytes) + "\"}";
        var (records, _) = Read(big + "\n{\"ok\":1}\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(IngestFailureKind.Oversize, records[0].Failure!.Kind);
        Assert.True(records[0].Failure!.Snippet.Length <= 200);
        Assert.EndsWith("...", records[0].Failure!.Snippet, StringComparison.Ordinal);
        Assert.True(records[1].IsOk);
    }

    [Fact]
    public void EmptyInputYieldsNothing()
    {
        Assert.Empty(Read("").Records);
        Assert.Empty(Read("\n \n").Records);
        Assert.Empty(Read("", IngestMode.Json).Records);
        Assert.Empty(Read("  ", IngestMode.Jq).Records);
    }

    [Fact]
    public void SnippetsAreCutAtCharacterBoundaries()
    {
        var s = RecordReader.Snippet(Encoding.UTF8.GetBytes(new string('é', 150)));
        Assert.True(Encoding.UTF8.GetByteCount(s) <= 200);
        Assert.EndsWith("...", s, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', s);
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, like a slow pipe.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
