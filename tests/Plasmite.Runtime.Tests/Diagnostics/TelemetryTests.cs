// The "Plasmite" Meter and ActivitySource observed with MeterListener / ActivityListener: appends, gets, tail batches, errors.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Plasmite.Diagnostics;
using Plasmite.Tests.Local;
using Plasmite.Tests.Support;

namespace Plasmite.Tests.Diagnostics;

// Listeners are process-wide: run alone so other tests' appends (and their 0-B assertions) are unaffected.
[Collection(nameof(ThreadPoolSensitive))]
[Trait("Category", "Unit")]
public class TelemetryTests
{
    private sealed record Point(string Instrument, double Value, Dictionary<string, object?> Tags);

    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _meters = new();
        private readonly ActivityListener _activities;
        private readonly string _destination;

        public Recorder(string destination)
        {
            _destination = destination;
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PlasmiteTelemetry.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _meters.Start();
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == PlasmiteTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (Equals(a.GetTagItem("messaging.destination.name"), _destination)) Activities.Add(a);
                },
            };
            ActivitySource.AddActivityListener(_activities);
        }

        public ConcurrentQueue<Point> Points { get; } = new();

        public ConcurrentBag<Activity> Activities { get; } = new();

        private void Add(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var d = new Dictionary<string, object?>();
            foreach (var t in tags) d[t.Key] = t.Value;
            if (Equals(d.GetValueOrDefault("messaging.destination.name"), _destination)) Points.Enqueue(new Point(i.Name, v, d));
        }

        public double Sum(string instrument, string? operation = null) =>
            Points.Where(p => p.Instrument == instrument && (operation is null || Equals(p.Tags["messaging.operation.name"], operation))).Sum(p => p.Value);

        public void Dispose()
        {
            _meters.Dispose();
            _activities.Dispose();
        }
    }

    [Fact]
    public void Appends_and_gets_record_counts_bytes_durations_and_spans()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("tele-append", 1 << 20);
        using var rec = new Recorder("tele-append");
        var r1 = pool.AppendJson("{\"a\":1}"u8, ["x"]);
        pool.AppendBatch([new ReadOnlyMemory<byte>("{\"b\":2}"u8.ToArray()), new ReadOnlyMemory<byte>("{\"c\":3}"u8.ToArray())]);
        Assert.NotNull(pool.Get(r1.Seq));
        Assert.Null(pool.TryGet(99));

        Assert.Equal(3, rec.Sum("messaging.client.sent.messages"));
        Assert.True(rec.Sum("plasmite.append.bytes") > 30);
        var durations = rec.Points.Where(p => p.Instrument == "messaging.client.operation.duration").ToList();
        Assert.Equal(2, durations.Count(p => Equals(p.Tags["messaging.operation.name"], "append")));
        Assert.Equal(2, durations.Count(p => Equals(p.Tags["messaging.operation.name"], "get")));
        Assert.All(durations, p => Assert.True(p.Value is >= 0 and < 60));
        Assert.All(rec.Points, p => Assert.Equal("plasmite", p.Tags["messaging.system"]));

        var appends = rec.Activities.Where(a => a.OperationName == "append tele-append").ToList();
        Assert.Equal(2, appends.Count);
        Assert.All(appends, a =>
        {
            Assert.Equal(ActivityKind.Producer, a.Kind);
            Assert.Equal("plasmite", a.GetTagItem("messaging.system"));
            Assert.Equal("send", a.GetTagItem("messaging.operation.type"));
        });
        Assert.Contains(appends, a => Equals(a.GetTagItem("messaging.message.id"), "1"));
        Assert.Contains(appends, a => Equals(a.GetTagItem("messaging.batch.message_count"), 2L));
        var gets = rec.Activities.Where(a => a.OperationName == "get tele-append").ToList();
        Assert.Equal(2, gets.Count);
        Assert.All(gets, a => Assert.Equal("receive", a.GetTagItem("messaging.operation.type")));
    }

    [Fact]
    public void Failed_appends_count_errors_by_kind()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("tele-error", 65_536);
        using var rec = new Recorder("tele-error");
        var big = new byte[70_000];
        var e = Assert.Throws<PlasmiteException>(() => pool.File.Append(big, 1));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        var error = Assert.Single(rec.Points, p => p.Instrument == "plasmite.errors");
        Assert.Equal(("usage", "append", 1.0), (error.Tags["error.type"], error.Tags["messaging.operation.name"], error.Value));
        var span = Assert.Single(rec.Activities);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("usage", span.GetTagItem("error.type"));
        Assert.Equal(0, rec.Sum("messaging.client.sent.messages"));
    }

    [Fact]
    public async Task Tail_batches_record_consumed_messages_lag_and_a_span()
    {
        using var dir = new TempDir();
        using var pool = new PlasmiteClient(dir.Path).CreatePool("tele-tail", 1 << 20);
        for (int i = 0; i < 5; i++) pool.AppendJson("{\"i\":1}"u8);
        using var rec = new Recorder("tele-tail");
        int n = 0;
        await foreach (var _ in pool.Tail(new TailOptions { SinceSeq = 1, MaxMessages = 10, Timeout = TimeSpan.FromMilliseconds(200) }))
        {
            // Newest is 5 while the first batch is read, so the batch ends with lag 0 after seq 5.
            n++;
        }
        Assert.Equal(5, n);
        Assert.Equal(5, rec.Sum("messaging.client.consumed.messages"));
        var lag = Assert.Single(rec.Points, p => p.Instrument == "plasmite.tail.lag");
        Assert.Equal(0, lag.Value);
        var span = Assert.Single(rec.Activities, a => a.OperationName == "tail tele-tail");
        Assert.Equal((ActivityKind.Consumer, 5L, "5"), (span.Kind, span.GetTagItem("messaging.batch.message_count"), span.GetTagItem("messaging.message.id")));
    }

    [Fact]
    public void Nothing_is_observed_without_listeners()
    {
        // The flags the engine checks before doing any telemetry work.
        if (PlasmiteTelemetry.Source.HasListeners()) return; // another listener in this process (not ours): nothing to assert
        Assert.False(PlasmiteTelemetry.AppendObserved);
        Assert.False(PlasmiteTelemetry.GetObserved);
        Assert.False(PlasmiteTelemetry.TailObserved);
    }
}
