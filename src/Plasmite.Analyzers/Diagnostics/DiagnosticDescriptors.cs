// Every PLSM diagnostic in one place (ids are stable; see AnalyzerReleases.Unshipped.md).
using Microsoft.CodeAnalysis;

namespace Plasmite.Analyzers.Diagnostics;

/// <summary>The diagnostics reported for <c>[PlasmiteMessage]</c> types.</summary>
public static class DiagnosticDescriptors
{
    private const string Category = "Plasmite.TypedMessages";
    /// <summary>The stable documentation page; each id has a section (<c>#plsm001</c>, …).</summary>
    public const string HelpBase = "https://github.com/plasmite-dotnet/plasmite/blob/main/docs/diagnostics.md";

    private static string Help(string id) => HelpBase + "#" + id.ToLowerInvariant();

    /// <summary>PLSM001: a payload member's type cannot be serialized.</summary>
    public static readonly DiagnosticDescriptor NonSerializableMember = new(
        "PLSM001",
        "Payload member cannot be serialized",
        "Member '{0}' of message type '{1}' cannot be serialized: {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Every public property of a message type (and of the types it contains) must have a JSON shape: no delegates, pointers, object/dynamic, interfaces or abstract types without [JsonDerivedType], ref structs, streams, tasks, System.Type, multi-dimensional arrays, non-string dictionary keys or open generics.",
        helpLinkUri: Help("PLSM001"));

    /// <summary>PLSM002: the message type (or a containing type) is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = new(
        "PLSM002",
        "Message type must be partial",
        "Message type '{0}' must be declared partial{1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The generator adds the PlasmiteKind constant to the message type, so the type and every type containing it must be partial.",
        helpLinkUri: Help("PLSM002"));

    /// <summary>PLSM003: the pool name is invalid.</summary>
    public static readonly DiagnosticDescriptor InvalidPoolName = new(
        "PLSM003",
        "Invalid pool name",
        "'{0}' is not a valid pool name: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A pool name must not be empty, must not contain '/' or '\\' (it is a name, not a path) and must not contain '://' (remote refs are opened through a remote client).",
        helpLinkUri: Help("PLSM003"));

    /// <summary>PLSM004: two message types of one pool share a kind.</summary>
    public static readonly DiagnosticDescriptor DuplicateKind = new(
        "PLSM004",
        "Duplicate message kind in pool",
        "Kind '{0}' of '{1}' is already used by '{2}' in pool '{3}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The kind (the first tag) tells message types of a pool apart, so it must be unique within the pool.",
        helpLinkUri: Help("PLSM004"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>PLSM005: an empty, whitespace or duplicate tag (or kind).</summary>
    public static readonly DiagnosticDescriptor InvalidTag = new(
        "PLSM005",
        "Invalid tag",
        "Message type '{0}': {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Tags and kinds are matched exactly; empty or whitespace-only tags cannot be filtered on, and duplicates are redundant.",
        helpLinkUri: Help("PLSM005"));

    /// <summary>PLSM006: the attribute is on a declaration the generator does not support.</summary>
    public static readonly DiagnosticDescriptor UnsupportedDeclaration = new(
        "PLSM006",
        "Unsupported message type declaration",
        "[PlasmiteMessage] cannot be applied to '{0}': {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Message types must be concrete, non-generic, not nested in a generic type and not ref structs.",
        helpLinkUri: Help("PLSM006"));

    /// <summary>PLSM007: JsonContext is not a JsonSerializerContext.</summary>
    public static readonly DiagnosticDescriptor InvalidJsonContext = new(
        "PLSM007",
        "JsonContext must be a JsonSerializerContext",
        "JsonContext '{0}' of '{1}' must derive from System.Text.Json.Serialization.JsonSerializerContext and have a static 'Default' property",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        helpLinkUri: Help("PLSM007"));

    /// <summary>PLSM008: two message types of one pool share a simple name.</summary>
    public static readonly DiagnosticDescriptor DuplicateTypeName = new(
        "PLSM008",
        "Duplicate message type name in pool",
        "Message type '{0}' has the same name as '{1}' in pool '{2}'; the generated AppendX/GetX/TailX methods would clash",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Generated member names come from the type name, so message type names must be unique within a pool.",
        helpLinkUri: Help("PLSM008"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>PLSM009: a decimal member is stored as a JSON number (values a double cannot carry are refused at append time).</summary>
    public static readonly DiagnosticDescriptor DecimalStoredAsNumber = new(
        "PLSM009",
        "Decimal member is stored as a number",
        "Decimal member '{0}' of '{1}' is stored as a JSON number, which drops trailing zeros and refuses at append time values a double cannot carry exactly; store it as a string to keep every value",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Pools store numbers as i64 or f64. A decimal that does not read back equal from its stored number is refused (PlasmiteException Usage). [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] stores the exact text.",
        helpLinkUri: Help("PLSM009"));
}
