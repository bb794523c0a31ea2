// Emits the pool's JsonSerializerContext built with JsonMetadataServices (STJ's own generator cannot see our output).
using System.Collections.Generic;
using System.Linq;
using Plasmite.Generators.Model;

namespace Plasmite.Generators.Emit;

/// <summary>Writes <c>{Pool}JsonContext</c>: one <c>JsonTypeInfo</c> factory per type of the pool's type graph.</summary>
internal static class JsonMetadataEmitter
{
    private const string Json = "global::System.Text.Json";
    private const string Ser = "global::System.Text.Json.Serialization";
    private const string Meta = "global::System.Text.Json.Serialization.Metadata";
    private const string Svc = "global::System.Text.Json.Serialization.Metadata.JsonMetadataServices";
    private const string Exact = "global::Plasmite.Typed.ExactNumberConverters";

    private static readonly HashSet<string> s_reserved = new() { "Options", "Default", "GetTypeInfo", "GeneratedSerializerOptions", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone" };

    /// <summary>The public property of the context that returns the type's metadata.</summary>
    public static string PropertyName(string fullName, PoolSpec pool)
    {
        var spec = pool.JsonTypes.First(t => t.FullName == fullName);
        return s_reserved.Contains(spec.Id) ? spec.Id + "Info" : spec.Id;
    }

    public static void Emit(SourceWriter w, PoolSpec pool, string access)
    {
        string ctx = PoolEmitter.ContextName(pool);
        w.Line("/// <summary>");
        w.Line("/// System.Text.Json metadata for the message types of the pool <c>" + PoolEmitter.Xml(pool.Pool) + "</c> (AOT and trimming safe).");
        w.Line("/// Defaults: <see cref=\"" + Json + ".JsonSerializerDefaults.Web\"/> (camelCase names, case-insensitive reads); names are fixed at compile time.");
        w.Line("/// </summary>");
        w.Line(PoolEmitter.GeneratedCode);
        w.Open(access + " sealed partial class " + ctx + " : " + Ser + ".JsonSerializerContext, " + Meta + ".IJsonTypeInfoResolver");
        w.Line("private static readonly " + Json + ".JsonSerializerOptions s_generatedOptions = new " + Json + ".JsonSerializerOptions(" + Json + ".JsonSerializerDefaults.Web);");
        w.Line();
        w.Line("/// <summary>The shared instance over the default options.</summary>");
        w.Line("public static " + ctx + " Default { get; } = new " + ctx + "(new " + Json + ".JsonSerializerOptions(s_generatedOptions));");
        w.Line();
        w.Line("/// <summary>Creates a context with its own copy of the default options.</summary>");
        w.Line("public " + ctx + "() : base(null) { }");
        w.Line();
        w.Line("/// <summary>Creates a context bound to <paramref name=\"options\"/>.</summary>");
        w.Line("/// <param name=\"options\">Options this context becomes the resolver of.</param>");
        w.Line("public " + ctx + "(" + Json + ".JsonSerializerOptions options) : base(options) { }");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("protected override " + Json + ".JsonSerializerOptions? GeneratedSerializerOptions => s_generatedOptions;");

        foreach (var t in pool.JsonTypes)
        {
            string prop = PropertyName(t.FullName, pool);
            w.Line();
            w.Line("private " + Meta + ".JsonTypeInfo<" + t.FullName + ">? _" + prop + ";");
            w.Line();
            w.Line("/// <summary>Metadata for <see cref=\"" + XmlCref(t.FullName) + "\"/>.</summary>");
            w.Line("public " + Meta + ".JsonTypeInfo<" + t.FullName + "> " + prop + " => _" + prop + " ??= (" + Meta + ".JsonTypeInfo<" + t.FullName + ">)Options.GetTypeInfo(typeof(" + t.FullName + "));");
        }

        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override " + Meta + ".JsonTypeInfo? GetTypeInfo(global::System.Type type)");
        w.Line("Options.TryGetTypeInfo(type, out " + Meta + ".JsonTypeInfo? typeInfo);");
        w.Line("return typeInfo;");
        w.Close();
        w.Line();
        w.Open(Meta + ".JsonTypeInfo? " + Meta + ".IJsonTypeInfoResolver.GetTypeInfo(global::System.Type type, " + Json + ".JsonSerializerOptions options)");
        foreach (var t in pool.JsonTypes)
        {
            w.Line("if (type == typeof(" + t.FullName + ")) return Create_" + t.Id + "(options);");
        }
        w.Line("return null;");
        w.Close();

        foreach (var t in pool.JsonTypes) EmitCreate(w, pool, t);
        EmitHelpers(w);
        w.Close();
    }

    private static string XmlCref(string fullName) => fullName.Replace("<", "{").Replace(">", "}").Replace("[]", "");

    private static void EmitCreate(SourceWriter w, PoolSpec pool, JsonTypeSpec t)
    {
        string T = t.FullName;
        w.Line();
        w.Open("private " + Meta + ".JsonTypeInfo<" + T + "> Create_" + t.Id + "(" + Json + ".JsonSerializerOptions options)");
        w.Open("if (!TryGetTypeInfoForRuntimeCustomConverter<" + T + ">(options, out " + Meta + ".JsonTypeInfo<" + T + ">? jsonTypeInfo))");
        if (t.CustomConverterType is not null && t.Kind != JsonTypeKind.Nullable)
        {
            w.Line("jsonTypeInfo = " + Svc + ".CreateValueInfo<" + T + ">(options, ExpandConverter(typeof(" + T + "), new " + t.CustomConverterType + "(), options));");
        }
        else
        {
            switch (t.Kind)
            {
                case JsonTypeKind.Value when t.ExactNumber is not null:
                    // The exact-number rule (docs/design/typed-numbers.md): refused values never reach the pool.
                    w.Line("jsonTypeInfo = " + Svc + ".CreateValueInfo<" + T + ">(options, " + Exact + "." + t.ExactNumber + ");");
                    break;
                case JsonTypeKind.Value:
                    w.Line("jsonTypeInfo = " + Svc + ".CreateValueInfo<" + T + ">(options, " + Svc + "." + t.Converter + ");");
                    break;
                case JsonTypeKind.Enum:
                    w.Line("jsonTypeInfo = " + Svc + ".CreateValueInfo<" + T + ">(options, " + Svc + ".GetEnumConverter<" + T + ">(options));");
                    break;
                case JsonTypeKind.Nullable:
                    w.Line("jsonTypeInfo = " + Svc + ".CreateValueInfo<" + T + ">(options, " + Svc + ".GetNullableConverter<" + t.ElementType + ">(options));");
                    break;
                case JsonTypeKind.Unsupported:
                    w.Line("jsonTypeInfo = " + Svc + ".CreateValueInfo<" + T + ">(options, " + Svc + ".GetUnsupportedTypeConverter<" + T + ">());");
                    break;
                case JsonTypeKind.Array:
                    Collection(w, T, "CreateArrayInfo<" + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.List:
                    Collection(w, T, "CreateListInfo<" + T + ", " + t.ElementType + ">", "static () => new " + T + "()");
                    break;
                case JsonTypeKind.IList:
                    Collection(w, T, "CreateIListInfo<" + T + ", " + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.ICollection:
                    Collection(w, T, "CreateICollectionInfo<" + T + ", " + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.IEnumerable:
                    Collection(w, T, "CreateIEnumerableInfo<" + T + ", " + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.Dictionary:
                    Collection(w, T, "CreateDictionaryInfo<" + T + ", " + Key(t) + ", " + t.ElementType + ">", "static () => new " + T + "()");
                    break;
                case JsonTypeKind.IDictionary:
                    Collection(w, T, "CreateIDictionaryInfo<" + T + ", " + Key(t) + ", " + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.IReadOnlyDictionary:
                    Collection(w, T, "CreateIReadOnlyDictionaryInfo<" + T + ", " + Key(t) + ", " + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.Collection:
                {
                    string args = t.CollectionFactory is "CreateMemoryInfo" or "CreateReadOnlyMemoryInfo" ? t.ElementType!
                        : t.KeyType is not null || t.CollectionFactory is "CreateIDictionaryInfo" or "CreateImmutableDictionaryInfo"
                            ? T + ", " + Key(t) + ", " + t.ElementType
                            : T + ", " + t.ElementType;
                    Collection(w, T, t.CollectionFactory + "<" + args + ">", t.Creator ?? "null", t.RangeFactory);
                    break;
                }
                case JsonTypeKind.Object:
                case JsonTypeKind.Tuple:
                    EmitObjectInfo(w, t);
                    break;
            }
        }
        w.Close();
        w.Line("jsonTypeInfo.OriginatingResolver = this;");
        w.Line("return jsonTypeInfo;");
        w.Close();

        if (t.Kind is JsonTypeKind.Object or JsonTypeKind.Tuple && (t.CustomConverterType is null))
        {
            EmitProperties(w, pool, t);
            EmitAccessors(w, t);
        }
    }

    private static string Key(JsonTypeSpec t) => t.KeyType ?? "string";

    private static void Collection(SourceWriter w, string T, string factory, string creator, string? range = null)
    {
        w.Open("var info = new " + Meta + ".JsonCollectionInfoValues<" + T + ">");
        w.Line("ObjectCreator = " + creator + ",");
        w.Line("SerializeHandler = null,");
        w.Close(";");
        w.Line("jsonTypeInfo = " + Svc + "." + factory + "(options, info" + (range is null ? "" : ", " + range) + ");");
        w.Line("jsonTypeInfo.NumberHandling = null;");
    }

    private static string CtorCall(JsonTypeSpec t, IEnumerable<string> args) =>
        t.UnsafeCtor ? "__Ctor_" + t.Id + "(" + string.Join(", ", args) + ")" : "new " + t.FullName + "(" + string.Join(", ", args) + ")";

    private static void EmitObjectInfo(SourceWriter w, JsonTypeSpec t)
    {
        string T = t.FullName;
        w.Open("var objectInfo = new " + Meta + ".JsonObjectInfoValues<" + T + ">");
        switch (t.CtorKind)
        {
            case CtorKind.Parameterless:
                w.Line("ObjectCreator = static () => " + CtorCall(t, new string[0]) + ",");
                w.Line("ObjectWithParameterizedConstructorCreator = null,");
                break;
            case CtorKind.Default:
                w.Line("ObjectCreator = static () => default(" + T + "),");
                w.Line("ObjectWithParameterizedConstructorCreator = null,");
                break;
            case CtorKind.Parameterized:
                w.Line("ObjectCreator = null,");
                w.Line("ObjectWithParameterizedConstructorCreator = static args => " + CtorCall(t, t.CtorParams.Select(p => "(" + p.TypeFullName + ")args[" + p.Position + "]")) + ",");
                break;
            default:
                w.Line("ObjectCreator = null,");
                w.Line("ObjectWithParameterizedConstructorCreator = null,");
                break;
        }
        w.Line("PropertyMetadataInitializer = _ => Properties_" + t.Id + "(options),");
        if (t.CtorKind == CtorKind.Parameterized)
        {
            w.Line("ConstructorParameterMetadataInitializer = static () => Parameters_" + t.Id + "(),");
        }
        else
        {
            w.Line("ConstructorParameterMetadataInitializer = null,");
        }
        w.Line("SerializeHandler = null,");
        w.Close(";");
        w.Line("jsonTypeInfo = " + Svc + ".CreateObjectInfo<" + T + ">(options, objectInfo);");
        w.Line("jsonTypeInfo.NumberHandling = null;");
    }

    private static void EmitProperties(SourceWriter w, PoolSpec pool, JsonTypeSpec t)
    {
        string T = t.FullName;
        w.Line();
        w.Open("private static " + Meta + ".JsonPropertyInfo[] Properties_" + t.Id + "(" + Json + ".JsonSerializerOptions options)");
        w.Line("var properties = new " + Meta + ".JsonPropertyInfo[" + t.Properties.Count + "];");
        for (int i = 0; i < t.Properties.Count; i++)
        {
            var p = t.Properties[i];
            string P = p.TypeFullName;
            w.Open("var info" + i + " = new " + Meta + ".JsonPropertyInfoValues<" + P + ">");
            w.Line("IsProperty = " + (p.IsField ? "false" : "true") + ",");
            w.Line("IsPublic = true,");
            w.Line("IsVirtual = " + (p.IsVirtual ? "true" : "false") + ",");
            w.Line("DeclaringType = typeof(" + p.DeclaringType + "),");
            w.Line("Converter = " + PropertyConverter(pool, p) + ",");
            w.Line("Getter = static obj => ((" + T + ")obj)." + p.ClrName + ",");
            w.Line("Setter = " + SetterExpression(t, p) + ",");
            w.Line("IgnoreCondition = " + (p.IgnoreCondition is null ? "null" : Ser + ".JsonIgnoreCondition." + p.IgnoreCondition) + ",");
            // Tuple fields are included whatever JsonSerializerOptions.IncludeFields says (see docs/typed-messages.md).
            w.Line("HasJsonInclude = " + (p.IsField ? "true" : "false") + ",");
            w.Line("IsExtensionData = false,");
            w.Line("NumberHandling = " + (NumberHandlingApplies(pool, p) ? NumberHandling(p.NumberHandling) : "null") + ",");
            w.Line("PropertyName = " + Naming.Literal(p.ClrName) + ",");
            w.Line("JsonPropertyName = " + Naming.Literal(p.JsonName) + ",");
            w.Close(";");
            w.Line("properties[" + i + "] = " + Svc + ".CreatePropertyInfo<" + P + ">(options, info" + i + ");");
            if (p.IsRequired) w.Line("properties[" + i + "].IsRequired = true;");
            if (p.IsReferenceType)
            {
                string nullable = p.IsNullableAnnotated ? "true" : "false";
                w.Line("properties[" + i + "].IsGetNullable = " + nullable + ";");
                if (p.Setter != SetterKind.None) w.Line("properties[" + i + "].IsSetNullable = " + nullable + ";");
            }
        }
        w.Line("return properties;");
        w.Close();

        if (t.CtorKind == CtorKind.Parameterized)
        {
            w.Line();
            w.Open("private static " + Meta + ".JsonParameterInfoValues[] Parameters_" + t.Id + "()");
            w.Open("return new " + Meta + ".JsonParameterInfoValues[]");
            foreach (var prm in t.CtorParams)
            {
                w.Open("new " + Meta + ".JsonParameterInfoValues");
                w.Line("Name = " + Naming.Literal(prm.Name) + ",");
                w.Line("ParameterType = typeof(" + prm.TypeFullName + "),");
                w.Line("Position = " + prm.Position + ",");
                w.Line("HasDefaultValue = " + (prm.HasDefaultValue ? "true" : "false") + ",");
                w.Line("DefaultValue = " + prm.DefaultValueExpression + ",");
                w.Line("IsNullable = " + (prm.IsNullable ? "true" : "false") + ",");
                w.Close(",");
            }
            w.Close(";");
            w.Close();
        }
    }

    private static string NumberHandling(string? flags)
    {
        if (flags is null) return "null";
        if (flags == "Strict") return Ser + ".JsonNumberHandling.Strict";
        return string.Join(" | ", flags.Split(new[] { ", " }, System.StringSplitOptions.None).Select(f => Ser + ".JsonNumberHandling." + f));
    }

    private static readonly HashSet<string> s_numberConverters = new()
    {
        "SByteConverter", "ByteConverter", "Int16Converter", "UInt16Converter", "Int32Converter", "UInt32Converter", "Int64Converter",
    };

    private static JsonTypeSpec? Find(PoolSpec pool, string? fullName) => fullName is null ? null : pool.JsonTypes.FirstOrDefault(x => x.FullName == fullName);

    private static JsonTypeSpec? Unwrap(PoolSpec pool, JsonTypeSpec? t) => t is { Kind: JsonTypeKind.Nullable } ? Find(pool, t.ElementType) : t;

    private static bool IsBuiltInNumber(JsonTypeSpec? t) => t is { Kind: JsonTypeKind.Value, ExactNumber: null, CustomConverterType: null } && s_numberConverters.Contains(t.Converter!);

    private static bool IsExactNumber(JsonTypeSpec? t) => t is { Kind: JsonTypeKind.Value, ExactNumber: not null, CustomConverterType: null };

    /// <summary>Exact-number members stored as strings (or with named literals) use System.Text.Json's own converter, which honours number handling.</summary>
    private static bool UsesBuiltInExact(PoolSpec pool, PropertySpec p) =>
        p.CustomConverterType is null && p.NumberHandling is { } h && (h.Contains("WriteAsString") || h.Contains("AllowNamedFloatingPointLiterals"))
        && IsExactNumber(Unwrap(pool, Find(pool, p.TypeFullName)));

    /// <summary>
    /// Number handling is emitted only where System.Text.Json accepts it (a number converter of its own, or a collection of them);
    /// elsewhere it would throw when the metadata is configured. Collections of exact-number types keep the exact rule.
    /// </summary>
    private static bool NumberHandlingApplies(PoolSpec pool, PropertySpec p)
    {
        if (p.NumberHandling is null || p.CustomConverterType is not null) return false;
        if (UsesBuiltInExact(pool, p)) return true;
        var t = Find(pool, p.TypeFullName);
        if (IsBuiltInNumber(Unwrap(pool, t))) return true;
        return t is { Kind: JsonTypeKind.Array or JsonTypeKind.List or JsonTypeKind.IList or JsonTypeKind.ICollection or JsonTypeKind.IEnumerable
            or JsonTypeKind.Dictionary or JsonTypeKind.IDictionary or JsonTypeKind.IReadOnlyDictionary or JsonTypeKind.Collection }
            && IsBuiltInNumber(Unwrap(pool, Find(pool, t.ElementType)));
    }

    /// <summary>A member's converter: its [JsonConverter], or System.Text.Json's own for exact-number members stored as strings.</summary>
    private static string PropertyConverter(PoolSpec pool, PropertySpec p)
    {
        string P = p.TypeFullName;
        if (p.CustomConverterType is not null)
            return "(" + Ser + ".JsonConverter<" + P + ">)ExpandConverter(typeof(" + P + "), new " + p.CustomConverterType + "(), options)";
        if (!UsesBuiltInExact(pool, p)) return "null";
        var t = Find(pool, P)!;
        if (t.Kind != JsonTypeKind.Nullable) return Svc + "." + t.Converter;
        var inner = Find(pool, t.ElementType)!;
        return Svc + ".GetNullableConverter<" + inner.FullName + ">(" + Svc + ".CreateValueInfo<" + inner.FullName + ">(options, " + Svc + "." + inner.Converter + "))";
    }

    private static string SetterExpression(JsonTypeSpec t, PropertySpec p)
    {
        switch (p.Setter)
        {
            case SetterKind.Direct:
                return t.IsValueType
                    ? "static (obj, value) => global::System.Runtime.CompilerServices.Unsafe.Unbox<" + t.FullName + ">(obj)." + p.ClrName + " = value!"
                    : "static (obj, value) => ((" + t.FullName + ")obj)." + p.ClrName + " = value!";
            case SetterKind.Accessor:
                return t.IsValueType
                    ? "static (obj, value) => __Set_" + t.Id + "_" + p.ClrName + "(ref global::System.Runtime.CompilerServices.Unsafe.Unbox<" + t.FullName + ">(obj), value!)"
                    : "static (obj, value) => __Set_" + t.Id + "_" + p.ClrName + "((" + p.DeclaringType + ")obj, value!)";
            default:
                return "null";
        }
    }

    private static void EmitAccessors(SourceWriter w, JsonTypeSpec t)
    {
        foreach (var p in t.Properties.Where(p => p.Setter == SetterKind.Accessor))
        {
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
    }

    private static void EmitHelpers(SourceWriter w)
    {
        w.Line();
        w.Open("private static bool TryGetTypeInfoForRuntimeCustomConverter<T>(" + Json + ".JsonSerializerOptions options, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out " + Meta + ".JsonTypeInfo<T>? jsonTypeInfo)");
        w.Open("for (int i = 0; i < options.Converters.Count; i++)");
        w.Line("var converter = options.Converters[i];");
        w.Open("if (converter is not null && converter.CanConvert(typeof(T)))");
        w.Line("jsonTypeInfo = " + Svc + ".CreateValueInfo<T>(options, ExpandConverter(typeof(T), converter, options));");
        w.Line("return true;");
        w.Close();
        w.Close();
        w.Line("jsonTypeInfo = null;");
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Open("private static " + Ser + ".JsonConverter ExpandConverter(global::System.Type type, " + Ser + ".JsonConverter converter, " + Json + ".JsonSerializerOptions options)");
        w.Open("if (converter is " + Ser + ".JsonConverterFactory factory)");
        w.Line("converter = factory.CreateConverter(type, options)");
        w.Indent().Line("?? throw new global::System.InvalidOperationException(\"The converter factory '\" + factory.GetType() + \"' returned null for '\" + type + \"'.\");").Dedent();
        w.Open("if (converter is " + Ser + ".JsonConverterFactory)");
        w.Line("throw new global::System.InvalidOperationException(\"The converter factory '\" + factory.GetType() + \"' returned another factory for '\" + type + \"'.\");");
        w.Close();
        w.Close();
        w.Line("return converter;");
        w.Close();
    }
}
