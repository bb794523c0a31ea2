using System.Text.Json.Serialization;

namespace Plasmite.Tests.Local;

public sealed record Ping(int N, string Who);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Ping))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
