// Analyzer and code-fix test setup that works offline: net10.0 reference assemblies from Basic.Reference.Assemblies plus the real runtime.
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Plasmite.Generators.Tests.Infrastructure;

internal static class AnalyzerHarness
{
    private static readonly ReferenceAssemblies s_references = new("net10.0");

    private const string Usings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.Text.Json.Serialization;
        global using global::Plasmite;
        """;

    public static async Task VerifyAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = s_references };
        Configure(test.TestState);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static async Task VerifyFixAsync<TAnalyzer, TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = s_references };
        Configure(test.TestState);
        Configure(test.FixedState);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    private static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        state.AdditionalReferences.Add(GeneratorHarness.Runtime);
        state.Sources.Add(("Usings.cs", Usings));
    }
}
