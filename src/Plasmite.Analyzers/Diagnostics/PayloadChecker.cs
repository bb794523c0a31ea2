// Finds why a payload member type cannot be serialized (PLSM001) by walking it with the shared TypeClassifier.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Plasmite.TypeSupport;

namespace Plasmite.Analyzers.Diagnostics;

/// <summary>Finds the first reason a type cannot be serialized, or null; the rules themselves live in <see cref="TypeClassifier"/>.</summary>
internal sealed class PayloadChecker
{
    private readonly TypeClassifier _classifier;
    private readonly HashSet<ITypeSymbol> _visiting = new(SymbolEqualityComparer.Default);

    public PayloadChecker(TypeClassifier classifier) => _classifier = classifier;

    /// <summary>The public instance properties System.Text.Json serializes (most derived first), with their declaring type.</summary>
    public static IEnumerable<(IPropertySymbol Property, INamedTypeSymbol Owner)> Properties(INamedTypeSymbol type) => TypeClassifier.Properties(type);

    public static bool HasCustomConverter(ISymbol symbol) => TypeClassifier.HasAttribute(symbol, TypeClassifier.JsonConverterAttribute);

    public string? Problem(ITypeSymbol type)
    {
        var shape = _classifier.Classify(type);
        switch (shape.Kind)
        {
            case SupportKind.Unsupported:
                return shape.Problem;
            case SupportKind.Nullable:
            case SupportKind.Array:
                return Problem(shape.Element!);
            case SupportKind.Collection:
                return (shape.Key is null ? null : Problem(shape.Key)) ?? Problem(shape.Element!);
            case SupportKind.Tuple:
                foreach (var f in shape.TupleFields)
                {
                    string? inner = Problem(f.Type);
                    if (inner is not null) return $"{f.Name}: {inner}";
                }
                return null;
            case SupportKind.Object:
                return ObjectProblem((INamedTypeSymbol)type, shape.IsPolymorphic);
            default:
                return null;
        }
    }

    private string? ObjectProblem(INamedTypeSymbol type, bool polymorphic)
    {
        if (!_visiting.Add(type)) return null;
        foreach (var (p, _) in Properties(type))
        {
            if (HasCustomConverter(p)) continue;
            string? inner = Problem(p.Type);
            if (inner is not null) return $"{type.Name}.{p.Name}: {inner}";
        }
        if (polymorphic)
        {
            foreach (var a in type.GetAttributes().Where(a => TypeClassifier.Is(a, TypeClassifier.JsonDerivedTypeAttribute)))
            {
                if (a.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol derived)
                {
                    string? inner = Problem(derived);
                    if (inner is not null) return inner;
                }
            }
        }
        return null;
    }
}
