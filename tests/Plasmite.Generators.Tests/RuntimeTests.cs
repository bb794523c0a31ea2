// Compiles the scenarios + generated code + SDK stubs + a probe program, loads it and runs the probe.
// The one test left on stubs: the probe observes the Lite3 writer's calls as tokens, which the real runtime does not
// expose; every other generator test compiles against the real Plasmite.Runtime assembly (GeneratorHarness.References).
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Plasmite.Generators.Tests.Infrastructure;

namespace Plasmite.Generators.Tests;

[Trait("Category", "Unit")]
public sealed class RuntimeTests
{
    private static readonly string ProbeSource = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Stubs", "Probe.cs.txt"));
    private static readonly string AttributeSource = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Stubs", "PlasmiteMessageAttribute.cs.txt"));
    private static readonly string StubSource = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Stubs", "SdkContractStubs.cs.txt"));

    private static CSharpCompilation StubCompilation(params string[] sources) =>
        GeneratorHarness.CreateCompilation(sources)
            .RemoveReferences(GeneratorHarness.Runtime)
            .AddSyntaxTrees(
                CSharpSyntaxTree.ParseText(AttributeSource, GeneratorHarness.ParseOptions, "PlasmiteMessageAttribute.cs"),
                CSharpSyntaxTree.ParseText(StubSource, GeneratorHarness.ParseOptions, "SdkContractStubs.cs"));

    [Fact]
    public void Generated_metadata_fast_path_and_handle_behave_like_the_json_path()
    {
        var result = GeneratorHarness.Run(StubCompilation(Scenarios.Basic, Scenarios.Rich, ProbeSource));
        var problems = GeneratorHarness.Problems(result.Output);
        Assert.True(problems.IsEmpty, GeneratorHarness.Format(problems));

        using var pe = new MemoryStream();
        var emit = result.Output.Emit(pe);
        Assert.True(emit.Success, GeneratorHarness.Format(emit.Diagnostics));

        var context = new AssemblyLoadContext("probe", isCollectible: true);
        try
        {
            pe.Position = 0;
            Assembly assembly = context.LoadFromStream(pe);
            var run = assembly.GetType("Probe")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            string failures = (string)run.Invoke(null, null)!;
            Assert.True(failures.Length == 0, failures);
        }
        finally
        {
            context.Unload();
        }
    }
}
