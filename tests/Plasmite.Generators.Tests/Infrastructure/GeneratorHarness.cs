// Builds test compilations (net10.0 reference assemblies + attribute + SDK stubs) and runs the generator.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Plasmite.Generators;

namespace Plasmite.Generators.Tests.Infrastructure;

internal static class GeneratorHarness
{
    public static readonly string AttributeSource = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Stubs", "PlasmiteMessageAttribute.cs.txt"));
    public static readonly string StubSource = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Stubs", "SdkContractStubs.cs.txt"));

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private const string GlobalUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.Linq;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(globalUsings: true, sources);

    public static CSharpCompilation CreateCompilation(bool globalUsings, params string[] sources)
    {
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(AttributeSource, ParseOptions, "PlasmiteMessageAttribute.cs"),
            CSharpSyntaxTree.ParseText(StubSource, ParseOptions, "SdkContractStubs.cs"),
        };
        if (globalUsings) trees.Add(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, "GlobalUsings.cs"));
        for (int i = 0; i < sources.Length; i++) trees.Add(CSharpSyntaxTree.ParseText(sources[i], ParseOptions, $"Input{i}.cs"));
        return CSharpCompilation.Create(
            "GeneratorTestInput",
            trees,
            Basic.Reference.Assemblies.Net100.References.All,
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
