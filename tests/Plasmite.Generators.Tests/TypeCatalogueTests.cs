// The member-type catalogue: analyzer silent ⇔ generated metadata supports the type ⇔ a round trip through a real pool returns an equal value.
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Plasmite.Analyzers.Diagnostics;
using Plasmite.Generators.Model;
using Plasmite.Generators.Tests.Infrastructure;

namespace Plasmite.Generators.Tests;

/// <summary>One catalogue entry: a member type, a value of it, and whether it is meant to be supported.</summary>
public sealed record CatalogueEntry(string Type, string Value, bool Supported)
{
    public override string ToString() => Type;
}

/// <summary>Compiles the catalogue once (analyzer, generator, then the supported entries against the real runtime).</summary>
public sealed class TypeCatalogueFixture : IDisposable
{
    public static readonly CatalogueEntry[] Entries =
    [
        // Primitives and framework values.
        new("string", "\"héllo \\\"wörld\\\"\"", true),
        new("bool", "true", true),
        new("char", "'x'", true),
        new("sbyte", "sbyte.MinValue", true),
        new("byte", "byte.MaxValue", true),
        new("short", "short.MinValue", true),
        new("ushort", "ushort.MaxValue", true),
        new("int", "int.MinValue", true),
        new("uint", "uint.MaxValue", true),
        new("long", "long.MinValue", true),
        new("ulong", "(ulong)long.MaxValue", true),
        new("float", "0.1f", true),
        new("double", "0.1", true),
        new("decimal", "1.5m", true),
        new("System.Half", "(System.Half)1.5", true),
        new("System.Int128", "(System.Int128)(-1234567890123)", true),
        new("System.UInt128", "(System.UInt128)1234567890123", true),
        new("DateTime", "new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)", true),
        new("DateTimeOffset", "new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))", true),
        new("Guid", "new Guid(\"6f9619ff-8b86-d011-b42d-00c04fc964ff\")", true),
        new("TimeSpan", "TimeSpan.FromMilliseconds(1234.5)", true),
        new("DateOnly", "new DateOnly(2024, 2, 29)", true),
        new("TimeOnly", "new TimeOnly(23, 59, 58)", true),
        new("Uri", "new Uri(\"https://example.com/a?b=c\")", true),
        new("Version", "new Version(1, 2, 3)", true),
        new("Color", "Color.Green", true),
        new("byte[]", "new byte[] { 1, 2, 255 }", true),
        new("ReadOnlyMemory<byte>", "new ReadOnlyMemory<byte>(new byte[] { 9, 8 })", true),
        new("Memory<byte>", "new Memory<byte>(new byte[] { 7 })", true),
        new("ReadOnlyMemory<int>", "new ReadOnlyMemory<int>(new[] { 1, 2 })", true),
        // Nullable variants.
        new("int?", "5", true),
        new("long?", "null", true),
        new("Guid?", "Guid.Empty", true),
        new("Color?", "Color.Red", true),
        new("decimal?", "2.25m", true),
        new("(int, string)?", "(1, \"a\")", true),
        new("string?", "null", true),
        new("Inner?", "new Inner(1, \"x\")", true),
        // System.Text.Json DOM.
        new("System.Text.Json.JsonElement", "System.Text.Json.JsonDocument.Parse(\"{\\\"a\\\":[1,2.5,\\\"s\\\"]}\").RootElement.Clone()", true),
        new("System.Text.Json.JsonDocument", "System.Text.Json.JsonDocument.Parse(\"[true,null]\")", true),
        new("System.Text.Json.Nodes.JsonNode", "System.Text.Json.Nodes.JsonNode.Parse(\"{\\\"a\\\":{\\\"b\\\":1}}\")!", true),
        new("System.Text.Json.Nodes.JsonObject", "(System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(\"{\\\"x\\\":[1]}\")!", true),
        new("System.Text.Json.Nodes.JsonArray", "(System.Text.Json.Nodes.JsonArray)System.Text.Json.Nodes.JsonNode.Parse(\"[1,\\\"two\\\"]\")!", true),
        new("System.Text.Json.Nodes.JsonValue", "System.Text.Json.Nodes.JsonValue.Create(42)", true),
        // Arrays, lists and every generic collection interface.
        new("int[]", "new[] { 3, 1, 2 }", true),
        new("string[]", "new[] { \"b\", \"a\" }", true),
        new("List<int>", "new List<int> { 1, 2 }", true),
        new("IList<int>", "new List<int> { 1, 2 }", true),
        new("ICollection<int>", "new List<int> { 1, 2 }", true),
        new("IEnumerable<int>", "new[] { 1, 2 }", true),
        new("IReadOnlyList<int>", "new[] { 1, 2 }", true),
        new("IReadOnlyCollection<int>", "new[] { 1, 2 }", true),
        new("ISet<int>", "new HashSet<int> { 1, 2 }", true),
        new("IReadOnlySet<int>", "new HashSet<int> { 1, 2 }", true),
        new("IDictionary<string, int>", "new Dictionary<string, int> { [\"a\"] = 1 }", true),
        new("IReadOnlyDictionary<string, int>", "new Dictionary<string, int> { [\"a\"] = 1 }", true),
        // Concrete collections.
        new("HashSet<string>", "new HashSet<string> { \"x\", \"y\" }", true),
        new("SortedSet<int>", "new SortedSet<int> { 3, 1 }", true),
        new("LinkedList<int>", "new LinkedList<int>(new[] { 1, 2, 3 })", true),
        new("Queue<int>", "new Queue<int>(new[] { 1, 2, 3 })", true),
        new("Stack<int>", "new Stack<int>(new[] { 1, 2, 3 })", true),
        new("System.Collections.Concurrent.ConcurrentQueue<int>", "new System.Collections.Concurrent.ConcurrentQueue<int>(new[] { 1, 2 })", true),
        new("System.Collections.Concurrent.ConcurrentStack<int>", "new System.Collections.Concurrent.ConcurrentStack<int>(new[] { 1, 2, 3 })", true),
        new("System.Collections.ObjectModel.Collection<int>", "new System.Collections.ObjectModel.Collection<int> { 4, 5 }", true),
        new("System.Collections.ObjectModel.ObservableCollection<int>", "new System.Collections.ObjectModel.ObservableCollection<int> { 4, 5 }", true),
        new("System.Collections.ObjectModel.ReadOnlyCollection<int>", "new System.Collections.ObjectModel.ReadOnlyCollection<int>(new[] { 6, 7 })", true),
        new("ImmutableArray<int>", "ImmutableArray.Create(1, 2)", true),
        new("ImmutableList<int>", "ImmutableList.Create(1, 2)", true),
        new("IImmutableList<int>", "ImmutableList.Create(1, 2)", true),
        new("ImmutableHashSet<int>", "ImmutableHashSet.Create(1, 2)", true),
        new("IImmutableSet<int>", "ImmutableHashSet.Create(1, 2)", true),
        new("ImmutableSortedSet<int>", "ImmutableSortedSet.Create(2, 1)", true),
        new("ImmutableQueue<int>", "ImmutableQueue.Create(1, 2, 3)", true),
        new("IImmutableQueue<int>", "ImmutableQueue.Create(1, 2, 3)", true),
        new("ImmutableStack<int>", "ImmutableStack.Create(1, 2, 3)", true),
        new("IImmutableStack<int>", "ImmutableStack.Create(1, 2, 3)", true),
        // Dictionaries.
        new("Dictionary<string, int>", "new Dictionary<string, int> { [\"a\"] = 1, [\"b\"] = 2 }", true),
        new("SortedDictionary<string, int>", "new SortedDictionary<string, int> { [\"b\"] = 1, [\"a\"] = 2 }", true),
        new("SortedList<string, int>", "new SortedList<string, int> { [\"b\"] = 1 }", true),
        new("System.Collections.Concurrent.ConcurrentDictionary<string, int>", "new System.Collections.Concurrent.ConcurrentDictionary<string, int>(new Dictionary<string, int> { [\"k\"] = 3 })", true),
        new("System.Collections.ObjectModel.ReadOnlyDictionary<string, int>", "new System.Collections.ObjectModel.ReadOnlyDictionary<string, int>(new Dictionary<string, int> { [\"k\"] = 3 })", true),
        new("ImmutableDictionary<string, int>", "ImmutableDictionary<string, int>.Empty.Add(\"a\", 1)", true),
        new("IImmutableDictionary<string, int>", "ImmutableDictionary<string, int>.Empty.Add(\"a\", 1)", true),
        new("ImmutableSortedDictionary<string, int>", "ImmutableSortedDictionary<string, int>.Empty.Add(\"a\", 1)", true),
        new("Dictionary<Color, int>", "new Dictionary<Color, int> { [Color.Green] = 1, [Color.Red] = 2 }", true),
        new("Dictionary<int, string>", "new Dictionary<int, string> { [-1] = \"m\", [7] = \"s\" }", true),
        new("Dictionary<ulong, int>", "new Dictionary<ulong, int> { [ulong.MaxValue] = 1 }", true),
        new("Dictionary<Guid, bool>", "new Dictionary<Guid, bool> { [Guid.Empty] = true }", true),
        // Tuples and nested generics.
        new("(int, string)", "(1, \"one\")", true),
        new("(int Id, string Name, bool On)", "(2, \"two\", true)", true),
        new("ValueTuple<int>", "new ValueTuple<int>(5)", true),
        new("List<List<int>>", "new List<List<int>> { new() { 1 }, new() { 2, 3 } }", true),
        new("Dictionary<string, List<Inner>>", "new Dictionary<string, List<Inner>> { [\"k\"] = new() { new Inner(1, \"a\") } }", true),
        new("Inner[]", "new[] { new Inner(1, \"a\"), new Inner(2, \"b\") }", true),
        new("ImmutableArray<Inner>", "ImmutableArray.Create(new Inner(3, \"c\"))", true),
        new("HashSet<Color>", "new HashSet<Color> { Color.Red }", true),
        new("List<int?>", "new List<int?> { 1, null }", true),
        new("Dictionary<string, decimal[]>", "new Dictionary<string, decimal[]> { [\"p\"] = new[] { 1.25m } }", true),
        new("Shape", "new Circle(2.5)", true),
        new("Inner", "new Inner(9, \"z\")", true),
        // Not serializable: the analyzer reports PLSM001 and the generator routes to an unsupported converter.
        new("object", "", false),
        new("Action", "", false),
        new("IntPtr", "", false),
        new("Type", "", false),
        new("System.IO.Stream", "", false),
        new("System.Threading.Tasks.Task<int>", "", false),
        new("int[,]", "", false),
        new("System.Collections.ArrayList", "", false),
        new("System.Collections.IList", "", false),
        new("System.Collections.IEnumerable", "", false),
        new("System.Collections.Concurrent.ConcurrentBag<int>", "", false),
        new("Tuple<int, string>", "", false),
        new("System.Numerics.BigInteger", "", false),
        new("Dictionary<Inner, int>", "", false),
        new("Dictionary<double, int>", "", false),
        new("IAsyncEnumerable<int>", "", false),
        new("KeyValuePair<string, int>", "", false),
        new("List<object>", "", false),
        new("NoCtor", "", false),
        new("Bag", "", false),
    ];

    private const string Declarations = """
        using System.Collections.Immutable;
        using System.Text.Json.Serialization;
        namespace Catalogue;
        public enum Color { Red, Green }
        public sealed record Inner(int A, string B);
        [JsonDerivedType(typeof(Circle), "circle")]
        public abstract record Shape;
        public sealed record Circle(double R) : Shape;
        public sealed class NoCtor { public NoCtor(int a) { } public NoCtor(string b) { } public int A { get; set; } }
        public sealed class Bag : IEnumerable<int> { public IEnumerator<int> GetEnumerator() => null!; System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => null!; }
        """;

    public bool[] AnalyzerSilent { get; }
    public string[] AnalyzerMessages { get; }
    public bool[] GeneratorSupports { get; }
    public string? BuildFailure { get; }
    private readonly AssemblyLoadContext? _context;
    private readonly MethodInfo? _run;
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "plasmite-catalogue-" + Guid.NewGuid().ToString("N"));

    public TypeCatalogueFixture()
    {
        int n = Entries.Length;
        AnalyzerSilent = new bool[n];
        AnalyzerMessages = new string[n];
        GeneratorSupports = new bool[n];

        // 1. Every entry: analyzer diagnostics and the generator's model.
        var all = Compile(Records(Enumerable.Range(0, n)));
        var analyzerDiagnostics = all.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PlasmiteMessageAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        for (int i = 0; i < n; i++) { AnalyzerSilent[i] = true; AnalyzerMessages[i] = ""; }
        foreach (var d in analyzerDiagnostics)
        {
            if (d.Severity != DiagnosticSeverity.Error) continue;
            int i = Index(d);
            if (i < 0) continue;
            AnalyzerSilent[i] = false;
            AnalyzerMessages[i] += d.Id + ": " + d.GetMessage() + "\n";
        }
        var run = GeneratorHarness.CreateDriver().RunGenerators(all).GetRunResult();
        var pool = (PoolSpec)run.Results[0].TrackedSteps[TrackingNames.Pools].Single().Outputs.Single().Value;
        var types = pool.JsonTypes.ToDictionary(t => t.FullName);
        for (int i = 0; i < n; i++) GeneratorSupports[i] = Supported(types, "global::Catalogue.C" + i, new HashSet<string>());

        // 2. The entries the analyzer accepts, with a probe, against the real runtime.
        var accepted = Enumerable.Range(0, n).Where(i => AnalyzerSilent[i]).ToList();
        var compilation = Compile(Records(accepted) + Probe(accepted));
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        using var pe = new MemoryStream();
        var emit = output.Emit(pe);
        if (!emit.Success)
        {
            BuildFailure = GeneratorHarness.Format(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).ToImmutableArray());
            return;
        }
        pe.Position = 0;
        _context = new AssemblyLoadContext("catalogue", isCollectible: true);
        _run = _context.LoadFromStream(pe).GetType("Catalogue.Probe")!.GetMethod("Run")!;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Runs entry <paramref name="i"/>'s round trip; empty when the value came back equal.</summary>
    public string RoundTrip(int i) => (string)_run!.Invoke(null, new object[] { i, Directory })!;

    public void Dispose()
    {
        _context?.Unload();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private static int Index(Diagnostic d)
    {
        if (!d.Location.IsInSource || d.Location.SourceTree?.FilePath != "Records.cs") return -1;
        return d.Location.GetLineSpan().StartLinePosition.Line - 1;
    }

    private static bool Supported(Dictionary<string, JsonTypeSpec> types, string? fullName, HashSet<string> seen)
    {
        if (fullName is null || !seen.Add(fullName)) return true;
        if (!types.TryGetValue(fullName, out var t)) return false;
        if (t.Kind == JsonTypeKind.Unsupported) return false;
        return Supported(types, t.ElementType, seen) && Supported(types, t.KeyType, seen)
            && t.Properties.All(p => Supported(types, p.TypeFullName, seen));
    }

    // Line i + 1 of Records.cs declares entry i (diagnostics map back by line).
    private static string Records(IEnumerable<int> indexes)
    {
        var lines = new string[Entries.Length];
        for (int i = 0; i < lines.Length; i++) lines[i] = "";
        foreach (int i in indexes)
        {
            lines[i] = $"[Plasmite.PlasmiteMessage(\"catalogue\", Kind = \"c{i}\")] public partial record C{i}({Entries[i].Type} Value);";
        }
        return "using System.Collections.Immutable; namespace Catalogue;\n" + string.Join("\n", lines) + "\n";
    }

    private static string Probe(IEnumerable<int> indexes)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("""
            public static class Probe
            {
                public static string Run(int i, string dir)
                {
                    try
                    {
                        using var client = new global::Plasmite.PlasmiteClient(dir);
                        using var pool = client.Catalogue();
                        switch (i)
                        {

            """);
        foreach (int i in indexes)
        {
            sb.Append($"                case {i}: {{ {Entries[i].Type} v = {Entries[i].Value}; var m = pool.AppendC{i}(new C{i}(v)); var back = pool.GetC{i}(m.Seq);\n");
            sb.Append($"                    return back is null ? \"not read back\" : Equality.Same(v, back.Data.Value) ? \"\" : Equality.Describe(v, back.Data.Value); }}\n");
        }
        sb.Append("""
                            default: return "no case";
                        }
                    }
                    catch (global::System.Exception e)
                    {
                        return e.GetType().Name + ": " + e.Message;
                    }
                }
            }
            """);
        return sb.ToString();
    }

    private static CSharpCompilation Compile(string records)
    {
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(Declarations, GeneratorHarness.ParseOptions, "Declarations.cs"),
            CSharpSyntaxTree.ParseText("global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.Linq;\n", GeneratorHarness.ParseOptions, "Usings.cs"),
            CSharpSyntaxTree.ParseText(records, GeneratorHarness.ParseOptions, "Records.cs"),
            CSharpSyntaxTree.ParseText(EqualitySource, GeneratorHarness.ParseOptions, "Equality.cs"),
        };
        return CSharpCompilation.Create(
            "Catalogue",
            trees,
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Plasmite.PlasmiteClient).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    // Structural equality: sequences in order, sets and dictionaries regardless of order, JSON DOMs deeply, memory by content.
    private const string EqualitySource = """
        namespace Catalogue;
        public static class Equality
        {
            public static bool Same(object? a, object? b)
            {
                if (a is null || b is null) return a is null && b is null;
                if (a is System.Text.Json.Nodes.JsonNode na) return b is System.Text.Json.Nodes.JsonNode nb && System.Text.Json.Nodes.JsonNode.DeepEquals(na, nb);
                if (a is System.Text.Json.JsonElement ea) return b is System.Text.Json.JsonElement eb && System.Text.Json.JsonElement.DeepEquals(ea, eb);
                if (a is System.Text.Json.JsonDocument da) return b is System.Text.Json.JsonDocument db && System.Text.Json.JsonElement.DeepEquals(da.RootElement, db.RootElement);
                if (a is string) return a.Equals(b);
                var t = a.GetType();
                if (t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>) || t.GetGenericTypeDefinition() == typeof(Memory<>)))
                    return Same(t.GetMethod("ToArray")!.Invoke(a, null), b.GetType().GetMethod("ToArray")!.Invoke(b, null));
                if (a is System.Collections.IDictionary ma && b is System.Collections.IDictionary mb)
                {
                    if (ma.Count != mb.Count) return false;
                    foreach (System.Collections.DictionaryEntry e in ma) if (!mb.Contains(e.Key) || !Same(e.Value, mb[e.Key])) return false;
                    return true;
                }
                if (a is System.Collections.IEnumerable sa && b is System.Collections.IEnumerable sb)
                {
                    var la = sa.Cast<object?>().ToList();
                    var lb = sb.Cast<object?>().ToList();
                    if (la.Count != lb.Count) return false;
                    if (IsSet(t)) return la.All(x => lb.Any(y => Same(x, y)));
                    for (int i = 0; i < la.Count; i++) if (!Same(la[i], lb[i])) return false;
                    return true;
                }
                return a.Equals(b);
            }

            private static bool IsSet(Type t) => t.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ISet<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlySet<>)));

            public static string Describe(object? a, object? b) => "sent " + Text(a) + ", got " + Text(b);

            private static string Text(object? v) => v switch
            {
                null => "null",
                string s => s,
                System.Collections.IEnumerable e => (v.GetType().Name) + "[" + string.Join(", ", e.Cast<object?>().Select(Text)) + "]",
                _ => v.GetType().Name + ":" + v,
            };
        }
        """;
}

/// <summary>The catalogue assertions, one case per member type.</summary>
[Trait("Category", "Unit")]
public sealed class TypeCatalogueTests : IClassFixture<TypeCatalogueFixture>
{
    private readonly TypeCatalogueFixture _fixture;

    public TypeCatalogueTests(TypeCatalogueFixture fixture) => _fixture = fixture;

    public static IEnumerable<object[]> Cases() => TypeCatalogueFixture.Entries.Select((e, i) => new object[] { i, e });

    [Fact]
    public void The_catalogue_covers_at_least_sixty_member_types()
    {
        Assert.True(TypeCatalogueFixture.Entries.Length >= 60);
        Assert.Equal(TypeCatalogueFixture.Entries.Length, TypeCatalogueFixture.Entries.Select(e => e.Type).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analyzer_silent_iff_metadata_supports_iff_round_trip_is_equal(int index, CatalogueEntry entry)
    {
        Assert.True(_fixture.BuildFailure is null, _fixture.BuildFailure);
        bool silent = _fixture.AnalyzerSilent[index];
        Assert.True(silent == entry.Supported, $"{entry.Type}: analyzer {(silent ? "silent" : "reports " + _fixture.AnalyzerMessages[index])}");
        Assert.True(silent == _fixture.GeneratorSupports[index], $"{entry.Type}: analyzer silent={silent} but generated metadata supports={_fixture.GeneratorSupports[index]}");
        if (silent)
        {
            string failure = _fixture.RoundTrip(index);
            Assert.True(failure.Length == 0, $"{entry.Type}: {failure}");
        }
        else
        {
            Assert.StartsWith("PLSM001: Member 'Value' of message type 'C" + index + "' cannot be serialized: ", _fixture.AnalyzerMessages[index], StringComparison.Ordinal);
        }
    }
}
