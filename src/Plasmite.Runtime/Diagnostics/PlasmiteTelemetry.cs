// The one Meter and ActivitySource of Plasmite ("Plasmite"), its instruments, and the recording helpers the engine calls.
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Plasmite.Diagnostics;

/// <summary>
/// Names of Plasmite's telemetry sources: a <see cref="Meter"/> and an <see cref="ActivitySource"/>, both named
/// <see cref="MeterName"/> (<c>Plasmite</c>). Attach an exporter with e.g. OpenTelemetry's
/// <c>AddMeter(PlasmiteTelemetry.MeterName)</c> / <c>AddSource(PlasmiteTelemetry.ActivitySourceName)</c>; nothing
/// is recorded (and nothing costs more than a flag check) while nobody listens. Instruments and tags follow
/// OpenTelemetry's messaging semantic conventions (<c>messaging.system = plasmite</c>,
/// <c>messaging.destination.name</c> = the pool's file name without <c>.plasmite</c>); docs/hosting.md lists them.
/// </summary>
public static class PlasmiteTelemetry
{
    /// <summary>The <see cref="Meter"/> name: <c>Plasmite</c>.</summary>
    public const string MeterName = "Plasmite";

    /// <summary>The <see cref="ActivitySource"/> name: <c>Plasmite</c>.</summary>
    public const string ActivitySourceName = "Plasmite";

    internal const string System = "plasmite";

    private static readonly string? Version = typeof(PlasmiteTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The shared meter. Other Plasmite assemblies (server, consumers) create their instruments on it.</summary>
    internal static readonly Meter Meter = new(MeterName, Version);

    /// <summary>The shared activity source.</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName, Version);

    internal static readonly Counter<long> SentMessages = Meter.CreateCounter<long>(
        "messaging.client.sent.messages", "{message}", "Messages appended to a pool.");

    internal static readonly Counter<long> SentBytes = Meter.CreateCounter<long>(
        "plasmite.append.bytes", "By", "Stored (Lite3) bytes appended to a pool.");

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "messaging.client.operation.duration", "s", "Duration of appends and gets.");

    internal static readonly Counter<long> ConsumedMessages = Meter.CreateCounter<long>(
        "messaging.client.consumed.messages", "{message}", "Messages read by tails.");

    internal static readonly Histogram<long> TailLag = Meter.CreateHistogram<long>(
        "plasmite.tail.lag", "{message}", "Newest seq in the pool minus the last seq a tail delivered, at the end of each tail batch.");

    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "plasmite.errors", "{error}", "Failed operations by error.type (the ErrorKind, lowercase).");

    /// <summary>True when anything listens to appends (checked before any timing or tag building).</summary>
    internal static bool AppendObserved =>
        SentMessages.Enabled || SentBytes.Enabled || OperationDuration.Enabled || Errors.Enabled || Source.HasListeners();

    /// <summary>True when anything listens to gets.</summary>
    internal static bool GetObserved => OperationDuration.Enabled || Errors.Enabled || Source.HasListeners();

    /// <summary>True when anything listens to tail batches.</summary>
    internal static bool TailObserved => ConsumedMessages.Enabled || TailLag.Enabled || Source.HasListeners();

    /// <summary>The lowercase <c>error.type</c> of a kind (e.g. <c>not_found</c>).</summary>
    internal static string ErrorType(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => "not_found",
        ErrorKind.AlreadyExists => "already_exists",
        ErrorKind.RetentionGap => "retention_gap",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Starts an activity for one operation on <paramref name="destination"/>, or null when nobody listens.
    /// Span name as the conventions ask: "{operation} {destination}".</summary>
    internal static Activity? Start(string operation, string operationType, ActivityKind kind, string destination, DateTimeOffset startTime = default)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity(operation + " " + destination, kind, parentContext: default, startTime: startTime);
        if (activity is null) return null;
        activity.SetTag("messaging.system", System);
        activity.SetTag("messaging.destination.name", destination);
        activity.SetTag("messaging.operation.name", operation);
        activity.SetTag("messaging.operation.type", operationType);
        return activity;
    }

    /// <summary>Common tags of a metric point.</summary>
    internal static TagList Tags(string operation, string destination)
    {
        var tags = new TagList
        {
            { "messaging.system", System },
            { "messaging.destination.name", destination },
            { "messaging.operation.name", operation },
        };
        return tags;
    }

    /// <summary>Records a failed operation (metric and activity status). Returns false so it can sit in an exception filter.</summary>
    internal static bool Failed(Exception e, string operation, string destination, Activity? activity)
    {
        string type = e is PlasmiteException p ? ErrorType(p.Kind) : e.GetType().FullName ?? "error";
        if (Errors.Enabled)
        {
            var tags = Tags(operation, destination);
            tags.Add("error.type", type);
            Errors.Add(1, tags);
        }
        if (activity is not null)
        {
            activity.SetTag("error.type", type);
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
        }
        return false;
    }

    /// <summary>Records the end of an append of <paramref name="count"/> messages and <paramref name="bytes"/> bytes.</summary>
    internal static void Appended(string destination, long count, long bytes, long startTimestamp, ulong firstSeq, Activity? activity)
    {
        var tags = Tags("append", destination);
        if (SentMessages.Enabled) SentMessages.Add(count, tags);
        if (SentBytes.Enabled) SentBytes.Add(bytes, tags);
        if (OperationDuration.Enabled) OperationDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        if (activity is not null)
        {
            activity.SetTag("messaging.message.id", firstSeq.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            if (count != 1) activity.SetTag("messaging.batch.message_count", count);
        }
    }

    /// <summary>Records the end of a get.</summary>
    internal static void Got(string destination, long startTimestamp, ulong seq, bool found, Activity? activity)
    {
        if (OperationDuration.Enabled) OperationDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, Tags("get", destination));
        if (activity is not null)
        {
            activity.SetTag("messaging.message.id", seq.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            if (!found) activity.SetTag("plasmite.found", false);
        }
    }

    /// <summary>Records one tail batch (the messages a tail read between two waits): count, lag and a span covering it.</summary>
    internal static void TailBatch(string destination, long count, long lag, DateTimeOffset started, ulong lastSeq)
    {
        var tags = Tags("tail", destination);
        if (ConsumedMessages.Enabled) ConsumedMessages.Add(count, tags);
        if (TailLag.Enabled) TailLag.Record(lag, tags);
        using var activity = Start("tail", "receive", ActivityKind.Consumer, destination, started);
        if (activity is not null)
        {
            activity.SetTag("messaging.batch.message_count", count);
            activity.SetTag("messaging.message.id", lastSeq.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("plasmite.tail.lag", lag);
        }
    }
}
