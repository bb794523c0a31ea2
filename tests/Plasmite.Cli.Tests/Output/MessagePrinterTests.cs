// Message envelopes and follow output formats.
using System.Text.Json;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Tests.Output;

[Trait("Category", "Unit")]
public class MessagePrinterTests
{
    private const ulong Time = 1_770_554_096_123_456_789; // 2026-02-08T12:34:56.123456789Z

    /// <summary>The envelope as the CLI receives it from the SDK (keys in output order).</summary>
    private static string Envelope(ulong seq, ulong timeNs, string[] tags, string dataJson)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        EnvelopeJson.Write(buffer, seq, timeNs, tags, System.Text.Encoding.UTF8.GetBytes(dataJson), EnvelopeKeyOrder.Sorted);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonElement Sample()
    {
        using var doc = JsonDocument.Parse(Envelope(1, Time, ["greeting"], "{\"msg\":\"hi\",\"from\":\"alice\"}"));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void EnvelopeIsCompactWithSortedKeys()
    {
        Assert.Equal("{\"data\":{\"from\":\"alice\",\"msg\":\"hi\"},\"meta\":{\"tags\":[\"greeting\"]},\"seq\":1,\"time\":\"2026-02-08T12:34:56.123456789Z\"}",
            JsonPrinter.Compact(Sample()));
        Assert.Equal("{\"data\":{},\"meta\":{\"tags\":[]},\"seq\":7,\"time\":\"1970-01-01T00:00:01.5Z\"}",
            Envelope(7, 1_500_000_000, [], "{}"));
    }

    [Fact]
    public void JsonlIsOneUncolouredLine()
    {
        Assert.Equal("{\"data\":{\"from\":\"alice\",\"msg\":\"hi\"},\"meta\":{\"tags\":[\"greeting\"]},\"seq\":1,\"time\":\"2026-02-08T12:34:56.123456789Z\"}\n",
            MessagePrinter.RenderFollowed(Sample(), FollowFormat.Jsonl, false, stdoutIsTerminal: true, ColorMode.Always));
        Assert.Equal("{\"from\":\"alice\",\"msg\":\"hi\"}\n", MessagePrinter.RenderFollowed(Sample(), FollowFormat.Jsonl, true, false, ColorMode.Auto));
    }

    [Fact]
    public void PrettyMatchesTheSpecExampleWhenPiped()
    {
        var expected = """
            {
              "data": {
                "from": "alice",
                "msg": "hi"
              },
              "meta": {
                "tags": [
                  "greeting"
                ]
              },
              "seq": 1,
              "time": "2026-02-08T12:34:56.123456789Z"
            }

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), MessagePrinter.RenderFollowed(Sample(), FollowFormat.Pretty, false, stdoutIsTerminal: false, ColorMode.Auto));
        Assert.Contains("\u001b[36m\"seq\"\u001b[0m", MessagePrinter.RenderFollowed(Sample(), FollowFormat.Pretty, false, true, ColorMode.Auto), StringComparison.Ordinal);
    }

    [Fact]
    public void TimeoutIs124WithTerminalMessage()
    {
        var tty = new BufferTerminal(stderrTty: true);
        Assert.Equal(124, MessagePrinter.TimedOut(new CliContext(tty, new UnwiredBackend()), "500ms"));
        Assert.Equal("No messages received (timed out after 500ms).\n", tty.ErrorBuffer.ToString());
        var piped = new BufferTerminal();
        Assert.Equal(124, MessagePrinter.TimedOut(new CliContext(piped, new UnwiredBackend()), "1s"));
        Assert.Equal("", piped.ErrorBuffer.ToString());
    }
}
