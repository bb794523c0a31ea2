// The envelope's own JSON scanner against the Utf8JsonReader front end: same tokens (hence the same bytes)
// for everything both accept, and nothing accepted that the reader path rejects.
using System.Text;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class EnvelopeScannerTests
{
    private static readonly string[] ValidInputs =
    [
        "{}",
        " \t\r\n{ \"a\" : 1 , \"b\" :[ ] ,\"c\":{ } } \n",
        """{"s":"plain","e":"q\"b\\s\/n\nt\tr\rb\bf\f","u":"\u00e9\u4e2d\uD83D\uDE00\u0000x","raw":"é中😀"}""",
        """{"\u0000":1,"a\u0000b":2,"a":3,"":4,"é":5,"\uFFFF":6,"😀":7}""",
        """{"k":1,"k":"again","k":{"x":[1,{"k":2,"k":3}]}}""",
        """{"n":[0,-0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,18446744073709551615,18446744073709551616,123456789012345678,1234567890123456789]}""",
        """{"f":[0.0,-0.0,1.5,-2.25,1e2,1E+2,1e-2,0e500,-0e-5,1.000000000000000000001,0.1,123456789012345.6,1234567890123456.7,1e22,1e23,1e-22,1e-23,2.2250738585072014e-308,5e-324,1.7976931348623157e308]}""",
        """{"t":true,"f":false,"z":null,"nested":[[[]],[{}],{"a":[true,false,null]}]}""",
        "{\"long\":\"" + new string('x', 100) + "\\n" + new string('y', 40) + "\"}",
        "{\"" + new string('k', 70) + "\":\"" + new string('v', 90) + "\"}",
        "{\"mixed\":\"abcdefghijklmnopé" + new string('z', 20) + "\\u0041\"}",
        "{\"big\":[" + string.Join(",", Enumerable.Range(0, 5000)) + "],\"esc\":[" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"\\u00{i % 256:x2}{i}\"")) + "]}",
    ];

    private static readonly string[] InvalidInputs =
    [
        "", " ", "[]", "1", "\"s\"", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,\"a\":1}", "{\"a\":1 \"b\":2}",
        "{} {}", "{}x", "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":[1 2]}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":1.5.2}", "{\"a\":0x1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1e400}",
        "{\"a\":-1e400}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":falsey}", "{\"a\":'s'}", "{a:1}", "{\"a\":\"x}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\uDC00\"}",
        "{\"a\":\"\\uD800\\u0041\"}", "{\"a\":\"\\uD800x\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}",
        "{\"a\":1}//c", "{/*c*/\"a\":1}", "{\"a\":1]", "{\"a\":[1}", "{\"a\":{\"b\":1]}", "\u000B{}", "{\"a\"\u00A0:1}",
    ];

    public static TheoryData<string> Valid() => [.. ValidInputs];

    public static TheoryData<string> Invalid() => [.. InvalidInputs];

    [Theory]
    [MemberData(nameof(Valid))]
    public void Scanner_and_reader_agree_on_valid_input(string text)
    {
        byte[] json = Encoding.UTF8.GetBytes(text);
        var scanned = new EnvelopeDataSorter();
        Assert.True(scanned.TryScan(json));
        var read = new EnvelopeDataSorter();
        read.ParseWithReader(json);
        Assert.Equal(Envelope(read, json), Envelope(scanned, json));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Scanner_refuses_invalid_input(string text)
    {
        byte[] json = Encoding.UTF8.GetBytes(text);
        Assert.False(new EnvelopeDataSorter().TryScan(json));
        var e = Assert.Throws<PlasmiteException>(() => Lite3Envelope.Encode([], json));
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]             // truncated sequence
    [InlineData(new byte[] { 0xC0, 0x80 })]       // overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xFF })]
    public void Scanner_refuses_invalid_utf8_in_keys_and_values(byte[] bad)
    {
        foreach (string shape in new[] { "{\"a\":\"x@y\"}", "{\"x@y\":1}", "{\"a\":\"x\\n@\"}", "{\"a\":\"0123456789abcdef@0123456789abcdef\"}" })
        {
            int at = shape.IndexOf('@', StringComparison.Ordinal);
            byte[] json = [.. Encoding.UTF8.GetBytes(shape[..at]), .. bad, .. Encoding.UTF8.GetBytes(shape[(at + 1)..])];
            Assert.False(new EnvelopeDataSorter().TryScan(json));
            var e = Assert.Throws<PlasmiteException>(() => Lite3Envelope.Encode([], json));
            Assert.StartsWith("invalid json", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Random_mutations_are_accepted_exactly_when_the_reader_path_accepts_them()
    {
        string[] seeds = [.. ValidInputs, Lite3AllocationTests.SampleJson()];
        byte[] alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\u00e9xu\t\n"u8.ToArray();
        var random = new Random(20261127);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++)
        {
            byte[] json = Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Length)]);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits && json.Length > 0; e++)
            {
                int at = random.Next(json.Length);
                json = random.Next(4) switch
                {
                    0 => [.. json[..at], .. json[(at + 1)..]],
                    1 => [.. json[..at], alphabet[random.Next(alphabet.Length)], .. json[at..]],
                    2 => json[..at],
                    _ => [.. json[..at], (byte)random.Next(256), .. json[(at + 1)..]],
                };
            }

            if (Agree(json, Convert.ToHexString(json))) accepted++;
        }

        // Both outcomes must be well represented for the comparison to mean something.
        Assert.InRange(accepted, 2_000, 18_000);
    }

    [Fact]
    public void Every_short_token_sequence_is_accepted_exactly_when_the_reader_path_accepts_it()
    {
        // Exhaustive over JSON's structural tokens: "{" + up to five tokens, with and without a closing "}". This
        // covers the grammar corners (trailing or doubled commas, missing colons, unbalanced brackets, values where
        // keys belong) that byte mutations of large inputs rarely produce.
        string[] tokens = ["{", "}", "[", "]", ":", ",", "\"a\"", "-1.5e1", "true", " "];
        int accepted = 0, total = 0;
        var indexes = new int[5];
        for (int length = 0; length <= indexes.Length; length++)
        {
            Array.Clear(indexes);
            while (true)
            {
                foreach (bool close in new[] { false, true })
                {
                    var text = new StringBuilder("{");
                    for (int i = 0; i < length; i++) text.Append(tokens[indexes[i]]);
                    if (close) text.Append('}');
                    if (Agree(Encoding.UTF8.GetBytes(text.ToString()), text.ToString())) accepted++;
                    total++;
                }
                int k = length - 1;
                while (k >= 0 && ++indexes[k] == tokens.Length) indexes[k--] = 0;
                if (k < 0) break;
            }
        }
        Assert.InRange(accepted, 50, total - 1);
    }

    /// <summary>Asserts that the scanner and the reader path both accept <paramref name="json"/> with the same bytes, or
    /// both refuse it; returns whether it was accepted.</summary>
    private static bool Agree(byte[] json, string shown)
    {
        var scanned = new EnvelopeDataSorter();
        bool scanOk = scanned.TryScan(json);
        var read = new EnvelopeDataSorter();
        bool readOk = true;
        try
        {
            read.ParseWithReader(json);
        }
        catch (PlasmiteException)
        {
            readOk = false;
        }
        Assert.True(scanOk == readOk, $"scanner {scanOk}, reader {readOk}: {shown}");
        if (scanOk) Assert.True(Envelope(read, json).AsSpan().SequenceEqual(Envelope(scanned, json)), shown);
        return scanOk;
    }

    private static byte[] Envelope(EnvelopeDataSorter sorter, byte[] json)
    {
        var writer = new Lite3Writer();
        writer.WriteStartObject();
        writer.WriteStartObject("data"u8);
        sorter.WriteMembers(json, writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return writer.ToArray();
    }
}
