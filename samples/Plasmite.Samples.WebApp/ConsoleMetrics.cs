// Prints Plasmite's metrics (the "Plasmite" Meter) to the console every few seconds; an exporter such as
// OpenTelemetry's would subscribe to the same meter name instead.
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Plasmite.Diagnostics;

namespace Plasmite.Samples.WebApp;

internal sealed class ConsoleMetrics : BackgroundService
{
    private readonly ConcurrentDictionary<string, double> _totals = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlasmiteTelemetry.MeterName && instrument is Counter<long>) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, t) => t + value));
        listener.Start();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var (name, total) in _totals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    Console.WriteLine($"metric {name} = {total}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
