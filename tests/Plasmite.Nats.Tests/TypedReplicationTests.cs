// Host A (typed appends) → JetStream → host B (typed tail): two pool directories, two bridge processes.
using Plasmite.Nats.Tests.Support;

namespace Plasmite.Nats.Tests;

public sealed record Address(string City, int Zip);

[PlasmiteMessage("orders", Tags = new[] { "shop" })]
public partial record OrderPlaced(string Id, double Amount, long Units, bool Rush, Address Ship, string? Note, DateTimeOffset At);

[PlasmiteMessage("orders")]
public partial record OrderCancelled(string Id, string Reason);

[Trait("Category", "Process")]
public sealed class TypedReplicationTests
{
    [NatsFact]
    public async Task Typed_messages_from_host_a_tail_equal_and_in_order_on_host_b()
    {
        using var nats = NatsServer.Start();
        using var hostA = new TempDir();
        using var hostB = new TempDir();
        using var clientA = new PlasmiteClient(hostA.Path);
        using var ordersA = clientA.Orders();
        var placed = new List<OrderPlaced>();
        var cancelled = new List<OrderCancelled>();
        var at = new DateTimeOffset(2026, 12, 4, 5, 6, 7, 891, TimeSpan.Zero);
        for (int i = 0; i < 60; i++)
        {
            if (i % 4 == 3)
            {
                var c = new OrderCancelled($"o{i - 1}", "changed m\u00eend \u2014 \"quoted\"");
                ordersA.AppendOrderCancelled(c);
                cancelled.Add(c);
            }
            else
            {
                var o = new OrderPlaced($"o{i}", i * 1.1, i * 1_000_000_007L, i % 2 == 0, new Address("Z\u00fcrich", 8000 + i), i % 5 == 0 ? null : "n", at.AddSeconds(i));
                ordersA.AppendOrderPlaced(o, ["extra"]);
                placed.Add(o);
            }
        }

        using var exporter = BridgeProcess.Start("--dir", hostA.Path, "bridge", "export", "orders", "--nats", nats.Url, "--create-stream");
        await Wait.UntilAsync(() => JetStreamReader.StreamExistsAsync(nats.Url, "plasmite-orders"), TimeSpan.FromSeconds(90), () => exporter.Stderr);
        using var importer = BridgeProcess.Start("--dir", hostB.Path, "bridge", "import", "--nats", nats.Url,
            "--stream", "plasmite-orders", "--create", "orders");

        using var clientB = new PlasmiteClient(hostB.Path);
        // The importer creates B's pool; wait until it is whole (its checkpoint is written right after).
        await Wait.UntilAsync(() => Directory.GetFiles(hostB.Path, "orders.plasmite.nats-import.*.json").Length > 0, TimeSpan.FromSeconds(90),
            () => $"exporter: {exporter.Stderr}\nimporter: {importer.Stderr}");
        using var ordersB = clientB.Orders();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var gotPlaced = new List<OrderPlaced>();
        await foreach (var m in ordersB.TailOrderPlaced(new TailOptions { SinceSeq = 1 }, cts.Token))
        {
            gotPlaced.Add(m.Data);
            Assert.Equal([OrderPlaced.PlasmiteKind, "shop", "extra"], m.Tags);
            if (gotPlaced.Count == placed.Count) break;
        }
        Assert.Equal(placed, gotPlaced);
        var gotCancelled = new List<OrderCancelled>();
        await foreach (var m in ordersB.TailOrderCancelled(new TailOptions { SinceSeq = 1 }, cts.Token))
        {
            gotCancelled.Add(m.Data);
            if (gotCancelled.Count == cancelled.Count) break;
        }
        Assert.Equal(cancelled, gotCancelled);

        // The pool-wide typed tail on B sees A's sequence of kinds, in A's order.
        var kindsA = new List<string>();
        await foreach (var m in ordersA.Tail(new TailOptions { MaxMessages = 60, Deadline = TimeSpan.FromSeconds(10) }, cts.Token)) kindsA.Add(m.Kind!);
        var kindsB = new List<string>();
        await foreach (var m in ordersB.Tail(new TailOptions { MaxMessages = 60, Deadline = TimeSpan.FromSeconds(10) }, cts.Token)) kindsB.Add(m.Kind!);
        Assert.Equal(60, kindsB.Count);
        Assert.Equal(kindsA, kindsB);
        Assert.Equal(0, exporter.Terminate());
        Assert.Equal(0, importer.Terminate());
    }
}
