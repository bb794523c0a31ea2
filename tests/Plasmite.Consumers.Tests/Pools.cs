// Creates test pools filled with `{"i":n}` messages.
using System.Text;

namespace Plasmite.Consumers.Tests;

internal static class Pools
{
    public static void Fill(string dir, string pool, int count, ulong size = 1 << 20, string[]? tags = null)
    {
        using var client = new PlasmiteClient(dir);
        using var p = client.Pool(pool, size);
        Append(p, count, tags);
    }

    public static void Append(PlasmitePool p, int count, string[]? tags = null)
    {
        const int chunk = 1000;
        for (int done = 0; done < count; done += chunk)
        {
            var batch = new List<ReadOnlyMemory<byte>>();
            for (int i = done; i < Math.Min(count, done + chunk); i++) batch.Add(Encoding.UTF8.GetBytes($"{{\"i\":{i + 1}}}"));
            p.AppendBatch(batch, tags);
        }
    }

    /// <summary>Runs a consumer until its checkpoint reaches <paramref name="until"/> (or 30 s pass, which fails the test).</summary>
    public static async Task RunUntil(PlasmiteConsumer consumer, ulong until, Func<Message, CancellationToken, ValueTask> handler)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var done = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, done.Token);
        var run = consumer.RunAsync(async (m, ct) =>
        {
            await handler(m, ct);
        }, linked.Token);
        while (!run.IsCompleted && consumer.CommittedSeq < until && !cts.IsCancellationRequested) await Task.Delay(5);
        done.Cancel();
        await run;
        Assert.False(cts.IsCancellationRequested, $"consumer did not reach seq {until} (at {consumer.CommittedSeq})");
    }
}
