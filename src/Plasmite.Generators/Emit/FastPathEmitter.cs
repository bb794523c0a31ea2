// Emits the direct Lite3 writers (Lite3DataWriter<T>) that build `data` without JSON text, keys pre-sorted by UTF-8 bytes.
using System.Collections.Generic;
using System.Linq;
using Plasmite.Generators.Model;

namespace Plasmite.Generators.Emit;

/// <summary>
/// Decides which message types can be written straight to Lite3 with exactly the bytes the JSON
/// path would store, and emits their writers. Eligible member types: string, bool, the integer
/// types, double, decimal, float and Half (the last three through TypedNumbers), DateTimeOffset, DateTime, Guid, enums without a
/// custom converter, nullable value types of these, objects of eligible members, and arrays/lists/read-only lists/enumerables of
/// eligible elements. Anything else (TimeSpan, DateOnly, dictionaries, custom converters,
/// user JSON contexts, …) makes the message type use the JSON path.
/// </summary>
internal static class FastPathEmitter
{
    private const string W = "global::Plasmite.Lite3.Lite3Writer";

    private static readonly HashSet<string> s_fastConverters = new()
    {
        "StringConverter", "BooleanConverter", "SByteConverter", "ByteConverter", "Int16Converter", "UInt16Converter",
        "Int32Converter", "UInt32Converter", "Int64Converter", "UInt64Converter", "DoubleConverter",
        "DateTimeOffsetConverter", "DateTimeConverter", "GuidConverter", "DecimalConverter", "SingleConverter", "HalfConverter",
    };

    public static string ClassName(PoolSpec pool) => pool.Identifier + "Lite3Writers";

    public static string MethodName(PoolSpec pool, string fullName) =>
        "WriteMembers_" + pool.JsonTypes.First(t => t.FullName == fullName).Id;

    public static bool HasAny(PoolSpec pool) => pool.Messages.Any(m => IsEligible(pool, m));

    public static bool IsEligible(PoolSpec pool, MessageSpec m)
    {
        if (m.UserJsonContext is not null) return false;
        return IsEligibleType(pool, m.FullName, new HashSet<string>());
    }

    private static JsonTypeSpec? Find(PoolSpec pool, string fullName) => pool.JsonTypes.FirstOrDefault(t => t.FullName == fullName);

    private static bool IsEligibleType(PoolSpec pool, string fullName, HashSet<string> visiting)
    {
        var t = Find(pool, fullName);
        if (t is null || t.CustomConverterType is not null || t.IsPolymorphic) return false;
        switch (t.Kind)
        {
            case JsonTypeKind.Value:
                return s_fastConverters.Contains(t.Converter!);
            case JsonTypeKind.Enum:
                return true;
            case JsonTypeKind.Nullable:
                return IsEligibleType(pool, t.ElementType!, visiting);
            case JsonTypeKind.Array:
            case JsonTypeKind.List:
            case JsonTypeKind.IList:
            case JsonTypeKind.ICollection:
            case JsonTypeKind.IEnumerable:
                // Collections built through a factory (sets, immutable, …) keep the JSON path.
                return t.CollectionFactory is null && IsEligibleType(pool, t.ElementType!, visiting);
            case JsonTypeKind.Object:
                if (!visiting.Add(fullName)) return true;
                foreach (var p in t.Properties)
                {
                    // [JsonNumberHandling] (e.g. decimal stored as a string) is honoured by the JSON path only.
                    if (p.CustomConverterType is not null || p.NumberHandling is not null || p.IsField) return false;
                    if (p.IgnoreCondition is not (null or "Never" or "WhenWritingNull" or "WhenWritingDefault" or "WhenReading")) return false;
                    if (HasLoneSurrogate(p.JsonName)) return false;
                    if (!IsEligibleType(pool, p.TypeFullName, visiting)) return false;
                }
                if (t.Properties.Select(p => p.JsonName).Distinct().Count() != t.Properties.Count) return false;
                return true;
            default:
                return false;
        }
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    public static void Emit(SourceWriter w, PoolSpec pool)
    {
        // Every object type reachable from an eligible message gets a members writer.
        var objects = new List<JsonTypeSpec>();
        var seen = new HashSet<string>();
        foreach (var m in pool.Messages.Where(m => IsEligible(pool, m))) CollectObjects(pool, m.FullName, objects, seen);

        w.Line("/// <summary>Direct Lite3 writers for the pool's message types (data keys in UTF-8 byte order, fixed at compile time).</summary>");
        w.Line(PoolEmitter.GeneratedCode);
        w.Open("file static class " + ClassName(pool));
        foreach (var t in objects)
        {
            var ctx = new Context(pool, w);
            w.Line("/// <summary>Writes the members of <see cref=\"" + t.FullName.Replace("<", "{").Replace(">", "}") + "\"/> into the open object.</summary>");
            w.Open("public static void " + MethodName(pool, t.FullName) + "(" + W + " writer, " + t.FullName + " value)");
            foreach (var p in Naming.SortByUtf8(t.Properties, p => p.JsonName))
            {
                string key = Naming.Literal(p.JsonName) + "u8";
                var pt = Find(pool, p.TypeFullName)!;
                string access = "value." + p.ClrName;
                ctx.Path = "$." + p.JsonName;
                bool skipNull = p.IgnoreCondition is "WhenWritingNull" or "WhenWritingDefault";
                if (p.IgnoreCondition == "WhenWritingDefault" && pt.IsValueType)
                {
                    w.Open("if (!global::System.Collections.Generic.EqualityComparer<" + pt.FullName + ">.Default.Equals(" + access + ", default))");
                    ctx.Write(key, access, pt, skipNull);
                    w.Close();
                }
                else
                {
                    ctx.Write(key, access, pt, skipNull);
                }
            }
            w.Close();
            w.Line();
        }
        EmitHelpers(w);
        w.Close();
    }

    private static void CollectObjects(PoolSpec pool, string fullName, List<JsonTypeSpec> objects, HashSet<string> seen)
    {
        if (!seen.Add(fullName)) return;
        var t = Find(pool, fullName)!;
        if (t.Kind == JsonTypeKind.Object)
        {
            objects.Add(t);
            foreach (var p in t.Properties) CollectObjects(pool, p.TypeFullName, objects, seen);
        }
        else if (t.ElementType is not null)
        {
            CollectObjects(pool, t.ElementType, objects, seen);
        }
    }

    /// <summary>Emits the statements writing one value (keyed in an object, or an array element when key is null).</summary>
    private sealed class Context
    {
        private readonly PoolSpec _pool;
        private readonly SourceWriter _w;
        private int _temp;
        private string _path = "$";

        /// <summary>The JSON path named in errors for the member being written (relative to its declaring type).</summary>
        public string Path { set => _path = value; }

        public Context(PoolSpec pool, SourceWriter w)
        {
            _pool = pool;
            _w = w;
        }

        private string Args(string? key, string value) => key is null ? value : key + ", " + value;

        private string Null(string? key) => key is null ? "writer.WriteNullValue();" : "writer.WriteNull(" + key + ");";

        private string Method(string? key, string name) => key is null ? name + "Value" : name;

        public void Write(string? key, string value, JsonTypeSpec t, bool skipNull)
        {
            if (!t.IsValueType || t.Kind == JsonTypeKind.Nullable)
            {
                string v = "v" + _temp++;
                _w.Open("if (" + value + " is { } " + v + ")");
                var inner = t.Kind == JsonTypeKind.Nullable ? Find(_pool, t.ElementType!)! : t;
                WriteNonNull(key, v, inner);
                _w.Close();
                if (!skipNull)
                {
                    _w.Open("else");
                    _w.Line(Null(key));
                    _w.Close();
                }
                return;
            }
            WriteNonNull(key, value, t);
        }

        private void WriteNonNull(string? key, string v, JsonTypeSpec t)
        {
            switch (t.Kind)
            {
                case JsonTypeKind.Value:
                    switch (t.Converter)
                    {
                        case "StringConverter":
                            _w.Line("writer." + Method(key, "WriteString") + "(" + Args(key, v) + ");");
                            return;
                        case "BooleanConverter":
                            _w.Line("writer." + Method(key, "WriteBoolean") + "(" + Args(key, v) + ");");
                            return;
                        case "UInt64Converter":
                        {
                            // One rule (TypedNumbers): above long.MaxValue a ulong has no exact stored number.
                            string ok = "ok" + _temp++;
                            _w.Line("if (!global::Plasmite.Typed.TypedNumbers.TryMapUInt64(" + v + ", out long " + ok + "))");
                            _w.Indent().Line("throw global::Plasmite.Typed.TypedNumbers.NotExact(" + Naming.Literal(_path) + ", \"ulong\", " + v + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture));").Dedent();
                            _w.Line("writer." + Method(key, "WriteNumber") + "(" + Args(key, ok) + ");");
                            return;
                        }
                        case "DoubleConverter":
                            _w.Line(Method(key, "WriteDouble") + "(writer, " + Args(key, v) + ");");
                            return;
                        case "DecimalConverter":
                        {
                            // One rule (TypedNumbers): the number the JSON path stores, or Usage when it would not read back equal.
                            string ok = "ok" + _temp++;
                            _w.Line("if (!global::Plasmite.Typed.TypedNumbers.TryMapDecimal(" + v + ", out bool " + ok + "i, out long " + ok + "l, out double " + ok + "d))");
                            _w.Indent().Line("throw global::Plasmite.Typed.TypedNumbers.NotExact(" + Naming.Literal(_path) + ", \"decimal\", " + v + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture));").Dedent();
                            _w.Line("if (" + ok + "i) writer." + Method(key, "WriteNumber") + "(" + Args(key, ok + "l") + "); else writer." + Method(key, "WriteNumber") + "(" + Args(key, ok + "d") + ");");
                            return;
                        }
                        case "SingleConverter":
                        case "HalfConverter":
                        {
                            // One rule (TypedNumbers): the shortest text System.Text.Json writes, stored by the envelope
                            // number rules (i64 when integral, else f64); NaN and ±∞ are refused with Usage as on the JSON path.
                            bool single = t.Converter == "SingleConverter";
                            string ok = "ok" + _temp++;
                            _w.Line("if (!global::Plasmite.Typed.TypedNumbers." + (single ? "TryMapSingle" : "TryMapHalf") + "(" + v + ", out bool " + ok + "i, out long " + ok + "l, out double " + ok + "d))");
                            _w.Indent().Line("throw global::Plasmite.Typed.TypedNumbers.NotExact(" + Naming.Literal(_path) + ", \"" + (single ? "float" : "Half") + "\", " + v + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture));").Dedent();
                            _w.Line("if (" + ok + "i) writer." + Method(key, "WriteNumber") + "(" + Args(key, ok + "l") + "); else writer." + Method(key, "WriteNumber") + "(" + Args(key, ok + "d") + ");");
                            return;
                        }
                        case "DateTimeOffsetConverter":
                            _w.Line(Method(key, "WriteDateTimeOffset") + "(writer, " + Args(key, v) + ");");
                            return;
                        case "DateTimeConverter":
                            _w.Line(Method(key, "WriteDateTime") + "(writer, " + Args(key, v) + ");");
                            return;
                        case "GuidConverter":
                            _w.Line(Method(key, "WriteGuid") + "(writer, " + Args(key, v) + ");");
                            return;
                        default: // the signed and small unsigned integer types
                            _w.Line("writer." + Method(key, "WriteNumber") + "(" + Args(key, "(long)" + v) + ");");
                            return;
                    }
                case JsonTypeKind.Enum:
                    _w.Line("writer." + Method(key, "WriteNumber") + "(" + Args(key, (t.EnumIsUnsigned ? "(ulong)" : "(long)") + v) + ");");
                    return;
                case JsonTypeKind.Object:
                {
                    _w.Line(key is null ? "writer.WriteStartObject();" : "writer.WriteStartObject(" + key + ");");
                    // A nested type's writer names paths relative to itself; errors get this member's path in front.
                    string x = "x" + _temp++;
                    _w.Open("try");
                    _w.Line(MethodName(_pool, t.FullName) + "(writer, " + v + ");");
                    _w.Close();
                    _w.Open("catch (global::Plasmite.PlasmiteException " + x + ") when (global::Plasmite.Typed.TypedNumbers.TryRebase(" + x + ", " + Naming.Literal(_path) + ", out var " + x + "r))");
                    _w.Line("throw " + x + "r;");
                    _w.Close();
                    _w.Line("writer.WriteEndObject();");
                    return;
                }
                default: // collections
                    _w.Line(key is null ? "writer.WriteStartArray();" : "writer.WriteStartArray(" + key + ");");
                    string e = "e" + _temp++;
                    _w.Open("foreach (var " + e + " in " + v + ")");
                    Write(null, e, Find(_pool, t.ElementType!)!, skipNull: false);
                    _w.Close();
                    _w.Line("writer.WriteEndArray();");
                    return;
            }
        }
    }

    private static void EmitHelpers(SourceWriter w)
    {
        string Key = "global::System.ReadOnlySpan<byte> key";
        w.Line("// System.Text.Json writes doubles in shortest round-trip form: an integral value below 1e17 comes out as");
        w.Line("// plain digits (\"1\", \"-5\", \"99999999999999980\"), which the original stores as that i64; everything");
        w.Line("// else (fraction, exponent, \"-0\") is stored as f64. Above 2^53 the digits are the shortest ones, padded with zeros.");
        w.Open("private static bool TryGetJsonInteger(double value, out long integer)");
        w.Line("if (!double.IsFinite(value)) throw new global::System.ArgumentException(\".NET number values such as NaN and infinity cannot be written as valid JSON.\", nameof(value));");
        w.Open("if (value != global::System.Math.Floor(value) || global::System.Math.Abs(value) >= 1e17 || (value == 0 && double.IsNegative(value)))");
        w.Line("integer = 0;");
        w.Line("return false;");
        w.Close();
        w.Open("if (global::System.Math.Abs(value) < 9007199254740992.0)");
        w.Line("integer = (long)value;");
        w.Line("return true;");
        w.Close();
        w.Line("global::System.Span<byte> digits = stackalloc byte[32];");
        w.Line("value.TryFormat(digits, out int length, \"R\", global::System.Globalization.CultureInfo.InvariantCulture);");
        w.Line("return global::System.Buffers.Text.Utf8Parser.TryParse(digits.Slice(0, length), out integer, out _);");
        w.Close();
        w.Line();
        w.Open("public static void WriteDouble(" + W + " writer, " + Key + ", double value)");
        w.Line("if (TryGetJsonInteger(value, out long integer)) writer.WriteNumber(key, integer); else writer.WriteNumber(key, value);");
        w.Close();
        w.Line();
        w.Open("public static void WriteDoubleValue(" + W + " writer, double value)");
        w.Line("if (TryGetJsonInteger(value, out long integer)) writer.WriteNumberValue(integer); else writer.WriteNumberValue(value);");
        w.Close();
        w.Line();
        w.Line("// Round-trip (\"O\") format with the fraction's trailing zeros trimmed, as System.Text.Json writes dates.");
        w.Open("private static int FormatTrimmed(global::System.Span<byte> buffer, int length)");
        w.Line("if (length <= 20 || buffer[19] != (byte)'.') return length;");
        w.Line("int end = 27;");
        w.Line("while (end > 20 && buffer[end - 1] == (byte)'0') end--;");
        w.Line("if (end == 20) end = 19;");
        w.Line("buffer.Slice(27, length - 27).CopyTo(buffer.Slice(end));");
        w.Line("return end + (length - 27);");
        w.Close();
        w.Line();
        foreach (var (name, type) in new[] { ("DateTimeOffset", "global::System.DateTimeOffset"), ("DateTime", "global::System.DateTime") })
        {
            w.Open("private static int Format" + name + "(global::System.Span<byte> buffer, " + type + " value)");
            w.Line("value.TryFormat(buffer, out int length, \"O\", global::System.Globalization.CultureInfo.InvariantCulture);");
            w.Line("return FormatTrimmed(buffer, length);");
            w.Close();
            w.Line();
            w.Open("public static void Write" + name + "(" + W + " writer, " + Key + ", " + type + " value)");
            w.Line("global::System.Span<byte> buffer = stackalloc byte[64];");
            w.Line("writer.WriteString(key, buffer.Slice(0, Format" + name + "(buffer, value)));");
            w.Close();
            w.Line();
            w.Open("public static void Write" + name + "Value(" + W + " writer, " + type + " value)");
            w.Line("global::System.Span<byte> buffer = stackalloc byte[64];");
            w.Line("writer.WriteStringValue(buffer.Slice(0, Format" + name + "(buffer, value)));");
            w.Close();
            w.Line();
        }
        w.Open("public static void WriteGuid(" + W + " writer, " + Key + ", global::System.Guid value)");
        w.Line("global::System.Span<byte> buffer = stackalloc byte[36];");
        w.Line("value.TryFormat(buffer, out int length);");
        w.Line("writer.WriteString(key, buffer.Slice(0, length));");
        w.Close();
        w.Line();
        w.Open("public static void WriteGuidValue(" + W + " writer, global::System.Guid value)");
        w.Line("global::System.Span<byte> buffer = stackalloc byte[36];");
        w.Line("value.TryFormat(buffer, out int length);");
        w.Line("writer.WriteStringValue(buffer.Slice(0, length));");
        w.Close();
    }
}
