// Every consumer instrument, created on the runtime's one shared Meter "Plasmite" (PlasmiteTelemetry.Meter).
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Plasmite.Consumers.Diagnostics;

/// <summary>
/// Consumer metrics. Tags follow OpenTelemetry's messaging conventions: <c>messaging.system</c> = <c>plasmite</c>,
/// <c>messaging.destination.name</c> = the pool, <c>messaging.consumer.group.name</c> = the consumer name.
/// </summary>
internal static class ConsumerMetrics
{
    /// <summary>The Meter's name, shared with the runtime's instruments.</summary>
    public const string MeterName = global::Plasmite.Diagnostics.PlasmiteTelemetry.MeterName;

    internal static readonly Meter Meter = global::Plasmite.Diagnostics.PlasmiteTelemetry.Meter;

    /// <summary>Messages finished, tagged <c>plasmite.consumer.outcome</c>: handled, ignored (decode returned null),
    /// skipped (poison, skipped), dead_lettered, lost (dropped by the ring before handling).</summary>
    internal static readonly Counter<long> Messages = Meter.CreateCounter<long>("plasmite.consumer.messages", "{message}",
        "Messages a consumer finished, by outcome");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("plasmite.consumer.retries", "{attempt}",
        "Handler calls that failed and were retried");

    internal static readonly Counter<long> Redeliveries = Meter.CreateCounter<long>("plasmite.consumer.redeliveries", "{message}",
        "Claims taken over from a worker whose lease expired or that died");

    internal static readonly Counter<long> RetentionGap = Meter.CreateCounter<long>("plasmite.consumer.retention_gap", "{message}",
        "Messages dropped by the pool's ring before the consumer handled them");

    internal static readonly Histogram<double> HandleDuration = Meter.CreateHistogram<double>("plasmite.consumer.handle.duration", "s",
        "Time spent in the handler per message, retries included");

    internal static TagList Tags(string pool, string consumer) => new()
    {
        { "messaging.system", "plasmite" },
        { "messaging.destination.name", pool },
        { "messaging.consumer.group.name", consumer },
    };

    internal static TagList WithOutcome(TagList tags, string outcome)
    {
        var t = tags;
        t.Add("plasmite.consumer.outcome", outcome);
        return t;
    }
}
