// The `consume` verb: a consumer worker that handles a pool's messages and records each handled seq in its own log file.
// Usage: consume --dir D --pool P --name N --log FILE --until SEQ [--batch B] [--lease-ms L] [--no-dead-detect]
//                [--spin-us U] [--hang-after K] [--max-deliveries M]
// Log lines (one write(2) each, so a SIGKILL never leaves half a line): "start PID", "SEQ PID", "hang PID".
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Plasmite.Consumers;

internal static class ConsumeVerb
{
    public static async Task<int> RunAsync(string[] args)
    {
        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
            opts[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        string Get(string k) => opts.TryGetValue(k, out var v) ? v : throw new ArgumentException("missing --" + k);
        long GetLong(string k, long d) => opts.TryGetValue(k, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : d;

        ulong until = (ulong)GetLong("until", 0);
        long spinUs = GetLong("spin-us", 0);
        long hangAfter = GetLong("hang-after", 0);
        int pid = Environment.ProcessId;
        using var log = new FileStream(Get("log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        void Line(string text) => log.Write(Encoding.ASCII.GetBytes(text + "\n"));
        Line($"start {pid}");

        var options = new PlasmiteConsumerOptions
        {
            Directory = Get("dir"),
            Pool = Get("pool"),
            Name = Get("name"),
            BatchSize = (int)GetLong("batch", 16),
            LeaseDuration = TimeSpan.FromMilliseconds(GetLong("lease-ms", 30_000)),
            DetectDeadWorkers = !opts.ContainsKey("no-dead-detect"),
            PollInterval = TimeSpan.FromMilliseconds(10),
            MaxDeliveries = (int)GetLong("max-deliveries", 5),
        };
        using var consumer = new PlasmiteConsumer(options);
        using var cts = new CancellationTokenSource();
        long handled = 0;
        var watcher = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                if (until > 0 && consumer.CommittedSeq >= until) cts.Cancel();
                await Task.Delay(10).ConfigureAwait(false);
            }
        });
        await consumer.RunAsync(async (m, ct) =>
        {
            if (hangAfter > 0 && handled >= hangAfter)
            {
                Line($"hang {pid}");
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            if (spinUs > 0)
            {
                var sw = Stopwatch.StartNew();
                while (sw.Elapsed.TotalMicroseconds < spinUs) Thread.SpinWait(20);
            }
            Line($"{m.Seq.ToString(CultureInfo.InvariantCulture)} {pid}");
            handled++;
        }, cts.Token).ConfigureAwait(false);
        cts.Cancel();
        await watcher.ConfigureAwait(false);
        return 0;
    }
}
