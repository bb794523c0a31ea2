// Real processes: concurrent writers and checking followers on one small wrapping pool, and a writer that is
// SIGKILLed at random moments while acknowledged messages must stay readable.
using System.Diagnostics;
using System.Globalization;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

public class MultiProcessTests
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

    [Fact]
    public void Crash_loop_keeps_every_acknowledged_message()
    {
        if (OperatingSystem.IsWindows()) return;
        // Two lanes (separate pools) run side by side to halve the wall time; 200 kills in total by default.
        // Lane 0 appends with Durability.Fast, lane 1 with Durability.Flush (acknowledged = msync'ed).
        int kills = Soak ? 2000 : 200;
        using var dir = new TempDir();
        int[] maxAcked = new int[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, lane => maxAcked[lane] = CrashLane(dir, lane, kills / 2));
        Assert.True(maxAcked.Min() > 1);
    }

    private static int CrashLane(TempDir dir, int lane, int kills)
    {
        string path = dir.File($"crash{lane}.plasmite");
        using (PoolFile.Create(path, 262_144))
        {
        }
        var rnd = new Random(12345 + lane);
        var buffer = new byte[20_000];
        int maxAcked = 0;
        for (uint run = 1; run <= kills; run++)
        {
            var acks = new List<(ulong Seq, uint Counter)>();
            using (var child = HelperProcess.Start("crashloop", path, run.ToString(CultureInfo.InvariantCulture), lane == 0 ? "fast" : "flush"))
            {
                // Read acknowledgements as they come; kill at a random moment soon after the first one.
                var stdout = new List<string>();
                using var firstAck = new ManualResetEventSlim();
                child.OutputDataReceived += (_, e) =>
                {
                    if (e.Data is null) return;
                    lock (stdout) stdout.Add(e.Data);
                    firstAck.Set();
                };
                child.BeginOutputReadLine();
                if (!firstAck.Wait(20_000))
                {
                    child.Kill();
                    Assert.Fail("child produced no output: " + child.StandardError.ReadToEnd());
                }
                Thread.SpinWait(rnd.Next(0, 2000));
                if (rnd.Next(3) != 0) Thread.Sleep(rnd.Next(0, 30));
                child.Kill();
                Assert.True(child.WaitForExit(20_000));
                child.WaitForExit(); // drains the asynchronous output readers
                foreach (string l in stdout)
                {
                    int sp = l.IndexOf(' ', StringComparison.Ordinal);
                    if (sp < 0) continue; // a torn last line
                    if (ulong.TryParse(l.AsSpan(0, sp), CultureInfo.InvariantCulture, out ulong seq)
                        && uint.TryParse(l.AsSpan(sp + 1), CultureInfo.InvariantCulture, out uint counter))
                        acks.Add((seq, counter));
                }
            }
            maxAcked = Math.Max(maxAcked, acks.Count);

            using var pool = PoolFile.Open(path);
            AssertValid(pool);
            var h = pool.ReadHeader();
            foreach (var (seq, counter) in acks)
            {
                Assert.True(seq <= h.NewestSeq, $"run {run}: acknowledged seq {seq} above newest {h.NewestSeq}");
                if (seq < h.OldestSeq) continue; // overwritten since
                int len = Messages.Fill(buffer, run, counter);
                Assert.True(pool.TryGet(seq, out var frame), $"run {run}: acknowledged seq {seq} missing");
                Assert.Equal(buffer[..len], frame.Payload);
            }
            if (run % 50 == 0)
            {
                // The pool keeps working for ordinary appends between crashes.
                pool.Append("between crashes"u8, 1);
            }
        }
        return maxAcked;
    }
}
