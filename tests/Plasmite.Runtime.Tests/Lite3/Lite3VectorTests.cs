// Byte-exact encode and exact decode of every shared vector; envelope vectors through Lite3Envelope.
using System.Buffers;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3VectorTests
{
    public static IEnumerable<object[]> Names() => Lite3Vectors.Names();

    public static IEnumerable<object[]> EnvelopeNames() => Lite3Vectors.EnvelopeNames();

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_matches_upstream_bytes(string name)
    {
        Vector v = Lite3Vectors.All[name];
        byte[] actual = Lite3Json.Encode(Encoding.UTF8.GetBytes(v.Json));
        AssertBytes(v.Lite3, actual);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_matches_upstream_json(string name)
    {
        Vector v = Lite3Vectors.All[name];
        Assert.Equal(v.DecodedJson, Lite3Json.ToJsonString(v.Lite3));
        Lite3Json.Validate(v.Lite3);
    }

    [Theory]
    [MemberData(nameof(EnvelopeNames))]
    public void Envelope_encode_matches_upstream_bytes(string name)
    {
        Vector v = Lite3Vectors.All[name];
        var writer = new Lite3Writer();
        Lite3Envelope.Encode(v.Tags!, Encoding.UTF8.GetBytes(v.DataInput!), writer);
        AssertBytes(v.Lite3, writer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(EnvelopeNames))]
    public void Envelope_read_matches_upstream(string name)
    {
        Vector v = Lite3Vectors.All[name];
        Lite3Envelope.Validate(v.Lite3);
        Assert.Equal(v.Tags!, Lite3Envelope.ReadTags(v.Lite3));
        Assert.True(Lite3Envelope.HasAllTags(v.Lite3, (ReadOnlySpan<string>)v.Tags!));
        var output = new ArrayBufferWriter<byte>();
        Lite3Envelope.WriteDataJson(v.Lite3, output);
        string actual = Encoding.UTF8.GetString(output.WrittenSpan);
        JsonAssert.EquivalentSortedKeys(v.DecodedDataJson!, actual);
    }

    internal static void AssertBytes(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        int first = 0;
        while (first < Math.Min(expected.Length, actual.Length) && expected[first] == actual[first])
        {
            first++;
        }

        Assert.Fail($"bytes differ: expected {expected.Length} bytes, got {actual.Length}; first difference at offset {first}");
    }
}

/// <summary>Compares the decoded data JSON: keys must come out sorted by UTF-8 bytes; floats compare numerically.</summary>
internal static class JsonAssert
{
    /// <summary>Correctly rounded value of a JSON number (JsonElement.GetDouble is not, for some long literals).</summary>
    public static double ParseDouble(JsonElement e) => double.Parse(e.GetRawText(), System.Globalization.CultureInfo.InvariantCulture);

    public static void EquivalentSortedKeys(string expectedUnsorted, string actual)
    {
        using var e = JsonDocument.Parse(expectedUnsorted);
        using var a = JsonDocument.Parse(actual);
        Same(e.RootElement, a.RootElement, "$");
    }

    private static void Same(JsonElement e, JsonElement a, string path)
    {
        Assert.True(e.ValueKind == a.ValueKind, $"{path}: kind {e.ValueKind} vs {a.ValueKind}");
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var expected = e.EnumerateObject().ToList();
                expected.Sort((x, y) => Encoding.UTF8.GetBytes(x.Name).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y.Name)));
                var actual = a.EnumerateObject().ToList();
                Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
                for (int i = 0; i < expected.Count; i++)
                {
                    Same(expected[i].Value, actual[i].Value, path + "." + expected[i].Name);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(e.GetArrayLength(), a.GetArrayLength());
                for (int i = 0; i < e.GetArrayLength(); i++)
                {
                    Same(e[i], a[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                string er = e.GetRawText();
                string ar = a.GetRawText();
                bool eFloat = er.IndexOfAny(['.', 'e', 'E']) >= 0;
                bool aFloat = ar.IndexOfAny(['.', 'e', 'E']) >= 0;
                Assert.True(eFloat == aFloat, $"{path}: {er} vs {ar} (integer/float mismatch)");
                if (eFloat)
                {
                    Assert.True(BitConverter.DoubleToInt64Bits(ParseDouble(e)) == BitConverter.DoubleToInt64Bits(ParseDouble(a)), $"{path}: {er} vs {ar}");
                }
                else
                {
                    Assert.Equal(er, ar);
                }

                break;
            default:
                Assert.Equal(e.GetRawText(), a.GetRawText());
                break;
        }
    }
}
