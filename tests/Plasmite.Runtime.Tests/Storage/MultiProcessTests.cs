// Real processes: concurrent writers and checking followers on one small wrapping pool, and a writer that is
// SIGKILLed at random moments while acknowledged messages must stay readable.
using System.Diagnostics;
using System.Globalization;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Process")]
public class MultiProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static bool Soak => Environment.GetEnvironmentVariable("PLASMITE_SOAK") == "1";

    [Fact]
    public void Writers_and_followers_in_separate_processes()
    {
        if (OperatingSystem.IsWindows()) return;
        const int Writers = 4;
        int perWriter = Soak ? 50_000 : 5_000;
        ulong total = (ulong)(Writers * perWriter);
        using var dir = new TempDir();
        string path = dir.File("mp.plasmite");
        using (PoolFile.Create(path, 262_144))
        {
        }

        var followers = Enumerable.Range(0, 2).Select(_ => HelperProcess.Start("follow", path, total.ToString(CultureInfo.InvariantCulture), "120000")).ToList();
        foreach (var f in followers) Assert.Equal("ready", f.StandardOutput.ReadLine());
        var writers = Enumerable.Range(1, Writers).Select(w => HelperProcess.Start("write", path, w.ToString(CultureInfo.InvariantCulture), perWriter.ToString(CultureInfo.InvariantCulture))).ToList();
        foreach (var w in writers)
        {
            string err = w.StandardError.ReadToEnd();
            Assert.True(w.WaitForExit(120_000), "writer hung");
            Assert.True(w.ExitCode == 0, err);
        }
        foreach (var f in followers)
        {
            string summary = f.StandardOutput.ReadToEnd();
            string err = f.StandardError.ReadToEnd();
            Assert.True(f.WaitForExit(120_000), "follower hung");
            Assert.True(f.ExitCode == 0, summary + err);
            Assert.Contains($"last={total} ", summary);
        }

        using var pool = PoolFile.Open(path);
        AssertValid(pool);
        var h = pool.ReadHeader();
        Assert.Equal(total, h.NewestSeq);
        var dump = Dump(pool);
        Assert.Equal(h.MessageCount, (ulong)dump.Count);
        var expected = new byte[4096];
        var lastCounter = new Dictionary<uint, uint>();
        for (int i = 0; i < dump.Count; i++)
        {
            Assert.Equal(h.OldestSeq + (ulong)i, dump[i].Seq);
            uint writer = BitConverter.ToUInt32(dump[i].Payload, 0), counter = BitConverter.ToUInt32(dump[i].Payload, 4);
            int len = Messages.Fill(expected, writer, counter);
            Assert.Equal(expected[..len], dump[i].Payload);
            if (lastCounter.TryGetValue(writer, out uint c)) Assert.True(counter > c);
            lastCounter[writer] = counter;
        }
    }

    /// <summary>Kill iterations per CI run (PLASMITE_CRASH_ITERATIONS overrides; PLASMITE_SOAK=1 runs 2,000).</summary>
    private static int CrashIterations =>
        int.TryParse(Environment.GetEnvironmentVariable("PLASMITE_CRASH_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : Soak ? 2000 : 120;

    [Fact]
    public void Crash_loop_keeps_every_acknowledged_message()
    {
        if (OperatingSystem.IsWindows()) return;
        // Two lanes (separate wrapping pools) run side by side to halve the wall time. Lane 0 appends with
        // Durability.Fast, lane 1 with Durability.Flush (acknowledged = msync'ed). Each iteration starts 1–3 writers on
        // the lane's pool, SIGKILLs each at its own random moment, and checks every message any of them acknowledged.
        int kills = CrashIterations;
        using var dir = new TempDir();
        var stats = new (int MaxAcked, long Acked, int Writers)[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, lane => stats[lane] = CrashLane(dir, lane, (kills + 1 - lane) / 2));
        output.WriteLine($"{kills} kill iterations, {stats.Sum(s => s.Writers)} writer processes killed, {stats.Sum(s => s.Acked)} acknowledged appends verified");
        Assert.True(stats.Min(s => s.MaxAcked) > 1);
        Assert.True(stats.Sum(s => s.Writers) > kills, "no iteration had more than one writer");
    }

    private static (int MaxAcked, long Acked, int Writers) CrashLane(TempDir dir, int lane, int kills)
    {
        string path = dir.File($"crash{lane}.plasmite");
        using (PoolFile.Create(path, 262_144))
        {
        }
        var rnd = new Random(12345 + lane);
        var buffer = new byte[20_480];
        int maxAcked = 0, writersTotal = 0;
        long ackedTotal = 0;
        for (uint run = 1; run <= kills; run++)
        {
            int writers = 1 + rnd.Next(3);
            writersTotal += writers;
            var acks = new List<(uint Id, ulong Seq, uint Counter)>();
            var children = new List<(System.Diagnostics.Process Child, uint Id, List<string> Lines, ManualResetEventSlim FirstAck)>();
            try
            {
                for (int w = 0; w < writers; w++)
                {
                    uint id = run * 4 + (uint)w;
                    var child = HelperProcess.Start("crashloop", path, id.ToString(CultureInfo.InvariantCulture), lane == 0 ? "fast" : "flush");
                    var lines = new List<string>();
                    var firstAck = new ManualResetEventSlim();
                    child.OutputDataReceived += (_, e) =>
                    {
                        if (e.Data is null) return;
                        lock (lines) lines.Add(e.Data);
                        firstAck.Set();
                    };
                    child.BeginOutputReadLine();
                    children.Add((child, id, lines, firstAck));
                }
                // Kill each writer at a random moment soon after its first acknowledgement, in a random order.
                foreach (var (child, _, _, firstAck) in children.OrderBy(_ => rnd.Next()))
                {
                    if (!firstAck.Wait(30_000))
                    {
                        child.Kill();
                        Assert.Fail("child produced no output: " + child.StandardError.ReadToEnd());
                    }
                    Thread.SpinWait(rnd.Next(0, 2000));
                    if (rnd.Next(3) != 0) Thread.Sleep(rnd.Next(0, 30));
                    child.Kill();
                }
                foreach (var (child, id, lines, _) in children)
                {
                    Assert.True(child.WaitForExit(20_000));
                    child.WaitForExit(); // drains the asynchronous output readers
                    foreach (string l in lines)
                    {
                        int sp = l.IndexOf(' ', StringComparison.Ordinal);
                        if (sp < 0) continue; // a torn last line
                        if (ulong.TryParse(l.AsSpan(0, sp), CultureInfo.InvariantCulture, out ulong seq)
                            && uint.TryParse(l.AsSpan(sp + 1), CultureInfo.InvariantCulture, out uint counter))
                            acks.Add((id, seq, counter));
                    }
                }
            }
            finally
            {
                foreach (var (child, _, _, firstAck) in children)
                {
                    if (!child.HasExited) child.Kill();
                    child.Dispose();
                    firstAck.Dispose();
                }
            }
            maxAcked = Math.Max(maxAcked, acks.Count);
            ackedTotal += acks.Count;

            using var pool = PoolFile.Open(path);
            AssertValid(pool);
            var h = pool.ReadHeader();
            Assert.Equal(acks.Count, acks.Select(a => a.Seq).Distinct().Count()); // no seq acknowledged twice
            foreach (var (id, seq, counter) in acks)
            {
                Assert.True(seq <= h.NewestSeq, $"run {run}: acknowledged seq {seq} above newest {h.NewestSeq}");
                if (seq < h.OldestSeq) continue; // overwritten since
                int len = Messages.Fill(buffer, id, counter);
                Assert.True(pool.TryGet(seq, out var frame), $"run {run}: acknowledged seq {seq} missing");
                Assert.Equal(buffer[..len], frame.Payload);
            }
            if (run % 50 == 0)
            {
                // The pool keeps working for ordinary appends between crashes.
                pool.Append("between crashes"u8, 1);
            }
        }
        return (maxAcked, ackedTotal, writersTotal);
    }
}
