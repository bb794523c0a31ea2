// Loads the shared Lite3 test vectors (tests/data/lite3/*.json) once for all Lite3 tests.
using System.Text.Json;
using Plasmite.Tests.Support;

namespace Plasmite.Tests.Lite3;

internal sealed record Vector(
    string Name,
    string Json,
    byte[] Lite3,
    string DecodedJson,
    string[]? Tags,
    string? DataInput,
    string? DecodedDataJson,
    bool BuildDependent);

internal sealed record InvalidCase(string Name, byte[] Lite3, string Why, string[] RejectedBy, Dictionary<string, string> Upstream);

internal static class Lite3Vectors
{
    private static readonly Lazy<Dictionary<string, Vector>> s_vectors = new(LoadVectors);
    private static readonly Lazy<Dictionary<string, InvalidCase>> s_invalid = new(LoadInvalid);

    public static IReadOnlyDictionary<string, Vector> All => s_vectors.Value;

    public static IReadOnlyDictionary<string, InvalidCase> Invalid => s_invalid.Value;

    public static IEnumerable<object[]> Names() => All.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> EnvelopeNames() => All.Values.Where(v => v.Tags is not null).Select(v => new object[] { v.Name });

    public static IEnumerable<object[]> InvalidNames() => Invalid.Keys.Select(k => new object[] { k });

    private static Dictionary<string, Vector> LoadVectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.PathOf("lite3", "vectors.json")));
        var result = new Dictionary<string, Vector>();
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
        {
            string[]? tags = null;
            string? dataInput = null;
            string? decodedData = null;
            if (e.TryGetProperty("plasmite", out JsonElement p))
            {
                tags = p.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
                dataInput = p.GetProperty("data_input").GetString();
                decodedData = p.GetProperty("decoded_data_json").GetString();
            }

            var v = new Vector(
                e.GetProperty("name").GetString()!,
                e.GetProperty("json").GetString()!,
                Convert.FromHexString(e.GetProperty("lite3_hex").GetString()!),
                e.GetProperty("decoded_json").GetString()!,
                tags,
                dataInput,
                decodedData,
                e.TryGetProperty("build_dependent", out JsonElement b) && b.GetBoolean());
            result.Add(v.Name, v);
        }

        return result;
    }

    private static Dictionary<string, InvalidCase> LoadInvalid()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.PathOf("lite3", "invalid.json")));
        var result = new Dictionary<string, InvalidCase>();
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
        {
            var upstream = new Dictionary<string, string>();
            foreach (JsonProperty u in e.GetProperty("upstream").EnumerateObject())
            {
                upstream[u.Name] = u.Value.GetString()!;
            }

            var c = new InvalidCase(
                e.GetProperty("name").GetString()!,
                Convert.FromHexString(e.GetProperty("lite3_hex").GetString()!),
                e.GetProperty("why").GetString()!,
                e.GetProperty("rejected_by").EnumerateArray().Select(r => r.GetString()!).ToArray(),
                upstream);
            result.Add(c.Name, c);
        }

        return result;
    }
}
