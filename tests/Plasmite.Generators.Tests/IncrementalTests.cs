// Proves the pipeline caches: unchanged inputs give Cached/Unchanged steps, and models hold no Roslyn objects.
using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Plasmite.Generators.Tests.Infrastructure;

namespace Plasmite.Generators.Tests;

[Trait("Category", "Unit")]
public sealed class IncrementalTests
{
    private static readonly string[] s_trackedSteps =
        { TrackingNames.Messages, TrackingNames.Collected, TrackingNames.Pools, TrackingNames.HasDependencyInjection, TrackingNames.InjectablePools };

    private static GeneratorRunResult RunTwice(CSharpCompilation first, Func<CSharpCompilation, CSharpCompilation> change)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        driver = driver.RunGenerators(change(first));
        return driver.GetRunResult().Results.Single();
    }

    [Fact]
    public void Second_run_on_a_cloned_compilation_is_fully_cached()
    {
        var compilation = GeneratorHarness.CreateCompilationWithDependencyInjection(Scenarios.Basic, Scenarios.Rich, Scenarios.Odd);
        var result = RunTwice(compilation, c => c.Clone());
        foreach (string step in s_trackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "step not tracked: " + step);
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var (_, reason) in run.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
                }
            }
        }
        foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs))
        {
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + reason);
        }
    }

    [Fact]
    public void Unrelated_edit_keeps_pools_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Scenarios.Basic, Scenarios.Rich);
        var result = RunTwice(compilation, c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other { public class Unrelated { public int X; } }", GeneratorHarness.ParseOptions)));
        foreach (var (_, reason) in result.TrackedSteps[TrackingNames.Pools].SelectMany(r => r.Outputs))
        {
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "pools: " + reason);
        }
    }

    [Fact]
    public void Editing_one_message_regenerates_only_its_pool()
    {
        var compilation = GeneratorHarness.CreateCompilation(Scenarios.Basic, Scenarios.Rich);
        var basicTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Input0.cs");
        var edited = CSharpSyntaxTree.ParseText(Scenarios.Basic.Replace("string[] Hosts", "string[] Hosts, bool Canary"), GeneratorHarness.ParseOptions, "Input0.cs");
        var result = RunTwice(compilation, c => c.ReplaceSyntaxTree(basicTree, edited));
        var reasons = result.TrackedSteps[TrackingNames.Pools].SelectMany(r => r.Outputs)
            .Select(o => (((dynamic)o.Value).Pool as string, o.Reason)).ToList();
        Assert.Contains(("events", IncrementalStepRunReason.Modified), reasons);
        Assert.Contains(("orders", IncrementalStepRunReason.Unchanged), reasons);
    }

    [Fact]
    public void Models_hold_no_symbols_compilations_or_syntax()
    {
        var compilation = GeneratorHarness.CreateCompilationWithDependencyInjection(Scenarios.Basic, Scenarios.Rich, Scenarios.Odd);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        int visited = 0;
        foreach (string step in s_trackedSteps)
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(r => r.Outputs))
            {
                Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step, ref visited);
            }
        }
        Assert.True(visited > 50, "the walk visited too little: " + visited);
    }

    private static void Walk(object? value, HashSet<object> seen, string path, ref int visited)
    {
        if (value is null) return;
        var type = value.GetType();
        Assert.False(value is ISymbol or Compilation or SyntaxNode or SemanticModel or SyntaxTree or Location or Diagnostic,
            $"{path} holds a {type.FullName}");
        if (type.IsPrimitive || value is string || type.IsEnum) return;
        if (!type.IsValueType && !seen.Add(value)) return;
        visited++;
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (var item in sequence) Walk(item, seen, $"{path}[{i++}]", ref visited);
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), seen, path + "." + field.Name, ref visited);
        }
    }
}
