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
                    Collection(w, T, "CreateDictionaryInfo<" + T + ", string, " + t.ElementType + ">", "static () => new " + T + "()");
                    break;
                case JsonTypeKind.IDictionary:
                    Collection(w, T, "CreateIDictionaryInfo<" + T + ", string, " + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.IReadOnlyDictionary:
                    Collection(w, T, "CreateIReadOnlyDictionaryInfo<" + T + ", string, " + t.ElementType + ">", "null");
                    break;
                case JsonTypeKind.Object:
                    EmitObjectInfo(w, t);
                    break;
            }
        }
        w.Close();
        w.Line("jsonTypeInfo.OriginatingResolver = this;");
        w.Line("return jsonTypeInfo;");
        w.Close();

        if (t.Kind == JsonTypeKind.Object && (t.CustomConverterType is null))
        {
            EmitProperties(w, t);
            EmitAccessors(w, t);
        }
    }

    private static void Collection(SourceWriter w, string T, string factory, string creator)
    {
        w.Open("var info = new " + Meta + ".JsonCollectionInfoValues<" + T + ">");
        w.Line("ObjectCreator = " + creator + ",");
        w.Line("SerializeHandler = null,");
        w.Close(";");
        w.Line("jsonTypeInfo = " + Svc + "." + factory + "(options, info);");
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

    private static void EmitProperties(SourceWriter w, JsonTypeSpec t)
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
            w.Line("IsProperty = true,");
            w.Line("IsPublic = true,");
            w.Line("IsVirtual = " + (p.IsVirtual ? "true" : "false") + ",");
            w.Line("DeclaringType = typeof(" + p.DeclaringType + "),");
            w.Line("Converter = " + (p.CustomConverterType is null ? "null" : "(" + Ser + ".JsonConverter<" + P + ">)ExpandConverter(typeof(" + P + "), new " + p.CustomConverterType + "(), options)") + ",");
            w.Line("Getter = static obj => ((" + T + ")obj)." + p.ClrName + ",");
            w.Line("Setter = " + SetterExpression(t, p) + ",");
            w.Line("IgnoreCondition = " + (p.IgnoreCondition is null ? "null" : Ser + ".JsonIgnoreCondition." + p.IgnoreCondition) + ",");
            w.Line("HasJsonInclude = false,");
            w.Line("IsExtensionData = false,");
            w.Line("NumberHandling = null,");
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
