// Deep JSON equality for expectations: object key order ignored, numbers compared by value.
using System.Text.Json;

namespace Plasmite.Conformance;

internal static class JsonCompare
{
    public static bool DeepEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
            return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                int count = 0;
                foreach (var p in a.EnumerateObject())
                {
                    count++;
                    if (!b.TryGetProperty(p.Name, out var other) || !DeepEquals(p.Value, other)) return false;
                }
                foreach (var _ in b.EnumerateObject()) count--;
                return count == 0;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength()) return false;
                using (var ea = a.EnumerateArray().GetEnumerator())
                using (var eb = b.EnumerateArray().GetEnumerator())
                    while (ea.MoveNext() && eb.MoveNext())
                        if (!DeepEquals(ea.Current, eb.Current)) return false;
                return true;
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            case JsonValueKind.Number:
                if (a.TryGetInt64(out long la) && b.TryGetInt64(out long lb)) return la == lb;
                if (a.TryGetUInt64(out ulong ua) && b.TryGetUInt64(out ulong ub)) return ua == ub;
                return a.GetDouble().Equals(b.GetDouble());
            default:
                return true; // true, false, null: equal kinds are equal values
        }
    }

    public static bool TagsEqual(JsonElement expected, IReadOnlyList<string> actual)
    {
        if (expected.ValueKind != JsonValueKind.Array || expected.GetArrayLength() != actual.Count) return false;
        int i = 0;
        foreach (var t in expected.EnumerateArray())
            if (t.ValueKind != JsonValueKind.String || t.GetString() != actual[i++]) return false;
        return true;
    }

    public static string Show(JsonElement e) => e.ValueKind == JsonValueKind.Undefined ? "(none)" : e.GetRawText();

    public static string Show(IReadOnlyList<string> tags) => "[" + string.Join(",", tags.Select(t => "\"" + t + "\"")) + "]";
}
