// Reports PLSM001–PLSM009 for [PlasmiteMessage] types; the generator silently skips what is reported here.
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Plasmite.Generators;
using Plasmite.TypeSupport;

namespace Plasmite.Analyzers.Diagnostics;

/// <summary>Checks declarations, attribute arguments and payload shapes of message types.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PlasmiteMessageAnalyzer : DiagnosticAnalyzer
{
    private const string AttributeName = "Plasmite.PlasmiteMessageAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NonSerializableMember,
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.InvalidPoolName,
        DiagnosticDescriptors.DuplicateKind,
        DiagnosticDescriptors.InvalidTag,
        DiagnosticDescriptors.UnsupportedDeclaration,
        DiagnosticDescriptors.InvalidJsonContext,
        DiagnosticDescriptors.DuplicateTypeName,
        DiagnosticDescriptors.DecimalStoredAsNumber);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(AttributeName);
            if (attribute is null) return;
            var classifier = new TypeClassifier(start.Compilation);
            var kinds = new ConcurrentBag<(string Pool, string Kind, INamedTypeSymbol Type, Location Location)>();
            start.RegisterSymbolAction(c => AnalyzeType(c, attribute, classifier, kinds), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var group in kinds.GroupBy(k => (k.Pool, k.Type.Name)))
                {
                    var ordered = group.OrderBy(k => k.Type.ToDisplayString(), System.StringComparer.Ordinal).ToList();
                    for (int i = 1; i < ordered.Count; i++)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateTypeName, ordered[i].Location,
                            ordered[i].Type.ToDisplayString(), ordered[0].Type.ToDisplayString(), group.Key.Pool));
                    }
                }
                foreach (var group in kinds.GroupBy(k => (k.Pool, k.Kind)))
                {
                    var ordered = group.OrderBy(k => k.Type.ToDisplayString(), System.StringComparer.Ordinal).ToList();
                    for (int i = 1; i < ordered.Count; i++)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateKind, ordered[i].Location,
                            group.Key.Kind, ordered[i].Type.Name, ordered[0].Type.ToDisplayString(), group.Key.Pool));
                    }
                }
            });
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol attributeType, TypeClassifier classifier,
        ConcurrentBag<(string, string, INamedTypeSymbol, Location)> kinds)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        if (attribute is null) return;
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        Location attributeLocation = attributeSyntax?.GetLocation() ?? type.Locations.FirstOrDefault() ?? Location.None;
        Location typeLocation = type.Locations.FirstOrDefault() ?? Location.None;

        // PLSM006: unsupported declarations.
        string? unsupported =
            ContainingGeneric(type) ? "types nested in a generic type are not supported" :
            type.TypeParameters.Length > 0 ? "generic types are not supported" :
            type.IsRefLikeType ? "ref structs cannot be serialized" :
            type.IsStatic ? "static classes cannot be messages" :
            type.IsAbstract ? "abstract types cannot be instantiated" : null;
        if (unsupported is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedDeclaration, typeLocation, type.Name, unsupported));
            return;
        }

        // PLSM002: partial (the type and every containing type).
        bool selfPartial = IsPartial(type, context);
        var outerNonPartial = new List<string>();
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            if (!IsPartial(t, context)) outerNonPartial.Add(t.Name);
        }
        if (!selfPartial || outerNonPartial.Count > 0)
        {
            string containing = outerNonPartial.Count == 0 ? "" : " (its containing types must be partial too: " + string.Join(", ", outerNonPartial) + ")";
            var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, declaration?.Identifier.GetLocation() ?? typeLocation, type.Name, containing));
        }

        // PLSM003: pool name.
        string? pool = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        Location poolLocation = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? attributeLocation;
        string? poolProblem = Naming.PoolNameProblem(pool);
        if (poolProblem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidPoolName, poolLocation, pool ?? "null", poolProblem));
        }

        // PLSM005: kind and tags.
        string? kind = null;
        bool kindGiven = false;
        INamedTypeSymbol? jsonContext = null;
        var tags = new List<string?>();
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Kind") { kindGiven = true; kind = named.Value.Value as string; }
            else if (named.Key == "Tags" && !named.Value.IsNull) tags.AddRange(named.Value.Values.Select(v => v.Value as string));
            else if (named.Key == "JsonContext") jsonContext = named.Value.Value as INamedTypeSymbol;
        }
        Location NamedLocation(string name) =>
            attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation() ?? attributeLocation;
        if (kindGiven && string.IsNullOrWhiteSpace(kind))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidTag, NamedLocation("Kind"), type.Name, "Kind must not be empty or whitespace (omit it to use the default kind)"));
        }
        string effectiveKind = string.IsNullOrWhiteSpace(kind) ? Naming.ToKebabCase(type.Name) : kind!;
        var seen = new HashSet<string> { effectiveKind };
        foreach (var tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidTag, NamedLocation("Tags"), type.Name, "tags must not be null, empty or whitespace"));
            }
            else if (!seen.Add(tag!))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidTag, NamedLocation("Tags"), type.Name,
                    tag == effectiveKind ? $"tag '{tag}' repeats the kind (the kind is always stored as the first tag)" : $"tag '{tag}' is listed twice"));
            }
        }
        if (pool is not null && poolProblem is null) kinds.Add((pool, effectiveKind, type, attributeLocation));

        // PLSM007: a user JSON context.
        if (jsonContext is not null)
        {
            bool derives = false;
            for (var b = jsonContext.BaseType; b is not null; b = b.BaseType)
            {
                if (b.ToDisplayString() == "System.Text.Json.Serialization.JsonSerializerContext") derives = true;
            }
            bool hasDefault = jsonContext.GetMembers("Default").OfType<IPropertySymbol>().Any(p => p.IsStatic);
            if (!derives || !hasDefault)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidJsonContext, NamedLocation("JsonContext"), jsonContext.Name, type.Name));
            }
            return; // the user's context decides what it can serialize
        }

        // PLSM006 again: the message type itself must be an object System.Text.Json can create (constructor rules).
        var self = classifier.Classify(type);
        if (self.Kind == SupportKind.Unsupported)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedDeclaration, typeLocation, type.Name, self.Problem));
            return;
        }

        // PLSM001: payload shapes.
        var checker = new PayloadChecker(classifier);
        foreach (var (property, owner) in PayloadChecker.Properties(type))
        {
            if (PayloadChecker.HasCustomConverter(property)) continue;
            string? problem = checker.Problem(property.Type);
            if (problem is null) continue;
            Location location = SymbolEqualityComparer.Default.Equals(owner, type) ? property.Locations.FirstOrDefault() ?? typeLocation : typeLocation;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonSerializableMember, location, property.Name, type.Name, problem));
        }

        // PLSM009: decimal members stored as numbers (scale and digits beyond a double are refused at append time).
        ReportDecimals(context, classifier, type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));
    }

    private static void ReportDecimals(SymbolAnalysisContext context, TypeClassifier classifier, INamedTypeSymbol type, HashSet<ITypeSymbol> seen)
    {
        if (!seen.Add(type)) return;
        foreach (var (property, owner) in TypeClassifier.Properties(type))
        {
            if (PayloadChecker.HasCustomConverter(property)) continue;
            if (IsDecimal(property.Type))
            {
                string? handling = TypeClassifier.NumberHandling(property, owner);
                var location = property.Locations.FirstOrDefault();
                if ((handling is null || !handling.Contains("WriteAsString")) && location is not null && location.IsInSource)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DecimalStoredAsNumber, location, property.Name, owner.Name));
                }
                continue;
            }
            foreach (var nested in ObjectTypes(classifier, property.Type, 0))
            {
                if (nested.Locations.Any(l => l.IsInSource)) ReportDecimals(context, classifier, nested, seen);
            }
        }
    }

    private static bool IsDecimal(ITypeSymbol t) =>
        t.SpecialType == SpecialType.System_Decimal
        || (t is INamedTypeSymbol n && n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && n.TypeArguments[0].SpecialType == SpecialType.System_Decimal);

    /// <summary>The object types a member type leads to (through nullable, arrays and collections).</summary>
    private static IEnumerable<INamedTypeSymbol> ObjectTypes(TypeClassifier classifier, ITypeSymbol type, int depth)
    {
        if (depth > 8) yield break;
        var shape = classifier.Classify(type);
        if (shape.Kind == SupportKind.Object && type is INamedTypeSymbol named) yield return named;
        if (shape.Kind is SupportKind.Nullable or SupportKind.Array or SupportKind.Collection && shape.Element is not null)
        {
            foreach (var t in ObjectTypes(classifier, shape.Element, depth + 1)) yield return t;
        }
    }

    private static bool ContainingGeneric(INamedTypeSymbol type)
    {
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType) return true;
        }
        return false;
    }

    private static bool IsPartial(INamedTypeSymbol type, SymbolAnalysisContext context) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword));
}
