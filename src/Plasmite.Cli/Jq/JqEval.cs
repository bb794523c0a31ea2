// jq's value semantics used by the nodes: indexing, iteration, arithmetic, comparison, contains.
namespace Plasmite.Cli.Jq;

internal static class JqEval
{
    /// <summary>The outputs of <paramref name="source"/> up to its first error (errors are swallowed).</summary>
    public static IEnumerable<JqValue> Safe(IEnumerable<JqValue> source)
    {
        using var e = source.GetEnumerator();
        while (true)
        {
            bool ok;
            try
            {
                ok = e.MoveNext();
            }
            catch (JqRuntimeException)
            {
                ok = false;
            }
            if (!ok) yield break;
            yield return e.Current;
        }
    }

    /// <summary>A short rendering for error messages, as jq truncates values.</summary>
    public static string Short(JqValue v)
    {
        var s = v.ToJson();
        return s.Length > 11 ? s[..10] + "..." : s;
    }

    public static JqValue Index(JqValue target, JqValue index)
    {
        if (target.Kind == JqKind.Null && index.Kind is JqKind.String or JqKind.Number or JqKind.Null) return JqValue.Null;
        if (target.Kind == JqKind.Object && index.Kind == JqKind.String)
            return target.Members.TryGetValue(index.String, out var v) ? v : JqValue.Null;
        if (target.Kind == JqKind.Array && index.Kind == JqKind.Number)
        {
            var items = target.Items;
            long i = (long)Math.Floor(index.Number);
            if (i < 0) i += items.Count;
            return i >= 0 && i < items.Count ? items[(int)i] : JqValue.Null;
        }
        if (target.Kind == JqKind.Array && index.Kind == JqKind.Array) return Indices(target, index);
        if (index.Kind == JqKind.String)
            throw new JqRuntimeException($"Cannot index {target.TypeName} with \"{index.String}\"");
        throw new JqRuntimeException($"Cannot index {target.TypeName} with {index.TypeName}");
    }

    /// <summary>Positions where the array <paramref name="sub"/> occurs inside <paramref name="array"/>.</summary>
    public static JqValue Indices(JqValue array, JqValue sub)
    {
        var result = new List<JqValue>();
        var a = array.Items;
        var b = sub.Items;
        if (b.Count == 0) return JqValue.Null;
        for (int i = 0; i + b.Count <= a.Count; i++)
        {
            bool match = true;
            for (int j = 0; j < b.Count && match; j++) match = JqValue.Compare(a[i + j], b[j]) == 0;
            if (match) result.Add(JqValue.Num(i));
        }
        return JqValue.Arr(result);
    }

    public static JqValue Slice(JqValue target, JqValue from, JqValue to)
    {
        if (target.Kind == JqKind.Null) return JqValue.Null;
        if ((from.Kind is not (JqKind.Null or JqKind.Number)) || (to.Kind is not (JqKind.Null or JqKind.Number)))
            throw new JqRuntimeException("Start and end indices of an array slice must be numbers");
        int length = target.Kind switch
        {
            JqKind.Array => target.Items.Count,
            JqKind.String => target.String.Length,
            _ => throw new JqRuntimeException($"Cannot index {target.TypeName} with object"),
        };
        int Clamp(JqValue v, int dflt)
        {
            if (v.Kind == JqKind.Null) return dflt;
            long i = (long)Math.Floor(v.Number);
            if (i < 0) i += length;
            return (int)Math.Clamp(i, 0, length);
        }
        int start = Clamp(from, 0);
        int end = Math.Max(start, Clamp(to, length));
        return target.Kind == JqKind.Array
            ? JqValue.Arr(target.Items.GetRange(start, end - start))
            : JqValue.Str(target.String[start..end]);
    }

    public static IEnumerable<JqValue> Iterate(JqValue v) => v.Kind switch
    {
        JqKind.Array => v.Items,
        JqKind.Object => v.Members.Values,
        _ => throw new JqRuntimeException($"Cannot iterate over {v.TypeName}" + (v.Kind == JqKind.Null ? "" : $" ({Short(v)})")),
    };

    public static JqValue Binary(string op, JqValue l, JqValue r)
    {
        switch (op)
        {
            case "==": return JqValue.Bool(JqValue.Compare(l, r) == 0);
            case "!=": return JqValue.Bool(JqValue.Compare(l, r) != 0);
            case "<": return JqValue.Bool(JqValue.Compare(l, r) < 0);
            case "<=": return JqValue.Bool(JqValue.Compare(l, r) <= 0);
            case ">": return JqValue.Bool(JqValue.Compare(l, r) > 0);
            case ">=": return JqValue.Bool(JqValue.Compare(l, r) >= 0);
            case "+": return Add(l, r);
            case "-": return Subtract(l, r);
            case "*": return Multiply(l, r);
            case "/": return Divide(l, r);
            case "%": return Modulo(l, r);
            default: throw new JqRuntimeException($"unknown operator {op}");
        }
    }

    private static JqRuntimeException Cannot(JqValue l, JqValue r, string verb) =>
        new($"{l.TypeName} ({Short(l)}) and {r.TypeName} ({Short(r)}) cannot be {verb}");

    private static JqValue Add(JqValue l, JqValue r)
    {
        if (l.Kind == JqKind.Null) return r;
        if (r.Kind == JqKind.Null) return l;
        if (l.Kind == JqKind.Number && r.Kind == JqKind.Number) return JqValue.Num(l.Number + r.Number);
        if (l.Kind == JqKind.String && r.Kind == JqKind.String) return JqValue.Str(l.String + r.String);
        if (l.Kind == JqKind.Array && r.Kind == JqKind.Array) return JqValue.Arr([.. l.Items, .. r.Items]);
        if (l.Kind == JqKind.Object && r.Kind == JqKind.Object)
        {
            var merged = new Dictionary<string, JqValue>(l.Members, StringComparer.Ordinal);
            foreach (var kv in r.Members) merged[kv.Key] = kv.Value;
            return JqValue.Obj(merged);
        }
        throw Cannot(l, r, "added");
    }

    private static JqValue Subtract(JqValue l, JqValue r)
    {
        if (l.Kind == JqKind.Number && r.Kind == JqKind.Number) return JqValue.Num(l.Number - r.Number);
        if (l.Kind == JqKind.Array && r.Kind == JqKind.Array)
            return JqValue.Arr(l.Items.Where(x => !r.Items.Any(y => JqValue.Compare(x, y) == 0)).ToList());
        throw Cannot(l, r, "subtracted");
    }

    private static JqValue Multiply(JqValue l, JqValue r)
    {
        if (l.Kind == JqKind.Number && r.Kind == JqKind.Number) return JqValue.Num(l.Number * r.Number);
        if ((l.Kind == JqKind.String && r.Kind == JqKind.Number) || (l.Kind == JqKind.Number && r.Kind == JqKind.String))
        {
            var s = l.Kind == JqKind.String ? l.String : r.String;
            double n = l.Kind == JqKind.Number ? l.Number : r.Number;
            if (n <= 0) return JqValue.Null;
            int times = Math.Max(1, (int)Math.Ceiling(n));
            return JqValue.Str(string.Concat(Enumerable.Repeat(s, times)));
        }
        if (l.Kind == JqKind.Object && r.Kind == JqKind.Object) return DeepMerge(l, r);
        throw Cannot(l, r, "multiplied");
    }

    private static JqValue DeepMerge(JqValue l, JqValue r)
    {
        var merged = new Dictionary<string, JqValue>(l.Members, StringComparer.Ordinal);
        foreach (var kv in r.Members)
        {
            merged[kv.Key] = merged.TryGetValue(kv.Key, out var existing) && existing.Kind == JqKind.Object && kv.Value.Kind == JqKind.Object
                ? DeepMerge(existing, kv.Value)
                : kv.Value;
        }
        return JqValue.Obj(merged);
    }

    private static JqValue Divide(JqValue l, JqValue r)
    {
        if (l.Kind == JqKind.Number && r.Kind == JqKind.Number)
        {
            if (r.Number == 0) throw new JqRuntimeException($"{l.TypeName} ({Short(l)}) and {r.TypeName} ({Short(r)}) cannot be divided because the divisor is zero");
            return JqValue.Num(l.Number / r.Number);
        }
        if (l.Kind == JqKind.String && r.Kind == JqKind.String) return Split(l.String, r.String);
        throw Cannot(l, r, "divided");
    }

    private static JqValue Modulo(JqValue l, JqValue r)
    {
        if (l.Kind == JqKind.Number && r.Kind == JqKind.Number)
        {
            long a = (long)l.Number, b = (long)r.Number;
            if (b == 0) throw new JqRuntimeException($"{l.TypeName} ({Short(l)}) and {r.TypeName} ({Short(r)}) cannot be divided because the divisor is zero");
            return JqValue.Num(Math.Abs(a) % Math.Abs(b) * Math.Sign(a));
        }
        throw Cannot(l, r, "divided");
    }

    public static JqValue Split(string s, string sep)
    {
        if (s.Length == 0) return JqValue.Arr([]);
        var parts = sep.Length == 0 ? s.Select(c => c.ToString()).ToArray() : s.Split(sep);
        return JqValue.Arr(parts.Select(JqValue.Str).ToList());
    }

    /// <summary>jq's <c>contains</c>: substring for strings, recursive for arrays and objects, equality otherwise.</summary>
    public static bool Contains(JqValue a, JqValue b)
    {
        if (a.Kind == JqKind.Object && b.Kind == JqKind.Object)
        {
            foreach (var kv in b.Members)
                if (!a.Members.TryGetValue(kv.Key, out var av) || !Contains(av, kv.Value)) return false;
            return true;
        }
        if (a.Kind == JqKind.Array && b.Kind == JqKind.Array)
            return b.Items.All(bi => a.Items.Any(ai => Contains(ai, bi)));
        if (a.Kind == JqKind.String && b.Kind == JqKind.String) return a.String.Contains(b.String, StringComparison.Ordinal);
        if (a.Kind == b.Kind || (a.Kind is JqKind.True or JqKind.False && b.Kind is JqKind.True or JqKind.False))
        {
            if (a.Kind is JqKind.True or JqKind.False && a.Kind != b.Kind)
                throw new JqRuntimeException($"{a.TypeName} ({Short(a)}) and {b.TypeName} ({Short(b)}) cannot have their containment checked");
            return JqValue.Compare(a, b) == 0;
        }
        throw new JqRuntimeException($"{a.TypeName} ({Short(a)}) and {b.TypeName} ({Short(b)}) cannot have their containment checked");
    }
}
