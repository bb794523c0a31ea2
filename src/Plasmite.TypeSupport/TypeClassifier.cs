// The one rule for which payload member types the generated System.Text.Json metadata supports and how (generator and analyzers both call it).
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Plasmite.TypeSupport;

/// <summary>How a type is serialized by the generated metadata.</summary>
internal enum SupportKind
{
    /// <summary>A built-in converter (<see cref="TypeShape.Converter"/>).</summary>
    Value,
    Enum,
    Nullable,
    Array,
    /// <summary>A collection or dictionary (<see cref="TypeShape.Collection"/>).</summary>
    Collection,
    /// <summary>An object serialized property by property (or a polymorphic base).</summary>
    Object,
    /// <summary>A value tuple, serialized as an object of its fields <c>item1</c>, <c>item2</c>, ….</summary>
    Tuple,
    /// <summary>The type carries <c>[JsonConverter]</c>: the converter decides.</summary>
    Custom,
    /// <summary>Not serializable (<see cref="TypeShape.Problem"/> says why).</summary>
    Unsupported,
    /// <summary>A type that cannot be named (error type): the compiler already reports it.</summary>
    Error,
}

/// <summary>The classification of one type.</summary>
internal sealed class TypeShape
{
    public SupportKind Kind { get; set; }
    public string? Converter { get; set; }
    /// <summary>For decimal, ulong, Int128, UInt128, double, float and Half: the exact-number rule's name (docs/design/typed-numbers.md).</summary>
    public string? ExactNumber { get; set; }
    public ITypeSymbol? Element { get; set; }
    public ITypeSymbol? Key { get; set; }
    public CollectionShape? Collection { get; set; }
    public string? Problem { get; set; }
    public bool IsPolymorphic { get; set; }
    public IMethodSymbol? Constructor { get; set; }
    public ImmutableArray<IFieldSymbol> TupleFields { get; set; } = ImmutableArray<IFieldSymbol>.Empty;

    public static TypeShape Unsupported(string problem) => new() { Kind = SupportKind.Unsupported, Problem = problem };
}

/// <summary>Classifies payload member types. Create one per compilation.</summary>
internal sealed class TypeClassifier
{
    public const string JsonConverterAttribute = "System.Text.Json.Serialization.JsonConverterAttribute";
    public const string JsonDerivedTypeAttribute = "System.Text.Json.Serialization.JsonDerivedTypeAttribute";
    public const string JsonIgnoreAttribute = "System.Text.Json.Serialization.JsonIgnoreAttribute";
    public const string JsonConstructorAttribute = "System.Text.Json.Serialization.JsonConstructorAttribute";
    public const string JsonNumberHandlingAttribute = "System.Text.Json.Serialization.JsonNumberHandlingAttribute";

    public KnownSymbols Known { get; }

    public TypeClassifier(Compilation compilation) => Known = new KnownSymbols(compilation);

    public TypeShape Classify(ITypeSymbol type)
    {
        switch (type)
        {
            case IErrorTypeSymbol:
                return new TypeShape { Kind = SupportKind.Error };
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return TypeShape.Unsupported("pointers cannot be serialized");
            case IDynamicTypeSymbol:
                return TypeShape.Unsupported("'dynamic' has no fixed JSON shape; use a concrete type or JsonElement");
            case ITypeParameterSymbol:
                return TypeShape.Unsupported("open generic types cannot be serialized");
            case IArrayTypeSymbol array:
                if (array.Rank != 1) return TypeShape.Unsupported("multi-dimensional arrays are not supported; use jagged arrays");
                if (array.ElementType.SpecialType == SpecialType.System_Byte) return Value("ByteArrayConverter");
                return new TypeShape { Kind = SupportKind.Array, Element = array.ElementType };
            case INamedTypeSymbol named:
                return ClassifyNamed(named);
            default:
                return TypeShape.Unsupported("this type cannot be serialized");
        }
    }

    private static TypeShape Value(string converter, string? exact = null) => new() { Kind = SupportKind.Value, Converter = converter, ExactNumber = exact };

    private TypeShape ClassifyNamed(INamedTypeSymbol type)
    {
        if (type.IsUnboundGenericType || type.TypeArguments.Any(a => a is ITypeParameterSymbol)) return TypeShape.Unsupported("open generic types cannot be serialized");
        if (type.TypeArguments.Any(a => a is IErrorTypeSymbol)) return new TypeShape { Kind = SupportKind.Error };
        if (HasAttribute(type, JsonConverterAttribute)) return new TypeShape { Kind = SupportKind.Custom };
        if (type.TypeKind == TypeKind.Enum) return new TypeShape { Kind = SupportKind.Enum };
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) return new TypeShape { Kind = SupportKind.Nullable, Element = type.TypeArguments[0] };

        switch (type.SpecialType)
        {
            case SpecialType.System_String: return Value("StringConverter");
            case SpecialType.System_Boolean: return Value("BooleanConverter");
            case SpecialType.System_Char: return Value("CharConverter");
            case SpecialType.System_SByte: return Value("SByteConverter");
            case SpecialType.System_Byte: return Value("ByteConverter");
            case SpecialType.System_Int16: return Value("Int16Converter");
            case SpecialType.System_UInt16: return Value("UInt16Converter");
            case SpecialType.System_Int32: return Value("Int32Converter");
            case SpecialType.System_UInt32: return Value("UInt32Converter");
            case SpecialType.System_Int64: return Value("Int64Converter");
            case SpecialType.System_UInt64: return Value("UInt64Converter", "UInt64");
            case SpecialType.System_Single: return Value("SingleConverter", "Single");
            case SpecialType.System_Double: return Value("DoubleConverter", "Double");
            case SpecialType.System_Decimal: return Value("DecimalConverter", "Decimal");
            case SpecialType.System_DateTime: return Value("DateTimeConverter");
            case SpecialType.System_Object: return TypeShape.Unsupported("'object' has no fixed JSON shape; use a concrete type or JsonElement");
            case SpecialType.System_IntPtr or SpecialType.System_UIntPtr: return TypeShape.Unsupported("pointers (IntPtr/UIntPtr) cannot be serialized");
        }
        if (type.IsRefLikeType) return TypeShape.Unsupported("ref structs (Span<T> and the like) cannot be stored");
        if (Known.ValueConverters.TryGetValue(type, out var converter))
        {
            string? exact = converter switch { "HalfConverter" => "Half", "Int128Converter" => "Int128", "UInt128Converter" => "UInt128", _ => null };
            return Value(converter, exact);
        }
        if (type.TypeKind == TypeKind.Delegate || InheritsFrom(type, Known.Delegate)) return TypeShape.Unsupported("delegates cannot be serialized");
        if (InheritsFrom(type, Known.Stream)) return TypeShape.Unsupported("streams are not data; read them into byte[] first");
        if (InheritsFrom(type, Known.Task) || KnownSymbols.Is(type, Known.ValueTask) || KnownSymbols.Is(type, Known.ValueTaskOfT))
            return TypeShape.Unsupported("tasks are not data; await them first");
        if (InheritsFrom(type, Known.Type) || InheritsFrom(type, Known.MemberInfo)) return TypeShape.Unsupported("System.Type and reflection objects cannot be serialized");
        if (KnownSymbols.Is(type, Known.BigInteger)) return TypeShape.Unsupported("BigInteger has no exact JSON number form here; store it as a string property");

        if (KnownSymbols.Is(type, Known.ReadOnlyMemory) || KnownSymbols.Is(type, Known.Memory))
        {
            bool readOnly = KnownSymbols.Is(type, Known.ReadOnlyMemory);
            var element = type.TypeArguments[0];
            if (element.SpecialType == SpecialType.System_Byte) return Value(readOnly ? "ReadOnlyMemoryByteConverter" : "MemoryByteConverter");
            return new TypeShape
            {
                Kind = SupportKind.Collection,
                Element = element,
                Collection = new CollectionShape(CollectionFactory.Memory, null, null, readOnly ? "CreateReadOnlyMemoryInfo" : "CreateMemoryInfo"),
            };
        }

        if (Known.CollectionTypes.TryGetValue(type.OriginalDefinition, out var shape))
        {
            if (type.TypeArguments.Length == 2)
            {
                string? keyProblem = KeyProblem(type.TypeArguments[0]);
                if (keyProblem is not null) return TypeShape.Unsupported(keyProblem);
                return new TypeShape { Kind = SupportKind.Collection, Key = type.TypeArguments[0], Element = type.TypeArguments[1], Collection = shape };
            }
            return new TypeShape { Kind = SupportKind.Collection, Element = type.TypeArguments[0], Collection = shape };
        }
        if (Known.ValueTuples.Contains(type.OriginalDefinition))
        {
            var fields = type.GetMembers().OfType<IFieldSymbol>()
                .Where(f => !f.IsStatic && f.DeclaredAccessibility == Accessibility.Public && f.Name.StartsWith("Item", System.StringComparison.Ordinal))
                .OrderBy(f => f.Name, System.StringComparer.Ordinal)
                .ToImmutableArray();
            return new TypeShape { Kind = SupportKind.Tuple, TupleFields = fields };
        }
        if (Known.ReferenceTuples.Contains(type.OriginalDefinition))
            return TypeShape.Unsupported("System.Tuple has no settable members; use a record or a value tuple");
        if (KnownSymbols.Is(type, Known.IAsyncEnumerable)) return TypeShape.Unsupported("async streams are not data; collect them into a List<T> first");

        bool polymorphic = type.TypeKind is TypeKind.Class or TypeKind.Interface && HasAttribute(type, JsonDerivedTypeAttribute);
        if (polymorphic) return new TypeShape { Kind = SupportKind.Object, IsPolymorphic = true };

        bool enumerable = InheritsOrImplements(type, Known.NonGenericEnumerable);
        string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        bool framework = ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.", System.StringComparison.Ordinal);
        if (enumerable)
        {
            return TypeShape.Unsupported(framework
                ? $"collection type '{type.Name}' is not supported; use an array, List<T>, HashSet<T>, an immutable collection or Dictionary<TKey, TValue>"
                : $"'{type.Name}' is a collection (it implements IEnumerable), which System.Text.Json serializes as an array; use a List<T> member or a [JsonConverter]");
        }
        if (type.TypeKind == TypeKind.Interface || type.IsAbstract)
            return TypeShape.Unsupported((type.TypeKind == TypeKind.Interface ? "interface" : "abstract type") + $" '{type.Name}' needs [JsonDerivedType] attributes (or a concrete type)");
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic)
            return TypeShape.Unsupported("this type cannot be serialized");
        if (framework) return TypeShape.Unsupported($"framework type '{type.ToDisplayString()}' has no JSON metadata here; use a supported type or a [JsonConverter]");

        var ctor = SelectConstructor(type);
        if (ctor is null && !type.IsValueType)
            return TypeShape.Unsupported($"'{type.Name}' has no constructor System.Text.Json can use; add a public parameterless constructor or mark one [JsonConstructor]");
        if (ctor is not null && ctor.Parameters.Length > 0)
        {
            var names = new HashSet<string>(Properties(type).Select(p => p.Property.Name.ToUpperInvariant()));
            foreach (var prm in ctor.Parameters)
            {
                if (!names.Contains(prm.Name.ToUpperInvariant()))
                    return TypeShape.Unsupported($"constructor parameter '{prm.Name}' of '{type.Name}' matches no public property, so it cannot be read back");
            }
        }
        return new TypeShape { Kind = SupportKind.Object, Constructor = ctor };
    }

    private static string? KeyProblem(ITypeSymbol key)
    {
        if (key.TypeKind == TypeKind.Enum) return null;
        switch (key.SpecialType)
        {
            case SpecialType.System_String or SpecialType.System_Char or SpecialType.System_Boolean
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64:
                return null;
        }
        if (key.ToDisplayString() == "System.Guid") return null;
        return "dictionary keys must be string, an enum, an integer type, char, bool or Guid";
    }

    /// <summary>The public instance properties System.Text.Json serializes (most derived first), with their declaring type.</summary>
    public static IEnumerable<(IPropertySymbol Property, INamedTypeSymbol Owner)> Properties(INamedTypeSymbol type)
    {
        var names = new HashSet<string>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is not IPropertySymbol p || p.IsStatic || p.IsIndexer || p.DeclaredAccessibility != Accessibility.Public) continue;
                if (p.GetMethod is null || p.GetMethod.DeclaredAccessibility != Accessibility.Public) continue;
                if (!names.Add(p.Name)) continue; // overridden or hidden in a derived type
                if (IgnoreCondition(p.GetAttributes()) == "Always") continue;
                yield return (p, t);
            }
        }
    }

    /// <summary>The <c>[JsonIgnore]</c> condition name of a member, or null without the attribute.</summary>
    public static string? IgnoreCondition(IEnumerable<AttributeData> attrs)
    {
        var a = attrs.FirstOrDefault(x => Is(x, JsonIgnoreAttribute));
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

    /// <summary>
    /// The member's <c>[JsonNumberHandling]</c> (or its declaring type's) as flag names joined like <c>Enum.ToString</c>
    /// (<c>"AllowReadingFromString, WriteAsString"</c>), or null.
    /// </summary>
    public static string? NumberHandling(IPropertySymbol property, INamedTypeSymbol owner)
    {
        var a = property.GetAttributes().FirstOrDefault(x => Is(x, JsonNumberHandlingAttribute))
            ?? owner.GetAttributes().FirstOrDefault(x => Is(x, JsonNumberHandlingAttribute));
        if (a is null || a.ConstructorArguments.Length != 1 || a.ConstructorArguments[0].Value is not int flags) return null;
        var names = new List<string>();
        if ((flags & 1) != 0) names.Add("AllowReadingFromString");
        if ((flags & 2) != 0) names.Add("WriteAsString");
        if ((flags & 4) != 0) names.Add("AllowNamedFloatingPointLiterals");
        return names.Count == 0 ? "Strict" : string.Join(", ", names);
    }

    /// <summary>Constructor selection as System.Text.Json does it: [JsonConstructor], else public parameterless, else the only public one.</summary>
    public static IMethodSymbol? SelectConstructor(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.TypeKind == TypeKind.Interface) return null;
        var ctors = type.InstanceConstructors
            .Where(c => !(type.IsValueType && c.Parameters.Length == 0 && c.IsImplicitlyDeclared))
            .Where(c => !IsCopyConstructor(type, c))
            .ToList();
        var publicCtors = ctors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        return ctors.FirstOrDefault(c => c.GetAttributes().Any(a => Is(a, JsonConstructorAttribute)))
            ?? publicCtors.FirstOrDefault(c => c.Parameters.Length == 0)
            ?? (publicCtors.Count == 1 ? publicCtors[0] : null);
    }

    private static bool IsCopyConstructor(INamedTypeSymbol type, IMethodSymbol c) =>
        type.IsRecord && c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type.OriginalDefinition, type.OriginalDefinition);

    public static bool HasAttribute(ISymbol symbol, string fullName) => symbol.GetAttributes().Any(a => Is(a, fullName));

    public static bool Is(AttributeData a, string fullName) => a.AttributeClass?.ToDisplayString() == fullName;

    private static bool InheritsFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType)) return true;
        }
        return false;
    }

    private static bool InheritsOrImplements(INamedTypeSymbol type, INamedTypeSymbol? iface)
    {
        if (iface is null) return false;
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, iface)) return true;
        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, iface));
    }
}
