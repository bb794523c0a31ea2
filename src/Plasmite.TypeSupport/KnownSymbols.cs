// The framework types the type-support classifier recognises, looked up once per compilation (linked into the generator and the analyzers).
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Plasmite.TypeSupport;

/// <summary>Well-known symbols, compared with <see cref="SymbolEqualityComparer.Default"/>; a type missing from the compilation is null.</summary>
internal sealed class KnownSymbols
{
    private readonly Dictionary<INamedTypeSymbol, string> _names = new(SymbolEqualityComparer.Default);

    public KnownSymbols(Compilation compilation)
    {
        INamedTypeSymbol? Get(string metadataName)
        {
            var s = compilation.GetTypeByMetadataName(metadataName);
            if (s is not null) _names[s] = metadataName;
            return s;
        }

        Stream = Get("System.IO.Stream");
        Task = Get("System.Threading.Tasks.Task");
        ValueTask = Get("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = Get("System.Threading.Tasks.ValueTask`1");
        Type = Get("System.Type");
        MemberInfo = Get("System.Reflection.MemberInfo");
        Delegate = Get("System.Delegate");
        NonGenericEnumerable = Get("System.Collections.IEnumerable");
        IAsyncEnumerable = Get("System.Collections.Generic.IAsyncEnumerable`1");
        BigInteger = Get("System.Numerics.BigInteger");

        // Value types with a System.Text.Json converter (JsonMetadataServices.{name}).
        foreach (var (metadataName, converter) in new[]
        {
            ("System.DateTimeOffset", "DateTimeOffsetConverter"), ("System.Guid", "GuidConverter"), ("System.TimeSpan", "TimeSpanConverter"),
            ("System.Uri", "UriConverter"), ("System.Version", "VersionConverter"), ("System.DateOnly", "DateOnlyConverter"),
            ("System.TimeOnly", "TimeOnlyConverter"), ("System.Half", "HalfConverter"), ("System.Int128", "Int128Converter"),
            ("System.UInt128", "UInt128Converter"), ("System.Text.Json.JsonElement", "JsonElementConverter"),
            ("System.Text.Json.JsonDocument", "JsonDocumentConverter"), ("System.Text.Json.Nodes.JsonNode", "JsonNodeConverter"),
            ("System.Text.Json.Nodes.JsonObject", "JsonObjectConverter"), ("System.Text.Json.Nodes.JsonArray", "JsonArrayConverter"),
            ("System.Text.Json.Nodes.JsonValue", "JsonValueConverter"),
        })
        {
            var s = Get(metadataName);
            if (s is not null) ValueConverters[s] = converter;
        }
        ReadOnlyMemory = Get("System.ReadOnlyMemory`1");
        Memory = Get("System.Memory`1");

        foreach (var (metadataName, collection) in Collections())
        {
            var s = Get(metadataName);
            if (s is not null) CollectionTypes[s] = collection;
        }
        for (int n = 1; n <= 7; n++)
        {
            var s = Get("System.ValueTuple`" + n);
            if (s is not null) ValueTuples.Add(s);
            var r = Get("System.Tuple`" + n);
            if (r is not null) ReferenceTuples.Add(r);
        }
    }

    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? Type { get; }
    public INamedTypeSymbol? MemberInfo { get; }
    public INamedTypeSymbol? Delegate { get; }
    public INamedTypeSymbol? NonGenericEnumerable { get; }
    public INamedTypeSymbol? IAsyncEnumerable { get; }
    public INamedTypeSymbol? BigInteger { get; }
    public INamedTypeSymbol? ReadOnlyMemory { get; }
    public INamedTypeSymbol? Memory { get; }

    /// <summary>Non-special value types and their converter property on <c>JsonMetadataServices</c>.</summary>
    public Dictionary<INamedTypeSymbol, string> ValueConverters { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Generic collection definitions (original definitions) and how their metadata is created.</summary>
    public Dictionary<INamedTypeSymbol, CollectionShape> CollectionTypes { get; } = new(SymbolEqualityComparer.Default);

    /// <summary><c>ValueTuple`1</c> … <c>ValueTuple`7</c>.</summary>
    public HashSet<INamedTypeSymbol> ValueTuples { get; } = new(SymbolEqualityComparer.Default);

    /// <summary><c>Tuple`1</c> … <c>Tuple`7</c>.</summary>
    public HashSet<INamedTypeSymbol> ReferenceTuples { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>True when <paramref name="type"/>'s original definition is the known type <paramref name="known"/>.</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    private const string Gen = "System.Collections.Generic.";
    private const string Imm = "System.Collections.Immutable.";
    private const string Conc = "System.Collections.Concurrent.";
    private const string ObjModel = "System.Collections.ObjectModel.";

    // How each collection is created. {T} is the collection type, {E} the element, {K}/{V} key and value (all global::-qualified).
    // "Range" factories go through CreateImmutableEnumerableInfo/CreateImmutableDictionaryInfo with a create-range function,
    // which also serves read-only and order-sensitive collections System.Text.Json has no dedicated factory for.
    private static IEnumerable<(string, CollectionShape)> Collections()
    {
        yield return (Gen + "List`1", new CollectionShape(CollectionFactory.List, "static () => new {T}()", null));
        yield return (Gen + "IList`1", new CollectionShape(CollectionFactory.IList, null, null));
        yield return (Gen + "ICollection`1", new CollectionShape(CollectionFactory.ICollection, null, null));
        yield return (Gen + "IEnumerable`1", new CollectionShape(CollectionFactory.IEnumerable, null, null));
        yield return (Gen + "IReadOnlyList`1", new CollectionShape(CollectionFactory.IEnumerable, null, null));
        yield return (Gen + "IReadOnlyCollection`1", new CollectionShape(CollectionFactory.IEnumerable, null, null));
        yield return (Gen + "ISet`1", new CollectionShape(CollectionFactory.Generic, null, null, "CreateISetInfo"));
        yield return (Gen + "IReadOnlySet`1", new CollectionShape(CollectionFactory.Generic, null, "static items => new global::System.Collections.Generic.HashSet<{E}>(items)", "CreateImmutableEnumerableInfo"));
        yield return (Gen + "HashSet`1", new CollectionShape(CollectionFactory.Generic, "static () => new {T}()", null, "CreateISetInfo"));
        yield return (Gen + "SortedSet`1", new CollectionShape(CollectionFactory.Generic, "static () => new {T}()", null, "CreateISetInfo"));
        yield return (Gen + "LinkedList`1", new CollectionShape(CollectionFactory.Generic, "static () => new {T}()", null, "CreateICollectionInfo"));
        yield return (Gen + "Queue`1", new CollectionShape(CollectionFactory.Generic, "static () => new {T}()", null, "CreateQueueInfo"));
        // Stacks serialize top first; reading pushes in reverse so the stack comes back equal (System.Text.Json's default reverses it).
        yield return (Gen + "Stack`1", new CollectionShape(CollectionFactory.Generic, null, "static items => new {T}(global::System.Linq.Enumerable.Reverse(global::System.Linq.Enumerable.ToArray(items)))", "CreateImmutableEnumerableInfo"));
        yield return (Conc + "ConcurrentQueue`1", new CollectionShape(CollectionFactory.Generic, "static () => new {T}()", null, "CreateConcurrentQueueInfo"));
        yield return (Conc + "ConcurrentStack`1", new CollectionShape(CollectionFactory.Generic, null, "static items => new {T}(global::System.Linq.Enumerable.Reverse(global::System.Linq.Enumerable.ToArray(items)))", "CreateImmutableEnumerableInfo"));
        yield return (ObjModel + "Collection`1", new CollectionShape(CollectionFactory.Generic, "static () => new {T}()", null, "CreateICollectionInfo"));
        yield return (ObjModel + "ObservableCollection`1", new CollectionShape(CollectionFactory.Generic, "static () => new {T}()", null, "CreateICollectionInfo"));
        yield return (ObjModel + "ReadOnlyCollection`1", new CollectionShape(CollectionFactory.Generic, null, "static items => new {T}(global::System.Linq.Enumerable.ToList(items))", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "ImmutableArray`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableArray.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "ImmutableList`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableList.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "IImmutableList`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableList.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "ImmutableHashSet`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableHashSet.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "IImmutableSet`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableHashSet.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "ImmutableSortedSet`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableSortedSet.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "ImmutableQueue`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableQueue.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "IImmutableQueue`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableQueue.CreateRange(items)", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "ImmutableStack`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableStack.CreateRange(global::System.Linq.Enumerable.Reverse(global::System.Linq.Enumerable.ToArray(items)))", "CreateImmutableEnumerableInfo"));
        yield return (Imm + "IImmutableStack`1", new CollectionShape(CollectionFactory.Generic, null, "static items => global::System.Collections.Immutable.ImmutableStack.CreateRange(global::System.Linq.Enumerable.Reverse(global::System.Linq.Enumerable.ToArray(items)))", "CreateImmutableEnumerableInfo"));

        yield return (Gen + "Dictionary`2", new CollectionShape(CollectionFactory.Dictionary, "static () => new {T}()", null));
        yield return (Gen + "IDictionary`2", new CollectionShape(CollectionFactory.IDictionary, null, null));
        yield return (Gen + "IReadOnlyDictionary`2", new CollectionShape(CollectionFactory.IReadOnlyDictionary, null, null));
        yield return (Gen + "SortedDictionary`2", new CollectionShape(CollectionFactory.GenericDictionary, "static () => new {T}()", null, "CreateIDictionaryInfo"));
        yield return (Gen + "SortedList`2", new CollectionShape(CollectionFactory.GenericDictionary, "static () => new {T}()", null, "CreateIDictionaryInfo"));
        yield return (Conc + "ConcurrentDictionary`2", new CollectionShape(CollectionFactory.GenericDictionary, "static () => new {T}()", null, "CreateIDictionaryInfo"));
        yield return (ObjModel + "ReadOnlyDictionary`2", new CollectionShape(CollectionFactory.GenericDictionary, null, "static items => new {T}(new global::System.Collections.Generic.Dictionary<{K}, {V}>(items))", "CreateImmutableDictionaryInfo"));
        yield return (Imm + "ImmutableDictionary`2", new CollectionShape(CollectionFactory.GenericDictionary, null, "static items => global::System.Collections.Immutable.ImmutableDictionary.CreateRange(items)", "CreateImmutableDictionaryInfo"));
        yield return (Imm + "IImmutableDictionary`2", new CollectionShape(CollectionFactory.GenericDictionary, null, "static items => global::System.Collections.Immutable.ImmutableDictionary.CreateRange(items)", "CreateImmutableDictionaryInfo"));
        yield return (Imm + "ImmutableSortedDictionary`2", new CollectionShape(CollectionFactory.GenericDictionary, null, "static items => global::System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(items)", "CreateImmutableDictionaryInfo"));
    }
}

/// <summary>How metadata for one generic collection definition is created.</summary>
/// <param name="Factory">The kind of <c>JsonMetadataServices</c> factory.</param>
/// <param name="Creator">The <c>ObjectCreator</c> expression template, or null.</param>
/// <param name="Range">The create-range function template for the immutable factories, or null.</param>
/// <param name="Method">The factory method for <see cref="CollectionFactory.Generic"/>/<see cref="CollectionFactory.GenericDictionary"/>.</param>
internal sealed record CollectionShape(CollectionFactory Factory, string? Creator, string? Range, string? Method = null);

/// <summary>The collection factories; the first seven are the model's historical kinds.</summary>
internal enum CollectionFactory
{
    List,
    IList,
    ICollection,
    IEnumerable,
    Dictionary,
    IDictionary,
    IReadOnlyDictionary,
    /// <summary><c>JsonMetadataServices.{Method}&lt;TCollection, TElement&gt;</c>.</summary>
    Generic,
    /// <summary><c>JsonMetadataServices.{Method}&lt;TCollection, TKey, TValue&gt;</c>.</summary>
    GenericDictionary,
    /// <summary><c>JsonMetadataServices.{Method}&lt;TElement&gt;</c> (<c>Memory&lt;T&gt;</c>, <c>ReadOnlyMemory&lt;T&gt;</c>).</summary>
    Memory,
}
