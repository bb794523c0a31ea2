// NATS bridge benchmarks (docs/benchmarks.md, NATS bridge section): starts nats-server -js on a free loopback port,
// measures export throughput per in-flight window, then A-append → B-visible latency through exporter + importer.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Plasmite;
using Plasmite.Nats;

int messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
int latencySeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
string root = Path.Combine(Path.GetTempPath(), "plasmite-natsbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(root);
int port = FreePort();
using var server = Process.Start(new ProcessStartInfo("nats-server", ["-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", Path.Combine(root, "js")])
{
    RedirectStandardError = true,
    RedirectStandardOutput = true,
})!;
try
{
    WaitForPort(port);
    var nats = new NatsBridgeOptions { Url = $"nats://127.0.0.1:{port}" };
    var data = Encoding.UTF8.GetBytes("{\"user\":\"alice\",\"n\":12345,\"score\":0.75,\"tags\":[\"a\",\"b\"],\"text\":\"" + new string('x', 120) + "\"}");
    foreach (int window in new[] { 1, 64, 256, 1024 })
        await ExportThroughput(window, window == 1 ? Math.Min(messages, 5_000) : messages);
    await Latency();

    async Task ExportThroughput(int window, int count)
    {
        using var client = new PlasmiteClient(Path.Combine(root, "w" + window));
        using var pool = client.CreatePool("t", 256UL << 20);
        for (int i = 0; i < count; i++) pool.AppendJson(data, ["bench"]);
        var exporter = new PoolExporter(pool.Path, new PoolExportOptions { Nats = nats, CreateStream = true, Stream = "bench-w" + window, Subject = "bench.w" + window, MaxInFlight = window });
        using var cts = new CancellationTokenSource();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var run = Task.Run(() => exporter.RunAsync(cts.Token));
        while (exporter.LastAckedSeq < (ulong)count && !run.IsCompleted) await Task.Delay(1);
        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        await cts.CancelAsync();
        await run;
        Print($"{{\"scenario\":\"nats_export\",\"max_in_flight\":{window},\"messages\":{count},\"payload_bytes\":{data.Length},"
            + $"\"msgs_per_sec\":{count / sw.Elapsed.TotalSeconds:F0},\"exporter_cpu_ms\":{cpu.TotalMilliseconds:F0}}}");
    }

    async Task Latency()
    {
        using var clientA = new PlasmiteClient(Path.Combine(root, "hostA"));
        using var clientB = new PlasmiteClient(Path.Combine(root, "hostB"));
        using var a = clientA.CreatePool("lat", 64UL << 20);
        using var b = clientB.CreatePool("lat", 64UL << 20);
        var streamReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exporter = new PoolExporter(a.Path, new PoolExportOptions
        {
            Nats = nats, CreateStream = true, Stream = "bench-lat", Subject = "bench.lat", Positioned = _ => streamReady.TrySetResult(),
        });
        var importer = new PoolImporter(b.Path, new PoolImportOptions { Nats = nats, Stream = "bench-lat" });
        using var cts = new CancellationTokenSource();
        var exporting = Task.Run(() => exporter.RunAsync(cts.Token));
        await streamReady.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var runs = new[] { exporting, Task.Run(() => importer.RunAsync(cts.Token)) };
        int rate = 500, total = rate * latencySeconds;
        var latencies = new List<double>(total);
        var reader = Task.Run(async () =>
        {
            await foreach (var m in b.Tail(new TailOptions { SinceSeq = 1, MaxMessages = (ulong)total, Timeout = TimeSpan.FromSeconds(30), Deadline = TimeSpan.FromSeconds(latencySeconds + 60) }))
            {
                long sent = m.Data.GetProperty("t").GetInt64();
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
            }
        });
        var pace = Stopwatch.StartNew();
        for (int i = 0; i < total; i++)
        {
            while (pace.Elapsed.TotalSeconds * rate < i) Thread.Sleep(1);
            a.AppendJson(Encoding.UTF8.GetBytes($"{{\"t\":{Stopwatch.GetTimestamp()},\"i\":{i}}}"), ["lat"]);
        }
        await reader;
        await cts.CancelAsync();
        await Task.WhenAll(runs);
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, q * latencies.Count)];
        Print($"{{\"scenario\":\"nats_a_to_b_latency\",\"rate_per_sec\":{rate},\"messages\":{latencies.Count},\"max_in_flight\":256,\"import_batch\":256,"
            + $"\"p50_us\":{P(0.50):F0},\"p99_us\":{P(0.99):F0},\"max_us\":{P(1.0):F0}}}");
    }
}
finally
{
    server.Kill();
    server.WaitForExit();
    Directory.Delete(root, true);
}
return 0;

static void Print(string line) => Console.WriteLine(line);

static int FreePort()
{
    var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    int p = ((IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return p;
}

static void WaitForPort(int port)
{
    for (int i = 0; i < 300; i++)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            Thread.Sleep(50);
        }
    }
    throw new TimeoutException("nats-server did not start");
}
