// Crash safety with real processes: SIGKILL the CLI exporter or importer at random moments while a writer appends,
// and restart nats-server mid-run; every message must arrive once, in order. PLASMITE_SOAK=N sets the iterations.
using Plasmite.Nats.Tests.Support;
using Xunit.Abstractions;

namespace Plasmite.Nats.Tests;

[Trait("Category", "Process")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private static string[] Export(string dir, string url) =>
        ["--dir", dir, "bridge", "export", "a", "--nats", url, "--create-stream", "--max-in-flight", "64"];

    private static string[] Import(string dir, string url) =>
        ["--dir", dir, "bridge", "import", "--nats", url, "--stream", "plasmite-a", "--create", "--size", "32M", "b", "--batch", "64"];

    private static ulong Newest(PlasmitePool pool) => pool.Info().Bounds.Newest ?? 0;

    private (Random Random, int Seed) Seeded()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"random seed {seed}");
        return (new Random(seed), seed);
    }

    [NatsFact]
    public async Task Exporter_killed_at_random_moments_publishes_every_message_once_in_order()
    {
        using var nats = NatsServer.Start();
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.CreatePool("a", 32 << 20);
        var (random, seed) = Seeded();
        int iterations = Wait.Iterations(20);
        using (var writer = new Writer(pool))
        {
            for (int i = 0; i < iterations; i++)
            {
                using var p = BridgeProcess.Start(Export(dir.Path, nats.Url));
                Thread.Sleep(random.Next(150, 1500));
                p.Kill();
            }
        }
        ulong last = Newest(pool);
        using (var p = BridgeProcess.Start(Export(dir.Path, nats.Url)))
        {
            await Wait.UntilAsync(async () => await JetStreamReader.LastPoolSeqAsync(nats.Url, "plasmite-a", "plasmite.a") == last, Limit,
                () => "final export: " + p.Stderr);
            Assert.Equal(0, p.Terminate());
        }
        var entries = await JetStreamReader.ReadAllAsync(nats.Url, "plasmite-a");
        Assert.True(entries.Select(e => e.PoolSeq).SequenceEqual(Enumerable.Range(1, (int)last).Select(i => (ulong)i)),
            $"seed {seed}: stream holds {entries.Count} entries for {last} messages");
        Assert.Single(entries.Select(e => e.Header(BridgeHeaders.PoolId)).Distinct());
        output.WriteLine($"{iterations} kills, {last} messages");
    }

    [NatsFact]
    public async Task Importer_killed_at_random_moments_appends_every_message_once_in_order()
    {
        using var nats = NatsServer.Start();
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        using var clientA = new PlasmiteClient(dirA.Path);
        using var a = clientA.CreatePool("a", 32 << 20);
        var (random, seed) = Seeded();
        int iterations = Wait.Iterations(20);
        var exporter = new PoolExporter(a.Path, new PoolExportOptions { Nats = nats.Options, CreateStream = true });
        using var stop = new CancellationTokenSource();
        var exporting = Task.Run(() => exporter.RunAsync(stop.Token));
        await Wait.UntilAsync(() => JetStreamReader.StreamExistsAsync(nats.Url, "plasmite-a"), Limit, () => "the exporter did not create the stream");
        using (var writer = new Writer(a))
        {
            for (int i = 0; i < iterations; i++)
            {
                using var p = BridgeProcess.Start(Import(dirB.Path, nats.Url));
                Thread.Sleep(random.Next(150, 1500));
                p.Kill();
            }
        }
        ulong last = Newest(a);
        await Wait.UntilAsync(() => exporter.LastAckedSeq == last, Limit, () => $"exporter acked {exporter.LastAckedSeq} of {last}");
        await stop.CancelAsync();
        await exporting;
        using var clientB = new PlasmiteClient(dirB.Path);
        using (var p = BridgeProcess.Start(Import(dirB.Path, nats.Url)))
        {
            await Wait.UntilAsync(() => PoolNewest(clientB, "b") >= last, Limit, () => "final import: " + p.Stderr);
            Thread.Sleep(300); // a duplicate would land right after the last message
            Assert.Equal(0, p.Terminate());
        }
        using var b = clientB.OpenPool("b");
        AssertSameMessages(a, b, last, seed);
    }

    [NatsFact]
    public async Task Nats_server_restarts_mid_run_and_both_sides_catch_up()
    {
        using var nats = NatsServer.Start();
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        using var clientA = new PlasmiteClient(dirA.Path);
        using var clientB = new PlasmiteClient(dirB.Path);
        using var a = clientA.CreatePool("a", 32 << 20);
        await JetStreamReader.CreateStreamAsync(nats.Url, "plasmite-a", "plasmite.a");
        using var exporter = BridgeProcess.Start(Export(dirA.Path, nats.Url));
        using var importer = BridgeProcess.Start(Import(dirB.Path, nats.Url));
        using (var writer = new Writer(a))
        {
            // Both sides connected and flowing before the first restart (a failed first connect is an Io exit, by design).
            await Wait.UntilAsync(() => PoolNewest(clientB, "b") > 0, Limit, () => $"exporter: {exporter.Stderr}\nimporter: {importer.Stderr}");
            for (int i = 0; i < 3; i++)
            {
                Thread.Sleep(2000);
                nats.Stop();
                Thread.Sleep(700);
                nats.Launch();
            }
            Thread.Sleep(1000);
        }
        ulong last = Newest(a);
        await Wait.UntilAsync(() => PoolNewest(clientB, "b") >= last, Limit,
            () => $"B has {PoolNewest(clientB, "b")} of {last}\nexporter: {exporter.Stderr}\nimporter: {importer.Stderr}");
        Thread.Sleep(300);
        Assert.False(exporter.HasExited, exporter.Stderr);
        Assert.Equal(0, exporter.Terminate());
        Assert.Equal(0, importer.Terminate());
        output.WriteLine($"{last} messages\nexporter:\n{exporter.Stderr}\nimporter:\n{importer.Stderr}");
        var entries = await JetStreamReader.ReadAllAsync(nats.Url, "plasmite-a");
        Assert.True(entries.Select(e => e.PoolSeq).SequenceEqual(Enumerable.Range(1, (int)last).Select(i => (ulong)i)),
            $"stream holds {entries.Count} entries for {last} messages");
        using var b = clientB.OpenPool("b");
        AssertSameMessages(a, b, last, seed: 0);
    }

    private static ulong PoolNewest(PlasmiteClient client, string name)
    {
        try
        {
            return client.PoolInfo(name).Bounds.Newest ?? 0;
        }
        catch (PlasmiteException)
        {
            return 0;
        }
    }

    // B is a fresh pool written only by the importer, so its seqs are A's: same tags and data at every seq, nothing more.
    private static void AssertSameMessages(PlasmitePool a, PlasmitePool b, ulong last, int seed)
    {
        Assert.True(Newest(b) == last, $"seed {seed}: B holds {Newest(b)} messages, A {last}");
        for (ulong seq = 1; seq <= last; seq++)
        {
            var pa = a.GetLite3(seq).Payload.Span;
            var pb = b.GetLite3(seq).Payload.Span;
            Assert.True(pa.SequenceEqual(pb), $"seed {seed}: message {seq} differs: {a.Get(seq)} vs {b.Get(seq)}");
        }
    }
}
