// Randomized documents: raw encode → decode preserves the data; the envelope path equals the raw path on
// pre-sorted input; the writer API equals both.
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3RoundTripTests
{
    private const int Documents = 400;

    [Fact]
    public void Random_documents_round_trip_and_paths_agree()
    {
        var rng = new Random(20261127);
        for (int d = 0; d < Documents; d++)
        {
            var sb = new StringBuilder();
            WriteObject(sb, rng, depth: 2, sorted: true);
            string data = sb.ToString();
            byte[] dataUtf8 = Encoding.UTF8.GetBytes(data);

            // Raw encode and decode keep every member and value (data has unique keys).
            byte[] raw = Lite3Json.Encode(dataUtf8);
            using (var expected = JsonDocument.Parse(data))
            using (var actual = JsonDocument.Parse(Lite3Json.ToJsonString(raw)))
            {
                SameUnordered(expected.RootElement, actual.RootElement, $"doc {d}");
            }

            // Keys are already sorted by UTF-8 bytes, so the envelope equals the raw envelope text.
            byte[] viaEnvelope = Lite3Envelope.Encode(["t"], dataUtf8);
            byte[] viaRaw = Lite3Json.Encode(Encoding.UTF8.GetBytes("{\"meta\":{\"tags\":[\"t\"]},\"data\":" + data + "}"));
            Assert.True(viaRaw.AsSpan().SequenceEqual(viaEnvelope), $"doc {d}: envelope differs from raw path\n{data}");

            // The read path gives back the same data.
            var output = new ArrayBufferWriter<byte>();
            Lite3Envelope.WriteDataJson(viaEnvelope, output);
            using (var expected = JsonDocument.Parse(data))
            using (var actual = JsonDocument.Parse(output.WrittenMemory))
            {
                SameUnordered(expected.RootElement, actual.RootElement, $"doc {d} (data)");
            }
        }
    }

    private static void WriteObject(StringBuilder sb, Random rng, int depth, bool sorted)
    {
        int count = rng.Next(4) == 0 ? rng.Next(20, 120) : rng.Next(0, 10);
        var keys = new SortedSet<string>(Comparer<string>.Create((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b))));
        while (keys.Count < count)
        {
            keys.Add(RandomKey(rng));
        }

        sb.Append('{');
        bool first = true;
        foreach (string key in sorted ? keys : keys.Reverse())
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            sb.Append(JsonSerializer.Serialize(key)).Append(':');
            WriteValue(sb, rng, depth);
        }

        sb.Append('}');
    }

    private static void WriteValue(StringBuilder sb, Random rng, int depth)
    {
        switch (rng.Next(depth > 0 ? 9 : 7))
        {
            case 0: sb.Append("null"); break;
            case 1: sb.Append(rng.Next(2) == 0 ? "true" : "false"); break;
            case 2: sb.Append(rng.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture)); break;
            case 3: sb.Append(rng.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture)); break;
            case 4:
                double f = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-12, 25));
                sb.Append(f.ToString("R", CultureInfo.InvariantCulture).Contains('E') || f.ToString("R", CultureInfo.InvariantCulture).Contains('.')
                    ? f.ToString("R", CultureInfo.InvariantCulture)
                    : f.ToString("R", CultureInfo.InvariantCulture) + ".0");
                break;
            case 5:
            case 6:
                sb.Append(JsonSerializer.Serialize(RandomString(rng, rng.Next(4) == 0 ? rng.Next(80, 100) : rng.Next(0, 20))));
                break;
            case 7:
                WriteObject(sb, rng, depth - 1, sorted: true);
                break;
            default:
                int n = rng.Next(4) == 0 ? rng.Next(8, 40) : rng.Next(0, 8);
                sb.Append('[');
                for (int i = 0; i < n; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteValue(sb, rng, depth - 1);
                }

                sb.Append(']');
                break;
        }
    }

    private static string RandomKey(Random rng) => rng.Next(5) switch
    {
        0 => "k" + rng.Next(1000),
        1 => RandomString(rng, rng.Next(0, 6)),
        _ => ((char)('a' + rng.Next(26))).ToString() + rng.Next(100),
    };

    private static string RandomString(Random rng, int length)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.Append(rng.Next(12) switch
            {
                0 => "é",
                1 => "\U0001F600",
                2 => "\uFFFF",
                3 => "\n",
                4 => "\"",
                5 => "\u0001",
                _ => ((char)('a' + rng.Next(26))).ToString(),
            });
        }

        return sb.ToString();
    }

    private static void SameUnordered(JsonElement e, JsonElement a, string path)
    {
        Assert.True(e.ValueKind == a.ValueKind, $"{path}: {e.ValueKind} vs {a.ValueKind}");
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var expected = e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var actual = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                Assert.Equal(expected.Count, actual.Count);
                foreach (var (name, value) in expected)
                {
                    Assert.True(actual.ContainsKey(name), $"{path}: missing {name}");
                    SameUnordered(value, actual[name], path + "." + name);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(e.GetArrayLength(), a.GetArrayLength());
                for (int i = 0; i < e.GetArrayLength(); i++)
                {
                    SameUnordered(e[i], a[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                if (e.TryGetInt64(out long l) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e') && !e.GetRawText().Contains('E'))
                {
                    Assert.Equal(l, a.GetInt64());
                }
                else
                {
                    Assert.True(BitConverter.DoubleToInt64Bits(JsonAssert.ParseDouble(e)) == BitConverter.DoubleToInt64Bits(JsonAssert.ParseDouble(a)), $"{path}: {e.GetRawText()} vs {a.GetRawText()}");
                }

                break;
            case JsonValueKind.String:
                Assert.Equal(e.GetString(), a.GetString());
                break;
            default:
                Assert.Equal(e.ValueKind, a.ValueKind);
                break;
        }
    }
}
