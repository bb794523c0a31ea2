// Snapshot of Scenarios.Rich (../Scenarios.cs) taken for the AOT probe; the expected output in Program.cs depends on it.
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
}

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
