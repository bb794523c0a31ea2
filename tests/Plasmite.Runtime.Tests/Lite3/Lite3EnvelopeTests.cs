// Envelope encoding: callback path equals JSON path; input errors; float layout of the read path.
using System.Buffers;
using System.Text;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3EnvelopeTests
{
    [Fact]
    public void Callback_path_equals_json_path_for_nested_vector()
    {
        Vector v = Lite3Vectors.All["envelope_nested"];
        var writer = new Lite3Writer();
        Lite3Envelope.Encode(v.Tags!, 7, static (w, id) =>
        {
            w.WriteStartArray("items"u8);
            w.WriteStartObject();
            w.WriteNumber("price"u8, 9.99);
            w.WriteNumber("qty"u8, 2);
            w.WriteString("sku"u8, "x-1"u8);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteNumber("price"u8, 0.5);
            w.WriteNumber("qty"u8, 1);
            w.WriteString("sku"u8, "y-2");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteNull("note"u8);
            w.WriteBoolean("ok"u8, true);
            w.WriteStartObject("user"u8);
            w.WriteNumber("id"u8, id);
            w.WriteStartArray("roles"u8);
            w.WriteStringValue("admin");
            w.WriteStringValue("dev"u8);
            w.WriteEndArray();
            w.WriteEndObject();
        }, writer);
        Lite3VectorTests.AssertBytes(v.Lite3, writer.ToArray());
    }

    [Fact]
    public void Callback_path_equals_json_path_for_numbers()
    {
        byte[] expected = Lite3Envelope.Encode(["a", "b"], """{"u":18446744073709551615,"z":-0,"f":1.5,"i":-42}"""u8);
        var writer = new Lite3Writer();
        Lite3Envelope.Encode(["a", "b"], 0, static (w, _) =>
        {
            w.WriteNumber("f"u8, 1.5);
            w.WriteNumber("i"u8, -42);
            w.WriteNumber("u"u8, ulong.MaxValue);
            w.WriteNumber("z"u8, -0.0);
        }, writer);
        Lite3VectorTests.AssertBytes(expected, writer.ToArray());
    }

    [Fact]
    public void Unbalanced_callback_is_usage_error()
    {
        var e = Assert.Throws<PlasmiteException>(() =>
            Lite3Envelope.Encode([], 0, static (w, _) => w.WriteStartObject("x"u8), new Lite3Writer()));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        e = Assert.Throws<PlasmiteException>(() =>
            Lite3Envelope.Encode([], 0, static (w, _) => { w.WriteEndObject(); w.WriteStartObject("x"u8); }, new Lite3Writer()));
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }

    [Theory]
    [InlineData("[]", "data must be object")]
    [InlineData("1", "data must be object")]
    [InlineData("\"s\"", "data must be object")]
    [InlineData("{", "invalid json")]
    [InlineData("", "invalid json")]
    [InlineData("{\"a\":1,}", "invalid json")]
    [InlineData("{\"a\":1e400}", "invalid json")]
    [InlineData("{\"a\":\"\\uD800\"}", "invalid json")]
    [InlineData("{} {}", "invalid json")]
    public void Bad_data_is_usage_error(string data, string message)
    {
        var e = Assert.Throws<PlasmiteException>(() => Lite3Envelope.Encode([], Encoding.UTF8.GetBytes(data)));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_depth_is_limited_to_30_levels_below_data()
    {
        string ok = string.Concat(Enumerable.Repeat("{\"a\":", 30)) + "{}" + new string('}', 30);
        Lite3Envelope.Encode([], Encoding.UTF8.GetBytes(ok));
        string tooDeep = string.Concat(Enumerable.Repeat("{\"a\":", 31)) + "{}" + new string('}', 31);
        var e = Assert.Throws<PlasmiteException>(() => Lite3Envelope.Encode([], Encoding.UTF8.GetBytes(tooDeep)));
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }

    [Fact]
    public void Read_path_prints_serde_style_and_sorted_keys()
    {
        byte[] payload = Lite3Envelope.Encode(
            ["t"],
            """{"z":{"b":1,"a":[1e16,1.5e-7,1e300,0.0001,1e-5,1e-6,1.0,-0.0,100,18446744073709551615]},"é":"\u0001","a":null}"""u8);
        var output = new ArrayBufferWriter<byte>();
        Lite3Envelope.WriteDataJson(payload, output);
        Assert.Equal(
            """{"a":null,"z":{"a":[1e+16,1.5e-7,1e+300,0.0001,0.00001,1e-6,1.0,-0.0,100,1.8446744073709552e+19],"b":1},"é":"\u0001"}""",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Tags_read_and_filter()
    {
        byte[] payload = Lite3Envelope.Encode(["alpha", "béta", "alpha", ""], "{}"u8);
        Assert.Equal(["alpha", "béta", "alpha", ""], Lite3Envelope.ReadTags(payload));
        Assert.Equal(4, Lite3Envelope.TagCount(payload));
        Assert.True(Lite3Envelope.HasAllTags(payload, ["béta", "alpha"]));
        Assert.True(Lite3Envelope.HasAllTags(payload, (IReadOnlyList<string>)new List<string> { "" }));
        Assert.False(Lite3Envelope.HasAllTags(payload, ["alpha", "gamma"]));
        Assert.True(Lite3Envelope.HasAllTags(payload, ReadOnlySpan<string>.Empty));
        var seen = new List<string>();
        foreach (ReadOnlySpan<byte> tag in Lite3Envelope.EnumerateTags(payload))
        {
            seen.Add(Encoding.UTF8.GetString(tag));
        }

        Assert.Equal(["alpha", "béta", "alpha", ""], seen);
    }

    [Fact]
    public void Sorting_uses_utf8_bytes_not_utf16()
    {
        // U+FFFF sorts before U+1F600 in UTF-8 but after it in UTF-16 (surrogates D83D...).
        byte[] a = Lite3Envelope.Encode([], "{\"\uFFFF\":1,\"\U0001F600\":2}"u8.ToArray());
        var writer = new Lite3Writer();
        Lite3Envelope.Encode([], 0, static (w, _) =>
        {
            w.WriteNumber("\uFFFF", 1);
            w.WriteNumber("\U0001F600", 2);
        }, writer);
        Lite3VectorTests.AssertBytes(a, writer.ToArray());
    }
}
