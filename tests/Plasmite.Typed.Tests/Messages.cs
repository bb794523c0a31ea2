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

/// <summary>The ≈ 1 KB benchmark-shaped record: long, string, string[20], DateTimeOffset, decimal, nested record.</summary>
#pragma warning disable PLSM009 // a number on purpose: the benchmark shape stores decimal as the original's clients do
[PlasmiteMessage("fast")]
public partial record Big(long Id, string Name, string[] Lines, DateTimeOffset At, decimal Price, Inner Inner);
#pragma warning restore PLSM009

public sealed record Inner(string Code, int Count, double Ratio);

public enum Color : byte { Red = 1, Green = 2, Blue = 200 }

/// <summary>float and Half members on the direct Lite3 writer: scalars, nullable, collections, nested.</summary>
[PlasmiteMessage("fast", Kind = "floats")]
public partial record Floats(float F, Half H, float? NF, Half? NH, float[] Fs, List<Half> Hs, FloatInner Inner);

/// <summary>Nested record of <see cref="Floats"/>.</summary>
public sealed record FloatInner(float X, double D);

/// <summary>Many member shapes on the fast reader (and the per-member fallback for TimeSpan/DateOnly).</summary>
[PlasmiteMessage("fast", Kind = "wide")]
public partial class Wide
{
    [JsonRequired]
    public string Key { get; init; } = "";

    [JsonPropertyName("n")]
    public int Number { get; set; }

    public ulong Big { get; set; }

    public float Ratio { get; set; }

#pragma warning disable PLSM009 // a number on purpose: the fast reader's decimal path is what is tested
    public decimal Amount { get; set; }
#pragma warning restore PLSM009

    public bool? Flag { get; set; }

    public Color Color { get; set; }

    public Guid Id { get; set; }

    public DateTime When { get; set; }

    public DateOnly Day { get; set; }

    public TimeSpan Took { get; set; }

    public List<int> Ints { get; set; } = new();

    public IReadOnlyList<Inner>? Inners { get; set; }

    public Dictionary<string, long>? Counts { get; set; }

    public string? Missing { get; set; } = "default-kept";

    [JsonIgnore]
    public string Secret { get; set; } = "";
}
