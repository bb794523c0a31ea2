// The jq builtin functions the subset supports (name/arity), evaluated with jq's generator semantics.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Plasmite.Cli.Jq;

internal static class JqBuiltins
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "empty/0", "not/0", "length/0", "utf8bytelength/0", "keys/0", "keys_unsorted/0", "values/0", "type/0",
        "tostring/0", "tonumber/0", "tojson/0", "ascii_downcase/0", "ascii_upcase/0", "any/0", "all/0", "add/0",
        "first/0", "last/0", "reverse/0", "sort/0", "unique/0", "min/0", "max/0", "floor/0", "ceil/0", "round/0",
        "fabs/0", "sqrt/0", "arrays/0", "objects/0", "strings/0", "numbers/0", "booleans/0", "nulls/0",
        "iterables/0", "scalars/0", "select/1", "has/1", "contains/1", "inside/1", "test/1", "test/2",
        "startswith/1", "endswith/1", "ltrimstr/1", "rtrimstr/1", "index/1", "rindex/1", "indices/1", "any/1",
        "all/1", "any/2", "all/2", "map/1", "map_values/1", "in/1", "first/1", "isempty/1", "split/1", "join/1",
        "trim/0", "ltrim/0", "rtrim/0",
    };

    public static bool IsKnown(string name, int arity) => Known.Contains($"{name}/{arity.ToString(CultureInfo.InvariantCulture)}");

    public static IEnumerable<JqValue> Call(string name, List<JqNode> args, JqValue input)
    {
        switch (args.Count)
        {
            case 0: return Call0(name, input);
            case 1: return Call1(name, args[0], input);
            default: return Call2(name, args[0], args[1], input);
        }
    }

    private static IEnumerable<JqValue> One(JqValue v) { yield return v; }

    private static IEnumerable<JqValue> Call0(string name, JqValue input)
    {
        switch (name)
        {
            case "empty": return [];
            case "not": return One(JqValue.Bool(!input.IsTruthy));
            case "length": return One(Length(input));
            case "utf8bytelength":
                RequireString(input, "only strings have UTF-8 byte length");
                return One(JqValue.Num(Encoding.UTF8.GetByteCount(input.String)));
            case "keys":
            case "keys_unsorted":
                return One(Keys(input));
            case "values": return input.Kind == JqKind.Null ? [] : One(input);
            case "type": return One(JqValue.Str(input.TypeName));
            case "tostring": return One(input.Kind == JqKind.String ? input : JqValue.Str(input.ToJson()));
            case "tojson": return One(JqValue.Str(input.ToJson()));
            case "tonumber":
                if (input.Kind == JqKind.Number) return One(input);
                if (input.Kind == JqKind.String && double.TryParse(input.String, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                    return One(JqValue.Num(d));
                throw new JqRuntimeException($"Cannot parse {JqEval.Short(input)} as a number");
            case "ascii_downcase":
                RequireString(input, "ascii_downcase input must be a string");
                return One(JqValue.Str(MapAscii(input.String, upper: false)));
            case "ascii_upcase":
                RequireString(input, "ascii_upcase input must be a string");
                return One(JqValue.Str(MapAscii(input.String, upper: true)));
            case "trim":
            case "ltrim":
            case "rtrim":
                RequireString(input, "trim input must be a string");
                return One(JqValue.Str(name == "trim" ? input.String.Trim() : name == "ltrim" ? input.String.TrimStart() : input.String.TrimEnd()));
            case "any": return One(JqValue.Bool(JqEval.Iterate(input).Any(v => v.IsTruthy)));
            case "all": return One(JqValue.Bool(JqEval.Iterate(input).All(v => v.IsTruthy)));
            case "add":
            {
                var acc = JqValue.Null;
                foreach (var v in JqEval.Iterate(input)) acc = JqEval.Binary("+", acc, v);
                return One(acc);
            }
            case "first": return One(JqEval.Index(input, JqValue.Num(0)));
            case "last": return One(JqEval.Index(input, JqValue.Num(-1)));
            case "reverse":
                if (input.Kind == JqKind.String) { var arr = input.String.ToCharArray(); Array.Reverse(arr); return One(JqValue.Str(new string(arr))); }
                if (input.Kind == JqKind.Null) return One(JqValue.Arr([]));
                RequireArray(input, "Cannot reverse");
                return One(JqValue.Arr(Enumerable.Reverse(input.Items).ToList()));
            case "sort":
                RequireArray(input, "cannot be sorted, as it is not an array");
                return One(JqValue.Arr(Sorted(input.Items)));
            case "unique":
                RequireArray(input, "cannot be sorted, as it is not an array");
                return One(JqValue.Arr(Unique(Sorted(input.Items))));
            case "min":
            case "max":
            {
                RequireArray(input, "cannot be sorted, as it is not an array");
                var sorted = Sorted(input.Items);
                return One(sorted.Count == 0 ? JqValue.Null : name == "min" ? sorted[0] : sorted[^1]);
            }
            case "floor": return One(JqValue.Num(Math.Floor(RequireNumber(input, name))));
            case "ceil": return One(JqValue.Num(Math.Ceiling(RequireNumber(input, name))));
            case "round": return One(JqValue.Num(Math.Round(RequireNumber(input, name), MidpointRounding.AwayFromZero)));
            case "fabs": return One(JqValue.Num(Math.Abs(RequireNumber(input, name))));
            case "sqrt": return One(JqValue.Num(Math.Sqrt(RequireNumber(input, name))));
            case "arrays": return input.Kind == JqKind.Array ? One(input) : [];
            case "objects": return input.Kind == JqKind.Object ? One(input) : [];
            case "strings": return input.Kind == JqKind.String ? One(input) : [];
            case "numbers": return input.Kind == JqKind.Number ? One(input) : [];
            case "booleans": return input.Kind is JqKind.True or JqKind.False ? One(input) : [];
            case "nulls": return input.Kind == JqKind.Null ? One(input) : [];
            case "iterables": return input.Kind is JqKind.Array or JqKind.Object ? One(input) : [];
            case "scalars": return input.Kind is JqKind.Array or JqKind.Object ? [] : One(input);
            default: throw new JqRuntimeException($"{name}/0 is not defined");
        }
    }

    private static IEnumerable<JqValue> Call1(string name, JqNode arg, JqValue input)
    {
        switch (name)
        {
            case "select": return arg.Eval(input).Where(v => v.IsTruthy).Select(_ => input);
            case "map": return One(JqValue.Arr(JqEval.Iterate(input).SelectMany(arg.Eval).ToList()));
            case "map_values": return MapValues(arg, input);
            case "any": return One(JqValue.Bool(JqEval.Iterate(input).Any(x => arg.Eval(x).Any(v => v.IsTruthy))));
            case "all": return One(JqValue.Bool(JqEval.Iterate(input).All(x => arg.Eval(x).All(v => v.IsTruthy))));
            case "first": return arg.Eval(input).Take(1);
            case "isempty": return One(JqValue.Bool(!JqEval.Safe(arg.Eval(input)).Any()));
            case "has": return arg.Eval(input).Select(k => Has(input, k));
            case "in": return arg.Eval(input).Select(obj => Has(obj, input));
            case "contains": return arg.Eval(input).Select(b => JqValue.Bool(JqEval.Contains(input, b)));
            case "inside": return arg.Eval(input).Select(a => JqValue.Bool(JqEval.Contains(a, input)));
            case "test": return arg.Eval(input).Select(re => Test(input, re, JqValue.Null));
            case "startswith":
                return arg.Eval(input).Select(s =>
                {
                    if (input.Kind != JqKind.String || s.Kind != JqKind.String) throw new JqRuntimeException("startswith() requires string inputs");
                    return JqValue.Bool(input.String.StartsWith(s.String, StringComparison.Ordinal));
                });
            case "endswith":
                return arg.Eval(input).Select(s =>
                {
                    if (input.Kind != JqKind.String || s.Kind != JqKind.String) throw new JqRuntimeException("endswith() requires string inputs");
                    return JqValue.Bool(input.String.EndsWith(s.String, StringComparison.Ordinal));
                });
            case "ltrimstr":
                return arg.Eval(input).Select(s => input.Kind == JqKind.String && s.Kind == JqKind.String && input.String.StartsWith(s.String, StringComparison.Ordinal)
                    ? JqValue.Str(input.String[s.String.Length..]) : input);
            case "rtrimstr":
                return arg.Eval(input).Select(s => input.Kind == JqKind.String && s.Kind == JqKind.String && input.String.EndsWith(s.String, StringComparison.Ordinal)
                    ? JqValue.Str(input.String[..^s.String.Length]) : input);
            case "split":
                return arg.Eval(input).Select(s =>
                {
                    if (input.Kind != JqKind.String || s.Kind != JqKind.String) throw new JqRuntimeException("split input and separator must be strings");
                    return JqEval.Split(input.String, s.String);
                });
            case "join": return arg.Eval(input).Select(sep => Join(input, sep));
            case "indices": return arg.Eval(input).Select(x => Indices(input, x));
            case "index":
                return arg.Eval(input).Select(x => Indices(input, x) is { Kind: JqKind.Array } r && r.Items.Count > 0 ? r.Items[0] : JqValue.Null);
            case "rindex":
                return arg.Eval(input).Select(x => Indices(input, x) is { Kind: JqKind.Array } r && r.Items.Count > 0 ? r.Items[^1] : JqValue.Null);
            default: throw new JqRuntimeException($"{name}/1 is not defined");
        }
    }

    private static IEnumerable<JqValue> Call2(string name, JqNode a, JqNode b, JqValue input)
    {
        switch (name)
        {
            case "any": return One(JqValue.Bool(a.Eval(input).Any(x => b.Eval(x).Any(v => v.IsTruthy))));
            case "all": return One(JqValue.Bool(a.Eval(input).All(x => b.Eval(x).All(v => v.IsTruthy))));
            case "test":
                return b.Eval(input).SelectMany(flags => a.Eval(input).Select(re => Test(input, re, flags)));
            default: throw new JqRuntimeException($"{name}/2 is not defined");
        }
    }

    private static IEnumerable<JqValue> MapValues(JqNode f, JqValue input)
    {
        if (input.Kind == JqKind.Array)
        {
            var list = new List<JqValue>();
            foreach (var v in input.Items) { foreach (var r in f.Eval(v)) { list.Add(r); break; } }
            return One(JqValue.Arr(list));
        }
        if (input.Kind == JqKind.Object)
        {
            var dict = new Dictionary<string, JqValue>(StringComparer.Ordinal);
            foreach (var kv in input.Members) { foreach (var r in f.Eval(kv.Value)) { dict[kv.Key] = r; break; } }
            return One(JqValue.Obj(dict));
        }
        throw new JqRuntimeException($"Cannot iterate over {input.TypeName}");
    }

    private static JqValue Length(JqValue v) => v.Kind switch
    {
        JqKind.Null => JqValue.Num(0),
        JqKind.Number => JqValue.Num(Math.Abs(v.Number)),
        JqKind.String => JqValue.Num(v.String.EnumerateRunes().Count()),
        JqKind.Array => JqValue.Num(v.Items.Count),
        JqKind.Object => JqValue.Num(v.Members.Count),
        _ => throw new JqRuntimeException($"boolean ({v.ToJson()}) has no length"),
    };

    private static JqValue Keys(JqValue v) => v.Kind switch
    {
        JqKind.Object => JqValue.Arr(v.SortedKeys().Select(JqValue.Str).ToList()),
        JqKind.Array => JqValue.Arr(Enumerable.Range(0, v.Items.Count).Select(i => JqValue.Num(i)).ToList()),
        _ => throw new JqRuntimeException($"{v.TypeName} ({JqEval.Short(v)}) has no keys"),
    };

    private static JqValue Has(JqValue container, JqValue key)
    {
        if (container.Kind == JqKind.Object && key.Kind == JqKind.String) return JqValue.Bool(container.Members.ContainsKey(key.String));
        if (container.Kind == JqKind.Array && key.Kind == JqKind.Number)
            return JqValue.Bool(key.Number >= 0 && key.Number < container.Items.Count);
        throw new JqRuntimeException($"Cannot check whether {container.TypeName} has a {key.TypeName} key");
    }

    private static JqValue Indices(JqValue input, JqValue x)
    {
        if (input.Kind == JqKind.Null) return JqValue.Null;
        if (input.Kind == JqKind.String && x.Kind == JqKind.String)
        {
            if (x.String.Length == 0) return JqValue.Null;
            var list = new List<JqValue>();
            for (int i = input.String.IndexOf(x.String, StringComparison.Ordinal); i >= 0; i = input.String.IndexOf(x.String, i + 1, StringComparison.Ordinal))
                list.Add(JqValue.Num(i));
            return JqValue.Arr(list);
        }
        if (input.Kind == JqKind.Array) return JqEval.Indices(input, x.Kind == JqKind.Array ? x : JqValue.Arr([x]));
        throw new JqRuntimeException($"Cannot determine indices of {x.TypeName} in {input.TypeName}");
    }

    private static JqValue Join(JqValue input, JqValue sep)
    {
        if (sep.Kind != JqKind.String) throw new JqRuntimeException("join separator must be a string");
        var sb = new StringBuilder();
        int n = 0;
        foreach (var v in JqEval.Iterate(input))
        {
            if (n++ > 0) sb.Append(sep.String);
            switch (v.Kind)
            {
                case JqKind.Null: break;
                case JqKind.String: sb.Append(v.String); break;
                case JqKind.Number or JqKind.True or JqKind.False: sb.Append(v.ToJson()); break;
                default: throw new JqRuntimeException($"Cannot join with {v.TypeName}");
            }
        }
        return JqValue.Str(sb.ToString());
    }

    private static JqValue Test(JqValue input, JqValue re, JqValue flags)
    {
        if (input.Kind != JqKind.String) throw new JqRuntimeException($"{input.TypeName} ({JqEval.Short(input)}) cannot be matched, as it is not a string");
        if (re.Kind != JqKind.String) throw new JqRuntimeException($"{re.TypeName} ({JqEval.Short(re)}) cannot be matched, as it is not a string");
        var options = RegexOptions.CultureInvariant;
        if (flags.Kind == JqKind.String)
        {
            foreach (char f in flags.String)
            {
                options |= f switch
                {
                    'i' => RegexOptions.IgnoreCase,
                    'x' => RegexOptions.IgnorePatternWhitespace,
                    's' => RegexOptions.Singleline,
                    'g' or 'n' or 'p' or 'l' => RegexOptions.None,
                    _ => throw new JqRuntimeException($"{flags.String} is not a valid modifier string"),
                };
            }
        }
        else if (flags.Kind != JqKind.Null)
        {
            throw new JqRuntimeException($"{flags.TypeName} ({JqEval.Short(flags)}) is not a string");
        }
        try
        {
            return JqValue.Bool(Regex.IsMatch(input.String, re.String, options, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException ex)
        {
            throw new JqRuntimeException($"{re.String} (at offset 0) is not a valid regex: {ex.Message}");
        }
        catch (RegexMatchTimeoutException)
        {
            throw new JqRuntimeException("regex match timed out");
        }
    }

    private static List<JqValue> Sorted(List<JqValue> items)
    {
        var copy = new List<JqValue>(items);
        // Stable sort, as jq's sort is stable.
        return copy.Select((v, i) => (v, i)).OrderBy(t => t, Comparer<(JqValue v, int i)>.Create((x, y) =>
        {
            int c = JqValue.Compare(x.v, y.v);
            return c != 0 ? c : x.i.CompareTo(y.i);
        })).Select(t => t.v).ToList();
    }

    private static List<JqValue> Unique(List<JqValue> sorted)
    {
        var result = new List<JqValue>();
        foreach (var v in sorted)
            if (result.Count == 0 || JqValue.Compare(result[^1], v) != 0) result.Add(v);
        return result;
    }

    private static string MapAscii(string s, bool upper)
    {
        var chars = s.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (upper && chars[i] is >= 'a' and <= 'z') chars[i] = (char)(chars[i] - 32);
            else if (!upper && chars[i] is >= 'A' and <= 'Z') chars[i] = (char)(chars[i] + 32);
        }
        return new string(chars);
    }

    private static void RequireString(JqValue v, string message)
    {
        if (v.Kind != JqKind.String) throw new JqRuntimeException($"{v.TypeName} ({JqEval.Short(v)}) {message}");
    }

    private static void RequireArray(JqValue v, string message)
    {
        if (v.Kind != JqKind.Array) throw new JqRuntimeException($"{v.TypeName} ({JqEval.Short(v)}) {message}");
    }

    private static double RequireNumber(JqValue v, string name) =>
        v.Kind == JqKind.Number ? v.Number : throw new JqRuntimeException($"{v.TypeName} ({JqEval.Short(v)}) number required for {name}");
}
