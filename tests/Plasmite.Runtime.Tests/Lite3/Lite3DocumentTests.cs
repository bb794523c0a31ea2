// Lite3Document walks every vector the same way the decoder prints it; lookups agree with iteration.
using System.Text.Json;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3DocumentTests
{
    public static IEnumerable<object[]> Names() => Lite3Vectors.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Reader_agrees_with_decoded_json(string name)
    {
        Vector v = Lite3Vectors.All[name];
        using var expected = JsonDocument.Parse(v.DecodedJson);
        Same(new Lite3Document(v.Lite3), expected.RootElement);
    }

    [Fact]
    public void Scalars_and_tags_without_touching_data()
    {
        byte[] payload = Lite3Envelope.Encode(["x", "y"], """{"n":-5,"f":2.5,"s":"hé","b":true,"z":null,"big":18446744073709551615}"""u8);
        var doc = new Lite3Document(payload);
        Lite3Document tags = doc.GetProperty("meta"u8).GetProperty("tags"u8);
        Assert.Equal(Lite3Type.Array, tags.Type);
        Assert.Equal(2, tags.Count);
        Assert.Equal("y", tags[1].GetString());
        Assert.False(tags.TryGetElement(2, out _));
        Lite3Document data = doc.GetProperty("data");
        Assert.Equal(-5, data.GetProperty("n").GetInt64());
        Assert.Equal(2.5, data.GetProperty("f"u8).GetDouble());
        Assert.Equal("hé"u8.ToArray(), data.GetProperty("s").GetUtf8String().ToArray());
        Assert.True(data.GetProperty("b").GetBoolean());
        Assert.True(data.GetProperty("z").IsNull);
        Assert.Equal(18446744073709551616.0, data.GetProperty("big").GetDouble());
        Assert.False(data.TryGetProperty("missing", out _));
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => new Lite3Document(payload).GetProperty("data").GetProperty("n").GetString()).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => new Lite3Document(payload).GetProperty("nope")).Kind);
    }

    private static void Same(Lite3Document d, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(Lite3Type.Object, d.Type);
                var props = e.EnumerateObject().ToList();
                Assert.Equal(props.Count, d.Count);
                int i = 0;
                foreach (Lite3Document.Property p in d.EnumerateObject())
                {
                    Assert.Equal(props[i].Name, p.Name);
                    Assert.True(d.TryGetProperty(p.Utf8Name, out Lite3Document byKey));
                    Assert.Equal(p.Value.Offset, byKey.Offset);
                    Same(p.Value, props[i].Value);
                    i++;
                }

                Assert.Equal(props.Count, i);
                break;
            case JsonValueKind.Array:
                Assert.Equal(Lite3Type.Array, d.Type);
                Assert.Equal(e.GetArrayLength(), d.Count);
                int k = 0;
                foreach (Lite3Document item in d.EnumerateArray())
                {
                    Assert.True(d.TryGetElement(k, out Lite3Document byIndex));
                    Assert.Equal(item.Offset, byIndex.Offset);
                    Same(item, e[k]);
                    k++;
                }

                Assert.Equal(e.GetArrayLength(), k);
                break;
            case JsonValueKind.String:
                Assert.Equal(e.GetString(), d.GetString());
                break;
            case JsonValueKind.Number:
                if (d.Type == Lite3Type.Int64)
                {
                    Assert.Equal(e.GetInt64(), d.GetInt64());
                }
                else
                {
                    Assert.Equal(Lite3Type.Float64, d.Type);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(JsonAssert.ParseDouble(e)), BitConverter.DoubleToInt64Bits(d.GetDouble()));
                }

                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Assert.Equal(e.GetBoolean(), d.GetBoolean());
                break;
            default:
                Assert.True(d.IsNull);
                break;
        }
    }
}
