// Benchmarks: by default the original's lanes (OriginalLanes.cs); with --scenario our storage scenarios, one JSON
// object per result on stdout (see docs/benchmarks.md). Child modes (spawned by this program itself): `child-follow-writer` and `child-multi-writer`.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Plasmite;
using Plasmite.Lite3;
using Plasmite.Storage;

if (args.Length > 0 && args[0] == "bench-worker") return Plasmite.Bench.Workers.Run(args);
if (!args.Contains("--scenario") && !(args.Length > 0 && args[0].StartsWith("child-", StringComparison.Ordinal)))
{
    // The original's lanes and flags (shared/spec/bench-lanes.md): the default mode, so any upstream invocation replays.
    try
    {
        var lanes = Plasmite.Bench.OriginalOptions.Parse(args);
        new Plasmite.Bench.OriginalLanes(lanes).Run();
        if (lanes.Typed)
        {
            foreach (var r in new Plasmite.Bench.TypedLanes(Path.Combine(lanes.WorkDir, "typed"), lanes.Messages).Run()) r.Print();
        }
        return 0;
    }
    catch (PlasmiteException e)
    {
        Console.Error.WriteLine("error: " + e.Message);
        return (int)e.Kind;
    }
}

var options = Options.Parse(args);
if (options.ChildMode is not null) return Children.Run(options.ChildMode, args);

string root = Path.Combine(Path.GetTempPath(), "plasmite-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(root);
try
{
    var scenarios = new Scenarios(root, options);
    scenarios.RunAll();
}
finally
{
    Directory.Delete(root, true);
}
return 0;

internal sealed record Options(int Messages, string? Only, string? ChildMode)
{
    public static Options Parse(string[] args)
    {
        int messages = 20_000;
        string? only = null;
        if (args.Length > 0 && args[0].StartsWith("child-", StringComparison.Ordinal)) return new Options(0, null, args[0]);
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--messages") messages = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--scenario") only = args[++i];
        }
        return new Options(messages, only, null);
    }
}

/// <summary>One result line.</summary>
internal sealed record Result(string Scenario, string? Variant, int PayloadBytes, ulong PoolBytes, int Writers, Durability Durability,
    int Messages, double MsgsPerSec, double? P50Us, double? P99Us, double? AllocBytesPerOp, double? CpuMsgsPerSec = null)
{
    public void Print()
    {
        using var stream = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("scenario", Scenario);
            if (Variant is not null) w.WriteString("variant", Variant);
            w.WriteNumber("payload_bytes", PayloadBytes);
            w.WriteNumber("pool_bytes", PoolBytes);
            w.WriteNumber("writers", Writers);
            w.WriteString("durability", Durability == Durability.Flush ? "flush" : "fast");
            w.WriteNumber("messages", Messages);
            w.WriteNumber("msgs_per_sec", Math.Round(MsgsPerSec));
            if (P50Us is { } p50) w.WriteNumber("p50_us", Math.Round(p50, 2));
            else w.WriteNull("p50_us");
            if (P99Us is { } p99) w.WriteNumber("p99_us", Math.Round(p99, 2));
            else w.WriteNull("p99_us");
            if (AllocBytesPerOp is { } a) w.WriteNumber("alloc_bytes_per_op", Math.Round(a, 2));
            else w.WriteNull("alloc_bytes_per_op");
            if (CpuMsgsPerSec is { } cpu) w.WriteNumber("cpu_msgs_per_sec", Math.Round(cpu));
            w.WriteEndObject();
        }
        stream.Write("\n"u8);
    }
}

internal static class Stats
{
    public static double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    public static (double P50, double P99) Percentiles(long[] ticks, int count)
    {
        Array.Sort(ticks, 0, count);
        return (Us(ticks[count / 2]), Us(ticks[Math.Min(count - 1, (int)(count * 0.99))]));
    }
}

internal sealed class Scenarios(string root, Options options)
{
    private static readonly int[] PayloadSizes = [128, 1024, 16_384];
    private static readonly ulong[] PoolSizes = [1UL << 20, 64UL << 20];
    private int _poolCounter;
    private int N => options.Messages;

    private bool Wanted(string name) => options.Only is null or "all" || options.Only == name;

    public void RunAll()
    {
        foreach (ulong pool in PoolSizes)
        {
            foreach (int size in PayloadSizes)
            {
                if (Wanted("append")) Append(size, pool, Durability.Fast).Print();
                if (Wanted("append")) Append(size, pool, Durability.Flush).Print();
                if (Wanted("append_encoded")) AppendEncoded(size, pool).Print();
                if (Wanted("append_batch_flush")) AppendBatchFlush(size, pool).Print();
                if (Wanted("tail_local")) TailLocal(size, pool).Print();
                if (Wanted("tail_local")) TailScan(size, pool).Print();
                if (Wanted("follow_cross_process")) FollowCrossProcess(size, pool).Print();
                if (Wanted("follow_cross_process_async")) FollowCrossProcessAsync(size, pool).Print();
            }
            if (Wanted("get"))
            {
                foreach (bool index in new[] { true, false })
                {
                    foreach (string where in new[] { "newest", "mid", "oldest" }) Get(1024, pool, index, where).Print();
                }
            }
            if (options.Only == "append_breakdown") AppendBreakdown(pool);
            if (Wanted("typed") && pool == PoolSizes[0])
            {
                foreach (var r in new Plasmite.Bench.TypedLanes(root, N).Run()) r.Print();
            }
            if (Wanted("multi_writer"))
            {
                foreach (int writers in new[] { 1, 2, 4 }) MultiWriter(1024, pool, writers).Print();
            }
        }
    }

    private string NewPoolPath() => Path.Combine(root, $"p{Interlocked.Increment(ref _poolCounter)}.plasmite");

    private static byte[] RandomPayload(int size)
    {
        var p = new byte[size];
        new Random(size).NextBytes(p);
        return p;
    }

    private Result Append(int size, ulong poolBytes, Durability durability)
    {
        using var pool = PoolFile.Create(NewPoolPath(), poolBytes);
        var payload = RandomPayload(size);
        int n = durability == Durability.Flush ? Math.Min(N, 500) : N; // msync(MS_SYNC) per append: disk-bound
        for (int i = 0; i < (durability == Durability.Flush ? 20 : 2000); i++) pool.Append(payload, 1, durability);
        var lat = new long[n];
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            pool.Append(payload, (ulong)i, durability);
            lat[i] = Stopwatch.GetTimestamp() - t0;
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        var (p50, p99) = Stats.Percentiles(lat, n);
        return new Result("append", null, size, poolBytes, 1, durability, n, n / (elapsed / (double)Stopwatch.Frequency), p50, p99, alloc / (double)n);
    }

    /// <summary>Encode per message (Lite3 envelope of {"sent_ns":N,"done":false,"filler":"xxx…"}) + append.</summary>
    private Result AppendEncoded(int size, ulong poolBytes)
    {
        using var pool = PoolFile.Create(NewPoolPath(), poolBytes);
        var writer = new Lite3Writer();
        string[] tags = ["bench"];
        int filler = Math.Max(0, size - 120);
        var json = new byte[filler + 128];
        int Build(long sentNs)
        {
            int n = 0;
            ReadOnlySpan<byte> head = "{\"sent_ns\":"u8;
            head.CopyTo(json);
            n += head.Length;
            sentNs.TryFormat(json.AsSpan(n), out int w, default, CultureInfo.InvariantCulture);
            n += w;
            ReadOnlySpan<byte> mid = ",\"done\":false,\"filler\":\""u8;
            mid.CopyTo(json.AsSpan(n));
            n += mid.Length;
            json.AsSpan(n, filler).Fill((byte)'x');
            n += filler;
            "\"}"u8.CopyTo(json.AsSpan(n));
            return n + 2;
        }
        for (int i = 0; i < 2000; i++)
        {
            writer.Reset();
            Lite3Envelope.Encode(tags, json.AsSpan(0, Build(i)), writer);
            pool.Append(writer.WrittenSpan, 1);
        }
        var lat = new long[N];
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        int encodedLength = 0;
        for (int i = 0; i < N; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            writer.Reset();
            Lite3Envelope.Encode(tags, json.AsSpan(0, Build(t0)), writer);
            encodedLength = writer.Length;
            pool.Append(writer.WrittenSpan, 1);
            lat[i] = Stopwatch.GetTimestamp() - t0;
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        var (p50, p99) = Stats.Percentiles(lat, N);
        return new Result("append_encoded", $"Lite3 document of {encodedLength} bytes encoded per message", size, poolBytes, 1, Durability.Fast, N,
            N / (elapsed / (double)Stopwatch.Frequency), p50, p99, alloc / (double)N);
    }

    /// <summary>
    /// The follower of the tail/follow lanes: steps <paramref name="cursor"/> until <c>lat.Length</c> seqs have gone by
    /// (waiting on the notifier when caught up) and records, per message received, now − the monotonic stamp the
    /// writer put in the payload's first 8 bytes. Returns how many arrived and how many seqs were skipped.
    /// </summary>
    private static (int Received, int Missed) ReceiveStamped(PoolCursor cursor, PoolNotifier? notifier, long[] lat)
    {
        int received = 0, missed = 0;
        ulong last = 0;
        while (last < (ulong)lat.Length)
        {
            var st = cursor.Step();
            if (st == CursorStatus.Message)
            {
                long now = Stopwatch.GetTimestamp();
                if (last != 0 && cursor.Seq != last + 1) missed += (int)(cursor.Seq - last - 1);
                last = cursor.Seq;
                lat[received++] = now - BinaryPrimitives.ReadInt64LittleEndian(cursor.Payload);
            }
            else if (st == CursorStatus.WouldBlock)
            {
                notifier?.Wait(TimeSpan.FromMilliseconds(5));
            }
        }
        return (received, missed);
    }

    /// <summary>Diagnostic (only with --scenario append_breakdown): where the time of a 1 KB append goes.</summary>
    private void AppendBreakdown(ulong poolBytes)
    {
        using var pool = PoolFile.Create(NewPoolPath(), poolBytes);
        var payload = RandomPayload(1024);
        int fd = Plasmite.Interop.Libc.Open(pool.Path, Plasmite.Interop.Libc.O_RDWR, 0);
        double Measure(Action a)
        {
            for (int i = 0; i < 2000; i++) a();
            long t = Stopwatch.GetTimestamp();
            for (int i = 0; i < N; i++) a();
            return Stats.Us(Stopwatch.GetTimestamp() - t) / N;
        }
        double full = Measure(() => pool.Append(payload, 1));
        pool.NotifyOnAppend = false;
        double noNotify = Measure(() => pool.Append(payload, 1));
        double flockPair = Measure(() =>
        {
            Plasmite.Interop.Libc.Flock(fd, Plasmite.Interop.Libc.LOCK_EX);
            Plasmite.Interop.Libc.Flock(fd, Plasmite.Interop.Libc.LOCK_UN);
        });
        Plasmite.Interop.Libc.Close(fd);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"scenario\":\"append_breakdown\",\"pool_bytes\":{poolBytes},\"append_us\":{full:F3},\"append_no_notify_us\":{noNotify:F3},\"flock_pair_us\":{flockPair:F3}}}"));
    }

    private Result AppendBatchFlush(int size, ulong poolBytes)
    {
        using var pool = PoolFile.Create(NewPoolPath(), poolBytes);
        const int Batch = 100;
        var payloads = Enumerable.Range(0, Batch).Select(_ => (ReadOnlyMemory<byte>)RandomPayload(size)).ToArray();
        var results = new AppendResult[Batch];
        int batches = Math.Min(N, 5000) / Batch;
        for (int i = 0; i < 2; i++) pool.AppendBatch(payloads, 1, Durability.Flush, results);
        var lat = new long[batches];
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < batches; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            pool.AppendBatch(payloads, (ulong)i, Durability.Flush, results);
            lat[i] = Stopwatch.GetTimestamp() - t0;
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        var (p50, p99) = Stats.Percentiles(lat, batches);
        return new Result("append_batch_flush", $"batch={Batch} (latency per batch)", size, poolBytes, 1, Durability.Flush, batches * Batch,
            batches * Batch / (elapsed / (double)Stopwatch.Frequency), p50, p99, alloc / (double)(batches * Batch));
    }

    private Result Get(int size, ulong poolBytes, bool index, string where)
    {
        using var pool = PoolFile.Create(NewPoolPath(), poolBytes, index ? null : 0);
        var payload = RandomPayload(size);
        for (int i = 0; i < 100_000 && pool.ReadHeader().OldestSeq <= 1; i++) pool.Append(payload, 1);
        for (int i = 0; i < 200; i++) pool.Append(payload, 1);
        var h = pool.ReadHeader();
        ulong seq = where switch
        {
            "newest" => h.NewestSeq,
            "oldest" => h.OldestSeq,
            _ => h.OldestSeq + (h.NewestSeq - h.OldestSeq) / 2,
        };
        var buffer = new byte[size];
        for (int i = 0; i < 1000; i++) pool.TryRead(seq, buffer, out _);
        var lat = new long[N];
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < N; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (pool.TryRead(seq, buffer, out _) != Plasmite.Storage.ReadStatus.Found) throw new InvalidOperationException("get failed");
            lat[i] = Stopwatch.GetTimestamp() - t0;
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        var (p50, p99) = Stats.Percentiles(lat, N);
        return new Result("get", $"{where}/{(index ? "index" : "no-index")} ({h.MessageCount} retained)", size, poolBytes, 1, Durability.Fast, N,
            N / (elapsed / (double)Stopwatch.Frequency), p50, p99, alloc / (double)N);
    }

    /// <summary>A writer thread appends N messages (paced at 10k msg/s, like the cross-process scenario) while a
    /// cursor in another thread of the same process follows with notifier waits; latency = receive time − append
    /// start time carried in the payload.</summary>
    private Result TailLocal(int size, ulong poolBytes)
    {
        string path = NewPoolPath();
        using var pool = PoolFile.Create(path, poolBytes);
        using var reader = PoolFile.Open(path);
        var cursor = reader.CreateCursor();
        using var notifier = reader.OpenNotifier();
        var lat = new long[N];
        int received = 0, missed = 0;
        long allocReader = 0;
        var follower = new Thread(() =>
        {
            long a0 = GC.GetAllocatedBytesForCurrentThread();
            (received, missed) = ReceiveStamped(cursor, notifier, lat);
            allocReader = GC.GetAllocatedBytesForCurrentThread() - a0;
        });
        follower.Start();
        var payload = RandomPayload(size);
        long start = Stopwatch.GetTimestamp();
        long nextAt = start;
        long pace = Stopwatch.Frequency / 10_000;
        for (int i = 0; i < N; i++)
        {
            while (Stopwatch.GetTimestamp() < nextAt) Thread.Yield();
            nextAt += pace;
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            pool.Append(payload, 1);
        }
        follower.Join();
        long elapsed = Stopwatch.GetTimestamp() - start;
        var (p50, p99) = Stats.Percentiles(lat, received);
        return new Result("tail_local", $"writer thread paced at 10k msg/s; missed={missed}", size, poolBytes, 1, Durability.Fast, received,
            received / (elapsed / (double)Stopwatch.Frequency), p50, p99, allocReader / (double)Math.Max(1, received));
    }

    /// <summary>Read throughput of one cursor over a full pool (no writer): steps from the tail to the head.</summary>
    private Result TailScan(int size, ulong poolBytes)
    {
        using var pool = PoolFile.Create(NewPoolPath(), poolBytes);
        var payload = RandomPayload(size);
        for (int i = 0; i < N; i++) pool.Append(payload, 1);
        var cursor = pool.CreateCursor();
        while (cursor.Step() == CursorStatus.Message)
        {
        }
        int count = 0;
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        cursor.PositionAtTail();
        while (cursor.Step() == CursorStatus.Message) count++;
        long elapsed = Stopwatch.GetTimestamp() - start;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - a0;
        return new Result("tail_local", "scan of retained messages, no writer", size, poolBytes, 0, Durability.Fast, count,
            count / (elapsed / (double)Stopwatch.Frequency), null, null, alloc / (double)Math.Max(1, count));
    }

    /// <summary>A writer process appends N messages paced at 10k msg/s; this process follows and measures the latency
    /// from the append start (monotonic clock carried in the payload) to receipt.</summary>
    private Result FollowCrossProcess(int size, ulong poolBytes)
    {
        string path = NewPoolPath();
        using (PoolFile.Create(path, poolBytes))
        {
        }
        using var pool = PoolFile.Open(path);
        var cursor = pool.CreateCursor();
        using var notifier = pool.OpenNotifier();
        using var child = Children.Start("child-follow-writer", path, N.ToString(CultureInfo.InvariantCulture), size.ToString(CultureInfo.InvariantCulture), "100");
        var lat = new long[N];
        child.StandardOutput.ReadLine(); // "ready"
        child.StandardInput.WriteLine("go");
        child.StandardInput.Flush();
        long start = Stopwatch.GetTimestamp();
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        var (received, missed) = ReceiveStamped(cursor, notifier, lat);
        long alloc = GC.GetAllocatedBytesForCurrentThread() - a0;
        long elapsed = Stopwatch.GetTimestamp() - start;
        child.WaitForExit();
        var (p50, p99) = Stats.Percentiles(lat, received);
        return new Result("follow_cross_process", $"writer paced at 10k msg/s; missed={missed}", size, poolBytes, 1, Durability.Fast, received,
            received / (elapsed / (double)Stopwatch.Frequency), p50, p99, alloc / (double)Math.Max(1, received));
    }

    /// <summary>As <see cref="FollowCrossProcess"/>, but the follower is an async loop awaiting
    /// <see cref="PoolNotifier.WaitAsync"/> (the path local async tails take), so the latency includes the hop from
    /// the wake-up to a thread-pool continuation.</summary>
    private Result FollowCrossProcessAsync(int size, ulong poolBytes)
    {
        string path = NewPoolPath();
        using (PoolFile.Create(path, poolBytes))
        {
        }
        using var pool = PoolFile.Open(path);
        var cursor = pool.CreateCursor();
        using var notifier = pool.OpenNotifier();
        using var child = Children.Start("child-follow-writer", path, N.ToString(CultureInfo.InvariantCulture), size.ToString(CultureInfo.InvariantCulture), "100");
        var lat = new long[N];
        child.StandardOutput.ReadLine(); // "ready"
        child.StandardInput.WriteLine("go");
        child.StandardInput.Flush();
        long start = Stopwatch.GetTimestamp();
        var (received, missed) = Task.Run(() => ReceiveStampedAsync(cursor, notifier, lat)).GetAwaiter().GetResult();
        long elapsed = Stopwatch.GetTimestamp() - start;
        child.WaitForExit();
        var (p50, p99) = Stats.Percentiles(lat, received);
        return new Result("follow_cross_process_async", $"writer paced at 10k msg/s; async follower; missed={missed}", size, poolBytes, 1, Durability.Fast,
            received, received / (elapsed / (double)Stopwatch.Frequency), p50, p99, null);
    }

    private static async Task<(int Received, int Missed)> ReceiveStampedAsync(PoolCursor cursor, PoolNotifier? notifier, long[] lat)
    {
        int received = 0, missed = 0;
        ulong last = 0;
        while (last < (ulong)lat.Length)
        {
            var st = cursor.Step();
            if (st == CursorStatus.Message)
            {
                long now = Stopwatch.GetTimestamp();
                if (last != 0 && cursor.Seq != last + 1) missed += (int)(cursor.Seq - last - 1);
                last = cursor.Seq;
                lat[received++] = now - BinaryPrimitives.ReadInt64LittleEndian(cursor.Payload);
            }
            else if (st == CursorStatus.WouldBlock)
            {
                if (notifier is null) await Task.Delay(1);
                else await notifier.WaitAsync(TimeSpan.FromMilliseconds(50));
            }
        }
        return (received, missed);
    }

    /// <summary>N messages split over W writer processes appending as fast as they can to one pool.</summary>
    private Result MultiWriter(int size, ulong poolBytes, int writers)
    {
        string path = NewPoolPath();
        using (PoolFile.Create(path, poolBytes))
        {
        }
        int each = N / writers;
        var children = Enumerable.Range(0, writers).Select(_ => Children.Start("child-multi-writer", path, each.ToString(CultureInfo.InvariantCulture), size.ToString(CultureInfo.InvariantCulture))).ToList();
        foreach (var c in children) c.StandardOutput.ReadLine(); // "ready"
        foreach (var c in children)
        {
            c.StandardInput.WriteLine("go");
            c.StandardInput.Flush();
        }
        long first = long.MaxValue, lastEnd = 0;
        var p50s = new List<double>();
        var p99s = new List<double>();
        foreach (var c in children)
        {
            var parts = c.StandardOutput.ReadLine()!.Split(' ');
            first = Math.Min(first, long.Parse(parts[0], CultureInfo.InvariantCulture));
            lastEnd = Math.Max(lastEnd, long.Parse(parts[1], CultureInfo.InvariantCulture));
            p50s.Add(double.Parse(parts[2], CultureInfo.InvariantCulture));
            p99s.Add(double.Parse(parts[3], CultureInfo.InvariantCulture));
            c.WaitForExit();
            c.Dispose();
        }
        using var pool = PoolFile.Open(path);
        if (pool.ReadHeader().NewestSeq != (ulong)(each * writers)) throw new InvalidOperationException("lost appends");
        double seconds = (lastEnd - first) / (double)Stopwatch.Frequency;
        return new Result("multi_writer", "p50/p99 = worst writer's append latency", size, poolBytes, writers, Durability.Fast, each * writers,
            each * writers / seconds, p50s.Max(), p99s.Max(), null);
    }
}

internal static class Children
{
    public static Process Start(params string[] args)
    {
        string self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(Children).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    public static int Run(string mode, string[] args)
    {
        string path = args[1];
        int count = int.Parse(args[2], CultureInfo.InvariantCulture);
        int size = int.Parse(args[3], CultureInfo.InvariantCulture);
        using var pool = PoolFile.Open(path);
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        for (int i = 0; i < 1000; i++) pool.PlanWarmup(payload);
        Console.WriteLine("ready");
        Console.In.ReadLine();
        if (mode == "child-follow-writer")
        {
            long pace = Stopwatch.Frequency * int.Parse(args[4], CultureInfo.InvariantCulture) / 1_000_000;
            long nextAt = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                while (Stopwatch.GetTimestamp() < nextAt) Thread.Yield();
                nextAt += pace;
                BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
                pool.Append(payload, 1);
            }
            return 0;
        }
        var lat = new long[count];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            pool.Append(payload, 1);
            lat[i] = Stopwatch.GetTimestamp() - t0;
        }
        long end = Stopwatch.GetTimestamp();
        var (p50, p99) = Stats.Percentiles(lat, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start} {end} {p50:F2} {p99:F2}"));
        return 0;
    }
}

internal static class WarmupExtensions
{
    /// <summary>JIT warm-up without appending: reads the header and plans.</summary>
    public static void PlanWarmup(this PoolFile pool, byte[] payload)
    {
        pool.ReadHeader();
        pool.TryRead(1, payload.AsSpan(0, 0), out _);
    }
}
