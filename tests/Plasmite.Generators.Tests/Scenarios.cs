// Input programs shared by the baseline, compile and run-time tests.
namespace Plasmite.Generators.Tests;

internal static class Scenarios
{
    /// <summary>The example of the issue.</summary>
    public const string Basic = """
        using System.Text.Json.Serialization;
        using Plasmite;

        namespace Demo;

        [PlasmiteMessage("events", Tags = new[] { "user-event" })]
        public partial record Signup(string User, DateTimeOffset At);

        [PlasmiteMessage("events", Kind = "deploy")]
        public partial record Deploy(string Sha, int Attempt, string[] Hosts);
        """;

    /// <summary>Nested types, collections, attributes, key ordering, JSON-path fallbacks.</summary>
    public const string Rich = """
        using System.Text.Json.Serialization;
        using Plasmite;

        namespace Shop.Orders;

        public enum Priority { Low, High = 5 }

        [JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
        public enum Channel { Web, Store }

        public sealed record Address(string Street, [property: JsonPropertyName("zip_code")] string Zip, Geo? Location);

        public readonly record struct Geo(double Lat, double Lon);

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "$shape")]
        [JsonDerivedType(typeof(Circle), "circle")]
        [JsonDerivedType(typeof(Square), "square")]
        public abstract record Shape(string Label);

        public sealed record Circle(string Label, double Radius) : Shape(Label);

        public sealed record Square(string Label, double Side) : Shape(Label);

        public sealed class LineItem
        {
            public string Sku { get; set; } = "";
            public int Quantity { get; init; }
            public double? Discount { get; set; }
        }

        [PlasmiteMessage("orders")]
        public partial record OrderPlaced(
            Guid Id,
            string Customer,
            Address ShipTo,
            List<LineItem> Items,
            IReadOnlyList<string> Notes,
            Priority Priority,
            double Total,
            ulong Sequence,
            DateTime PlacedAt,
            int? Coupon,
            long[] Checks)
        {
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
            public string? Comment { get; init; }

            [JsonIgnore]
            public string Internal => "not serialized";

            [JsonRequired]
            public bool Paid { get; init; }

            public byte Flags { get; set; }

            public sbyte Delta { get; set; }
        }

        [PlasmiteMessage("orders", Kind = "viewed", Tags = new[] { "analytics", "web" })]
        public partial class ProductViewed
        {
            public required string Sku { get; init; }

            public int Count { get; set; }

            [JsonPropertyName("éclair")]
            public string? Accent { get; set; }

            public string? Zebra { get; set; }

            [JsonPropertyName("\uFF21")]
            public string? FullWidth { get; set; }

            [JsonPropertyName("😀")]
            public string? Emoji { get; set; }

            public DateTimeOffset? SeenAt { get; set; }

            public IList<Geo> Path { get; set; } = new List<Geo>();

            public Counter Stats { get; set; }
        }

        public struct Counter
        {
            public int Hits { get; set; }

            public string? Tag { get; init; }
        }

        [PlasmiteMessage("orders")]
        public partial record CategoryTree(string Name, List<CategoryTree>? Children, CategoryTree? Parent);

        [PlasmiteMessage("orders")]
        public partial record OrderAudited(
            Dictionary<string, string> Fields,
            Channel Channel,
            decimal Amount,
            TimeSpan Took,
            IReadOnlyDictionary<string, int>? Counts,
            float Ratio,
            Shape Shape,
            IReadOnlyList<Shape> Shapes);
        """;

    /// <summary>Global namespace, internal and nested types, a struct message, a user JSON context.</summary>
    public const string Odd = """
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using Plasmite;

        internal static partial class Outer
        {
            [PlasmiteMessage("audit-log.v2")]
            internal partial record struct Ping(int Count, string? Note);
        }

        [PlasmiteMessage("audit-log.v2", Kind = "user-note", JsonContext = typeof(NotesContext))]
        internal partial record UserNote(string Text);

        [PlasmiteMessage("audit-log.v2")]
        internal partial class Unknown
        {
            public string Name { get; set; } = "";
        }

        internal sealed class NotesContext : JsonSerializerContext
        {
            public NotesContext() : base(null) { }

            public static NotesContext Default { get; } = new();

            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """;
}
