// Native AOT probe: generated metadata, resolver, UnsafeAccessor members, polymorphism and the fast path
// must behave under AOT exactly as under JIT (expected lines were recorded from a JIT run).
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Plasmite;
using Plasmite.Lite3;

var lines = new List<string>();
var order = new Shop.Orders.OrderPlaced(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "bob",
    new Shop.Orders.Address("Main", "1", new Shop.Orders.Geo(1.5, -0.0)),
    new List<Shop.Orders.LineItem> { new() { Sku = "a", Quantity = 2, Discount = 0.5 } }, new[] { "n" },
    Shop.Orders.Priority.High, 1e16, ulong.MaxValue, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), 3, new long[] { 1 })
{ Comment = "c", Paid = true };
string json = JsonSerializer.Serialize(order, Shop.Orders.OrdersPool.OrderPlacedTypeInfo);
lines.Add(json);
lines.Add(JsonSerializer.Serialize(JsonSerializer.Deserialize(json, Shop.Orders.OrdersPool.OrderPlacedTypeInfo)!, Shop.Orders.OrdersPool.OrderPlacedTypeInfo));

var viewed = new Shop.Orders.ProductViewed { Sku = "s", Count = 1, Accent = "é", Path = new List<Shop.Orders.Geo> { new(1, 2) } };
json = JsonSerializer.Serialize(viewed, Shop.Orders.OrdersPool.ProductViewedTypeInfo);
lines.Add(json);
var back = JsonSerializer.Deserialize(json, Shop.Orders.OrdersPool.ProductViewedTypeInfo)!;
lines.Add(back.Sku + "/" + back.Count + "/" + back.Path.Count);

var audited = new Shop.Orders.OrderAudited(new() { ["z"] = "1" }, Shop.Orders.Channel.Store, 1.50m, TimeSpan.FromSeconds(1), null, 0.1f,
    new Shop.Orders.Circle("c", 1), new Shop.Orders.Shape[] { new Shop.Orders.Square("s", 2) });
json = JsonSerializer.Serialize(audited, Shop.Orders.OrdersPool.OrderAuditedTypeInfo);
lines.Add(json);
lines.Add(JsonSerializer.Deserialize(json, Shop.Orders.OrdersPool.OrderAuditedTypeInfo)!.Shapes[0].GetType().Name);

// Options built around the context as a resolver (the AOT options-mismatch trap).
var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new Demo.EventsJsonContext() };
var signupInfo = (JsonTypeInfo<Demo.Signup>)options.GetTypeInfo(typeof(Demo.Signup));
lines.Add(JsonSerializer.Serialize(new Demo.Signup("alice", DateTimeOffset.UnixEpoch), signupInfo));
lines.Add(JsonSerializer.Deserialize("{\"User\":\"bob\",\"at\":\"2024-01-01T00:00:00Z\"}", signupInfo)!.User);

// Fast path through the handle.
var pool = new RecordingPool();
using var events = new Demo.EventsPool(pool);
events.AppendDeploy(new Demo.Deploy("sha", 2, new[] { "h" }));
lines.Add(pool.Tokens.Replace("\n", " "));
lines.Add(Demo.EventsMessage.From(new Message { Tags = new[] { "deploy" }, Data = JsonDocument.Parse("{\"sha\":\"x\",\"attempt\":1}").RootElement }).GetType().Name);

string[] expected =
{
    "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"customer\":\"bob\",\"shipTo\":{\"street\":\"Main\",\"zip_code\":\"1\",\"location\":{\"lat\":1.5,\"lon\":-0}},\"items\":[{\"sku\":\"a\",\"quantity\":2,\"discount\":0.5}],\"notes\":[\"n\"],\"priority\":5,\"total\":10000000000000000,\"sequence\":18446744073709551615,\"placedAt\":\"2024-01-02T03:04:05Z\",\"coupon\":3,\"checks\":[1],\"comment\":\"c\",\"paid\":true,\"flags\":0,\"delta\":0}",
    "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"customer\":\"bob\",\"shipTo\":{\"street\":\"Main\",\"zip_code\":\"1\",\"location\":{\"lat\":1.5,\"lon\":-0}},\"items\":[{\"sku\":\"a\",\"quantity\":2,\"discount\":0.5}],\"notes\":[\"n\"],\"priority\":5,\"total\":10000000000000000,\"sequence\":18446744073709551615,\"placedAt\":\"2024-01-02T03:04:05Z\",\"coupon\":3,\"checks\":[1],\"comment\":\"c\",\"paid\":true,\"flags\":0,\"delta\":0}",
    "{\"sku\":\"s\",\"count\":1,\"\\u00E9clair\":\"\\u00E9\",\"zebra\":null,\"\\uFF21\":null,\"\\uD83D\\uDE00\":null,\"seenAt\":null,\"path\":[{\"lat\":1,\"lon\":2}],\"stats\":{\"hits\":0,\"tag\":null}}",
    "s/1/1",
    "{\"fields\":{\"z\":\"1\"},\"channel\":\"Store\",\"amount\":1.50,\"took\":\"00:00:01\",\"counts\":null,\"ratio\":0.1,\"shape\":{\"$shape\":\"circle\",\"radius\":1,\"label\":\"c\"},\"shapes\":[{\"$shape\":\"square\",\"side\":2,\"label\":\"s\"}]}",
    "Square",
    "{\"user\":\"alice\",\"at\":\"1970-01-01T00:00:00+00:00\"}",
    "bob",
    "{ k:attempt i:2 k:hosts [ s:h ] k:sha s:sha } ",
    "Deploy",
};
int failures = 0;
for (int i = 0; i < Math.Max(lines.Count, expected.Length); i++)
{
    string actual = i < lines.Count ? lines[i] : "<missing>";
    string wanted = i < expected.Length ? expected[i] : "<none>";
    if (actual != wanted) { failures++; Console.WriteLine($"line {i}: expected {wanted}\n        actual   {actual}"); }
}
Console.WriteLine(failures == 0 ? "AOT probe: all " + lines.Count + " checks passed" : "AOT probe: " + failures + " mismatches");
return failures == 0 ? 0 : 1;

sealed class RecordingPool : IPlasmitePool
{
    public string Tokens = "";
    public string Name => "events";
    public void Dispose() { }
    public Message<T> Append<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast) => new() { Data = value, Tags = tags ?? Array.Empty<string>() };
    public Message<T> Append<T>(T value, JsonTypeInfo<T> typeInfo, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast)
    {
        var w = new Lite3Writer();
        w.WriteStartObject(); writeData(w, value); w.WriteEndObject();
        Tokens = w.Tokens;
        return Append(value, typeInfo, tags, durability);
    }
    public Message? TryGet(ulong seq) => null;
    public Message Get(ulong seq) => throw new NotSupportedException();
    public Message<T>? TryGet<T>(ulong seq, JsonTypeInfo<T> typeInfo) => null;
    public Message<T> Get<T>(ulong seq, JsonTypeInfo<T> typeInfo) => throw new NotSupportedException();
    public async IAsyncEnumerable<Message> Tail(TailOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default) { await Task.Yield(); yield break; }
    public async IAsyncEnumerable<Message<T>> Tail<T>(JsonTypeInfo<T> typeInfo, TailOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default) { await Task.Yield(); yield break; }
}
