// Telemetry without a dependency: one Meter named after the library (attach exporters to "Plasmite.Nats").
using System.Diagnostics.Metrics;

namespace Plasmite.Nats;

internal static class BridgeMetrics
{
    public const string MeterName = "Plasmite.Nats";

    private static readonly Meter Meter = new(MeterName, "0.1.0");

    /// <summary>Messages acknowledged by JetStream (tags: messaging.destination.name).</summary>
    public static readonly Counter<long> Exported = Meter.CreateCounter<long>("plasmite.nats.exported", "{message}",
        "Pool messages acknowledged by JetStream");

    /// <summary>Messages lost to the pool's retention before the exporter read them.</summary>
    public static readonly Counter<long> GapMessages = Meter.CreateCounter<long>("plasmite.nats.retention_gap.messages", "{message}",
        "Messages dropped by the pool before they were exported");

    /// <summary>Retention gaps seen (each is a contiguous seq range).</summary>
    public static readonly Counter<long> Gaps = Meter.CreateCounter<long>("plasmite.nats.retention_gaps", "{gap}",
        "Retention gaps seen by the exporter");

    /// <summary>Times the exporter or importer re-synchronised with the stream (after errors, reconnects, reorders).</summary>
    public static readonly Counter<long> Resyncs = Meter.CreateCounter<long>("plasmite.nats.resyncs", "{resync}",
        "Re-synchronisations with the stream");

    /// <summary>Stream messages appended to the local pool.</summary>
    public static readonly Counter<long> Imported = Meter.CreateCounter<long>("plasmite.nats.imported", "{message}",
        "Stream messages appended to the local pool");

    /// <summary>Stream messages the importer skipped because they were not valid pool messages.</summary>
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("plasmite.nats.rejected", "{message}",
        "Stream messages that were not valid pool messages");

    public static KeyValuePair<string, object?> Destination(string stream) => new("messaging.destination.name", stream);
}
