// The incremental generator: [PlasmiteMessage] types → per-type model → per-pool model → one file per pool.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Plasmite.Generators.Emit;
using Plasmite.Generators.Model;
using Plasmite.Generators.Parsing;

namespace Plasmite.Generators;

/// <summary>Generates typed pool handles, the pool-wide message union, JSON metadata and Lite3 writers.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class PlasmiteMessageGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var messages = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MessageParser.AttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => MessageParser.Parse(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.Messages);

        var pools = messages
            .Collect()
            .WithTrackingName(TrackingNames.Collected)
            .SelectMany(static (all, ct) => GroupByPool(all, ct))
            .WithTrackingName(TrackingNames.Pools);

        context.RegisterSourceOutput(pools, static (spc, pool) =>
            spc.AddSource(PoolEmitter.HintName(pool), SourceText.From(PoolEmitter.Emit(pool), System.Text.Encoding.UTF8)));

        // services.Add{Pool}Pool() only when the compilation references Microsoft.Extensions.DependencyInjection.Abstractions.
        var hasDependencyInjection = context.CompilationProvider
            .Select(static (c, _) => c.GetTypeByMetadataName(ServiceCollectionEmitter.ServiceCollectionMetadataName) is not null)
            .WithTrackingName(TrackingNames.HasDependencyInjection);
        var injectable = pools
            .Combine(hasDependencyInjection)
            .Where(static p => p.Right)
            .Select(static (p, _) => p.Left)
            .WithTrackingName(TrackingNames.InjectablePools);
        context.RegisterSourceOutput(injectable, static (spc, pool) =>
            spc.AddSource(ServiceCollectionEmitter.HintName(pool), SourceText.From(ServiceCollectionEmitter.Emit(pool), System.Text.Encoding.UTF8)));
    }

    /// <summary>Groups message models by pool name (ordinal), ordering types by full name so output is stable.</summary>
    internal static ImmutableArray<PoolSpec> GroupByPool(ImmutableArray<MessageSpec> all, CancellationToken ct)
    {
        var result = ImmutableArray.CreateBuilder<PoolSpec>();
        var usedIdentifiers = new HashSet<string>();
        foreach (var group in all.GroupBy(m => m.Pool, System.StringComparer.Ordinal).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var messages = group.OrderBy(m => m.FullName, System.StringComparer.Ordinal).ToList();
            // Duplicate kinds are reported by the analyzer; keep the first so the output still compiles.
            var kinds = new HashSet<string>();
            var names = new HashSet<string>();
            messages = messages.Where(m => kinds.Add(m.Kind) && names.Add(m.Name)).ToList();

            var types = new List<JsonTypeSpec>();
            var byName = new Dictionary<string, JsonTypeSpec>();
            foreach (var m in messages)
            {
                foreach (var t in m.JsonTypes)
                {
                    if (!byName.ContainsKey(t.FullName))
                    {
                        byName[t.FullName] = t;
                        types.Add(t);
                    }
                }
            }
            // Make member ids unique within the pool (same simple names in different namespaces).
            var ids = new HashSet<string>();
            for (int i = 0; i < types.Count; i++)
            {
                string id = types[i].Id;
                for (int n = 2; !ids.Add(id); n++) id = types[i].Id + n;
                if (id != types[i].Id) types[i] = types[i] with { Id = id };
            }

            string identifier = Naming.ToPascalIdentifier(group.Key);
            for (int n = 2; !usedIdentifiers.Add(identifier); n++) identifier = Naming.ToPascalIdentifier(group.Key) + n;

            result.Add(new PoolSpec(
                Pool: group.Key,
                Identifier: identifier,
                Namespace: messages[0].Namespace,
                IsPublic: messages.All(m => m.IsPublic),
                Messages: new EquatableArray<MessageSpec>(messages.Select(m => m with { JsonTypes = EquatableArray<JsonTypeSpec>.Empty }).ToArray()),
                JsonTypes: new EquatableArray<JsonTypeSpec>(types.ToArray())));
        }
        return result.ToImmutable();
    }
}
