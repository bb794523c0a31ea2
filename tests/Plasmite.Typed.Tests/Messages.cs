using System.Text.Json.Serialization;

namespace Plasmite.Typed.Tests;

[PlasmiteMessage("events", Tags = new[] { "user-event" })]
public partial record Signup(string User, DateTimeOffset At);

[PlasmiteMessage("events", Kind = "deploy")]
public partial record Deploy(string Sha, int Attempt, string[] Hosts);

public enum Level { Low, High }

public sealed record Address(string City, int? Zip);

[PlasmiteMessage("orders")]
public partial record OrderPlaced(
    [property: JsonPropertyName("order_id")] Guid OrderId,
    double Amount,
    long Units,
    bool Rush,
    Level Level,
    Address Ship,
    List<string> Items,
    string? Note)
{
    /// <summary>Never stored.</summary>
    [JsonIgnore]
    public string Secret { get; init; } = "";
}
