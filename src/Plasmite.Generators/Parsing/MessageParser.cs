// Turns a [PlasmiteMessage] symbol into the equatable MessageSpec (the only place that touches Roslyn symbols).
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Plasmite.Generators.Model;

namespace Plasmite.Generators.Parsing;

/// <summary>Parses one message type and the type graph of its JSON payload.</summary>
internal static class MessageParser
{
    public const string AttributeName = "Plasmite.PlasmiteMessageAttribute";

    private static readonly SymbolDisplayFormat s_fullName = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>Returns null for declarations the generator does not support (the analyzer reports them).</summary>
    public static MessageSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax decl)
        {
            return null;
        }
        if (!IsSupportedDeclaration(type)) return null;
        if (!decl.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;

        var attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string pool) return null;
        if (Naming.PoolNameProblem(pool) is not null) return null;

        string? kind = null;
        var tags = new List<string>();
        string? userContext = null;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Kind":
                    kind = named.Value.Value as string;
                    break;
                case "Tags":
                    if (!named.Value.IsNull)
                    {
                        foreach (var t in named.Value.Values)
                        {
                            if (t.Value is string s) tags.Add(s);
                        }
                    }
                    break;
                case "JsonContext":
                    if (named.Value.Value is INamedTypeSymbol ctx) userContext = ctx.ToDisplayString(s_fullName);
                    break;
            }
        }
        if (string.IsNullOrWhiteSpace(kind)) kind = Naming.ToKebabCase(type.Name);

        var containing = new List<ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer, cancellationToken)) return null;
            containing.Insert(0, new ContainingTypeSpec(Keyword(outer), outer.Name));
        }

        var graph = new TypeGraph(cancellationToken);
        if (userContext is null) graph.Add(type);

        cancellationToken.ThrowIfCancellationRequested();
        return new MessageSpec(
            Pool: pool,
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            Name: type.Name,
            FullName: type.ToDisplayString(s_fullName),
            Keyword: Keyword(type),
            IsPublic: IsEffectivelyPublic(type),
            ContainingTypes: new EquatableArray<ContainingTypeSpec>(containing.ToArray()),
            Kind: kind!,
            Tags: new EquatableArray<string>(tags.ToArray()),
            UserJsonContext: userContext,
            JsonTypes: new EquatableArray<JsonTypeSpec>(graph.Specs.ToArray()));
    }

    /// <summary>Generic types, types nested in generic types and ref structs are not supported.</summary>
    public static bool IsSupportedDeclaration(INamedTypeSymbol type)
    {
        if (type.IsGenericType || type.IsRefLikeType || type.IsStatic || type.IsAbstract) return false;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType) return false;
        }
        return true;
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken ct)
    {
        foreach (var r in type.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax(ct) is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword)) return true;
        }
        return false;
    }

    private static string Keyword(INamedTypeSymbol type)
    {
        string core = type.TypeKind == TypeKind.Struct ? "struct" : type.TypeKind == TypeKind.Interface ? "interface" : "class";
        return type.IsRecord ? (type.TypeKind == TypeKind.Struct ? "record struct" : "record") : core;
    }

    private static bool IsEffectivelyPublic(INamedTypeSymbol type)
    {
        for (ISymbol? s = type; s is INamedTypeSymbol t; s = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public) return false;
        }
        return true;
    }

    /// <summary>Collects the JSON type specs of a type and everything reachable from it.</summary>
    private sealed class TypeGraph
    {
        private readonly CancellationToken _ct;
        private readonly Dictionary<string, JsonTypeSpec?> _seen = new();
        public readonly List<JsonTypeSpec> Specs = new();

        public TypeGraph(CancellationToken ct) => _ct = ct;

        /// <summary>Adds the type; returns its full name, or null when it cannot be named in C# (pointer, ref struct, type parameter).</summary>
        public string? Add(ITypeSymbol type)
        {
            _ct.ThrowIfCancellationRequested();
            if (!CanBeNamed(type)) return null;
            type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            string fullName = type.ToDisplayString(s_fullName);
            if (_seen.ContainsKey(fullName)) return fullName;
            _seen[fullName] = null;
            var spec = Build(type, fullName);
            _seen[fullName] = spec;
            Specs.Add(spec);
            return fullName;
        }

        private static bool CanBeNamed(ITypeSymbol type) => type switch
        {
            IPointerTypeSymbol or IFunctionPointerTypeSymbol or ITypeParameterSymbol or IDynamicTypeSymbol or IErrorTypeSymbol => false,
            IArrayTypeSymbol a => CanBeNamed(a.ElementType),
            INamedTypeSymbol n => !n.IsRefLikeType && !n.IsUnboundGenericType && n.TypeArguments.All(CanBeNamed),
            _ => false,
        };

        private JsonTypeSpec Simple(string fullName, ITypeSymbol type, JsonTypeKind kind, string? converter = null, string? element = null, bool unsignedEnum = false) =>
            new(fullName, IdOf(type), kind, converter, element, CustomConverter(type.GetAttributes()), type.IsValueType, unsignedEnum,
                CtorKind.None, false, EquatableArray<ParamSpec>.Empty, EquatableArray<PropertySpec>.Empty);

        private JsonTypeSpec Build(ITypeSymbol type, string fullName)
        {
            string? converter = BuiltInConverter(type);
            if (converter is not null) return Simple(fullName, type, JsonTypeKind.Value, converter);

            if (type is IArrayTypeSymbol array)
            {
                if (array.Rank != 1) return Simple(fullName, type, JsonTypeKind.Unsupported);
                string? el = Add(array.ElementType);
                return el is null ? Simple(fullName, type, JsonTypeKind.Unsupported) : Simple(fullName, type, JsonTypeKind.Array, element: el);
            }
            if (type is not INamedTypeSymbol named) return Simple(fullName, type, JsonTypeKind.Unsupported);

            if (named.TypeKind == TypeKind.Enum)
            {
                var underlying = named.EnumUnderlyingType;
                bool unsigned = underlying is not null && underlying.SpecialType is SpecialType.System_UInt64;
                return Simple(fullName, type, JsonTypeKind.Enum, unsignedEnum: unsigned);
            }
            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                string? el = Add(named.TypeArguments[0]);
                return Simple(fullName, type, el is null ? JsonTypeKind.Unsupported : JsonTypeKind.Nullable, element: el);
            }

            if (named.IsGenericType)
            {
                string def = named.OriginalDefinition.ToDisplayString();
                JsonTypeKind? collection = def switch
                {
                    "System.Collections.Generic.List<T>" => JsonTypeKind.List,
                    "System.Collections.Generic.IList<T>" => JsonTypeKind.IList,
                    "System.Collections.Generic.ICollection<T>" => JsonTypeKind.ICollection,
                    "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                        or "System.Collections.Generic.IReadOnlyCollection<T>" => JsonTypeKind.IEnumerable,
                    "System.Collections.Generic.Dictionary<TKey, TValue>" => JsonTypeKind.Dictionary,
                    "System.Collections.Generic.IDictionary<TKey, TValue>" => JsonTypeKind.IDictionary,
                    "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>" => JsonTypeKind.IReadOnlyDictionary,
                    _ => null,
                };
                if (collection is JsonTypeKind k)
                {
                    bool isDictionary = k is JsonTypeKind.Dictionary or JsonTypeKind.IDictionary or JsonTypeKind.IReadOnlyDictionary;
                    if (isDictionary && named.TypeArguments[0].SpecialType != SpecialType.System_String)
                    {
                        return Simple(fullName, type, JsonTypeKind.Unsupported);
                    }
                    if (isDictionary) Add(named.TypeArguments[0]);
                    string? el = Add(named.TypeArguments[isDictionary ? 1 : 0]);
                    return Simple(fullName, type, el is null ? JsonTypeKind.Unsupported : k, element: el);
                }
            }

            if (IsPolymorphic(named))
            {
                // [JsonDerivedType]: System.Text.Json reads the attributes itself when the metadata is created;
                // the derived types need metadata of their own.
                foreach (var a in named.GetAttributes().Where(a => Is(a, "System.Text.Json.Serialization.JsonDerivedTypeAttribute")))
                {
                    if (a.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol derived) Add(derived);
                }
                return BuildObject(named, fullName) with { IsPolymorphic = true };
            }
            if (IsObjectCandidate(named)) return BuildObject(named, fullName);
            return Simple(fullName, type, JsonTypeKind.Unsupported);
        }

        private static bool IsPolymorphic(INamedTypeSymbol t) =>
            t.TypeKind is TypeKind.Class or TypeKind.Interface && t.GetAttributes().Any(a => Is(a, "System.Text.Json.Serialization.JsonDerivedTypeAttribute"));

        private static bool IsObjectCandidate(INamedTypeSymbol t)
        {
            if (t.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return false;
            if (t.IsAbstract || t.IsStatic || t.IsRefLikeType || t.SpecialType != SpecialType.None) return false;
            if (t.TypeKind == TypeKind.Class && t.BaseType?.ToDisplayString() == "System.MulticastDelegate") return false;
            string ns = t.ContainingNamespace?.ToDisplayString() ?? "";
            if (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal)) return false;
            return true;
        }

        private JsonTypeSpec BuildObject(INamedTypeSymbol type, string fullName)
        {
            var properties = new List<PropertySpec>();
            var names = new HashSet<string>();
            bool hasRequired = false;
            for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    if (member is not IPropertySymbol p || p.IsStatic || p.IsIndexer || p.DeclaredAccessibility != Accessibility.Public) continue;
                    if (p.GetMethod is null || p.GetMethod.DeclaredAccessibility != Accessibility.Public) continue;
                    if (!names.Add(p.Name)) continue; // overridden or hidden in a derived type
                    var attrs = p.GetAttributes();
                    string? ignore = IgnoreCondition(attrs);
                    if (ignore == "Always") continue;
                    string? propType = Add(p.Type);
                    if (propType is null) continue; // cannot be named: the analyzer reports it
                    bool required = p.IsRequired || attrs.Any(a => Is(a, "System.Text.Json.Serialization.JsonRequiredAttribute"));
                    hasRequired |= p.IsRequired;
                    var setter = p.SetMethod is null || p.SetMethod.DeclaredAccessibility != Accessibility.Public
                        ? SetterKind.None
                        : (p.SetMethod.IsInitOnly || p.IsRequired ? SetterKind.Accessor : SetterKind.Direct);
                    string jsonName = attrs.FirstOrDefault(a => Is(a, "System.Text.Json.Serialization.JsonPropertyNameAttribute"))
                        ?.ConstructorArguments.FirstOrDefault().Value as string ?? Naming.ToCamelCase(p.Name);
                    properties.Add(new PropertySpec(
                        ClrName: p.Name,
                        JsonName: jsonName,
                        TypeFullName: propType,
                        DeclaringType: t.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_fullName),
                        IsReferenceType: p.Type.IsReferenceType,
                        IsNullableAnnotated: p.Type.NullableAnnotation == NullableAnnotation.Annotated,
                        IsVirtual: p.IsVirtual || p.IsOverride || p.IsAbstract,
                        Setter: setter,
                        IsRequired: required,
                        IgnoreCondition: ignore,
                        CustomConverterType: CustomConverter(attrs)));
                }
            }

            // Constructor selection follows System.Text.Json: [JsonConstructor], else public parameterless,
            // else the only public constructor; structs fall back to default(T).
            var ctors = type.InstanceConstructors
                .Where(c => !(type.IsValueType && c.Parameters.Length == 0 && c.IsImplicitlyDeclared))
                .Where(c => !IsCopyConstructor(type, c))
                .ToList();
            var publicCtors = ctors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
            IMethodSymbol? ctor = ctors.FirstOrDefault(c => c.GetAttributes().Any(a => Is(a, "System.Text.Json.Serialization.JsonConstructorAttribute")))
                ?? publicCtors.FirstOrDefault(c => c.Parameters.Length == 0)
                ?? (publicCtors.Count == 1 ? publicCtors[0] : null);
            if (type.IsAbstract || type.TypeKind == TypeKind.Interface) ctor = null;
            CtorKind kind = ctor is null ? (type.IsValueType ? CtorKind.Default : CtorKind.None)
                : ctor.Parameters.Length == 0 ? CtorKind.Parameterless : CtorKind.Parameterized;
            bool unsafeCtor = ctor is not null && (hasRequired && !ctor.GetAttributes().Any(a => Is(a, "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute"))
                || ctor.DeclaredAccessibility != Accessibility.Public);
            var parameters = new List<ParamSpec>();
            if (ctor is not null)
            {
                foreach (var prm in ctor.Parameters)
                {
                    string? pt = Add(prm.Type);
                    if (pt is null) { kind = CtorKind.None; parameters.Clear(); break; }
                    parameters.Add(new ParamSpec(
                        prm.Name, pt, prm.Ordinal, prm.HasExplicitDefaultValue,
                        prm.HasExplicitDefaultValue ? DefaultExpression(prm) : "null",
                        prm.Type.IsReferenceType ? prm.Type.NullableAnnotation != NullableAnnotation.NotAnnotated
                            : prm.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T));
                }
            }
            // Init-only properties bound by the constructor need no setter.
            var bound = new HashSet<string>(parameters.Select(x => x.Name.ToUpperInvariant()));
            for (int i = 0; i < properties.Count; i++)
            {
                if (properties[i].Setter == SetterKind.Accessor && bound.Contains(properties[i].ClrName.ToUpperInvariant()) && !properties[i].IsRequired)
                {
                    properties[i] = properties[i] with { Setter = SetterKind.None };
                }
            }

            return new JsonTypeSpec(fullName, IdOf(type), JsonTypeKind.Object, null, null, CustomConverter(type.GetAttributes()),
                type.IsValueType, false, kind, unsafeCtor,
                new EquatableArray<ParamSpec>(parameters.ToArray()), new EquatableArray<PropertySpec>(properties.ToArray()));
        }

        private static bool IsCopyConstructor(INamedTypeSymbol type, IMethodSymbol c) =>
            type.IsRecord && c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type.OriginalDefinition, type.OriginalDefinition);

        private static string DefaultExpression(IParameterSymbol p)
        {
            object? v = p.ExplicitDefaultValue;
            string type = p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_fullName);
            return v switch
            {
                null => "null",
                string s => SymbolDisplay.FormatLiteral(s, quote: true),
                bool b => b ? "true" : "false",
                char c => SymbolDisplay.FormatLiteral(c, quote: true),
                double d => $"({type})" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                float f => $"({type})" + f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
                decimal m => $"({type})" + m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
                _ => $"({type})" + System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    private static string? IgnoreCondition(IEnumerable<AttributeData> attrs)
    {
        var a = attrs.FirstOrDefault(x => Is(x, "System.Text.Json.Serialization.JsonIgnoreAttribute"));
        if (a is null) return null;
        foreach (var n in a.NamedArguments)
        {
            if (n.Key == "Condition" && n.Value.Value is int v)
            {
                return v switch { 0 => "Never", 1 => "Always", 2 => "WhenWritingDefault", 3 => "WhenWritingNull", 4 => "WhenReading", _ => "Always" };
            }
        }
        return "Always";
    }

    private static string? CustomConverter(IEnumerable<AttributeData> attrs)
    {
        var a = attrs.FirstOrDefault(x => Is(x, "System.Text.Json.Serialization.JsonConverterAttribute"));
        return a?.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol t ? t.ToDisplayString(s_fullName) : null;
    }

    private static bool Is(AttributeData a, string fullName) => a.AttributeClass?.ToDisplayString() == fullName;

    private static string? BuiltInConverter(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return "StringConverter";
            case SpecialType.System_Boolean: return "BooleanConverter";
            case SpecialType.System_Char: return "CharConverter";
            case SpecialType.System_SByte: return "SByteConverter";
            case SpecialType.System_Byte: return "ByteConverter";
            case SpecialType.System_Int16: return "Int16Converter";
            case SpecialType.System_UInt16: return "UInt16Converter";
            case SpecialType.System_Int32: return "Int32Converter";
            case SpecialType.System_UInt32: return "UInt32Converter";
            case SpecialType.System_Int64: return "Int64Converter";
            case SpecialType.System_UInt64: return "UInt64Converter";
            case SpecialType.System_Single: return "SingleConverter";
            case SpecialType.System_Double: return "DoubleConverter";
            case SpecialType.System_Decimal: return "DecimalConverter";
            case SpecialType.System_DateTime: return "DateTimeConverter";
        }
        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }) return "ByteArrayConverter";
        return type.ToDisplayString() switch
        {
            "System.DateTimeOffset" => "DateTimeOffsetConverter",
            "System.Guid" => "GuidConverter",
            "System.TimeSpan" => "TimeSpanConverter",
            "System.Uri" => "UriConverter",
            "System.Version" => "VersionConverter",
            "System.DateOnly" => "DateOnlyConverter",
            "System.TimeOnly" => "TimeOnlyConverter",
            "System.Half" => "HalfConverter",
            "System.Text.Json.JsonElement" => "JsonElementConverter",
            "System.Text.Json.JsonDocument" => "JsonDocumentConverter",
            _ => null,
        };
    }

    /// <summary>An identifier built from the type's shape: <c>List&lt;int&gt;</c> → <c>ListInt32</c>, <c>int[]</c> → <c>ArrayInt32</c>.</summary>
    internal static string IdOf(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol a:
                return "Array" + IdOf(a.ElementType);
            case INamedTypeSymbol n:
                var sb = new System.Text.StringBuilder();
                for (var outer = n.ContainingType; outer is not null; outer = outer.ContainingType) sb.Insert(0, outer.Name);
                sb.Append(n.Name);
                foreach (var arg in n.TypeArguments) sb.Append(IdOf(arg));
                return sb.ToString();
            default:
                return "Type";
        }
    }
}
