using Plasmite.Tests.Support;
using System.Text;
using System.Text.Json;

namespace Plasmite.Typed.Tests;

[Trait("Category", "Unit")]
public sealed class TypedPoolTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "plasmite-typed", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Typed_append_get_and_tail_through_a_real_pool()
    {
        using var client = new PlasmiteClient(_dir);
        using var events = client.Events();
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var m = events.AppendSignup(new Signup("alice", at), ["extra"]);
        var d = events.AppendDeploy(new Deploy("abc", 2, ["h1", "h2"]));
        Assert.Equal(["signup", "user-event", "extra"], m.Tags);
        Assert.Equal(["deploy"], d.Tags);

        Assert.Equal(new Signup("alice", at), events.GetSignup(m.Seq)!.Data);
        Assert.Null(events.GetSignup(d.Seq));
        Assert.Equal("abc", events.GetDeploy(d.Seq)!.Data.Sha);

        var raw = events.Pool.Get(m.Seq);
        Assert.Equal("{\"at\":\"2026-01-02T03:04:05+00:00\",\"user\":\"alice\"}", raw.Data.GetRawText());

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var kinds = new List<string>();
        await foreach (var any in events.Tail(new TailOptions { MaxMessages = 2 }, cts.Token))
        {
            kinds.Add(any switch
            {
                EventsMessage.Signup s => "signup:" + s.Data.User,
                EventsMessage.Deploy x => "deploy:" + x.Data.Sha,
                _ => "unknown",
            });
        }
        Assert.Equal(["signup:alice", "deploy:abc"], kinds);

        var signups = new List<Signup>();
        await foreach (var s in events.TailSignup(new TailOptions { MaxMessages = 1, Deadline = TimeSpan.FromSeconds(5) }, cts.Token))
            signups.Add(s.Data);
        Assert.Equal([new Signup("alice", at)], signups);
    }

    [Fact]
    public void Fast_path_stores_exactly_the_bytes_of_the_json_path()
    {
        using var client = new PlasmiteClient(_dir);
        using var orders = client.Orders();
        var value = new OrderPlaced(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), 12.5, 3, true, Level.High,
            new Address("Oslo", null), ["a", "b"], null) { Secret = "hidden" };
        var typed = orders.AppendOrderPlaced(value);
        string json = JsonSerializer.Serialize(value, OrdersJsonContext.Default.OrderPlaced);
        Assert.DoesNotContain("hidden", json);
        var viaJson = orders.Pool.AppendJson(Encoding.UTF8.GetBytes(json), typed.Tags);
        Assert.Equal(orders.Pool.GetLite3(viaJson.Seq).Payload.ToArray(), orders.Pool.GetLite3(typed.Seq).Payload.ToArray());
        var back = orders.GetOrderPlaced(typed.Seq)!.Data;
        Assert.Equal(json, JsonSerializer.Serialize(back, OrdersJsonContext.Default.OrderPlaced));
        Assert.Equal(["a", "b"], back.Items);
        Assert.Equal("", back.Secret);

        // Integral doubles are stored as the original stores `1` (an integer) and -0.0 as a float.
        foreach (double amount in new[] { 1.0, -0.0, 1e16, 1e17, 0.1, 123456789.0 })
        {
            var v = value with { Amount = amount };
            var t = orders.AppendOrderPlaced(v);
            var j = orders.Pool.AppendJson(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(v, OrdersJsonContext.Default.OrderPlaced)), t.Tags);
            Assert.Equal(orders.Pool.GetLite3(j.Seq).Payload.ToArray(), orders.Pool.GetLite3(t.Seq).Payload.ToArray());
        }
    }

    [Fact]
    public async Task Pool_written_with_raw_json_reads_as_typed_messages()
    {
        using var client = new PlasmiteClient(_dir);
        using (var raw = client.Pool("events"))
        {
            // What `plasmite feed events '{"user":"bob","at":"…"}' --tag signup` stores.
            raw.AppendJson("{\"user\":\"bob\",\"at\":\"2026-05-06T07:08:09Z\"}"u8, ["signup"]);
            raw.AppendJson("{\"something\":1}"u8, ["other"]);
        }
        using var events = client.Events();
        var bob = events.GetSignup(1);
        Assert.NotNull(bob);
        Assert.Equal("bob", bob!.Data.User);
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero), bob.Data.At);

        var seen = new List<string>();
        await foreach (var any in events.Tail(new TailOptions { MaxMessages = 2, Deadline = TimeSpan.FromSeconds(5) }))
            seen.Add(any is EventsMessage.Unknown u ? "unknown:" + string.Join(",", u.Tags) : any.Kind!);
        Assert.Equal(["signup", "unknown:other"], seen);
    }

    [ReleaseFact]
    public void Typed_append_allocates_only_the_returned_message()
    {
        using var client = new PlasmiteClient(_dir);
        using var events = client.Events(4 << 20);
        var value = new Deploy("abc", 1, ["h"]);
        for (int i = 0; i < 200; i++) events.AppendDeploy(value);
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int n = 1000;
        for (int i = 0; i < n; i++) events.AppendDeploy(value);
        long perAppend = (GC.GetAllocatedBytesForCurrentThread() - before) / n;
        // Message<Deploy> (~48 B) plus the copied tag array (~40 B); no JSON text, no encode buffers.
        Assert.InRange(perAppend, 1, 160);
    }
}
