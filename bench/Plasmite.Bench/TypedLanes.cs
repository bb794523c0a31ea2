// Typed SDK lanes (issue #12): generated handles over a local pool, for a ≈ 1 KB and a ≈ 100 B record, with allocations.
using System.Diagnostics;
using System.Runtime.InteropServices;
using Plasmite;

namespace Plasmite.Bench;

/// <summary>The ≈ 1 KB record of the typed lanes: long, string, string[20], DateTimeOffset, decimal, nested record.</summary>
[PlasmiteMessage("typed-bench")]
public partial record BigRecord(long Id, string Name, string[] Lines, DateTimeOffset At, decimal Price, BenchInner Inner);

/// <summary>Nested record of <see cref="BigRecord"/>.</summary>
public sealed record BenchInner(string Code, int Count, double Ratio);

/// <summary>The ≈ 100 B record of the typed lanes.</summary>
[PlasmiteMessage("typed-bench", Kind = "small")]
public partial record SmallRecord(long Id, string Name, bool Done, DateTimeOffset At);

internal sealed class TypedLanes(string root, int n)
{
    private static BigRecord Big(long i) => new(i, "customer-" + i, Enumerable.Range(0, 20).Select(k => "order line " + k).ToArray(),
        DateTimeOffset.UnixEpoch.AddSeconds(i), 1234.5m, new BenchInner("code-" + i, 3, 0.25));

    private static SmallRecord Small(long i) => new(i, "small-" + i, false, DateTimeOffset.UnixEpoch.AddSeconds(i));

    private static BigRecord HandCopy(BigRecord b) => new(b.Id, new string(b.Name.AsSpan()), b.Lines.Select(l => new string(l.AsSpan())).ToArray(), b.At, b.Price,
        new BenchInner(new string(b.Inner.Code.AsSpan()), b.Inner.Count, b.Inner.Ratio));

    private static SmallRecord HandCopy(SmallRecord s) => new(s.Id, new string(s.Name.AsSpan()), s.Done, s.At);

    public IEnumerable<Result> Run()
    {
        foreach (bool big in new[] { true, false })
        {
            string dir = Path.Combine(root, "typed-" + (big ? "big" : "small"));
            using var client = new PlasmiteClient(dir);
            using var pool = client.TypedBench(8UL << 20); // 8 MiB: the append lanes wrap it (n × ≈ 1 KB)
            using var readPool = new TypedBenchPool(client.Pool("typed-read", 256UL << 20)); // retains every message the read lanes use
            int size = (int)(big ? pool.Pool.GetLite3(pool.AppendBigRecord(Big(0)).Seq).Payload.Length : pool.Pool.GetLite3(pool.AppendSmallRecord(Small(0)).Seq).Payload.Length);
            string variant = big ? "1KB record" : "100B record";
            ulong first = 0;
            var bigValue = Big(1);
            var smallValue = Small(1);
            yield return Lane("typed_append", variant, size, () => { if (big) pool.AppendBigRecord(bigValue); else pool.AppendSmallRecord(smallValue); });
            yield return Lane("typed_append_receipt", variant + " (pool wrapped)", size, () => { if (big) pool.AppendBigRecordReceipt(bigValue); else pool.AppendSmallRecordReceipt(smallValue); });
            first = big ? readPool.AppendBigRecord(Big(2)).Seq : readPool.AppendSmallRecord(Small(2)).Seq;
            yield return Lane("typed_get", variant, size, () => { if (big) readPool.GetBigRecord(first); else readPool.GetSmallRecord(first); });
            var bigSample = Big(3);
            var smallSample = Small(3);
            yield return Lane("hand_construct", variant + " (object graph built by hand: the allocation floor)", size,
                () => { if (big) HandCopy(bigSample); else HandCopy(smallSample); });

            // Tails over n freshly written messages of the lane's kind.
            ulong since = big ? readPool.AppendBigRecord(Big(4)).Seq : readPool.AppendSmallRecord(Small(4)).Seq;
            for (int i = 1; i < n; i++) { if (big) readPool.AppendBigRecordReceipt(bigValue); else readPool.AppendSmallRecordReceipt(smallValue); }
            var options = new TailOptions { SinceSeq = since, MaxMessages = (ulong)n };
            yield return TailLane("typed_tail", variant, size, async () =>
            {
                int c = 0;
                if (big) { await foreach (var _ in readPool.TailBigRecord(options)) c++; }
                else { await foreach (var _ in readPool.TailSmallRecord(options)) c++; }
                return c;
            });
            yield return TailLane("tail_api_message", variant + " (lazy, data untouched)", size, async () =>
            {
                int c = 0;
                await foreach (var m in readPool.Pool.Tail(options)) { c += m.Seq > 0 ? 1 : 0; }
                return c;
            });
            yield return TailLane("tail_api_message", variant + " (Data touched)", size, async () =>
            {
                int c = 0;
                await foreach (var m in readPool.Pool.Tail(options)) { c += m.Data.ValueKind == System.Text.Json.JsonValueKind.Object ? 1 : 0; }
                return c;
            });
        }
    }

    // Tiered JIT compiles hot methods on a background thread; on a loaded VM that takes a while, so warm up in
    // rounds with pauses, or the lane measures tier-0 code (seen: 10–20× slower than the optimized code).
    // Rounds go on (at least 3, at most 10) until one compiles no new method: tiered PGO promotes twice (tier 0 →
    // instrumented → tier 1), and under load the background compiler lags, so a fixed 3 rounds sometimes measured
    // instrumented code (seen: the same build at 0.67M and 1.14M CPU-msgs/s in two runs a minute apart).
    private static void WarmUp(Action op, int perRound)
    {
        long compiled = -1;
        for (int round = 1; round <= 10; round++)
        {
            for (int i = 0; i < perRound; i++) op();
            Thread.Sleep(150);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (round >= 3 && now == compiled) break;
            compiled = now;
        }
    }

    // Each lane runs Blocks timed blocks: msgs_per_sec is the median block by wall clock, cpu_msgs_per_sec the best
    // block by this thread's CPU time (what a shared, loaded VM disturbs least: time spent descheduled is not counted;
    // the lanes run synchronously on this thread, GC included). Linux: CLOCK_THREAD_CPUTIME_ID (ns); elsewhere the
    // process's CPU time.
    private const int Blocks = 5;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec value);

    private static double CpuSeconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0) return t.Seconds + (t.Nanoseconds / 1e9);
        return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    private Result Lane(string name, string variant, int size, Action op)
    {
        WarmUp(op, 2000);
        var wall = new double[Blocks];
        double bestCpu = double.MaxValue;
        long alloc = 0;
        for (int b = 0; b < Blocks; b++)
        {
            double cpu0 = CpuSeconds();
            long alloc0 = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++) op();
            long elapsed = Stopwatch.GetTimestamp() - start;
            alloc += GC.GetAllocatedBytesForCurrentThread() - alloc0;
            bestCpu = Math.Min(bestCpu, CpuSeconds() - cpu0);
            wall[b] = elapsed / (double)Stopwatch.Frequency;
        }

        Array.Sort(wall);
        return new Result(name, variant, size, 8UL << 20, 1, Durability.Fast, n, n / wall[Blocks / 2], null, null, alloc / (double)(n * Blocks), n / bestCpu);
    }

    private Result TailLane(string name, string variant, int size, Func<Task<int>> run)
    {
        WarmUp(() => run().GetAwaiter().GetResult(), 1); // each run is a whole tail
        var wall = new double[Blocks];
        double bestCpu = double.MaxValue;
        long alloc = 0;
        int count = 0;
        for (int b = 0; b < Blocks; b++)
        {
            double cpu0 = CpuSeconds();
            long alloc0 = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            count = run().GetAwaiter().GetResult();
            long elapsed = Stopwatch.GetTimestamp() - start;
            alloc += GC.GetAllocatedBytesForCurrentThread() - alloc0;
            bestCpu = Math.Min(bestCpu, CpuSeconds() - cpu0);
            wall[b] = elapsed / (double)Stopwatch.Frequency;
        }

        Array.Sort(wall);
        return new Result(name, variant, size, 8UL << 20, 1, Durability.Fast, count, count / wall[Blocks / 2], null, null, alloc / (double)(count * Blocks), count / bestCpu);
    }
}
