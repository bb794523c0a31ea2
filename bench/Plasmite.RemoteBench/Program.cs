// Remote benchmark: appends (sync, async, concurrent) and tails (catch-up and live latency) over loopback HTTP.
// Usage: dotnet run -c Release --project bench/Plasmite.RemoteBench [-- --quick] [--vs-redis]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Plasmite;
using Plasmite.Cli.Server;
using Plasmite.Remote;

bool quick = args.Contains("--quick");
bool vsRedis = args.Contains("--vs-redis");
int appends = quick ? 2_000 : 10_000;
int tailCount = quick ? 10_000 : 50_000;
int latencySamples = quick ? 50 : 200;
string dir = Path.Combine(Path.GetTempPath(), "plasmite-remote-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
try
{
    await using var server = await ServerHost.StartAsync(new ServerOptions { PoolDirectory = dir, Bind = "127.0.0.1:0", ReadyFile = null });
    using var client = new RemoteClient(server.BaseUrl);
    byte[] payload = Encoding.UTF8.GetBytes("{\"host\":\"web-1\",\"level\":\"info\",\"msg\":\"request served\",\"ms\":12.5,\"status\":200}");
    Console.WriteLine($"payload {payload.Length} B; server {server.BaseUrl}; {Environment.ProcessorCount} CPUs");
    Console.WriteLine("| benchmark | messages | seconds | msg/s | notes |");
    Console.WriteLine("|---|---:|---:|---:|---|");

    var pool = client.CreatePool("bench", 64UL << 20);
    for (int i = 0; i < 200; i++) pool.AppendJson(payload); // warm-up
    var sw = Stopwatch.StartNew();
    var lat = new double[appends];
    for (int i = 0; i < appends; i++)
    {
        long t0 = Stopwatch.GetTimestamp();
        pool.AppendJson(payload, ["bench"]);
        lat[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }
    Row("append, sync, 1 client", appends, sw.Elapsed, $"p50 {P(lat, 50)} ms, p99 {P(lat, 99)} ms");

    sw.Restart();
    for (int i = 0; i < appends; i++) await pool.AppendJsonAsync(payload, ["bench"]);
    Row("append, async, 1 client", appends, sw.Elapsed, "");

    const int Writers = 4;
    sw.Restart();
    await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
    {
        for (int i = 0; i < appends / Writers; i++) await pool.AppendJsonAsync(payload, ["bench"]);
    })));
    Row($"append, async, {Writers} concurrent", appends / Writers * Writers, sw.Elapsed, "one HttpClient, pooled connections");

    const int BatchSize = 100;
    var batch = Enumerable.Repeat((ReadOnlyMemory<byte>)payload, BatchSize).ToArray();
    var batchPool = client.CreatePool("batch", 256UL << 20);
    batchPool.AppendBatch(batch, ["bench"]); // warm-up
    int batches = quick ? 100 : 500;
    sw.Restart();
    for (int i = 0; i < batches; i++) await batchPool.AppendBatchAsync(batch, ["bench"]);
    Row($"append_batch ({BatchSize} per request), 1 client", batches * BatchSize, sw.Elapsed, "extension endpoint");

    var tailPool = client.CreatePool("tail", 256UL << 20);
    using (var local = new PlasmiteClient(dir))
    using (var lp = local.OpenPool("tail"))
        for (int i = 0; i < tailCount; i++) lp.AppendJson(payload, ["bench"]);
    sw.Restart();
    long bytes = 0;
    int got = 0;
    await foreach (var m in tailPool.Tail(new TailOptions { SinceSeq = 1, MaxMessages = (ulong)tailCount, Timeout = TimeSpan.FromSeconds(30) }))
    {
        bytes += m.Raw.Length + 1;
        got++;
    }
    Row("tail (JSON Lines), catch-up", got, sw.Elapsed, $"{bytes / sw.Elapsed.TotalSeconds / 1e6:F1} MB/s of envelopes, through RemotePool.Tail");

    // The same stream read raw (bytes and newlines counted, as curl would): the server's side of a catch-up.
    using (var raw = new HttpClient { BaseAddress = server.BaseUrl })
    {
        sw.Restart();
        using var response = await raw.GetAsync($"v0/pools/tail/tail?since_seq=1&max={tailCount}&timeout_ms=30000", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var chunk = new byte[64 * 1024];
        int lines = 0, n;
        long rawBytes = 0;
        while ((n = await body.ReadAsync(chunk)) > 0)
        {
            rawBytes += n;
            lines += chunk.AsSpan(0, n).Count((byte)'\n');
        }
        Row("tail (JSON Lines), catch-up, raw read", lines, sw.Elapsed, $"{rawBytes / sw.Elapsed.TotalSeconds / 1e6:F1} MB/s; server side only");
    }

    var live = client.CreatePool("live");
    var latencies = new List<double>();
    var sent = new long[latencySamples + 1];
    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
    var reader = Task.Run(async () =>
    {
        await foreach (var m in live.Tail(new TailOptions { MaxMessages = (ulong)latencySamples, Timeout = TimeSpan.FromSeconds(30) }, cts.Token))
            latencies.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref sent[m.Seq])).TotalMilliseconds);
    });
    await Task.Delay(300);
    using (var local = new PlasmiteClient(dir))
    using (var lp = local.OpenPool("live"))
    {
        for (int i = 1; i <= latencySamples; i++)
        {
            Volatile.Write(ref sent[i], Stopwatch.GetTimestamp());
            lp.AppendJson(payload);
            await Task.Delay(5);
        }
    }
    await reader;
    var arr = latencies.ToArray();
    Console.WriteLine($"| tail, live latency (local append → remote line) | {arr.Length} | | | p50 {P(arr, 50)} ms, p99 {P(arr, 99)} ms |");
    if (vsRedis) RunRedis(appends);
}
finally
{
    try { Directory.Delete(dir, true); } catch (IOException) { }
}

// Opt-in: redis-benchmark XADD (1 and 4 clients) against a throwaway redis-server on a free port, when both are installed.
static void RunRedis(int requests)
{
    string? server = Which("redis-server"), bench = Which("redis-benchmark");
    if (server is null || bench is null)
    {
        Console.WriteLine("--vs-redis: redis-server / redis-benchmark not installed; skipped");
        return;
    }
    var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    probe.Start();
    int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
    using var redis = Process.Start(new ProcessStartInfo(server, $"--port {port} --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
    try
    {
        Thread.Sleep(500);
        foreach (int clients in new[] { 1, 4 })
        {
            var psi = new ProcessStartInfo(bench, $"-p {port} -c {clients} -n {requests} -q XADD bench * host web-1 level info msg served ms 12.5")
            { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Console.WriteLine($"| redis XADD, {clients} client(s) | {requests} | | | {output.Trim().Replace('\r', ' ').Split('\n')[^1]} |");
        }
    }
    finally
    {
        redis.Kill();
    }
}

static string? Which(string name) =>
    (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

static void Row(string name, int n, TimeSpan t, string notes) =>
    Console.WriteLine($"| {name} | {n} | {t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} | {(n / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture)} | {notes} |");

static string P(double[] values, int pct)
{
    if (values.Length == 0) return "n/a";
    var sorted = values.Order().ToArray();
    return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * pct / 100.0))].ToString("F2", CultureInfo.InvariantCulture);
}
