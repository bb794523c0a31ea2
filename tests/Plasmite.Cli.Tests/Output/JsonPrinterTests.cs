// JSON emit: key order, escaping, pretty layout, colours and the TTY/colour style table.
using System.Text.Json;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Tests.Output;

[Trait("Category", "Unit")]
public class JsonPrinterTests
{
    private static string Compact(string json) => JsonPrinter.Compact(json);

    [Fact]
    public void KeysAreSortedAtEveryLevel()
    {
        Assert.Equal("{\"a\":{\"x\":1,\"y\":[{\"b\":1,\"c\":2}]},\"b\":2}", Compact("{\"b\":2,\"a\":{\"y\":[{\"c\":2,\"b\":1}],\"x\":1}}"));
    }

    [Fact]
    public void KeysSortByUtf8BytesNotUtf16()
    {
        // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 ...) in UTF-8 order,
        // but after it in UTF-16 order (0xFF5E > 0xD83D).
        Assert.Equal("{\"B\":0,\"a\":1,\"～\":2,\"😀\":3}", Compact("{\"😀\":3,\"～\":2,\"a\":1,\"B\":0}"));
        Assert.True(Plasmite.Text.Utf8Order.Compare("～", "😀") < 0);
    }

    [Fact]
    public void LastDuplicateKeyWins() => Assert.Equal("{\"a\":2}", Compact("{\"a\":1,\"a\":2}"));

    [Fact]
    public void StringsAreEscapedLikeSerde()
    {
        Assert.Equal("[\"q\\\"b\\\\n\\nt\\tc\\u0001é€/<>\"]", Compact("[\"q\\\"b\\\\n\\nt\\tc\\u0001\\u00e9€\\/<>\"]"));
    }

    [Fact]
    public void NumbersKeepTheirText() => Assert.Equal("[1,-2.5,1e+300,10.0]", Compact("[1, -2.5, 1e+300, 10.0]"));

    [Fact]
    public void PrettyIsTwoSpaceIndentedWithEmptyContainersInline()
    {
        using var doc = JsonDocument.Parse("{\"meta\":{\"tags\":[\"greeting\"]},\"data\":{\"msg\":\"hi\",\"e\":[],\"o\":{}},\"seq\":1}");
        var expected = """
            {
              "data": {
                "e": [],
                "msg": "hi",
                "o": {}
              },
              "meta": {
                "tags": [
                  "greeting"
                ]
              },
              "seq": 1
            }
            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), JsonPrinter.Pretty(doc.RootElement, color: false));
    }

    [Fact]
    public void ColourWrapsEachTokenKind()
    {
        using var doc = JsonDocument.Parse("{\"name\":\"x\",\"n\":1,\"b\":true,\"z\":null}");
        var s = JsonPrinter.Pretty(doc.RootElement, color: true);
        Assert.Contains("\u001b[36m\"name\"\u001b[0m", s);
        Assert.Contains("\u001b[32m\"x\"\u001b[0m", s);
        Assert.Contains("\u001b[33m1\u001b[0m", s);
        Assert.Contains("\u001b[35mtrue\u001b[0m", s);
        Assert.Contains("\u001b[39mnull\u001b[0m", s);
        Assert.Contains("\u001b[39m{\u001b[0m", s);
        Assert.Contains("\u001b[39m:\u001b[0m ", s);
        Assert.Contains("\u001b[39m,\u001b[0m", s);
    }

    [Theory]
    [InlineData(false, "Auto", "Compact")]
    [InlineData(false, "Never", "Compact")]
    [InlineData(false, "Always", "PrettyColor")]
    [InlineData(true, "Auto", "PrettyColor")]
    [InlineData(true, "Always", "PrettyColor")]
    [InlineData(true, "Never", "Pretty")]
    public void StyleTable(bool tty, string color, string expected) =>
        Assert.Equal(Enum.Parse<JsonStyle>(expected), JsonEmit.StyleFor(tty, Enum.Parse<ColorMode>(color)));

    [Fact]
    public void EmitWritesOneLinePlusNewlineWhenPiped()
    {
        var term = new BufferTerminal();
        var ctx = new CliContext(term, new Execution.UnwiredBackend());
        JsonEmit.Write(ctx, "{\"version\":\"1\",\"name\":\"plasmite\"}");
        Assert.Equal("{\"name\":\"plasmite\",\"version\":\"1\"}\n", term.OutBuffer.ToString());
    }
}
