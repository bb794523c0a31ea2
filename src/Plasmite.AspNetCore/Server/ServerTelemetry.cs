// Server request metrics on the shared "Plasmite" meter: plasmite.server.requests and plasmite.server.request.duration.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Plasmite.Diagnostics;

namespace Plasmite.AspNetCore.Server;

internal static class ServerTelemetry
{
    private static readonly Counter<long> Requests = PlasmiteTelemetry.Meter.CreateCounter<long>(
        "plasmite.server.requests", "{request}", "Requests answered by the Plasmite endpoints.");

    private static readonly Histogram<double> Duration = PlasmiteTelemetry.Meter.CreateHistogram<double>(
        "plasmite.server.request.duration", "s", "Duration of requests to the Plasmite endpoints (tails: until the stream ends).");

    public static bool Observed => Requests.Enabled || Duration.Enabled;

    public static void Request(HttpContext context, string route, long startTimestamp)
    {
        var tags = new TagList
        {
            { "http.request.method", context.Request.Method },
            { "http.route", route },
            { "http.response.status_code", context.Response.StatusCode },
        };
        Requests.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }
}
