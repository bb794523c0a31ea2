// `plasmite consumer list|info|reset` through the real tool, against a pool with a live (hung) worker process.
using System.Diagnostics;
using System.Text.Json;
using Plasmite.Consumers.Checkpoints;

namespace Plasmite.Consumers.Tests;

[Collection("processes")]
[Trait("Category", "Process")]
public class CliTests
{
    [Fact]
    public void List_info_and_reset_with_a_live_worker()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 50);
        string log = d.File("w.log");
        using var worker = Children.StartWorker("--dir", d.Path, "--pool", "p", "--name", "jobs", "--log", log, "--batch", "8", "--hang-after", "10");
        try
        {
            var sw = Stopwatch.StartNew();
            while (!WorkerLog.Read(log).Hung && sw.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(10);
            Assert.True(WorkerLog.Read(log).Hung);

            var list = Children.Cli("--dir", d.Path, "consumer", "list", "p");
            Assert.Equal(0, list.ExitCode);
            using (var doc = JsonDocument.Parse(list.Stdout))
            {
                var c = Assert.Single(doc.RootElement.GetProperty("consumers").EnumerateArray());
                Assert.Equal("jobs", c.GetProperty("name").GetString());
                Assert.Equal(8UL, c.GetProperty("committed_seq").GetUInt64()); // first batch done, second in flight
                Assert.Equal(42UL, c.GetProperty("lag").GetUInt64());
                Assert.Equal(8, c.GetProperty("in_flight").GetInt32());
                Assert.Equal(1, c.GetProperty("active_workers").GetInt32());
                Assert.False(c.TryGetProperty("error", out _));
            }

            var info = Children.Cli("--dir", d.Path, "consumer", "info", "p", "jobs");
            Assert.Equal(0, info.ExitCode);
            using (var doc = JsonDocument.Parse(info.Stdout))
            {
                var leases = doc.RootElement.GetProperty("leases").EnumerateArray().ToList();
                Assert.Equal(Enumerable.Range(9, 8).Select(i => (ulong)i), leases.Select(l => l.GetProperty("seq").GetUInt64()));
                Assert.All(leases, l => Assert.Equal(worker.Id, l.GetProperty("pid").GetInt32()));
                Assert.All(leases, l => Assert.True(l.GetProperty("owner_alive").GetBoolean()));
            }

            var busy = Children.Cli("--dir", d.Path, "consumer", "reset", "p", "jobs");
            Assert.Equal(5, busy.ExitCode);
            Assert.Contains("in flight", busy.Stderr, StringComparison.Ordinal);

            var set = Children.Cli("--dir", d.Path, "consumer", "reset", "p", "jobs", "--seq", "40", "--force");
            Assert.Equal(0, set.ExitCode);
            using (var doc = JsonDocument.Parse(set.Stdout))
            {
                Assert.Equal("set", doc.RootElement.GetProperty("action").GetString());
                Assert.Equal(8UL, doc.RootElement.GetProperty("previous_committed_seq").GetUInt64());
                Assert.Equal(40UL, doc.RootElement.GetProperty("next_seq").GetUInt64());
            }
            Assert.Equal(39UL, ConsumerCheckpoints.Info(d.File("p.plasmite"), "jobs").CommittedSeq);
        }
        finally
        {
            Children.Kill(worker);
        }
    }

    [Fact]
    public void Corrupt_and_foreign_checkpoints_are_refused_until_reset()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 5);
        string pool = d.File("p.plasmite");
        ConsumerCheckpoints.Reset(pool, "good", seq: 3);
        ConsumerCheckpoints.Reset(pool, "bad", seq: 1);
        File.WriteAllText(ConsumerPaths.StatePath(pool, "bad"), "{\"format\":1");

        var list = Children.Cli("consumer", "list", pool);
        Assert.Equal(0, list.ExitCode);
        using (var doc = JsonDocument.Parse(list.Stdout))
        {
            var all = doc.RootElement.GetProperty("consumers").EnumerateArray().ToList();
            Assert.Equal(["bad", "good"], all.Select(c => c.GetProperty("name").GetString()));
            Assert.Equal("Corrupt", all[0].GetProperty("error").GetProperty("kind").GetString());
            Assert.False(all[1].TryGetProperty("error", out _));
        }

        var info = Children.Cli("consumer", "info", pool, "bad");
        Assert.Equal(7, info.ExitCode);
        Assert.Contains("consumer checkpoint is corrupt", info.Stderr, StringComparison.Ordinal);
        Assert.Contains("plasmite consumer reset", info.Stderr, StringComparison.Ordinal);

        // Re-create the pool: the good checkpoint now belongs to a pool that no longer exists.
        using (var client = new PlasmiteClient(d.Path)) client.DeletePool("p");
        Pools.Fill(d.Path, "p", 5);
        var foreign = Children.Cli("consumer", "info", pool, "good");
        Assert.Equal(7, foreign.ExitCode);
        Assert.Contains("does not belong to this pool", foreign.Stderr, StringComparison.Ordinal);

        var reset = Children.Cli("consumer", "reset", pool, "good");
        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("\"action\":\"deleted\"", reset.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Children.Cli("consumer", "reset", pool, "bad").ExitCode);
        using (var doc = JsonDocument.Parse(Children.Cli("consumer", "list", pool).Stdout))
            Assert.Empty(doc.RootElement.GetProperty("consumers").EnumerateArray());

        Assert.Equal(3, Children.Cli("consumer", "info", pool, "good").ExitCode);      // NotFound
        Assert.Equal(2, Children.Cli("consumer", "info", pool, "no/such").ExitCode);   // Usage
        Assert.Equal(3, Children.Cli("consumer", "list", d.File("missing.plasmite")).ExitCode);
    }
}
