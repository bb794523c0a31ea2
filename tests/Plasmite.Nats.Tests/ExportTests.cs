// Export against a real nats-server: content and headers of 10,000 messages, resume, pool identity, gaps, errors.
using System.Buffers;
using System.Text;
using Plasmite.Lite3;
using Plasmite.Nats.Tests.Support;

namespace Plasmite.Nats.Tests;

[Trait("Category", "Process")]
public sealed class ExportTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static async Task ExportUntilAsync(string poolPath, PoolExportOptions options, ulong lastSeq)
    {
        var exporter = new PoolExporter(poolPath, options);
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => exporter.RunAsync(cts.Token));
        try
        {
            await Wait.UntilAsync(() => exporter.LastAckedSeq >= lastSeq || run.IsCompleted, Limit, () => $"acked {exporter.LastAckedSeq} of {lastSeq}");
        }
        finally
        {
            await cts.CancelAsync();
            await run;
        }
    }

    [NatsFact]
    public async Task Exports_10000_messages_exactly_once_in_order_with_headers()
    {
        using var nats = NatsServer.Start();
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.CreatePool("events", 64 << 20);
        for (int i = 1; i <= 10_000; i++)
        {
            var json = $"{{\"i\":{i},\"name\":\"caf\u00e9 {i}\",\"f\":{i}.25,\"big\":1e300,\"nested\":{{\"b\":[1,2,{{\"z\":null}}],\"a\":true}}}}";
            pool.AppendJson(Encoding.UTF8.GetBytes(json), i % 2 == 0 ? ["even", "t\u00e4g"] : []);
        }
        await ExportUntilAsync(pool.Path, new PoolExportOptions { Nats = nats.Options, CreateStream = true }, 10_000);

        var entries = await JetStreamReader.ReadAllAsync(nats.Url, "plasmite-events");
        Assert.True(entries.Count == 10_000, $"{entries.Count} entries, first {entries[0].PoolSeq}, last {entries[^1].PoolSeq}, stream seqs {entries[0].StreamSeq}..{entries[^1].StreamSeq}");
        string poolId = entries[0].Header(BridgeHeaders.PoolId);
        Assert.Equal(32, poolId.Length);
        var data = new ArrayBufferWriter<byte>();
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            ulong seq = (ulong)i + 1;
            var frame = pool.GetLite3(seq);
            Assert.Equal("plasmite.events", e.Subject);
            Assert.Equal(seq, e.PoolSeq);
            Assert.Equal($"{poolId}:{seq}", e.Header(BridgeHeaders.MsgId));
            Assert.Equal(poolId, e.Header(BridgeHeaders.PoolId));
            Assert.Equal("events", e.Header(BridgeHeaders.Pool));
            Assert.Equal(Plasmite.Text.Rfc3339.Format(frame.TimestampNs), e.Header(BridgeHeaders.Time));
            Assert.Equal(pool.Get(seq).TimeRfc3339, e.Header(BridgeHeaders.Time));
            Assert.Equal(Lite3Envelope.ReadTags(frame.Payload.Span), BridgeHeaders.DecodeTags(e.Header(BridgeHeaders.Tags)));
            data.ResetWrittenCount();
            Lite3Envelope.WriteDataJson(frame.Payload.Span, data);
            Assert.True(data.WrittenSpan.SequenceEqual(e.Body), $"body of seq {seq}: {Encoding.UTF8.GetString(e.Body)}");
        }
        Assert.Contains("\"big\":1e+300", Encoding.UTF8.GetString(entries[0].Body), StringComparison.Ordinal);
    }

    [NatsFact]
    public async Task Restart_resumes_after_the_last_message_and_a_recreated_pool_is_a_new_identity()
    {
        using var nats = NatsServer.Start();
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        var options = new PoolExportOptions { Nats = nats.Options, CreateStream = true };
        string path;
        using (var pool = client.CreatePool("p", 1 << 20))
        {
            path = pool.Path;
            for (int i = 0; i < 5; i++) pool.AppendJson("{\"old\":1}"u8);
            await ExportUntilAsync(path, options, 5);
            for (int i = 0; i < 3; i++) pool.AppendJson("{\"old\":2}"u8);
            await ExportUntilAsync(path, options, 8);
        }
        client.DeletePool("p");
        using (var pool = client.CreatePool("p", 1 << 20))
        {
            for (int i = 0; i < 4; i++) pool.AppendJson("{\"new\":1}"u8);
            await ExportUntilAsync(path, options, 4);
        }
        var entries = await JetStreamReader.ReadAllAsync(nats.Url, "plasmite-p");
        Assert.Equal(12, entries.Count);
        Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4], entries.Select(e => e.PoolSeq));
        var ids = entries.Select(e => e.Header(BridgeHeaders.PoolId)).ToList();
        Assert.Single(ids.Take(8).Distinct());
        Assert.Single(ids.Skip(8).Distinct());
        Assert.NotEqual(ids[0], ids[8]);
        Assert.Equal(12, entries.Select(e => e.Header(BridgeHeaders.MsgId)).Distinct().Count());
    }

    [NatsFact]
    public async Task Retention_gap_is_reported_and_stop_policy_exits_with_9()
    {
        using var nats = NatsServer.Start();
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.CreatePool("small", 64 << 10);
        pool.AppendJson("{\"first\":true}"u8);
        var gaps = new List<RetentionGapInfo>();
        var options = new PoolExportOptions { Nats = nats.Options, CreateStream = true, GapObserved = gaps.Add };
        await ExportUntilAsync(pool.Path, options, 1);
        var filler = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 2000) + "\"}");
        for (int i = 0; i < 200; i++) pool.AppendJson(filler);
        ulong oldest = pool.Info().Bounds.Oldest!.Value;
        Assert.True(oldest > 2, "the pool must have wrapped");

        // CLI with --on-gap stop: the gap is the exit status (9), nothing after it is published.
        var (code, stderr) = BridgeProcess.Run(Limit, "--dir", dir.Path, "bridge", "export", "small", "--nats", nats.Url, "--on-gap", "stop");
        Assert.Equal(9, code);
        Assert.Contains($"messages 2-{oldest - 1}", stderr, StringComparison.Ordinal);
        Assert.Equal(1UL, await JetStreamReader.LastPoolSeqAsync(nats.Url, "plasmite-small", "plasmite.small"));

        // Library with the default policy: reported once, then the export continues from the oldest retained message.
        var exporter = new PoolExporter(pool.Path, options);
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => exporter.RunAsync(cts.Token));
        await Wait.UntilAsync(() => exporter.LastAckedSeq >= 201 || run.IsCompleted, Limit, () => $"acked {exporter.LastAckedSeq}");
        await cts.CancelAsync();
        await run;
        Assert.Equal(1, exporter.Gaps);
        Assert.Equal((long)(oldest - 2), exporter.GapMessages);
        Assert.Equal([new RetentionGapInfo(2, oldest - 1)], gaps);
        var entries = await JetStreamReader.ReadAllAsync(nats.Url, "plasmite-small");
        Assert.Equal([1UL, .. Enumerable.Range((int)oldest, 201 - (int)oldest + 1).Select(i => (ulong)i)], entries.Select(e => e.PoolSeq));
    }

    [NatsFact]
    public async Task Bad_url_missing_stream_and_unreachable_server_are_clear_errors()
    {
        using var nats = NatsServer.Start();
        using var dir = new TempDir();
        using (var client = new PlasmiteClient(dir.Path)) client.CreatePool("a").Dispose();
        var t = TimeSpan.FromSeconds(60);

        var (code, stderr) = BridgeProcess.Run(t, "--dir", dir.Path, "bridge", "export", "a", "--nats", "http://127.0.0.1:1");
        Assert.Equal(2, code);
        Assert.Contains("invalid NATS URL", stderr, StringComparison.Ordinal);

        (code, stderr) = BridgeProcess.Run(t, "--dir", dir.Path, "bridge", "export", "a", "--nats", nats.Url);
        Assert.Equal(2, code);
        Assert.Contains("stream 'plasmite-a' does not exist", stderr, StringComparison.Ordinal);
        Assert.Contains("--create-stream", stderr, StringComparison.Ordinal);

        (code, stderr) = BridgeProcess.Run(t, "--dir", dir.Path, "bridge", "import", "--nats", nats.Url, "--stream", "nope", "a");
        Assert.Equal(2, code);
        Assert.Contains("stream 'nope' does not exist", stderr, StringComparison.Ordinal);

        (code, _) = BridgeProcess.Run(t, "--dir", dir.Path, "bridge", "import", "--nats", nats.Url, "a");
        Assert.Equal(2, code);

        nats.Stop();
        (code, stderr) = BridgeProcess.Run(t, "--dir", dir.Path, "bridge", "export", "a", "--nats", nats.Url);
        Assert.Equal(8, code);
        Assert.Contains("cannot connect to NATS", stderr, StringComparison.Ordinal);
    }
}
