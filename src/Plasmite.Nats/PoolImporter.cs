// Import: reads a JetStream stream through a durable consumer and appends each message to a local pool exactly
// once, in stream order: durable local append, then checkpoint (stream seq ↔ local seq), then the JetStream ack.
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Plasmite.Lite3;
using Plasmite.Storage;

namespace Plasmite.Nats;

/// <summary>
/// Appends the messages of a JetStream stream to a local pool: <c>data</c> = the message body, tags from
/// <see cref="BridgeHeaders.Tags"/>. Each batch of appends is flushed (<see cref="Durability.Flush"/>) before the checkpoint
/// beside the pool records it and before JetStream is acked, so a restarted importer neither skips nor repeats a
/// message. The importer must be the pool's only writer (it recognises its own unrecorded appends after a crash
/// by position). Cancel the token passed to <see cref="RunAsync"/> to stop gracefully.
/// </summary>
public sealed class PoolImporter
{
    private readonly string _poolPath;
    private readonly PoolImportOptions _options;
    private readonly ILoggerFactory? _loggers;
    private readonly ILogger _log;
    private readonly string _poolName;
    private readonly string _durable;
    private readonly KeyValuePair<string, object?> _destination;
    private long _imported, _rejected, _resyncs;
    private ulong _lastStreamSeq;

    /// <summary>Prepares an importer into the pool at <paramref name="poolPath"/> (nothing is opened until <see cref="RunAsync"/>).</summary>
    public PoolImporter(string poolPath, PoolImportOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(poolPath);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1) throw new PlasmiteException(ErrorKind.Usage, "batch size must be at least 1");
        if (string.IsNullOrWhiteSpace(options.Stream)) throw new PlasmiteException(ErrorKind.Usage, "a stream name is required");
        NatsConnector.Validate(options.Nats.Url);
        _poolPath = Path.GetFullPath(poolPath);
        _options = options;
        _loggers = loggers;
        _log = loggers?.CreateLogger<PoolImporter>() ?? NullLogger<PoolImporter>.Instance;
        _poolName = BridgeNames.PoolName(poolPath);
        _durable = options.Durable ?? BridgeNames.DefaultDurable(_poolName);
        _destination = BridgeMetrics.Destination(options.Stream);
    }

    /// <summary>The durable consumer's name.</summary>
    public string Durable => _durable;

    /// <summary>Messages appended since <see cref="RunAsync"/> started.</summary>
    public long Imported => Interlocked.Read(ref _imported);

    /// <summary>Stream messages skipped because their body was not a JSON object or their tags header was malformed.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>The last stream sequence applied (from the checkpoint).</summary>
    public ulong LastStreamSeq => Interlocked.Read(ref _lastStreamSeq);

    /// <summary>Times the consumer was re-created (after reconnects, redeliveries out of order, errors).</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Imports until <paramref name="cancellationToken"/> is cancelled (then returns normally) or a fatal error.</summary>
    /// <exception cref="PlasmiteException">Usage (bad URL, missing stream), Io (server unreachable at start),
    /// NotFound (pool, without <see cref="PoolImportOptions.CreatePool"/>), Corrupt (the pool holds messages the checkpoint
    /// does not account for).</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var client = new PlasmiteClient(Path.GetDirectoryName(_poolPath));
        using var pool = _options.CreatePool ? client.Pool(_poolPath, _options.PoolSizeBytes) : client.OpenPool(_poolPath);
        await using var conn = await NatsConnector.ConnectAsync(_options.Nats, _loggers, cancellationToken).ConfigureAwait(false);
        var js = new NatsJSContext(conn);
        var stream = await StreamSetup.OpenAsync(js, _options.Stream, subject: null, create: false, cancellationToken).ConfigureAwait(false);
        // Appends go through the engine's batch path: many frames, one flush.
        using var file = PoolFile.Open(pool.Path);
        var session = new Session(this, pool, file, stream) { Reconnects = new ReconnectSignal(conn) };
        session.Recover();
        var backoff = TimeSpan.FromMilliseconds(50);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await session.RoundAsync(cancellationToken).ConfigureAwait(false)) return;
                backoff = TimeSpan.FromMilliseconds(50);
            }
            catch (Exception e) when (PoolExporter.IsTransient(e, cancellationToken) || e is NatsJSException && !cancellationToken.IsCancellationRequested)
            {
                _log.LogWarning("import {Stream} → {Pool}: {Error}; retrying in {Delay} ms", _options.Stream, _poolName, e.Message, backoff.TotalMilliseconds);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _resyncs);
            BridgeMetrics.Resyncs.Add(1, _destination);
            try
            {
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class Session(PoolImporter owner, PlasmitePool pool, PoolFile file, INatsJSStream stream)
    {
        private readonly string _checkpointPath = ImportCheckpoint.PathFor(owner._poolPath, owner._options.Stream, owner._durable);
        private ImportCheckpoint _checkpoint = null!;
        private ulong _unrecorded;

        public ReconnectSignal Reconnects { get; init; } = null!;
        private readonly List<ReadOnlyMemory<byte>> _pending = [];
        private readonly List<ulong> _pendingStreamSeqs = [];
        private readonly PoolFile _file = file;

        // Appends made after the last checkpoint (a crash between append and checkpoint) are recognised by
        // position: the next stream messages must be exactly the pool's messages after the checkpoint's local seq.
        public void Recover()
        {
            var fileId = FileIdentity.Of(pool.Path);
            ulong newest = pool.Info().Bounds.Newest ?? 0;
            var saved = ImportCheckpoint.Load(_checkpointPath);
            if (saved is null)
            {
                _checkpoint = new ImportCheckpoint(0, newest, fileId);
                _checkpoint.Save(_checkpointPath);
                return;
            }
            if (saved.FileId is not null && fileId is not null && saved.FileId != fileId || newest < saved.LocalSeq)
                throw new PlasmiteException(ErrorKind.Corrupt, "the pool was re-created since the import checkpoint was written",
                    path: _checkpointPath, hint: "Delete the checkpoint to import the stream again from the start.");
            _checkpoint = saved with { FileId = fileId ?? saved.FileId };
            _unrecorded = newest - saved.LocalSeq;
            Interlocked.Exchange(ref owner._lastStreamSeq, saved.StreamSeq);
            if (_unrecorded > 0)
                owner._log.LogInformation("import {Pool}: {Count} message(s) appended before the last stop are matched against the stream",
                    owner._poolName, _unrecorded);
        }

        /// <summary>One consumer lifetime. True: stopped by cancellation; false: re-create the consumer.</summary>
        public async Task<bool> RoundAsync(CancellationToken ct)
        {
            var consumer = await RecreateConsumerAsync(ct).ConfigureAwait(false);
            int batch = owner._options.BatchSize;
            // A reconnect ends the round: deliveries lost with the old connection would only return after the ack wait.
            using var round = CancellationTokenSource.CreateLinkedTokenSource(ct, Reconnects.Token);
            var channel = Channel.CreateBounded<INatsJSMsg<byte[]>>(new BoundedChannelOptions(batch * 2) { SingleReader = true, SingleWriter = true });
            var pump = Task.Run(async () =>
            {
                try
                {
                    var opts = new NatsJSConsumeOpts { MaxMsgs = batch, IdleHeartbeat = TimeSpan.FromSeconds(1), Expires = TimeSpan.FromSeconds(5) };
                    await foreach (var m in consumer.ConsumeAsync<byte[]>(opts: opts, cancellationToken: round.Token).ConfigureAwait(false))
                        await channel.Writer.WriteAsync(m, round.Token).ConfigureAwait(false);
                    channel.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    channel.Writer.TryComplete(e);
                }
            }, CancellationToken.None);
            try
            {
                var messages = new List<INatsJSMsg<byte[]>>(batch);
                while (await channel.Reader.WaitToReadAsync(round.Token).ConfigureAwait(false))
                {
                    messages.Clear();
                    while (messages.Count < batch && channel.Reader.TryRead(out var m)) messages.Add(m);
                    var (handled, inOrder) = await ApplyAsync(messages, ct).ConfigureAwait(false);
                    for (int i = 0; i < handled; i++) await messages[i].AckAsync(cancellationToken: ct).ConfigureAwait(false);
                    if (!inOrder) return false;
                }
                await channel.Reader.Completion.ConfigureAwait(false);
                return ct.IsCancellationRequested;
            }
            catch (OperationCanceledException) when (round.IsCancellationRequested)
            {
                if (!ct.IsCancellationRequested) owner._log.LogInformation("import {Pool}: reconnected; re-creating the consumer", owner._poolName);
                return ct.IsCancellationRequested;
            }
            catch (ChannelClosedException) when (round.IsCancellationRequested)
            {
                return ct.IsCancellationRequested;
            }
            finally
            {
                await round.CancelAsync().ConfigureAwait(false);
                await pump.ConfigureAwait(false);
            }
        }

        // A fresh durable positioned after the checkpoint: deliveries held by a crashed instance (or lost in a
        // reconnect) would otherwise come back only after the ack wait, behind newer messages.
        private async Task<INatsJSConsumer> RecreateConsumerAsync(CancellationToken ct)
        {
            try
            {
                await stream.DeleteConsumerAsync(owner._durable, ct).ConfigureAwait(false);
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode == StreamSetup.ConsumerNotFound)
            {
                // First run.
            }
            ulong from = _checkpoint.StreamSeq + 1;
            var config = new ConsumerConfig(owner._durable)
            {
                DurableName = owner._durable,
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = owner._options.AckWait,
                MaxAckPending = owner._options.BatchSize * 4,
                DeliverPolicy = from == 1 ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = from == 1 ? 0 : from,
            };
            if (owner._options.FilterSubject is { } filter) config.FilterSubject = filter;
            return await stream.CreateOrUpdateConsumerAsync(config, ct).ConfigureAwait(false);
        }

        // The last stream seq applied or waiting in the batch.
        private ulong LastSeen => _pendingStreamSeqs.Count > 0 ? _pendingStreamSeqs[^1] : _checkpoint.StreamSeq;

        // Applies messages in order; returns how many may be acked and whether the order held.
        private async Task<(int Handled, bool InOrder)> ApplyAsync(List<INatsJSMsg<byte[]>> messages, CancellationToken ct)
        {
            var before = _checkpoint;
            int handled = 0;
            bool inOrder = true;
            foreach (var m in messages)
            {
                if (m.Metadata is not { } meta)
                {
                    handled++;
                    continue;
                }
                ulong s = meta.Sequence.Stream;
                if (s > LastSeen + 1)
                {
                    var next = await StreamSetup.NextOnSubjectAsync(stream, LastSeen + 1,
                        owner._options.FilterSubject ?? ">", ct).ConfigureAwait(false);
                    if (next is null || next.Seq != s)
                    {
                        owner._log.LogInformation("import {Pool}: stream seq {Seq} arrived before {Expected}; re-creating the consumer",
                            owner._poolName, s, next?.Seq);
                        inOrder = false;
                        break;
                    }
                }
                if (s > LastSeen) Apply(m, s);
                handled++;
            }
            FlushPending();
            if (_checkpoint != before)
            {
                _checkpoint.Save(_checkpointPath);
                Interlocked.Exchange(ref owner._lastStreamSeq, _checkpoint.StreamSeq);
            }
            return (handled, inOrder);
        }

        private void Apply(INatsJSMsg<byte[]> m, ulong streamSeq)
        {
            var body = m.Data ?? [];
            byte[] payload;
            try
            {
                var tags = BridgeHeaders.DecodeTags(BridgeHeaders.Get(m.Headers, BridgeHeaders.Tags));
                payload = Lite3Envelope.Encode(tags, body);
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.Usage)
            {
                Interlocked.Increment(ref owner._rejected);
                BridgeMetrics.Rejected.Add(1, owner._destination);
                owner._log.LogWarning("import {Pool}: stream seq {Seq} skipped: {Error}", owner._poolName, streamSeq, e.Message);
                FlushPending();
                _checkpoint = _checkpoint with { StreamSeq = streamSeq };
                return;
            }
            if (_unrecorded > 0)
            {
                ulong local = _checkpoint.LocalSeq + 1;
                if (pool.TryGet(local) is not null && !pool.GetLite3(local).Payload.Span.SequenceEqual(payload))
                    throw new PlasmiteException(ErrorKind.Corrupt,
                        $"pool message {local} is not stream message {streamSeq}: another process writes to the import pool",
                        path: pool.Path, seq: local, hint: "Give the importer a pool of its own.");
                _unrecorded--;
                _checkpoint = _checkpoint with { StreamSeq = streamSeq, LocalSeq = local };
                return;
            }
            _pending.Add(payload);
            _pendingStreamSeqs.Add(streamSeq);
        }

        // One engine batch: every frame committed, one msync (Durability.Flush) before the checkpoint and the acks.
        private void FlushPending()
        {
            if (_pending.Count == 0) return;
            var results = _file.AppendBatch(_pending, Plasmite.Text.Rfc3339.NowNs(), Durability.Flush);
            if (results[0].Seq != _checkpoint.LocalSeq + 1)
                owner._log.LogWarning("import {Pool}: another process appended to the pool (seq {Seq}, expected {Expected})",
                    owner._poolName, results[0].Seq, _checkpoint.LocalSeq + 1);
            _checkpoint = _checkpoint with { StreamSeq = _pendingStreamSeqs[^1], LocalSeq = results[^1].Seq };
            Interlocked.Add(ref owner._imported, results.Length);
            BridgeMetrics.Imported.Add(results.Length, owner._destination);
            if (owner._options.Appended is { } appended)
                for (int i = 0; i < results.Length; i++) appended(results[i].Seq, _pendingStreamSeqs[i]);
            _pending.Clear();
            _pendingStreamSeqs.Clear();
        }
    }
}
