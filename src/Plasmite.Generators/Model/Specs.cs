// The equatable model the parser produces and the emitter consumes: strings, bools, enums and arrays only.
namespace Plasmite.Generators.Model;

/// <summary>How System.Text.Json metadata is created for a type.</summary>
internal enum JsonTypeKind
{
    /// <summary>A built-in converter from <c>JsonMetadataServices</c> (<see cref="JsonTypeSpec.Converter"/>).</summary>
    Value,
    Enum,
    Nullable,
    Object,
    Array,
    List,
    IList,
    ICollection,
    IEnumerable,
    Dictionary,
    IDictionary,
    IReadOnlyDictionary,
    /// <summary>A type System.Text.Json cannot handle here; the analyzer reports it.</summary>
    Unsupported,
    /// <summary>
    /// Any other collection: <c>JsonMetadataServices.{CollectionFactory}</c> with <see cref="JsonTypeSpec.Creator"/>
    /// or <see cref="JsonTypeSpec.RangeFactory"/> (sets, queues, stacks, immutable and read-only collections, memory, other dictionaries).
    /// </summary>
    Collection,
    /// <summary>A value tuple: an object of its public fields <c>item1</c>, <c>item2</c>, … (see docs/typed-messages.md).</summary>
    Tuple,
}

/// <summary>How a deserialization constructor is invoked.</summary>
internal enum CtorKind
{
    None,
    Parameterless,
    Parameterized,
    /// <summary>A struct without a usable constructor: <c>default(T)</c>.</summary>
    Default,
}

/// <summary>How a property is assigned during deserialization.</summary>
internal enum SetterKind
{
    None,
    Direct,
    /// <summary>Init-only (or required): assigned through an <c>UnsafeAccessor</c>.</summary>
    Accessor,
}

/// <summary>One type that needs JSON metadata.</summary>
/// <param name="FullName">Fully qualified (<c>global::</c>) name without nullable reference annotations.</param>
/// <param name="Id">Identifier-safe name used for generated members.</param>
/// <param name="KeyType">The key type of a dictionary (null: string).</param>
/// <param name="CollectionFactory">The <c>JsonMetadataServices</c> factory method of a <see cref="JsonTypeKind.Collection"/>.</param>
/// <param name="Creator">The collection's <c>ObjectCreator</c> expression, or null.</param>
/// <param name="RangeFactory">The create-range function of an immutable-style factory, or null.</param>
/// <param name="ExactNumber">
/// For decimal, ulong, Int128, UInt128, double, float and Half: the name of the exact-number rule (docs/design/typed-numbers.md)
/// whose runtime converter the JSON path uses; <see cref="Converter"/> still names System.Text.Json's converter.
/// </param>
internal sealed record JsonTypeSpec(
    string FullName,
    string Id,
    JsonTypeKind Kind,
    string? Converter,
    string? ElementType,
    string? CustomConverterType,
    bool IsValueType,
    bool EnumIsUnsigned,
    CtorKind CtorKind,
    bool UnsafeCtor,
    EquatableArray<ParamSpec> CtorParams,
    EquatableArray<PropertySpec> Properties,
    bool IsPolymorphic = false,
    string? KeyType = null,
    string? CollectionFactory = null,
    string? Creator = null,
    string? RangeFactory = null,
    string? ExactNumber = null);

/// <summary>One serialized property of an object type.</summary>
/// <param name="NumberHandling">
/// The member's effective <c>[JsonNumberHandling]</c> as <c>JsonNumberHandling</c> flag names joined by <c>", "</c>
/// (e.g. <c>"AllowReadingFromString, WriteAsString"</c>; <c>"Strict"</c> for none), or null without the attribute.
/// With <c>WriteAsString</c> the number is stored as a string (lossless).
/// </param>
/// <param name="IsField">A public field (value tuple elements), not a property.</param>
internal sealed record PropertySpec(
    string ClrName,
    string JsonName,
    string TypeFullName,
    string DeclaringType,
    bool IsReferenceType,
    bool IsNullableAnnotated,
    bool IsVirtual,
    SetterKind Setter,
    bool IsRequired,
    string? IgnoreCondition,
    string? CustomConverterType,
    string? NumberHandling = null,
    bool IsField = false);

/// <summary>One parameter of a deserialization constructor.</summary>
internal sealed record ParamSpec(
    string Name,
    string TypeFullName,
    int Position,
    bool HasDefaultValue,
    string DefaultValueExpression,
    bool IsNullable);

/// <summary>A containing type of a nested message type.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>One <c>[PlasmiteMessage]</c> type.</summary>
internal sealed record MessageSpec(
    string Pool,
    string Namespace,
    string Name,
    string FullName,
    string Keyword,
    bool IsPublic,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Kind,
    EquatableArray<string> Tags,
    string? UserJsonContext,
    EquatableArray<JsonTypeSpec> JsonTypes);

/// <summary>Everything emitted for one pool.</summary>
internal sealed record PoolSpec(
    string Pool,
    string Identifier,
    string Namespace,
    bool IsPublic,
    EquatableArray<MessageSpec> Messages,
    EquatableArray<JsonTypeSpec> JsonTypes);
