// Values of the jq-subset evaluator: JSON values read lazily from a JsonElement or built by the filter.
using System.Globalization;
using System.Text.Json;

namespace Plasmite.Cli.Jq;

/// <summary>The JSON type of a <see cref="JqValue"/>, in jq's cross-type sort order.</summary>
internal enum JqKind
{
    Null = 0,
    False = 1,
    True = 2,
    Number = 3,
    String = 4,
    Array = 5,
    Object = 6,
}

/// <summary>An immutable JSON value as the jq subset sees it.</summary>
internal sealed class JqValue
{
    public static readonly JqValue Null = new(JqKind.Null);
    public static readonly JqValue True = new(JqKind.True);
    public static readonly JqValue False = new(JqKind.False);

    private readonly double _number;
    private readonly string? _string;
    private List<JqValue>? _items;
    private Dictionary<string, JqValue>? _members;
    private readonly JsonElement _element;
    private readonly bool _lazy;

    private JqValue(JqKind kind) => Kind = kind;

    private JqValue(double number) { Kind = JqKind.Number; _number = number; }

    private JqValue(string s) { Kind = JqKind.String; _string = s; }

    private JqValue(List<JqValue> items) { Kind = JqKind.Array; _items = items; }

    private JqValue(Dictionary<string, JqValue> members) { Kind = JqKind.Object; _members = members; }

    private JqValue(JqKind kind, JsonElement element) { Kind = kind; _element = element; _lazy = true; }

    public JqKind Kind { get; }

    public bool IsTruthy => Kind is not (JqKind.Null or JqKind.False);

    public double Number => _number;

    public string String => _string!;

    public static JqValue Bool(bool b) => b ? True : False;

    public static JqValue Num(double d) => new(d);

    public static JqValue Str(string s) => new(s);

    public static JqValue Arr(List<JqValue> items) => new(items);

    public static JqValue Obj(Dictionary<string, JqValue> members) => new(members);

    /// <summary>Wraps a JsonElement; arrays and objects are read on first access.</summary>
    public static JqValue From(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Null,
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        JsonValueKind.Number => new JqValue(e.GetDouble()),
        JsonValueKind.String => new JqValue(e.GetString()!),
        JsonValueKind.Array => new JqValue(JqKind.Array, e),
        _ => new JqValue(JqKind.Object, e),
    };

    /// <summary>Array elements.</summary>
    public List<JqValue> Items
    {
        get
        {
            if (_items is null && _lazy)
            {
                var list = new List<JqValue>();
                foreach (var item in _element.EnumerateArray()) list.Add(From(item));
                _items = list;
            }
            return _items!;
        }
    }

    /// <summary>Object members (last duplicate wins).</summary>
    public Dictionary<string, JqValue> Members
    {
        get
        {
            if (_members is null && _lazy)
            {
                var dict = new Dictionary<string, JqValue>(StringComparer.Ordinal);
                foreach (var p in _element.EnumerateObject()) dict[p.Name] = From(p.Value);
                _members = dict;
            }
            return _members!;
        }
    }

    /// <summary>Object keys sorted by code point, as jq's <c>keys</c> returns them.</summary>
    public List<string> SortedKeys()
    {
        var keys = new List<string>(Members.Keys);
        keys.Sort(Plasmite.Text.Utf8Order.Compare);
        return keys;
    }

    /// <summary>jq's type name.</summary>
    public string TypeName => Kind switch
    {
        JqKind.Null => "null",
        JqKind.True or JqKind.False => "boolean",
        JqKind.Number => "number",
        JqKind.String => "string",
        JqKind.Array => "array",
        _ => "object",
    };

    /// <summary>Compact JSON text with sorted keys (jq's <c>tojson</c>).</summary>
    public string ToJson()
    {
        var sb = new System.Text.StringBuilder();
        AppendJson(sb);
        return sb.ToString();
    }

    private void AppendJson(System.Text.StringBuilder sb)
    {
        switch (Kind)
        {
            case JqKind.Null: sb.Append("null"); break;
            case JqKind.True: sb.Append("true"); break;
            case JqKind.False: sb.Append("false"); break;
            case JqKind.Number: sb.Append(FormatNumber(_number)); break;
            case JqKind.String: sb.Append(JsonText.Quote(_string!)); break;
            case JqKind.Array:
                sb.Append('[');
                for (int i = 0; i < Items.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Items[i].AppendJson(sb);
                }
                sb.Append(']');
                break;
            default:
                sb.Append('{');
                int n = 0;
                foreach (var k in SortedKeys())
                {
                    if (n++ > 0) sb.Append(',');
                    sb.Append(JsonText.Quote(k));
                    sb.Append(':');
                    Members[k].AppendJson(sb);
                }
                sb.Append('}');
                break;
        }
    }

    /// <summary>Numbers as jq prints them: integers without a fraction, others in shortest round-trip form.</summary>
    public static string FormatNumber(double d)
    {
        if (double.IsNaN(d)) return "null";
        if (double.IsPositiveInfinity(d)) return "1.7976931348623157e+308";
        if (double.IsNegativeInfinity(d)) return "-1.7976931348623157e+308";
        if (d == Math.Floor(d) && Math.Abs(d) < 1e17) return ((long)d).ToString(CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>jq's total order: null &lt; false &lt; true &lt; numbers &lt; strings &lt; arrays &lt; objects.</summary>
    public static int Compare(JqValue a, JqValue b)
    {
        if (a.Kind != b.Kind) return a.Kind < b.Kind ? -1 : 1;
        switch (a.Kind)
        {
            case JqKind.Number:
                return a._number.CompareTo(b._number);
            case JqKind.String:
                return Math.Sign(Plasmite.Text.Utf8Order.Compare(a._string!, b._string!));
            case JqKind.Array:
            {
                var x = a.Items;
                var y = b.Items;
                for (int i = 0; i < x.Count && i < y.Count; i++)
                {
                    int c = Compare(x[i], y[i]);
                    if (c != 0) return c;
                }
                return x.Count.CompareTo(y.Count);
            }
            case JqKind.Object:
            {
                var ka = a.SortedKeys();
                var kb = b.SortedKeys();
                for (int i = 0; i < ka.Count && i < kb.Count; i++)
                {
                    int c = Math.Sign(Plasmite.Text.Utf8Order.Compare(ka[i], kb[i]));
                    if (c != 0) return c;
                }
                if (ka.Count != kb.Count) return ka.Count.CompareTo(kb.Count);
                foreach (var k in ka)
                {
                    int c = Compare(a.Members[k], b.Members[k]);
                    if (c != 0) return c;
                }
                return 0;
            }
            default:
                return 0;
        }
    }
}

/// <summary>A jq runtime error (type mismatch, bad index…). Inside <c>--where</c> it makes the predicate false.</summary>
internal sealed class JqRuntimeException(string message) : Exception(message);

/// <summary>A filter that cannot be compiled: a syntax error or a construct outside the supported subset.</summary>
internal sealed class JqCompileException(string message) : Exception(message);
