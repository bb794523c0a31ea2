// Turns a [PlasmiteMessage] symbol into the equatable MessageSpec (the only place that touches Roslyn symbols).
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Plasmite.Generators.Model;
using Plasmite.TypeSupport;

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

        var graph = new TypeGraph(new TypeClassifier(context.SemanticModel.Compilation), cancellationToken);
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
        private readonly TypeClassifier _classifier;
        private readonly Dictionary<string, JsonTypeSpec?> _seen = new();
        public readonly List<JsonTypeSpec> Specs = new();

        public TypeGraph(TypeClassifier classifier, CancellationToken ct)
        {
            _classifier = classifier;
            _ct = ct;
        }

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
            var support = _classifier.Classify(type);
            switch (support.Kind)
            {
                case SupportKind.Value:
                    return Simple(fullName, type, JsonTypeKind.Value, support.Converter) with { ExactNumber = support.ExactNumber };
                case SupportKind.Custom:
                    return Simple(fullName, type, JsonTypeKind.Value);
                case SupportKind.Enum:
                {
                    var underlying = ((INamedTypeSymbol)type).EnumUnderlyingType;
                    bool unsigned = underlying is not null && underlying.SpecialType is SpecialType.System_UInt64;
                    return Simple(fullName, type, JsonTypeKind.Enum, unsignedEnum: unsigned);
                }
                case SupportKind.Nullable:
                case SupportKind.Array:
                {
                    string? el = Add(support.Element!);
                    var kind = support.Kind == SupportKind.Nullable ? JsonTypeKind.Nullable : JsonTypeKind.Array;
                    return Simple(fullName, type, el is null ? JsonTypeKind.Unsupported : kind, element: el);
                }
                case SupportKind.Collection:
                    return BuildCollection(type, fullName, support);
                case SupportKind.Tuple:
                    return BuildTuple((INamedTypeSymbol)type, fullName, support);
                case SupportKind.Object:
                {
                    var named = (INamedTypeSymbol)type;
                    if (!support.IsPolymorphic) return BuildObject(named, fullName, support.Constructor);
                    // [JsonDerivedType]: System.Text.Json reads the attributes itself when the metadata is created;
                    // the derived types need metadata of their own.
                    foreach (var a in named.GetAttributes().Where(a => Is(a, TypeClassifier.JsonDerivedTypeAttribute)))
                    {
                        if (a.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol derived) Add(derived);
                    }
                    return BuildObject(named, fullName, TypeClassifier.SelectConstructor(named)) with { IsPolymorphic = true };
                }
                default:
                    return Simple(fullName, type, JsonTypeKind.Unsupported);
            }
        }

        private JsonTypeSpec BuildCollection(ITypeSymbol type, string fullName, TypeShape support)
        {
            var shape = support.Collection!;
            string? key = support.Key is null ? null : Add(support.Key);
            string? el = Add(support.Element!);
            if (el is null || (support.Key is not null && key is null)) return Simple(fullName, type, JsonTypeKind.Unsupported);
            JsonTypeKind kind = shape.Factory switch
            {
                CollectionFactory.List => JsonTypeKind.List,
                CollectionFactory.IList => JsonTypeKind.IList,
                CollectionFactory.ICollection => JsonTypeKind.ICollection,
                CollectionFactory.IEnumerable => JsonTypeKind.IEnumerable,
                CollectionFactory.Dictionary => JsonTypeKind.Dictionary,
                CollectionFactory.IDictionary => JsonTypeKind.IDictionary,
                CollectionFactory.IReadOnlyDictionary => JsonTypeKind.IReadOnlyDictionary,
                _ => JsonTypeKind.Collection,
            };
            string? Fill(string? template) => template?.Replace("{T}", fullName).Replace("{E}", el).Replace("{K}", key ?? "").Replace("{V}", el);
            var spec = Simple(fullName, type, kind, element: el) with { KeyType = key == "string" ? null : key };
            if (kind != JsonTypeKind.Collection) return spec;
            return spec with { CollectionFactory = shape.Method, Creator = Fill(shape.Creator), RangeFactory = Fill(shape.Range) };
        }

        private JsonTypeSpec BuildTuple(INamedTypeSymbol type, string fullName, TypeShape support)
        {
            var properties = new List<PropertySpec>();
            foreach (var f in support.TupleFields)
            {
                string? ft = Add(f.Type);
                if (ft is null) return Simple(fullName, type, JsonTypeKind.Unsupported);
                properties.Add(new PropertySpec(
                    ClrName: f.Name,
                    JsonName: Naming.ToCamelCase(f.Name),
                    TypeFullName: ft,
                    DeclaringType: fullName,
                    IsReferenceType: f.Type.IsReferenceType,
                    IsNullableAnnotated: f.Type.NullableAnnotation == NullableAnnotation.Annotated,
                    IsVirtual: false,
                    Setter: SetterKind.Direct,
                    IsRequired: false,
                    IgnoreCondition: null,
                    CustomConverterType: null,
                    IsField: true));
            }
            return new JsonTypeSpec(fullName, IdOf(type), JsonTypeKind.Tuple, null, null, null, true, false, CtorKind.Default, false,
                EquatableArray<ParamSpec>.Empty, new EquatableArray<PropertySpec>(properties.ToArray()));
        }

        private JsonTypeSpec BuildObject(INamedTypeSymbol type, string fullName, IMethodSymbol? ctor)
        {
            var properties = new List<PropertySpec>();
            bool hasRequired = false;
            foreach (var (p, t) in TypeClassifier.Properties(type))
            {
                var attrs = p.GetAttributes();
                string? ignore = TypeClassifier.IgnoreCondition(attrs);
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
                    CustomConverterType: CustomConverter(attrs),
                    NumberHandling: TypeClassifier.NumberHandling(p, t)));
            }

            // Constructor selection follows System.Text.Json (TypeClassifier.SelectConstructor); structs fall back to default(T).
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

    private static string? CustomConverter(IEnumerable<AttributeData> attrs)
    {
        var a = attrs.FirstOrDefault(x => Is(x, "System.Text.Json.Serialization.JsonConverterAttribute"));
        return a?.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol t ? t.ToDisplayString(s_fullName) : null;
    }

    private static bool Is(AttributeData a, string fullName) => a.AttributeClass?.ToDisplayString() == fullName;

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
