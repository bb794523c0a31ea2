// JSON text the way the original prints it: keys sorted by UTF-8 bytes, compact or pretty, optionally coloured.
using System.Text;
using System.Text.Json;
using Plasmite.Text;

namespace Plasmite.Cli.Output;

/// <summary>
/// Renders a <see cref="JsonElement"/> as JSON text: object keys sorted by their UTF-8 bytes at every level
/// (last duplicate wins), strings escaped as serde_json does (only quote, backslash and control characters),
/// numbers kept as written. No reflection serialization, so it is AOT-safe.
/// </summary>
internal static class JsonPrinter
{
    private const int KeySgr = 36, StringSgr = 32, NumberSgr = 33, BoolSgr = 35, NullSgr = 39, PunctSgr = 39;

    /// <summary>One line of compact JSON, no trailing newline.</summary>
    public static string Compact(JsonElement value)
    {
        var sb = new StringBuilder();
        Write(sb, value, pretty: false, color: false, depth: 0);
        return sb.ToString();
    }

    /// <summary>Indented JSON (2 spaces, <c>"key": value</c>), no trailing newline.</summary>
    public static string Pretty(JsonElement value, bool color)
    {
        var sb = new StringBuilder();
        Write(sb, value, pretty: true, color: color, depth: 0);
        return sb.ToString();
    }

    /// <summary>Parses <paramref name="json"/> and renders it compact with sorted keys.</summary>
    public static string Compact(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Compact(doc.RootElement);
    }

    /// <summary>Object members in output order: sorted by UTF-8 bytes, the last of duplicate keys kept.</summary>
    public static List<JsonProperty> SortedMembers(JsonElement obj)
    {
        var byName = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject()) byName[p.Name] = p;
        var list = new List<JsonProperty>(byName.Values);
        list.Sort(static (a, b) => Utf8Order.Compare(a.Name, b.Name));
        return list;
    }

    private static void Write(StringBuilder sb, JsonElement v, bool pretty, bool color, int depth)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var members = SortedMembers(v);
                Punct(sb, "{", color);
                if (members.Count == 0) { Punct(sb, "}", color); return; }
                for (int i = 0; i < members.Count; i++)
                {
                    if (i > 0) Punct(sb, ",", color);
                    NewLine(sb, pretty, depth + 1);
                    var key = new StringBuilder();
                    AppendQuoted(key, members[i].Name);
                    sb.Append(color ? Ansi.Paint(key.ToString(), KeySgr, true) : key.ToString());
                    Punct(sb, ":", color);
                    if (pretty) sb.Append(' ');
                    Write(sb, members[i].Value, pretty, color, depth + 1);
                }
                NewLine(sb, pretty, depth);
                Punct(sb, "}", color);
                return;
            }
            case JsonValueKind.Array:
            {
                Punct(sb, "[", color);
                int n = 0;
                foreach (var item in v.EnumerateArray())
                {
                    if (n++ > 0) Punct(sb, ",", color);
                    NewLine(sb, pretty, depth + 1);
                    Write(sb, item, pretty, color, depth + 1);
                }
                if (n > 0) NewLine(sb, pretty, depth);
                Punct(sb, "]", color);
                return;
            }
            case JsonValueKind.String:
            {
                var s = new StringBuilder();
                AppendQuoted(s, v.GetString()!);
                sb.Append(color ? Ansi.Paint(s.ToString(), StringSgr, true) : s.ToString());
                return;
            }
            case JsonValueKind.Number:
                sb.Append(color ? Ansi.Paint(v.GetRawText(), NumberSgr, true) : v.GetRawText());
                return;
            case JsonValueKind.True:
                sb.Append(color ? Ansi.Paint("true", BoolSgr, true) : "true");
                return;
            case JsonValueKind.False:
                sb.Append(color ? Ansi.Paint("false", BoolSgr, true) : "false");
                return;
            default:
                sb.Append(color ? Ansi.Paint("null", NullSgr, true) : "null");
                return;
        }
    }

    private static void Punct(StringBuilder sb, string p, bool color) =>
        sb.Append(color ? Ansi.Paint(p, PunctSgr, true) : p);

    private static void NewLine(StringBuilder sb, bool pretty, int depth)
    {
        if (!pretty) return;
        sb.Append('\n').Append(' ', depth * 2);
    }

    // String literals: the runtime's one escaping rule (JsonText, serde style).
    private static void AppendQuoted(StringBuilder sb, string s) => sb.Append(JsonText.Quote(s));
}
