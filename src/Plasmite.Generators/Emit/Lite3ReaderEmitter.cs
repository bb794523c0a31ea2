// Emits the direct Lite3 readers: per type a method that decodes it from the stored document (no JSON text), with a per-member System.Text.Json fallback.
using System;
using System.Collections.Generic;
using System.Linq;
using Plasmite.Generators.Model;

namespace Plasmite.Generators.Emit;

/// <summary>
/// Writes <c>{Pool}Lite3Readers</c>: one <c>Read_{Id}(buffer, value, depth)</c> per type reachable from the pool's message
/// types. Strings, booleans, integers, floating point and decimal numbers (through <c>TypedNumbers</c>), enums, dates,
/// times, Guid, nullable values, objects, arrays, lists and string-keyed dictionaries are read in place; a stored value
/// of another type than expected, and every type or member outside that set (custom converters, polymorphism, …), is read
/// by System.Text.Json from that value's subtree, so both paths agree on values and errors.
/// </summary>
internal static class Lite3ReaderEmitter
{
    private const string R = "global::Plasmite.Lite3.Lite3TypedReader";
    private const string Buf = "global::System.ReadOnlySpan<byte> buffer, int value, int depth";

    private static readonly Dictionary<string, (string Min, string Max)> s_integers = new()
    {
        ["SByteConverter"] = ("sbyte.MinValue", "sbyte.MaxValue"),
        ["ByteConverter"] = ("byte.MinValue", "byte.MaxValue"),
        ["Int16Converter"] = ("short.MinValue", "short.MaxValue"),
        ["UInt16Converter"] = ("ushort.MinValue", "ushort.MaxValue"),
        ["Int32Converter"] = ("int.MinValue", "int.MaxValue"),
        ["UInt32Converter"] = ("uint.MinValue", "uint.MaxValue"),
        ["Int64Converter"] = ("long.MinValue", "long.MaxValue"),
        ["UInt64Converter"] = ("0", "long.MaxValue"),
    };

    private static readonly HashSet<string> s_stringValues = new()
    {
        "DateTimeOffsetConverter", "DateTimeConverter", "GuidConverter", "DateOnlyConverter", "TimeOnlyConverter", "TimeSpanConverter",
    };

    public static string ClassName(PoolSpec pool) => pool.Identifier + "Lite3Readers";

    /// <summary>The expression reading message <paramref name="m"/>'s data from a stored document <c>payload</c>.</summary>
    public static string DataExpression(PoolSpec pool, MessageSpec m) =>
        ClassName(pool) + ".ReadData_" + m.Name + "(payload)";

    private static JsonTypeSpec Find(PoolSpec pool, string fullName) => pool.JsonTypes.First(t => t.FullName == fullName);

    private static string Info(PoolSpec pool, string fullName) =>
        PoolEmitter.ContextName(pool) + ".Default." + JsonMetadataEmitter.PropertyName(fullName, pool);

    private static string Fallback(PoolSpec pool, JsonTypeSpec t) =>
        R + ".Fallback<" + t.FullName + ">(buffer, value, depth, " + Info(pool, t.FullName) + ")";

    public static void Emit(SourceWriter w, PoolSpec pool)
    {
        w.Line("/// <summary>Direct Lite3 readers for the pool's message types (no JSON text; System.Text.Json per member as the fallback).</summary>");
        w.Line(PoolEmitter.GeneratedCode);
        w.Open("file static class " + ClassName(pool));
        foreach (var m in pool.Messages)
        {
            w.Open("public static " + m.FullName + " ReadData_" + m.Name + "(global::System.ReadOnlySpan<byte> payload)");
            w.Line("int data = " + R + ".DataOffset(payload);");
            if (m.UserJsonContext is not null)
            {
                w.Line("return " + R + ".Fallback<" + m.FullName + ">(payload, data, " + R + ".DataDepth, " + PoolEmitter.HandleName(pool) + "." + m.Name + "TypeInfo);");
            }
            else
            {
                w.Line("return Read_" + Find(pool, m.FullName).Id + "(payload, data, " + R + ".DataDepth);");
            }
            w.Close();
            w.Line();
        }
        var reachable = new List<JsonTypeSpec>();
        var seen = new HashSet<string>();
        foreach (var m in pool.Messages.Where(m => m.UserJsonContext is null)) Collect(pool, m.FullName, reachable, seen);
        foreach (var t in reachable) EmitType(w, pool, t);
        w.Close();
    }

    private static void Collect(PoolSpec pool, string fullName, List<JsonTypeSpec> list, HashSet<string> seen)
    {
        if (!seen.Add(fullName)) return;
        var t = pool.JsonTypes.FirstOrDefault(x => x.FullName == fullName);
        if (t is null) return;
        list.Add(t);
        if (t.ElementType is not null) Collect(pool, t.ElementType, list, seen);
        if (t.Kind == JsonTypeKind.Object && IsFastObject(pool, t))
        {
            foreach (var p in t.Properties) Collect(pool, p.TypeFullName, list, seen);
        }
    }

    private static bool IsFastObject(PoolSpec pool, JsonTypeSpec t)
    {
        if (t.CustomConverterType is not null || t.IsPolymorphic) return false;
        if (t.CtorKind == CtorKind.None) return false;
        // [JsonNumberHandling] members (e.g. decimal stored as a string) are read by the JSON path.
        if (t.Properties.Any(p => p.CustomConverterType is not null || p.NumberHandling is not null || p.IsField || pool.JsonTypes.All(x => x.FullName != p.TypeFullName))) return false;
        // Every constructor parameter must bind to a property (System.Text.Json requires it).
        if (t.CtorKind == CtorKind.Parameterized && t.CtorParams.Any(prm => BoundProperty(t, prm) < 0)) return false;
        return true;
    }

    private static int BoundProperty(JsonTypeSpec t, ParamSpec prm)
    {
        for (int i = 0; i < t.Properties.Count; i++)
        {
            if (string.Equals(t.Properties[i].ClrName, prm.Name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private static void EmitType(SourceWriter w, PoolSpec pool, JsonTypeSpec t)
    {
        string T = t.FullName;
        w.Open("public static " + T + " Read_" + t.Id + "(" + Buf + ")");
        string fb = "return " + Fallback(pool, t) + ";";
        string nullOk = t.IsValueType ? "" : "if (buffer[value] == 0) return null!;";
        switch (t.Kind)
        {
            case JsonTypeKind.Value when t.CustomConverterType is null:
                EmitValue(w, pool, t);
                w.Line(fb);
                break;
            case JsonTypeKind.Enum when t.CustomConverterType is null:
                w.Line("if (buffer[value] == 2 && " + R + ".TryEnum<" + T + ">(" + R + ".Int64(buffer, value), out var e)) return e;");
                w.Line(fb);
                break;
            case JsonTypeKind.Nullable when t.CustomConverterType is null:
                w.Line("if (buffer[value] == 0) return null;");
                w.Line("return Read_" + Find(pool, t.ElementType!).Id + "(buffer, value, depth);");
                break;
            case JsonTypeKind.Array when t.CustomConverterType is null && t.CollectionFactory is null:
                w.Line(nullOk);
                if (t.ElementType!.IndexOf('[') < 0) EmitArrayLoop(w, pool, t, list: false);
                else w.Line("if (buffer[value] == 7) return " + R + ".ReadArray<" + t.ElementType + ">(buffer, value, depth, Read_" + Find(pool, t.ElementType!).Id + ");");
                w.Line(fb);
                break;
            case JsonTypeKind.List or JsonTypeKind.IList or JsonTypeKind.ICollection or JsonTypeKind.IEnumerable when t.CustomConverterType is null && t.CollectionFactory is null:
                w.Line(nullOk);
                EmitArrayLoop(w, pool, t, list: true);
                w.Line(fb);
                break;
            case JsonTypeKind.Dictionary or JsonTypeKind.IDictionary or JsonTypeKind.IReadOnlyDictionary when t.CustomConverterType is null && t.CollectionFactory is null && t.KeyType is null:
                w.Line(nullOk);
                w.Line("if (buffer[value] == 6) return " + R + ".ReadDictionary<" + t.ElementType + ">(buffer, value, depth, Read_" + Find(pool, t.ElementType!).Id + ");");
                w.Line(fb);
                break;
            case JsonTypeKind.Object when IsFastObject(pool, t):
                w.Line(nullOk);
                w.Line("if (buffer[value] != 6) " + fb);
                EmitObject(w, pool, t);
                w.Close();
                w.Line();
                EmitObjectHelpers(w, t);
                return;
            default:
                w.Line(fb);
                break;
        }
        w.Close();
        w.Line();
    }

    // A stored array read element by element in place: a direct call per element (no delegate), the T[] pre-sized from
    // the stored count. Errors get the element's index in their path, as Lite3TypedReader.ReadArray/ReadList report it.
    private static void EmitArrayLoop(SourceWriter w, PoolSpec pool, JsonTypeSpec t, bool list)
    {
        string e = t.ElementType!;
        string read = "Read_" + Find(pool, e).Id + "(buffer, items.Value, depth + 1)";
        w.Open("if (buffer[value] == 7)");
        w.Line("var items = new global::Plasmite.Lite3.Lite3ArrayReader(buffer, value, depth);");
        w.Line(list
            ? "var result = new global::System.Collections.Generic.List<" + e + ">(items.Count);"
            : "var result = items.Count == 0 ? global::System.Array.Empty<" + e + ">() : new " + e + "[items.Count];");
        w.Line("int i = 0;");
        w.Open("try");
        w.Line(list ? "while (items.MoveNext()) { result.Add(" + read + "); i++; }" : "while (items.MoveNext()) { result[i] = " + read + "; i++; }");
        w.Close();
        w.Open("catch (global::System.Exception ex) when (" + R + ".IsReadError(ex))");
        w.Line("throw " + R + ".AtIndex(ex, i);");
        w.Close();
        w.Line("items.CheckComplete();");
        w.Line("return result;");
        w.Close();
    }

    private static void EmitValue(SourceWriter w, PoolSpec pool, JsonTypeSpec t)
    {
        string c = t.Converter ?? "";
        if (s_integers.TryGetValue(c, out var range))
        {
            w.Open("if (buffer[value] == 2)");
            w.Line("long x = " + R + ".Int64(buffer, value);");
            w.Line(c == "Int64Converter" ? "return x;" : "if (x >= " + range.Min + " && x <= " + range.Max + ") return (" + t.FullName + ")x;");
            w.Close();
            return;
        }
        if (s_stringValues.Contains(c))
        {
            w.Line("if (buffer[value] == 5 && " + R + ".TryConvertString<" + t.FullName + ">(buffer, value, " + Info(pool, t.FullName) + ", out var x)) return x;");
            return;
        }
        switch (c)
        {
            case "StringConverter":
                w.Line("if (buffer[value] == 5 && " + R + ".TryString(buffer, value, out var s)) return s;");
                w.Line("if (buffer[value] == 0) return null!;");
                return;
            case "BooleanConverter":
                w.Line("if (buffer[value] == 1) return buffer[value + 1] != 0;");
                return;
            case "DoubleConverter":
                w.Line("if (buffer[value] == 3 && double.IsFinite(" + R + ".Float64(buffer, value))) return " + R + ".Float64(buffer, value);");
                w.Line("if (buffer[value] == 2) return " + R + ".Int64(buffer, value);");
                return;
            case "SingleConverter":
                w.Line("if (" + R + ".TryFloat32(buffer, value, out float f)) return f;");
                return;
            case "DecimalConverter":
                w.Line("if (" + R + ".TryDecimal(buffer, value, out decimal m)) return m;");
                return;
        }
    }

    private static void EmitObject(SourceWriter w, PoolSpec pool, JsonTypeSpec t)
    {
        // Members bound on read: not ignored when reading, and either settable or bound to a constructor parameter.
        var members = ReadMembers(t, out var ctorBound);
        string names = "s_names_" + t.Id;
        w.Line("// phase 1: find each member's value (stored order; exact keys first, then case-insensitive as System.Text.Json reads)");
        foreach (int i in members) w.Line("int o" + i + " = -1, e" + i + " = -1;");
        w.Line("var members = new global::Plasmite.Lite3.Lite3ObjectReader(buffer, value, depth);");
        w.Open("while (members.MoveNext())");
        w.Line("var key = members.Key;");
        w.Line("int m = -1;");
        w.Open("switch (key.Length)");
        foreach (var group in members.GroupBy(i => System.Text.Encoding.UTF8.GetByteCount(t.Properties[i].JsonName)).OrderBy(g => g.Key))
        {
            w.Line("case " + group.Key + ":");
            w.Indent();
            foreach (int i in group) w.Line("if (m < 0 && global::System.MemoryExtensions.SequenceEqual(key, " + Naming.Literal(t.Properties[i].JsonName) + "u8)) m = " + i + ";");
            w.Line("break;");
            w.Dedent();
        }
        w.Close();
        w.Line("if (m < 0) m = Index_" + t.Id + "(" + R + ".MatchIgnoreCase(key, " + names + "));");
        w.Open("switch (m)");
        foreach (int i in members)
        {
            w.Line("case " + i + ": if (members.KeyAfter(e" + i + ")) { o" + i + " = members.Value; e" + i + " = members.Entry; } break;");
        }
        w.Close();
        w.Close();
        w.Line("// phase 2: read the members found, then construct as System.Text.Json does");
        w.Line("int at = -1;");
        w.Open("try");
        foreach (int i in members)
        {
            var p = t.Properties[i];
            w.Line(p.TypeFullName + " m" + i + " = default!;");
            w.Line("if (o" + i + " >= 0) { at = " + i + "; m" + i + " = Read_" + Find(pool, p.TypeFullName).Id + "(buffer, o" + i + ", depth + 1); }");
            if (p.IsRequired) w.Line("else { at = " + i + "; throw " + R + ".Mismatch(\"missing required member\"); }");
        }
        w.Line("at = -1;");
        string T = t.FullName;
        switch (t.CtorKind)
        {
            case CtorKind.Parameterized:
                var args = t.CtorParams.OrderBy(prm => prm.Position).Select(prm =>
                {
                    int i = BoundProperty(t, prm);
                    string dflt = prm.HasDefaultValue && prm.DefaultValueExpression != "null"
                        ? "(" + prm.TypeFullName + ")(" + prm.DefaultValueExpression + ")"
                        : "default(" + prm.TypeFullName + ")!";
                    return members.Contains(i) ? "o" + i + " >= 0 ? m" + i + " : " + dflt : dflt;
                });
                w.Line("var result = " + (t.UnsafeCtor ? "__Ctor_" + t.Id : "new " + T) + "(" + string.Join(", ", args) + ");");
                break;
            case CtorKind.Parameterless:
                w.Line("var result = " + (t.UnsafeCtor ? "__Ctor_" + t.Id + "()" : "new " + T + "()") + ";");
                break;
            default:
                w.Line(T + " result = default;");
                break;
        }
        foreach (int i in members.Where(i => !ctorBound.Contains(i)))
        {
            var p = t.Properties[i];
            string target = t.IsValueType ? "ref result" : "result";
            w.Line(p.Setter == SetterKind.Accessor
                ? "if (o" + i + " >= 0) __Set_" + t.Id + "_" + p.ClrName + "(" + target + ", m" + i + ");"
                : "if (o" + i + " >= 0) result." + p.ClrName + " = m" + i + ";");
        }
        w.Line("return result;");
        w.Close();
        w.Open("catch (global::System.Exception ex) when (at >= 0 && " + R + ".IsReadError(ex))");
        w.Line("throw " + R + ".AtMember(ex, " + names + "[at]);");
        w.Close();
    }

    private static List<int> ReadMembers(JsonTypeSpec t, out HashSet<int> ctorBound)
    {
        ctorBound = new HashSet<int>(t.CtorKind == CtorKind.Parameterized ? t.CtorParams.Select(prm => BoundProperty(t, prm)) : Enumerable.Empty<int>());
        var members = new List<int>();
        for (int i = 0; i < t.Properties.Count; i++)
        {
            var p = t.Properties[i];
            if (p.IgnoreCondition is "Always" or "WhenReading") continue;
            if (!ctorBound.Contains(i) && p.Setter == SetterKind.None) continue;
            members.Add(i);
        }
        return members;
    }

    private static void EmitObjectHelpers(SourceWriter w, JsonTypeSpec t)
    {
        var members = ReadMembers(t, out var ctorBound);
        string names = "s_names_" + t.Id;
        // JSON names by property index (for paths and case-insensitive matching; unbound ones never match).
        w.Line("private static readonly string[] " + names + " = new string[] { " + string.Join(", ", t.Properties.Select(p => Naming.Literal(p.JsonName))) + " };");
        w.Line();
        w.Line("private static int Index_" + t.Id + "(int i) => " + (members.Count == 0 ? "-1" : "i >= 0 && (" + string.Join(" || ", members.Select(b => "i == " + b)) + ") ? i : -1") + ";");
        foreach (int i in members.Where(i => !ctorBound.Contains(i) && t.Properties[i].Setter == SetterKind.Accessor))
        {
            var p = t.Properties[i];
            w.Line();
            w.Line("[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = \"set_" + p.ClrName + "\")]");
            string target = t.IsValueType ? "ref " + t.FullName : p.DeclaringType;
            w.Line("private static extern void __Set_" + t.Id + "_" + p.ClrName + "(" + target + " obj, " + p.TypeFullName + " value);");
        }
        if (t.UnsafeCtor && t.CtorKind is CtorKind.Parameterless or CtorKind.Parameterized)
        {
            w.Line();
            w.Line("[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Constructor)]");
            w.Line("private static extern " + t.FullName + " __Ctor_" + t.Id + "(" + string.Join(", ", t.CtorParams.Select(p => p.TypeFullName + " " + p.Name)) + ");");
        }
        w.Line();
    }
}
