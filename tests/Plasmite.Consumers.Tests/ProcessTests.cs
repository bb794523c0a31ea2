// Real processes: a consumer SIGKILLed at random points loses nothing; three competing workers split 20,000 messages.
using System.Diagnostics;
using Plasmite.Consumers.Checkpoints;

namespace Plasmite.Consumers.Tests;

[Collection("processes")]
[Trait("Category", "Process")]
public class ProcessTests
{
    private static void KillAll(IEnumerable<Process> processes)
    {
        foreach (var p in processes)
        {
            Children.Kill(p);
            p.Dispose();
        }
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("PLASMITE_CONSUMER_KILLS"), out int n) && n > 0 ? n : 50;

    [Fact]
    public void Sigkilled_consumer_resumes_after_its_checkpoint_with_duplicates_only_from_the_in_flight_batch()
    {
        using var d = new TempDir();
        const int N = 5000, Batch = 8;
        Pools.Fill(d.Path, "p", N, size: 8 << 20);
        string log = d.File("worker.log");
        string[] args = ["--dir", d.Path, "--pool", "p", "--name", "c", "--log", log, "--batch", Batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--spin-us", "300", "--max-deliveries", "100000", "--until", N.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var rng = new Random(2026);
        int kills = 0;
        for (int i = 0; i < Kills; i++)
        {
            long before = Length(log);
            using var p = Children.StartWorker(args);
            var sw = Stopwatch.StartNew();
            while (Length(log) == before && !p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(2); // "start PID"
            // Most kills land while messages are being handled (mid-handler, mid-checkpoint); some during start-up and the first claim.
            if (rng.NextDouble() < 0.7)
            {
                long started = Length(log);
                while (Length(log) == started && !p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(1);
            }
            Thread.Sleep(rng.Next(0, 40));
            if (p.HasExited) break; // finished everything already
            Children.Kill(p);
            kills++;
        }
        using (var last = Children.StartWorker(args))
        {
            bool finished = last.WaitForExit(120_000);
            if (!finished) Children.Kill(last);
            Assert.True(finished, "final worker did not finish");
            Assert.Equal(0, last.ExitCode);
        }
        var runs = WorkerLog.Read(log).Runs;
        Assert.True(kills >= Math.Min(Kills, 40), $"only {kills} kills landed before the work was done");
        ulong max = 0;
        int duplicates = 0;
        foreach (var run in runs.Where(r => r.Count > 0))
        {
            // Nothing lost: the run starts at most one past everything handled before; duplicates only from one batch.
            Assert.InRange(run[0], max >= Batch ? max - Batch + 1 : 1, max + 1);
            for (int k = 1; k < run.Count; k++) Assert.Equal(run[k - 1] + 1, run[k]); // one worker: seq order
            duplicates += (int)(max >= run[0] ? max - run[0] + 1 : 0);
            max = Math.Max(max, run[^1]);
        }
        Assert.Equal(Enumerable.Range(1, N).Select(i => (ulong)i), runs.SelectMany(r => r).Distinct().Order());
        Assert.True(duplicates <= kills * Batch, $"{duplicates} duplicates for {kills} kills");
        var status = ConsumerCheckpoints.Info(d.File("p.plasmite"), "c");
        Assert.Equal((ulong)N, status.CommittedSeq);
        Assert.Empty(status.Leases);
    }

    [Fact]
    public void Three_competing_workers_handle_every_message_exactly_once()
    {
        using var d = new TempDir();
        const int N = 20_000;
        Pools.Fill(d.Path, "p", N, size: 16 << 20);
        var logs = Enumerable.Range(0, 3).Select(i => d.File($"w{i}.log")).ToArray();
        var workers = logs.Select(l => Children.StartWorker("--dir", d.Path, "--pool", "p", "--name", "q", "--log", l, "--batch", "32",
            "--until", N.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        try
        {
            foreach (var w in workers)
            {
                Assert.True(w.WaitForExit(150_000), "worker did not finish");
                Assert.Equal(0, w.ExitCode);
            }
        }
        finally
        {
            KillAll(workers);
        }
        var perWorker = logs.Select(l => WorkerLog.Read(l).All.ToList()).ToList();
        var all = perWorker.SelectMany(x => x).ToList();
        Assert.Equal(N, all.Count);
        Assert.Equal(Enumerable.Range(1, N).Select(i => (ulong)i), all.Order());
        Assert.All(perWorker, w => Assert.NotEmpty(w)); // the work was shared
    }

    [Fact]
    public void A_worker_killed_mid_batch_has_its_claims_redelivered_after_the_lease_timeout()
    {
        using var d = new TempDir();
        const int N = 20_000;
        Pools.Fill(d.Path, "p", N, size: 16 << 20);
        string n = N.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var logs = Enumerable.Range(0, 3).Select(i => d.File($"w{i}.log")).ToArray();
        string[] Common(int i) => ["--dir", d.Path, "--pool", "p", "--name", "q", "--log", logs[i], "--batch", "32", "--until", n,
            "--lease-ms", "3000", "--no-dead-detect"];
        // Worker 0 stops inside its handler after 500 messages, holding the rest of its batch, and is then SIGKILLed.
        var victim = Children.StartWorker([.. Common(0), "--hang-after", "500"]);
        var others = new[] { Children.StartWorker(Common(1)), Children.StartWorker(Common(2)) };
        HashSet<ulong> claimed;
        try
        {
            var sw = Stopwatch.StartNew();
            while (!WorkerLog.Read(logs[0]).Hung && !victim.HasExited && sw.Elapsed < TimeSpan.FromSeconds(90)) Thread.Sleep(5);
            Assert.True(WorkerLog.Read(logs[0]).Hung, "worker 0 never reached its hang point");
            var state = ConsumerStore.TryRead(ConsumerPaths.StatePath(d.File("p.plasmite"), "q"))!;
            claimed = state.Leases.Where(l => l.Pid == victim.Id).Select(l => l.Seq).ToHashSet();
            Assert.NotEmpty(claimed);
            Children.Kill(victim);
            foreach (var w in others)
            {
                Assert.True(w.WaitForExit(150_000), "worker did not finish");
                Assert.Equal(0, w.ExitCode);
            }
        }
        finally
        {
            KillAll([victim, .. others]);
        }
        var victimSeqs = WorkerLog.Read(logs[0]).All.ToList();
        var survivorSeqs = logs.Skip(1).SelectMany(l => WorkerLog.Read(l).All).ToList();
        Assert.Equal(Enumerable.Range(1, N).Select(i => (ulong)i), victimSeqs.Concat(survivorSeqs).Distinct().Order());
        Assert.Equal(survivorSeqs.Count, survivorSeqs.Distinct().Count()); // survivors never handled a seq twice
        Assert.All(claimed, s => Assert.Contains(s, survivorSeqs));        // the dead worker's claims were re-delivered
        var twice = victimSeqs.Intersect(survivorSeqs).ToList();
        Assert.All(twice, s => Assert.Contains(s, claimed));               // duplicates only from the dead worker's claims
        var status = ConsumerCheckpoints.Info(d.File("p.plasmite"), "q");
        Assert.Equal((ulong)N, status.CommittedSeq);
        Assert.True(status.Redelivered >= (ulong)claimed.Count);
    }
}

[CollectionDefinition("processes", DisableParallelization = true)]
public class ProcessCollection;
