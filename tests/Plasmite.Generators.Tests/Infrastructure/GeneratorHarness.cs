// Builds test compilations (net10.0 reference assemblies + the real Plasmite.Runtime assembly) and runs the generator.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Plasmite.Generators;

namespace Plasmite.Generators.Tests.Infrastructure;

internal static class GeneratorHarness
{
    /// <summary>The runtime the generated code is compiled against: the same assembly users reference.</summary>
    public static readonly MetadataReference Runtime = MetadataReference.CreateFromFile(typeof(PlasmitePool).Assembly.Location);

    /// <summary>Microsoft.Extensions.DependencyInjection.Abstractions, for the generated <c>Add{Pool}Pool()</c> extensions.</summary>
    public static readonly MetadataReference DependencyInjection =
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location);

    /// <summary>net10.0 reference assemblies plus the runtime.</summary>
    public static readonly ImmutableArray<MetadataReference> References = [.. Basic.Reference.Assemblies.Net100.References.All, Runtime];

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private const string GlobalUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.Linq;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(globalUsings: true, sources);

    /// <summary>As <see cref="CreateCompilation(string[])"/>, also referencing the DI abstractions.</summary>
    public static CSharpCompilation CreateCompilationWithDependencyInjection(params string[] sources) =>
        CreateCompilation(sources).AddReferences(DependencyInjection);

    public static CSharpCompilation CreateCompilation(bool globalUsings, params string[] sources)
    {
        var trees = new List<SyntaxTree>();
        if (globalUsings) trees.Add(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, "GlobalUsings.cs"));
        for (int i = 0; i < sources.Length; i++) trees.Add(CSharpSyntaxTree.ParseText(sources[i], ParseOptions, $"Input{i}.cs"));
        return CSharpCompilation.Create(
            "GeneratorTestInput",
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                warningLevel: 9999,
                generalDiagnosticOption: ReportDiagnostic.Default));
    }

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new PlasmiteMessageGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public sealed record Result(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<(string Hint, string Text)> Sources);

    public static Result Run(CSharpCompilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var run = driver.GetRunResult();
        var sources = run.Results.SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToImmutableArray();
        return new Result(driver, output, diagnostics, sources);
    }

    /// <summary>Every warning or error of the compilation after generation (the input must compile cleanly too).</summary>
    public static ImmutableArray<Diagnostic> Problems(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    public static string Format(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));
}
