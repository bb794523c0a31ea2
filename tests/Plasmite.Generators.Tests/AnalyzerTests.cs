// Every PLSM diagnostic, positive and negative, and the PLSM002 code fix.
using Microsoft.CodeAnalysis.Testing;
using Plasmite.Analyzers.CodeFixes;
using Plasmite.Analyzers.Diagnostics;
using Plasmite.Generators.Tests.Infrastructure;

namespace Plasmite.Generators.Tests;

[Trait("Category", "Unit")]
public sealed class AnalyzerTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected) => AnalyzerHarness.VerifyAsync<PlasmiteMessageAnalyzer>(source, expected);

    private static DiagnosticResult D(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int location) => new DiagnosticResult(descriptor).WithLocation(location);

    [Fact]
    public Task Valid_messages_report_nothing() => Verify("""
        namespace N;
        public enum Color { Red }
        public sealed record Inner(string A, List<int> B, Dictionary<string, Inner?>? C);
        [JsonDerivedType(typeof(Circle), "circle")]
        public abstract record Shape;
        public sealed record Circle(double R) : Shape;
        [PlasmiteMessage("events", Kind = "k1", Tags = new[] { "a", "b" })]
        public partial record Ok(string S, int I, long L, double D, [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] decimal M, bool B, Guid G, DateTimeOffset T, DateTime DT, TimeSpan TS,
            Color C, int? NI, string[] Arr, List<Inner> Items, IReadOnlyList<string> RO, Dictionary<string, int> Map, Inner Nested, Shape Shape, byte[] Bytes,
            HashSet<int> Set, ISet<string> ISet, IReadOnlySet<int> ROSet, SortedSet<int> Sorted, Queue<int> Q, Stack<int> St, LinkedList<int> LL,
            System.Collections.Immutable.ImmutableArray<int> IA, System.Collections.Immutable.ImmutableDictionary<string, int> ID,
            System.Collections.Concurrent.ConcurrentDictionary<string, int> CD, SortedDictionary<string, Inner> SD,
            System.Collections.ObjectModel.ReadOnlyCollection<int> ROC, System.Collections.ObjectModel.ObservableCollection<int> OC,
            System.Text.Json.Nodes.JsonNode? Node, System.Text.Json.Nodes.JsonObject? Obj, System.Text.Json.Nodes.JsonArray? JArr,
            Dictionary<Color, int> ByColor, Dictionary<int, string> ByInt, (int A, string B) Pair, Int128 Big, UInt128 UBig, Half H,
            ReadOnlyMemory<byte> Mem, ulong U)
        {
            [JsonIgnore] public Action? Callback { get; set; }
            [JsonConverter(typeof(JsonStringEnumConverter))] public object? Custom { get; set; }
            public static Action? StaticIgnored { get; set; }
        }
        [PlasmiteMessage("events")]
        public partial class Other { public string Name { get; set; } = ""; }
        [PlasmiteMessage("other-pool", Kind = "k1")]
        public partial record SameKindOtherPool(int X);
        public static partial class Outer { [PlasmiteMessage("events")] public partial record struct Nested(int X); }
        """);

    [Theory]
    [InlineData("Action", "delegates cannot be serialized")]
    [InlineData("Func<int>", "delegates cannot be serialized")]
    [InlineData("IntPtr", "pointers (IntPtr/UIntPtr) cannot be serialized")]
    [InlineData("object", "'object' has no fixed JSON shape; use a concrete type or JsonElement")]
    [InlineData("dynamic", "'dynamic' has no fixed JSON shape; use a concrete type or JsonElement")]
    [InlineData("IDisposable", "interface 'IDisposable' needs [JsonDerivedType] attributes (or a concrete type)")]
    [InlineData("N.Base", "abstract type 'Base' needs [JsonDerivedType] attributes (or a concrete type)")]
    [InlineData("System.IO.Stream", "streams are not data; read them into byte[] first")]
    [InlineData("System.IO.MemoryStream", "streams are not data; read them into byte[] first")]
    [InlineData("System.Threading.Tasks.Task<int>", "tasks are not data; await them first")]
    [InlineData("System.Threading.Tasks.ValueTask", "tasks are not data; await them first")]
    [InlineData("Type", "System.Type and reflection objects cannot be serialized")]
    [InlineData("int[,]", "multi-dimensional arrays are not supported; use jagged arrays")]
    [InlineData("Dictionary<N.Holder, string>", "dictionary keys must be string, an enum, an integer type, char, bool or Guid")]
    [InlineData("System.Numerics.BigInteger", "BigInteger has no exact JSON number form here; store it as a string property")]
    [InlineData("Tuple<int, string>", "System.Tuple has no settable members; use a record or a value tuple")]
    [InlineData("System.Collections.ArrayList", "collection type 'ArrayList' is not supported; use an array, List<T>, HashSet<T>, an immutable collection or Dictionary<TKey, TValue>")]
    [InlineData("System.Collections.IList", "collection type 'IList' is not supported; use an array, List<T>, HashSet<T>, an immutable collection or Dictionary<TKey, TValue>")]
    [InlineData("IAsyncEnumerable<int>", "async streams are not data; collect them into a List<T> first")]
    [InlineData("System.Drawing.Point", "framework type 'System.Drawing.Point' has no JSON metadata here; use a supported type or a [JsonConverter]")]
    [InlineData("N.NoCtor", "NoCtor.X: delegates cannot be serialized")]
    [InlineData("N.TwoCtors", "'TwoCtors' has no constructor System.Text.Json can use; add a public parameterless constructor or mark one [JsonConstructor]")]
    [InlineData("N.Unbound", "constructor parameter 'y' of 'Unbound' matches no public property, so it cannot be read back")]
    [InlineData("N.Bag", "'Bag' is a collection (it implements IEnumerable), which System.Text.Json serializes as an array; use a List<T> member or a [JsonConverter]")]
    [InlineData("(int A, Action B)", "Item2: delegates cannot be serialized")]
    [InlineData("List<object>", "'object' has no fixed JSON shape; use a concrete type or JsonElement")]
    [InlineData("N.Holder", "Holder.Callback: delegates cannot be serialized")]
    public Task Non_serializable_member_is_reported(string type, string reason) => Verify($$"""
        namespace N;
        public abstract class Base { }
        public sealed class Holder { public Action? Callback { get; set; } }
        public sealed class NoCtor { public Action? X { get; set; } }
        public sealed class TwoCtors { public TwoCtors(int a) { } public TwoCtors(string b) { } public int A { get; set; } }
        public sealed record Unbound(int X) { public Unbound(int x, int y) : this(x) { } [JsonConstructor] public Unbound(int x, string y) : this(x) { } }
        public sealed class Bag : IEnumerable<int> { public IEnumerator<int> GetEnumerator() => null!; System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => null!; }
        [PlasmiteMessage("events")]
        public partial class Msg
        {
            public string Fine { get; set; } = "";
            public {{type}}? {|#0:Bad|} { get; set; }
        }
        """, D(DiagnosticDescriptors.NonSerializableMember, 0).WithArguments("Bad", "Msg", reason));

    [Fact]
    public Task Decimal_stored_as_number_is_a_warning_also_in_nested_types() => Verify("""
        namespace N;
        public sealed class Line { public decimal {|#1:Price|} { get; set; } [JsonNumberHandling(JsonNumberHandling.WriteAsString)] public decimal Exact { get; set; } }
        [PlasmiteMessage("events")]
        public partial record Msg(decimal {|#0:Total|}, decimal? {|#2:Tax|}, List<Line> Lines)
        {
            [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] public decimal? Tip { get; init; }
        }
        """,
        D(DiagnosticDescriptors.DecimalStoredAsNumber, 1).WithArguments("Price", "Line"),
        D(DiagnosticDescriptors.DecimalStoredAsNumber, 0).WithArguments("Total", "Msg"),
        D(DiagnosticDescriptors.DecimalStoredAsNumber, 2).WithArguments("Tax", "Msg"));

    [Fact]
    public Task Decimal_code_fix_adds_string_number_handling_to_parameters_and_properties() =>
        AnalyzerHarness.VerifyFixAsync<PlasmiteMessageAnalyzer, StoreDecimalAsStringCodeFix>("""
        namespace N;
        [PlasmiteMessage("events")]
        public partial record Msg(decimal {|#0:Total|})
        {
            public decimal {|#1:Tip|} { get; init; }
        }
        """, """
        namespace N;
        [PlasmiteMessage("events")]
        public partial record Msg([property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] decimal Total)
        {
            [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
            public decimal Tip { get; init; }
        }
        """,
        D(DiagnosticDescriptors.DecimalStoredAsNumber, 0).WithArguments("Total", "Msg"),
        D(DiagnosticDescriptors.DecimalStoredAsNumber, 1).WithArguments("Tip", "Msg"));

    [Fact]
    public void Every_diagnostic_has_an_absolute_help_link_to_its_section()
    {
        var ids = new PlasmiteMessageAnalyzer().SupportedDiagnostics;
        Assert.Equal(9, ids.Length);
        string docs = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "diagnostics.md"));
        foreach (var d in ids)
        {
            Assert.Equal("https://github.com/plasmite-dotnet/plasmite/blob/main/docs/diagnostics.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);
            Assert.Contains("## " + d.Id + "\n", docs.Replace("\r\n", "\n"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public Task Non_serializable_positional_record_member_is_reported_at_the_parameter() => Verify("""
        namespace N;
        [PlasmiteMessage("events")]
        public partial record Msg(string Name, Action {|#0:OnDone|});
        """, D(DiagnosticDescriptors.NonSerializableMember, 0).WithArguments("OnDone", "Msg", "delegates cannot be serialized"));

    [Fact]
    public Task User_json_context_skips_payload_checks() => Verify("""
        using System.Text.Json;
        using System.Text.Json.Serialization.Metadata;
        namespace N;
        public sealed class Ctx : JsonSerializerContext
        {
            public Ctx() : base(null) { }
            public static Ctx Default { get; } = new();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        [PlasmiteMessage("events", JsonContext = typeof(Ctx))]
        public partial record Msg(object Anything);
        """);

    [Fact]
    public Task Invalid_json_context_is_reported() => Verify("""
        namespace N;
        [PlasmiteMessage("events", {|#0:JsonContext = typeof(string)|})]
        public partial record Msg(int X);
        """, D(DiagnosticDescriptors.InvalidJsonContext, 0).WithArguments("String", "Msg"));

    [Fact]
    public Task Not_partial_is_reported() => Verify("""
        namespace N;
        [PlasmiteMessage("events")]
        public record {|#0:Msg|}(int X);
        """, D(DiagnosticDescriptors.NotPartial, 0).WithArguments("Msg", ""));

    [Fact]
    public Task Not_partial_containing_type_is_reported() => Verify("""
        namespace N;
        public static class Outer
        {
            [PlasmiteMessage("events")]
            public partial record {|#0:Msg|}(int X);
        }
        """, D(DiagnosticDescriptors.NotPartial, 0).WithArguments("Msg", " (its containing types must be partial too: Outer)"));

    [Fact]
    public Task Code_fix_adds_partial() => AnalyzerHarness.VerifyFixAsync<PlasmiteMessageAnalyzer, MakePartialCodeFix>("""
        namespace N;
        [PlasmiteMessage("events")]
        public sealed record {|#0:Msg|}(int X);
        [PlasmiteMessage("events")]
        record {|#1:Bare|}(int X);
        """, """
        namespace N;
        [PlasmiteMessage("events")]
        public sealed partial record Msg(int X);
        [PlasmiteMessage("events")]
        partial record Bare(int X);
        """,
        D(DiagnosticDescriptors.NotPartial, 0).WithArguments("Msg", ""),
        D(DiagnosticDescriptors.NotPartial, 1).WithArguments("Bare", ""));

    [Fact]
    public Task Code_fix_makes_containing_types_partial() => AnalyzerHarness.VerifyFixAsync<PlasmiteMessageAnalyzer, MakePartialCodeFix>("""
        namespace N;
        public static class Outer
        {
            [PlasmiteMessage("events")]
            public record {|#0:Msg|}(int X);
        }
        """, """
        namespace N;
        public static partial class Outer
        {
            [PlasmiteMessage("events")]
            public partial record Msg(int X);
        }
        """,
        D(DiagnosticDescriptors.NotPartial, 0).WithArguments("Msg", " (its containing types must be partial too: Outer)"));

    [Theory]
    [InlineData("\"a/b\"", "a/b", "pool name must not contain path separators")]
    [InlineData("\"a\\\\b\"", "a\\b", "pool name must not contain path separators")]
    [InlineData("\"\"", "", "pool name must not be empty")]
    [InlineData("\"   \"", "   ", "pool name must not be empty")]
    [InlineData("\"http://host:9700/events\"", "http://host:9700/events", "pool name must not be a remote ref (contains '://')")]
    [InlineData("\"..\"", "..", "pool name must not be '.' or '..'")]
    [InlineData("null", "null", "pool name must not be empty")]
    public Task Invalid_pool_name_is_reported(string literal, string pool, string reason) => Verify($$"""
        namespace N;
        [PlasmiteMessage({|#0:{{literal}}|})]
        public partial record Msg(int X);
        """, D(DiagnosticDescriptors.InvalidPoolName, 0).WithArguments(pool, reason));

    [Theory]
    [InlineData("events")]
    [InlineData("events.plasmite")]
    [InlineData("audit log v2")]
    [InlineData("ünïcode")]
    public Task Valid_pool_names_report_nothing(string pool) => Verify($$"""
        namespace N;
        [PlasmiteMessage("{{pool}}")]
        public partial record Msg(int X);
        """);

    [Fact]
    public Task Duplicate_kind_is_reported() => Verify("""
        namespace N;
        [PlasmiteMessage("events")]
        public partial record Signup(int X);
        [{|#0:PlasmiteMessage("events", Kind = "signup")|}]
        public partial record SignupV2(int X);
        [{|#1:PlasmiteMessage("events", Kind = "signup")|}]
        public partial record SignupV3(int X);
        """,
        D(DiagnosticDescriptors.DuplicateKind, 0).WithArguments("signup", "SignupV2", "N.Signup", "events"),
        D(DiagnosticDescriptors.DuplicateKind, 1).WithArguments("signup", "SignupV3", "N.Signup", "events"));

    [Fact]
    public Task Duplicate_type_name_in_pool_is_reported() => Verify("""
        namespace A { [PlasmiteMessage("events", Kind = "a")] public partial record Msg(int X); }
        namespace B { [{|#0:PlasmiteMessage("events", Kind = "b")|}] public partial record Msg(int X); }
        namespace C { [PlasmiteMessage("other", Kind = "a")] public partial record Msg(int X); }
        """, D(DiagnosticDescriptors.DuplicateTypeName, 0).WithArguments("B.Msg", "A.Msg", "events"));

    [Fact]
    public Task Invalid_tags_are_reported() => Verify("""
        namespace N;
        [PlasmiteMessage("events", {|#0:Tags = new[] { "ok", "", "ok", " ", "msg" }|})]
        public partial record Msg(int X);
        [PlasmiteMessage("events", {|#4:Kind = " "|})]
        public partial record Blank(int X);
        """,
        D(DiagnosticDescriptors.InvalidTag, 0).WithArguments("Msg", "tags must not be null, empty or whitespace"),
        D(DiagnosticDescriptors.InvalidTag, 0).WithArguments("Msg", "tag 'ok' is listed twice"),
        D(DiagnosticDescriptors.InvalidTag, 0).WithArguments("Msg", "tags must not be null, empty or whitespace"),
        D(DiagnosticDescriptors.InvalidTag, 0).WithArguments("Msg", "tag 'msg' repeats the kind (the kind is always stored as the first tag)"),
        D(DiagnosticDescriptors.InvalidTag, 4).WithArguments("Blank", "Kind must not be empty or whitespace (omit it to use the default kind)"));

    [Theory]
    [InlineData("public partial record {|#0:Msg|}<T>(T X);", "generic types are not supported")]
    [InlineData("public abstract partial record {|#0:Msg|}(int X);", "abstract types cannot be instantiated")]
    [InlineData("public ref partial struct {|#0:Msg|} { public int X { get; set; } }", "ref structs cannot be serialized")]
    public Task Unsupported_declaration_is_reported(string declaration, string reason) => Verify($$"""
        namespace N;
        [PlasmiteMessage("events")]
        {{declaration}}
        """, D(DiagnosticDescriptors.UnsupportedDeclaration, 0).WithArguments("Msg", reason));

    [Fact]
    public Task Nested_in_generic_type_is_reported() => Verify("""
        namespace N;
        public partial class Outer<T>
        {
            [PlasmiteMessage("events")]
            public partial record {|#0:Msg|}(int X);
        }
        """, D(DiagnosticDescriptors.UnsupportedDeclaration, 0).WithArguments("Msg", "types nested in a generic type are not supported"));

    [Fact]
    public Task Scenario_inputs_report_nothing()
        => Task.WhenAll(Verify(Scenarios.Basic), Verify(Scenarios.Rich), Verify(Scenarios.Odd.Replace("using System.Text.Json.Serialization;\n", "")));
}
