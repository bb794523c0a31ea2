// Remote benchmark: appends (RemoteClient, wrk, batch), tails (catch-up, Lite3, live latency), h2/h2c, Redis XADD.
// Usage: dotnet run -c Release --project bench/Plasmite.RemoteBench [-- --quick] [--vs-redis] [--h2] [--no-wrk]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Plasmite;
using Plasmite.AspNetCore;
using Plasmite.Cli.Server;
using Plasmite.Remote;

bool quick = args.Contains("--quick");
bool vsRedis = args.Contains("--vs-redis");
bool h2 = args.Contains("--h2");
bool useWrk = !args.Contains("--no-wrk") && Bench.Which("wrk") is not null;
int appends = quick ? 2_000 : 10_000;
int tailCount = quick ? 10_000 : 50_000;
int latencySamples = quick ? 50 : 200;
int wrkSeconds = quick ? 2 : 5;
string dir = Path.Combine(Path.GetTempPath(), "plasmite-remote-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
byte[] payload = Encoding.UTF8.GetBytes("{\"host\":\"web-1\",\"level\":\"info\",\"msg\":\"request served\",\"ms\":12.5,\"status\":200}");
byte[] appendBody = Encoding.UTF8.GetBytes("{\"data\":" + Encoding.UTF8.GetString(payload) + ",\"tags\":[\"bench\"]}");
var figures = new Dictionary<string, double>();
try
{
    await using var server = await ServerHost.StartAsync(new ServerOptions { PoolDirectory = dir, Bind = "127.0.0.1:0", ReadyFile = null });
    using var client = new RemoteClient(server.BaseUrl);
    Console.WriteLine($"payload {payload.Length} B; server {server.BaseUrl}; {Environment.ProcessorCount} CPUs; .NET {Environment.Version}; " +
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load at start {Bench.Load()}");
    Console.WriteLine("Each case runs once untimed first (JIT, connections, page faults); load = `uptime` 1/5/15-min averages after the case.");
    Console.WriteLine("| benchmark | messages | seconds | msg/s | load (1/5/15) | notes |");
    Console.WriteLine("|---|---:|---:|---:|---|---|");

    var pool = client.CreatePool("bench", 256UL << 20);
    for (int i = 0; i < 2000; i++) await pool.AppendJsonAsync(payload, ["bench"]); // warm-up
    for (int i = 0; i < 500; i++) pool.AppendJson(payload, ["bench"]);
    var sw = Stopwatch.StartNew();
    var lat = new double[appends];
    for (int i = 0; i < appends; i++)
    {
        long t0 = Stopwatch.GetTimestamp();
        pool.AppendJson(payload, ["bench"]);
        lat[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }
    Bench.Row("append, sync, 1 client", appends, sw.Elapsed, $"p50 {Bench.P(lat, 50)} ms, p99 {Bench.P(lat, 99)} ms");

    sw.Restart();
    for (int i = 0; i < appends; i++) await pool.AppendJsonAsync(payload, ["bench"]);
    figures["client1"] = Bench.Row("append, async, 1 client", appends, sw.Elapsed, "RemoteClient");

    figures["client4"] = await Bench.Concurrent("append, async, 4 concurrent", pool, payload, 4, appends, "one RemoteClient, pooled HTTP/1.1 connections");

    if (useWrk)
    {
        string script = Bench.WrkScript(appendBody);
        string url = server.BaseUrl + "v0/pools/bench/append";
        Bench.Wrk(script, url, 2, 1); // warm-up
        foreach (int c in new[] { 1, 4 })
        {
            var r = Bench.Wrk(script, url, c, wrkSeconds);
            figures["wrk" + c] = r.Rps;
            Bench.RowRate($"append, wrk, {c} connection{(c > 1 ? "s" : "")}", r.Requests, r.Rps,
                $"p50 {r.P50}; server {r.CpuUsPerRequest:F1} µs CPU and {r.AllocPerRequest:N0} B allocated per request; " +
                $"RemoteClient/wrk = {figures["client" + c] / r.Rps:F2}");
        }
    }
    else
    {
        Console.WriteLine("| append, wrk | | | | | skipped: wrk not installed (`apt-get install wrk`) or --no-wrk |");
    }

    const int BatchSize = 100;
    var batch = Enumerable.Repeat((ReadOnlyMemory<byte>)payload, BatchSize).ToArray();
    var batchPool = client.CreatePool("batch", 512UL << 20);
    for (int i = 0; i < 20; i++) await batchPool.AppendBatchAsync(batch, ["bench"]); // warm-up
    int batches = quick ? 100 : 500;
    sw.Restart();
    for (int i = 0; i < batches; i++) await batchPool.AppendBatchAsync(batch, ["bench"]);
    Bench.Row($"append_batch ({BatchSize} per request), 1 client", batches * BatchSize, sw.Elapsed, "extension endpoint");
    sw.Restart();
    await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
    {
        for (int i = 0; i < batches / 2; i++) await batchPool.AppendBatchAsync(batch, ["bench"]);
    })));
    Bench.Row($"append_batch ({BatchSize} per request), 2 concurrent", batches / 2 * 2 * BatchSize, sw.Elapsed, "extension endpoint");
    if (useWrk)
    {
        // The server's side of batching: wrk posts the same 100-line body (the client's receipts parsing not included).
        string line = Encoding.UTF8.GetString(appendBody).TrimEnd('}') + ",\"durability\":\"fast\"}";
        string body = string.Concat(Enumerable.Repeat(line + "\n", BatchSize));
        string script = Bench.WrkScript(Encoding.UTF8.GetBytes(body), "application/jsonl");
        string url = server.BaseUrl + "v0/pools/batch/append_batch";
        Bench.Wrk(script, url, 1, 1); // warm-up
        foreach (int c in new[] { 1, 2 })
        {
            var r = Bench.Wrk(script, url, c, wrkSeconds);
            Bench.RowRate($"append_batch ({BatchSize} per request), wrk, {c} connection{(c > 1 ? "s" : "")}", r.Requests * BatchSize, r.Rps * BatchSize,
                $"{r.Rps:N0} requests/s, p50 {r.P50}; server {r.CpuUsPerRequest / BatchSize:F2} µs CPU and {r.AllocPerRequest / BatchSize:N0} B allocated per message");
        }
    }

    var tailPool = client.CreatePool("tail", 256UL << 20);
    using (var local = new PlasmiteClient(dir))
    using (var lp = local.OpenPool("tail"))
        for (int i = 0; i < tailCount; i++) lp.AppendJson(payload, ["bench"]);
    var tailOptions = new TailOptions { SinceSeq = 1, MaxMessages = (ulong)tailCount, Timeout = TimeSpan.FromSeconds(30) };
    await Bench.TailAsync(tailPool, tailOptions); // warm-up
    long a0 = GC.GetTotalAllocatedBytes(true);
    sw.Restart();
    var (got, bytes) = await Bench.TailAsync(tailPool, tailOptions);
    Bench.Row("tail (JSON Lines), catch-up, RemotePool.Tail", got, sw.Elapsed,
        $"{bytes / sw.Elapsed.TotalSeconds / 1e6:F1} MB/s of envelopes; {(GC.GetTotalAllocatedBytes(true) - a0) / Math.Max(1, got):N0} B allocated per message (client + server)");

    // The same stream read raw (bytes and newlines counted, as curl would): the server's side of a catch-up.
    using (var raw = new HttpClient { BaseAddress = server.BaseUrl })
    {
        string tailUrl = $"v0/pools/tail/tail?since_seq=1&max={tailCount}&timeout_ms=30000";
        await Bench.RawAsync(raw, tailUrl); // warm-up
        sw.Restart();
        var (lines, rawBytes) = await Bench.RawAsync(raw, tailUrl);
        Bench.Row("tail (JSON Lines), catch-up, raw read", lines, sw.Elapsed, $"{rawBytes / sw.Elapsed.TotalSeconds / 1e6:F1} MB/s; server side only");
    }

    await foreach (var _ in tailPool.TailLite3(tailOptions)) { } // warm-up
    sw.Restart();
    int frames = 0;
    await foreach (var f in tailPool.TailLite3(tailOptions)) frames++;
    Bench.Row("tail (Lite3 frames), catch-up, RemotePool.TailLite3", frames, sw.Elapsed, "stored documents, no JSON");

    if (Bench.Which("curl") is { } curl)
    {
        string curlUrl = server.BaseUrl + $"v0/pools/tail/tail?since_seq=1&max={tailCount}&timeout_ms=30000";
        Bench.Curl(curl, curlUrl); // warm-up
        var t = Bench.Curl(curl, curlUrl);
        Bench.Row("tail (JSON Lines), catch-up, curl", tailCount, t, "separate process, output to /dev/null");
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
    Console.WriteLine($"| tail, live latency (local append → remote line) | {arr.Length} | | | {Bench.Load()} | p50 {Bench.P(arr, 50)} ms, p99 {Bench.P(arr, 99)} ms |");

    if (h2) await Bench.Http2Async(dir, payload, appends);
    if (vsRedis) Bench.Redis(appends * 2, figures);
}
finally
{
    try { Directory.Delete(dir, true); } catch (IOException) { }
}

/// <summary>The cases' helpers: rows, tails, wrk, curl, h2/h2c hosts, redis-benchmark.</summary>
internal static class Bench
{
    public static string Load()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static double Row(string name, long n, TimeSpan t, string notes) => RowRate(name, n, n / t.TotalSeconds, notes, t);

    public static double RowRate(string name, long n, double rate, string notes, TimeSpan? t = null)
    {
        string seconds = t is { } s ? s.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "";
        Console.WriteLine($"| {name} | {n} | {seconds} | {rate.ToString("N0", CultureInfo.InvariantCulture)} | {Load()} | {notes} |");
        return rate;
    }

    public static string P(double[] values, int pct)
    {
        if (values.Length == 0) return "n/a";
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * pct / 100.0))].ToString("F2", CultureInfo.InvariantCulture);
    }

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    // name null: a warm-up, not printed.
    public static async Task<double> Concurrent(string? name, RemotePool pool, byte[] payload, int writers, int total, string notes)
    {
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < total / writers; i++) await pool.AppendJsonAsync(payload, ["bench"]);
        })));
        return name is null ? 0 : Row(name, total / writers * writers, sw.Elapsed, notes);
    }

    public static async Task<(int Count, long Bytes)> TailAsync(RemotePool pool, TailOptions options)
    {
        int got = 0;
        long bytes = 0;
        await foreach (var m in pool.Tail(options))
        {
            bytes += m.Raw.Length + 1;
            got++;
        }
        return (got, bytes);
    }

    public static async Task<(int Lines, long Bytes)> RawAsync(HttpClient raw, string url)
    {
        using var response = await raw.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var chunk = new byte[64 * 1024];
        int lines = 0, n;
        long bytes = 0;
        while ((n = await body.ReadAsync(chunk)) > 0)
        {
            bytes += n;
            lines += chunk.AsSpan(0, n).Count((byte)'\n');
        }
        return (lines, bytes);
    }

    public static TimeSpan Curl(string curl, string url)
    {
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(new ProcessStartInfo(curl, $"-s -o /dev/null \"{url}\"") { UseShellExecute = false })!;
        p.WaitForExit();
        return sw.Elapsed;
    }

    public static string WrkScript(byte[] body, string contentType = "application/json")
    {
        string path = Path.Combine(Path.GetTempPath(), $"plasmite-bench-{Environment.ProcessId}-{contentType.Length}.lua");
        string escaped = Encoding.UTF8.GetString(body).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
        File.WriteAllText(path, $"wrk.method = \"POST\"\nwrk.body = '{escaped}'\nwrk.headers[\"Content-Type\"] = \"{contentType}\"\n");
        return path;
    }

    public sealed record WrkResult(long Requests, double Rps, string P50, double CpuUsPerRequest, double AllocPerRequest);

    // wrk drives the in-process server; this process does nothing else meanwhile, so its CPU time and allocations are the server's.
    public static WrkResult Wrk(string script, string url, int connections, int seconds)
    {
        var me = Process.GetCurrentProcess();
        var cpu0 = me.TotalProcessorTime;
        long a0 = GC.GetTotalAllocatedBytes(true);
        var psi = new ProcessStartInfo("wrk", $"-t{Math.Min(connections, 2)} -c{connections} -d{seconds}s --latency -s {script} {url}")
        { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        me.Refresh();
        double cpu = (me.TotalProcessorTime - cpu0).TotalMilliseconds * 1000;
        long alloc = GC.GetTotalAllocatedBytes(true) - a0;
        var lines = output.Split('\n').Select(l => l.Trim()).ToArray();
        long requests = long.Parse(lines.First(l => l.Contains("requests in", StringComparison.Ordinal)).Split(' ')[0], CultureInfo.InvariantCulture);
        double rps = double.Parse(lines.First(l => l.StartsWith("Requests/sec", StringComparison.Ordinal)).Split(':')[1].Trim(), CultureInfo.InvariantCulture);
        string p50 = lines.FirstOrDefault(l => l.StartsWith("50%", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] ?? "n/a";
        return new WrkResult(requests, rps, p50, cpu / Math.Max(1, requests), (double)alloc / Math.Max(1, requests));
    }

    /// <summary>h2 over TLS (plasmite serve --tls-self-signed) and h2c (a Kestrel host of MapPlasmite listening for
    /// HTTP/2 only), each against HTTP/1.1 on the same kind of server, with 4 and 16 concurrent small appends.</summary>
    public static async Task Http2Async(string dir, byte[] payload, int total)
    {
        string tlsDir = Path.Combine(dir, "tls");
        Directory.CreateDirectory(tlsDir);
        await using (var tls = await ServerHost.StartAsync(new ServerOptions { PoolDirectory = tlsDir, Bind = "127.0.0.1:0", ReadyFile = null, TlsSelfSigned = true }))
        {
            foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
            {
                using var http = new HttpClient(new SocketsHttpHandler
                {
                    SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // bench only: the in-memory self-signed cert
                    EnableMultipleHttp2Connections = false,
                });
                using var c = new RemoteClient(tls.BaseUrl, httpClient: http) { RequestVersion = version, RequestVersionPolicy = HttpVersionPolicy.RequestVersionExact };
                var pool = await c.PoolAsync("h2-" + version.Major, 256UL << 20);
                await Concurrent(null, pool, payload, 4, 1000, "");
                foreach (int writers in new[] { 1, 4, 16 })
                    await Concurrent($"append, TLS, HTTP/{version}, {writers} concurrent", pool, payload, writers, total,
                        version.Major == 2 ? "one connection, multiplexed streams" : "pooled connections");
            }
        }

        string h2cDir = Path.Combine(dir, "h2c");
        Directory.CreateDirectory(h2cDir);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
        });
        await using var app = builder.Build();
        app.MapPlasmite("", o => o.PoolDirectory = h2cDir);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        var h2cUrl = new Uri(addresses[0] + "/");
        var h1Url = new Uri(addresses[1] + "/");
        foreach (var (url, version) in new[] { (h1Url, HttpVersion.Version11), (h2cUrl, HttpVersion.Version20) })
        {
            using var c = new RemoteClient(url) { RequestVersion = version, RequestVersionPolicy = HttpVersionPolicy.RequestVersionExact };
            var pool = await c.PoolAsync("p" + version.Major, 256UL << 20);
            await Concurrent(null, pool, payload, 4, 1000, "");
            foreach (int writers in new[] { 1, 4, 16 })
                await Concurrent($"append, cleartext, {(version.Major == 2 ? "h2c" : "HTTP/1.1")}, {writers} concurrent", pool, payload, writers, total,
                    version.Major == 2 ? "one connection, multiplexed streams" : "pooled connections");
        }
        if (Which("h2load") is { } h2load)
        {
            string body = Path.Combine(dir, "append-body.json");
            await File.WriteAllTextAsync(body, "{\"data\":" + Encoding.UTF8.GetString(payload) + ",\"tags\":[\"bench\"]}");
            foreach (var (conns, streams) in new[] { (1, 1), (4, 1), (1, 16) })
            {
                var psi = new ProcessStartInfo(h2load, $"-n {total * 2} -c {conns} -m {streams} -d {body} -H \"content-type: application/json\" {h2cUrl}v0/pools/p2/append")
                { RedirectStandardOutput = true };
                using var p = Process.Start(psi)!;
                string output = await p.StandardOutput.ReadToEndAsync();
                await p.WaitForExitAsync();
                string line = output.Split('\n').FirstOrDefault(l => l.StartsWith("finished in", StringComparison.Ordinal))?.Trim() ?? "n/a";
                string status = output.Split('\n').FirstOrDefault(l => l.StartsWith("status codes", StringComparison.Ordinal))?.Trim() ?? "";
                Console.WriteLine($"| append, h2c, h2load, {conns} connection(s) × {streams} stream(s) | {total * 2} | | {line} | {Load()} | {status} |");
            }
        }
        else
        {
            Console.WriteLine("| append, h2c, h2load | | | | | skipped: h2load not installed (`apt-get install nghttp2-client`) |");
        }
        await app.StopAsync();
    }

    // Opt-in: redis-benchmark XADD (1 and 4 clients) against a throwaway redis-server on a free port, when both are installed.
    public static void Redis(int requests, Dictionary<string, double> figures)
    {
        string? server = Which("redis-server"), bench = Which("redis-benchmark");
        if (server is null || bench is null)
        {
            Console.WriteLine("--vs-redis: redis-server / redis-benchmark not installed (`apt-get install redis-server`); skipped");
            return;
        }
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var redis = Process.Start(new ProcessStartInfo(server, $"--port {port} --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
        try
        {
            Thread.Sleep(500);
            foreach (int clients in new[] { 1, 4 })
            {
                var psi = new ProcessStartInfo(bench, $"-p {port} -c {clients} -n {requests} -q XADD bench * host web-1 level info msg served ms 12.5 status 200")
                { RedirectStandardOutput = true };
                using var p = Process.Start(psi)!;
                string output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                string last = output.Split('\r', '\n').Last(l => l.Contains("requests per second", StringComparison.Ordinal)).Trim();
                int colon = last.LastIndexOf(": ", StringComparison.Ordinal);
                string summary = last[(colon + 2)..];
                double rps = double.Parse(summary.Split(' ')[0], CultureInfo.InvariantCulture);
                string ratios = figures.TryGetValue("wrk" + clients, out double w) ? $"; wrk/redis = {w / rps:F2}" : "";
                ratios += figures.TryGetValue("client" + clients, out double c) ? $"; RemoteClient/redis = {c / rps:F2}" : "";
                RowRate($"redis XADD, redis-benchmark, {clients} client{(clients > 1 ? "s" : "")}", requests, rps, summary + ratios);
            }
        }
        finally
        {
            redis.Kill();
        }
    }
}
