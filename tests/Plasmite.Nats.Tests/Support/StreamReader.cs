// Reads a whole JetStream stream back (ordered consumer) for assertions: body, headers, stream seq.
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Plasmite.Nats.Tests.Support;

internal sealed record StreamEntry(ulong StreamSeq, string Subject, byte[] Body, NatsHeaders Headers)
{
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v[^1]! : throw new KeyNotFoundException(name);

    public ulong PoolSeq => ulong.Parse(Header(BridgeHeaders.Seq), System.Globalization.CultureInfo.InvariantCulture);
}

internal static class JetStreamReader
{
    public static async Task<List<StreamEntry>> ReadAllAsync(string url, string stream, TimeSpan? limit = null)
    {
        await using var conn = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(conn);
        var s = await js.GetStreamAsync(stream);
        long count = s.Info.State.Messages;
        var list = new List<StreamEntry>((int)count);
        if (count == 0) return list;
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        var consumer = await js.CreateOrderedConsumerAsync(stream, cancellationToken: cts.Token);
        await foreach (var m in consumer.ConsumeAsync<byte[]>(cancellationToken: cts.Token))
        {
            list.Add(new StreamEntry(m.Metadata!.Value.Sequence.Stream, m.Subject, m.Data ?? [], m.Headers ?? new NatsHeaders()));
            if (list.Count >= count) break;
        }
        return list;
    }

    public static async Task<ulong> LastPoolSeqAsync(string url, string stream, string subject)
    {
        await using var conn = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(conn);
        var s = await js.GetStreamAsync(stream);
        try
        {
            var r = await s.GetAsync(new StreamMsgGetRequest { LastBySubj = subject });
            return ulong.Parse(StreamSetup.Header(r.Message, BridgeHeaders.Seq)!, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (NatsJSApiException)
        {
            return 0;
        }
    }

    public static async Task<bool> StreamExistsAsync(string url, string stream)
    {
        await using var conn = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(conn);
        try
        {
            await js.GetStreamAsync(stream);
            return true;
        }
        catch (NatsJSApiException)
        {
            return false;
        }
    }

    public static async Task CreateStreamAsync(string url, string stream, string subject)
    {
        await using var conn = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(conn);
        await js.CreateStreamAsync(new StreamConfig(stream, [subject]) { Storage = StreamConfigStorage.File, DuplicateWindow = TimeSpan.FromMinutes(2) });
    }
}
