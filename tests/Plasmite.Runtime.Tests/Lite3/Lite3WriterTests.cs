// The writer API produces the same bytes as encoding the equivalent JSON in the same member order.
using System.Text;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3WriterTests
{
    private static byte[] FromJson(string json) => Lite3Json.Encode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Nested_objects_and_arrays_match_json_path()
    {
        var w = new Lite3Writer();
        w.WriteStartObject();
        w.WriteNumber("a"u8, 1);
        w.WriteString("b"u8, "x"u8);
        w.WriteStartObject("c"u8);
        w.WriteStartArray("d");
        w.WriteNumberValue(1);
        w.WriteNumberValue(2.5);
        w.WriteStartObject();
        w.WriteNull("e");
        w.WriteEndObject();
        w.WriteStartArray();
        w.WriteStringValue("é");
        w.WriteBooleanValue(false);
        w.WriteNullValue();
        w.WriteEndArray();
        w.WriteEndArray();
        w.WriteBoolean("f"u8, true);
        w.WriteEndObject();
        w.WriteNumber("g", -1.5);
        w.WriteStartArray("h"u8);
        w.WriteEndArray();
        w.WriteString("i", (string?)null);
        w.WriteEndObject();
        Assert.True(w.IsComplete);
        Lite3VectorTests.AssertBytes(
            FromJson("""{"a":1,"b":"x","c":{"d":[1,2.5,{"e":null},["é",false,null]],"f":true},"g":-1.5,"h":[],"i":null}"""),
            w.ToArray());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(50)]
    [InlineData(1000)]
    public void Object_splits_match_json_path(int count)
    {
        var w = new Lite3Writer();
        var json = new StringBuilder("{");
        w.WriteStartObject();
        for (int i = 0; i < count; i++)
        {
            w.WriteNumber("key" + i, i);
            json.Append(i == 0 ? "" : ",").Append("\"key").Append(i).Append("\":").Append(i);
        }

        w.WriteEndObject();
        Lite3VectorTests.AssertBytes(FromJson(json.Append('}').ToString()), w.ToArray());
    }

    [Theory]
    [InlineData(9)]
    [InlineData(5000)]
    public void Array_splits_match_json_path(int count)
    {
        var w = new Lite3Writer(16);
        var json = new StringBuilder("[");
        w.WriteStartArray();
        for (int i = 0; i < count; i++)
        {
            w.WriteStringValue("v" + i);
            json.Append(i == 0 ? "" : ",").Append("\"v").Append(i).Append('"');
        }

        w.WriteEndArray();
        Lite3VectorTests.AssertBytes(FromJson(json.Append(']').ToString()), w.ToArray());
    }

    [Theory]
    [InlineData(89)]
    [InlineData(90)]
    [InlineData(91)]
    public void String_of_90_bytes_gets_node_padding(int length)
    {
        string s = new('s', length);
        var w = new Lite3Writer();
        w.WriteStartObject();
        w.WriteString("k"u8, s);
        w.WriteStartArray("arr");
        w.WriteStringValue(Encoding.UTF8.GetBytes(s));
        w.WriteEndArray();
        w.WriteEndObject();
        Lite3VectorTests.AssertBytes(FromJson($$"""{"k":"{{s}}","arr":["{{s}}"]}"""), w.ToArray());
    }

    [Fact]
    public void Big_unsigned_is_nearest_double_like_json()
    {
        var w = new Lite3Writer();
        w.WriteStartArray();
        w.WriteNumberValue(ulong.MaxValue);
        w.WriteNumberValue(9223372036854775808UL);
        w.WriteNumberValue(9223372036854777855UL);
        w.WriteNumberValue(42UL);
        w.WriteEndArray();
        Lite3VectorTests.AssertBytes(FromJson("[18446744073709551615,9223372036854775808,9223372036854777855,42]"), w.ToArray());
    }

    [Fact]
    public void Duplicate_keys_overwrite_like_json()
    {
        var w = new Lite3Writer();
        w.WriteStartObject();
        w.WriteString("a", new string('x', 200));
        w.WriteNumber("b", 1);
        w.WriteStartObject("a");
        w.WriteNumber("c", 1);
        w.WriteEndObject();
        w.WriteNumber("b", 2);
        w.WriteEndObject();
        Lite3VectorTests.AssertBytes(FromJson($$"""{"a":"{{new string('x', 200)}}","b":1,"a":{"c":1},"b":2}"""), w.ToArray());
    }

    [Fact]
    public void Bytes_round_trip_as_base64()
    {
        var w = new Lite3Writer();
        w.WriteStartObject();
        w.WriteBytes("b", new byte[] { 1, 2, 3, 250 });
        w.WriteStartArray("l");
        w.WriteBytesValue([]);
        w.WriteEndArray();
        w.WriteEndObject();
        Assert.Equal("""{"b":"AQID+g==","l":[""]}""", Lite3Json.ToJsonString(w.WrittenSpan));
        var doc = new Lite3Document(w.WrittenSpan);
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, doc.GetProperty("b").GetBytes().ToArray());
    }

    [Fact]
    public void Reset_reuses_the_buffer_and_zeroes_it()
    {
        var w = new Lite3Writer();
        w.WriteStartObject();
        w.WriteString("long", new string('z', 500));
        w.WriteEndObject();
        w.Reset();
        w.WriteStartObject();
        w.WriteNumber("a", 1);
        w.WriteEndObject();
        Lite3VectorTests.AssertBytes(FromJson("""{"a":1}"""), w.ToArray());
    }

    [Fact]
    public void Nesting_is_limited_to_32_levels()
    {
        var w = new Lite3Writer();
        for (int i = 0; i < 32; i++)
        {
            w.WriteStartArray();
        }

        var e = Assert.Throws<PlasmiteException>(() => w.WriteStartArray());
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }

    [Fact]
    public void Misuse_throws_usage()
    {
        AssertUsage(w => w.WriteEndObject());
        AssertUsage(w => w.WriteNumber("a", 1));
        AssertUsage(w => w.WriteNumberValue(1));
        AssertUsage(w => { w.WriteStartArray(); w.WriteNumber("a", 1); });
        AssertUsage(w => { w.WriteStartObject(); w.WriteNumberValue(1); });
        AssertUsage(w => { w.WriteStartObject(); w.WriteEndArray(); });
        AssertUsage(w => { w.WriteStartObject(); w.WriteEndObject(); w.WriteStartObject(); });
        AssertUsage(w => { w.WriteStartObject(); w.WriteNumber("a", double.NaN); });
        AssertUsage(w => { w.WriteStartObject(); w.WriteString("a"u8, new byte[] { 0xC0, 0xAF }); });
        AssertUsage(w => { w.WriteStartObject(); w.WriteString("a", "\uD800"); });
    }

    private static void AssertUsage(Action<Lite3Writer> action)
    {
        var e = Assert.Throws<PlasmiteException>(() => action(new Lite3Writer()));
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }
}
