// Code fix for PLSM009: marks a decimal member [JsonNumberHandling(WriteAsString | AllowReadingFromString)] so it is stored losslessly.
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Plasmite.Analyzers.Diagnostics;

namespace Plasmite.Analyzers.CodeFixes;

/// <summary>Adds the string-storage number handling to a decimal property or positional record parameter.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StoreDecimalAsStringCodeFix)), Shared]
public sealed class StoreDecimalAsStringCodeFix : CodeFixProvider
{
    private const string Title = "Store the decimal as a string (lossless)";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.DecimalStoredAsNumber.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf()
                .FirstOrDefault(n => n is PropertyDeclarationSyntax or ParameterSyntax);
            if (node is null) continue;
            context.RegisterCodeFix(CodeAction.Create(Title, ct => FixAsync(context.Document, node, ct), nameof(StoreDecimalAsStringCodeFix)), diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, SyntaxNode member, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var attribute = SyntaxFactory.ParseAttributeArgumentList(
                "(global::System.Text.Json.Serialization.JsonNumberHandling.WriteAsString | global::System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString)");
        var attr = SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::System.Text.Json.Serialization.JsonNumberHandling"), attribute)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        SyntaxNode replacement;
        if (member is ParameterSyntax parameter)
        {
            var list = SyntaxFactory.AttributeList(SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.PropertyKeyword)), SyntaxFactory.SingletonSeparatedList(attr))
                .WithTrailingTrivia(SyntaxFactory.Space);
            replacement = parameter.WithAttributeLists(parameter.AttributeLists.Add(list));
        }
        else
        {
            // SyntaxGenerator keeps the property's indentation and puts the attribute on its own line.
            var generator = SyntaxGenerator.GetGenerator(document);
            replacement = generator.AddAttributes(member, SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attr)));
        }
        var updated = document.WithSyntaxRoot(root.ReplaceNode(member, replacement));
        // Names reduce to JsonNumberHandling where System.Text.Json.Serialization is imported, else stay qualified.
        return await Simplifier.ReduceAsync(updated, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
