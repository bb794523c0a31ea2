// The consumer instruments on the "Plasmite" Meter report outcomes, retries and retention gaps with messaging tags.
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Plasmite.Consumers.Tests;

[Trait("Category", "Unit")]
public class MetricsTests
{
    [Fact]
    public async Task Outcomes_retries_and_gaps_are_counted_with_messaging_tags()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 1, size: 64 * 1024);
        string name = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == "Plasmite") l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<long>((inst, value, tags, _) =>
        {
            string? group = null, outcome = null, system = null;
            foreach (var t in tags)
            {
                if (t.Key == "messaging.consumer.group.name") group = t.Value as string;
                if (t.Key == "plasmite.consumer.outcome") outcome = t.Value as string;
                if (t.Key == "messaging.system") system = t.Value as string;
            }
            if (group != name || system != "plasmite") return;
            totals.AddOrUpdate(inst.Name + (outcome is null ? "" : "/" + outcome), value, (_, v) => v + value);
        });
        listener.Start();
        var o = new PlasmiteConsumerOptions
        {
            Directory = d.Path, Pool = "p", Name = name, PollInterval = TimeSpan.FromMilliseconds(5),
            MaxAttempts = 2, RetryDelay = TimeSpan.Zero,
        };
        using (var c = new PlasmiteConsumer(o))
            await Pools.RunUntil(c, 1, (_, _) => throw new InvalidOperationException("poison"));
        using (var client = new PlasmiteClient(d.Path))
        using (var p = client.OpenPool("p"))
            Pools.Append(p, 3000);
        using (var c = new PlasmiteConsumer(o))
            await Pools.RunUntil(c, 3001, (_, _) => ValueTask.CompletedTask);
        Assert.Equal(1, totals["plasmite.consumer.messages/skipped"]);
        Assert.Equal(1, totals["plasmite.consumer.retries"]);
        Assert.True(totals["plasmite.consumer.retention_gap"] > 100);
        Assert.Equal(totals["plasmite.consumer.retention_gap"], totals["plasmite.consumer.messages/lost"]);
        Assert.Equal(3000 - totals["plasmite.consumer.retention_gap"], totals["plasmite.consumer.messages/handled"]);
    }
}
