// Decides whether a payload member type has a JSON shape (PLSM001), walking nested types and collections.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Plasmite.Analyzers.Diagnostics;

/// <summary>Well-known types looked up once per compilation.</summary>
internal sealed class KnownTypes
{
    public KnownTypes(Compilation compilation)
    {
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        Type = compilation.GetTypeByMetadataName("System.Type");
        MemberInfo = compilation.GetTypeByMetadataName("System.Reflection.MemberInfo");
        Delegate = compilation.GetTypeByMetadataName("System.Delegate");
    }

    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? Type { get; }
    public INamedTypeSymbol? MemberInfo { get; }
    public INamedTypeSymbol? Delegate { get; }
}

/// <summary>Finds the first reason a type cannot be serialized, or null.</summary>
internal sealed class PayloadChecker
{
    private static readonly HashSet<string> s_collectionInterfaces = new()
    {
        "System.Collections.Generic.IEnumerable<T>", "System.Collections.Generic.IReadOnlyList<T>", "System.Collections.Generic.IReadOnlyCollection<T>",
        "System.Collections.Generic.IList<T>", "System.Collections.Generic.ICollection<T>", "System.Collections.Generic.ISet<T>",
        "System.Collections.Generic.IReadOnlySet<T>",
    };

    private static readonly HashSet<string> s_dictionaryTypes = new()
    {
        "System.Collections.Generic.Dictionary<TKey, TValue>", "System.Collections.Generic.IDictionary<TKey, TValue>",
        "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>", "System.Collections.Generic.SortedDictionary<TKey, TValue>",
        "System.Collections.Concurrent.ConcurrentDictionary<TKey, TValue>", "System.Collections.Immutable.ImmutableDictionary<TKey, TValue>",
    };

    private readonly KnownTypes _known;
    private readonly HashSet<ITypeSymbol> _visiting = new(SymbolEqualityComparer.Default);

    public PayloadChecker(KnownTypes known) => _known = known;

    /// <summary>The public instance properties System.Text.Json serializes (most derived first), with their declaring type.</summary>
    public static IEnumerable<(IPropertySymbol Property, INamedTypeSymbol Owner)> Properties(INamedTypeSymbol type)
    {
        var names = new HashSet<string>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var p in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (p.IsStatic || p.IsIndexer || p.DeclaredAccessibility != Accessibility.Public) continue;
                if (p.GetMethod is null || p.GetMethod.DeclaredAccessibility != Accessibility.Public) continue;
                if (!names.Add(p.Name)) continue;
                if (IsIgnoredAlways(p)) continue;
                yield return (p, t);
            }
        }
    }

    private static bool IsIgnoredAlways(IPropertySymbol p)
    {
        var a = p.GetAttributes().FirstOrDefault(x => x.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonIgnoreAttribute");
        if (a is null) return false;
        var condition = a.NamedArguments.FirstOrDefault(n => n.Key == "Condition");
        return condition.Key is null || condition.Value.Value is 1;
    }

    public static bool HasCustomConverter(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonConverterAttribute");

    public string? Problem(ITypeSymbol type, string path)
    {
        switch (type)
        {
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers cannot be serialized";
            case IDynamicTypeSymbol:
                return "'dynamic' has no fixed JSON shape; use a concrete type or JsonElement";
            case ITypeParameterSymbol:
                return "open generic types cannot be serialized";
            case IArrayTypeSymbol array:
                if (array.Rank != 1) return "multi-dimensional arrays are not supported; use jagged arrays";
                return Problem(array.ElementType, path + "[]");
            case INamedTypeSymbol named:
                return NamedProblem(named, path);
            default:
                return "this type cannot be serialized";
        }
    }

    private string? NamedProblem(INamedTypeSymbol type, string path)
    {
        if (type.IsUnboundGenericType) return "open generic types cannot be serialized";
        if (type.SpecialType == SpecialType.System_Object) return "'object' has no fixed JSON shape; use a concrete type or JsonElement";
        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr) return "pointers (IntPtr/UIntPtr) cannot be serialized";
        if (type.IsRefLikeType) return "ref structs (Span<T> and the like) cannot be stored";
        if (type.TypeKind == TypeKind.Delegate || InheritsFrom(type, _known.Delegate)) return "delegates cannot be serialized";
        if (InheritsFrom(type, _known.Stream)) return "streams are not data; read them into byte[] first";
        if (InheritsFrom(type, _known.Task) || Same(type.OriginalDefinition, _known.ValueTask) || Same(type.OriginalDefinition, _known.ValueTaskOfT))
            return "tasks are not data; await them first";
        if (InheritsFrom(type, _known.Type) || InheritsFrom(type, _known.MemberInfo)) return "System.Type and reflection objects cannot be serialized";
        if (type.TypeArguments.Any(a => a is ITypeParameterSymbol)) return "open generic types cannot be serialized";
        if (type.TypeKind == TypeKind.Enum || (type.SpecialType != SpecialType.None && type.TypeKind != TypeKind.Interface)) return null;

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) return Problem(type.TypeArguments[0], path);

        string definition = type.OriginalDefinition.ToDisplayString();
        if (s_dictionaryTypes.Contains(definition))
        {
            if (type.TypeArguments[0].SpecialType != SpecialType.System_String) return "dictionary keys must be string";
            return Problem(type.TypeArguments[1], path + "[]");
        }
        if (s_collectionInterfaces.Contains(definition) || IsConcreteCollection(type, out _))
        {
            var element = type.TypeArguments.Length == 1 ? type.TypeArguments[0] : ElementOf(type);
            return element is null ? null : Problem(element, path + "[]");
        }

        if (type.TypeKind == TypeKind.Interface || type.IsAbstract)
        {
            bool polymorphic = type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonDerivedTypeAttribute");
            if (!polymorphic) return (type.TypeKind == TypeKind.Interface ? "interface" : "abstract type") + $" '{type.Name}' needs [JsonDerivedType] attributes (or a concrete type)";
            return null;
        }

        string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal)) return null; // framework value types System.Text.Json knows

        if (HasCustomConverter(type)) return null;

        // A nested object: check its members too.
        if (!_visiting.Add(type)) return null;
        foreach (var (p, _) in Properties(type))
        {
            if (HasCustomConverter(p)) continue;
            string? inner = Problem(p.Type, p.Name);
            if (inner is not null) return $"{type.Name}.{p.Name}: {inner}";
        }
        return null;
    }

    private static bool IsConcreteCollection(INamedTypeSymbol type, out ITypeSymbol? element)
    {
        element = ElementOf(type);
        return element is not null && type.TypeKind is TypeKind.Class or TypeKind.Struct && type.ContainingNamespace?.ToDisplayString().StartsWith("System.Collections", System.StringComparison.Ordinal) == true;
    }

    private static ITypeSymbol? ElementOf(INamedTypeSymbol type)
    {
        foreach (var i in type.AllInterfaces)
        {
            if (i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return i.TypeArguments[0];
        }
        return null;
    }

    private static bool Same(ITypeSymbol? a, ITypeSymbol? b) => b is not null && SymbolEqualityComparer.Default.Equals(a, b);

    private static bool InheritsFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType)) return true;
        }
        return false;
    }
}
