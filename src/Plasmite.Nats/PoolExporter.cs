// Export: follows a local pool and publishes every message to a JetStream subject exactly once, in seq order,
// resuming after crashes from the stream (last message on the subject) or the checkpoint beside the pool.
using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Plasmite.Lite3;
using Plasmite.Storage;

namespace Plasmite.Nats;

/// <summary>
/// Publishes a pool's messages to a JetStream stream: body = the message's <c>data</c> JSON, headers
/// <see cref="BridgeHeaders"/>. Exactly once and in order: every publish carries <c>Nats-Msg-Id</c>
/// (pool identity + seq, absorbed by the stream's duplicate window) and the expected last sequence of the
/// subject, so a publish that would land after a lost one is refused and the exporter re-synchronises.
/// Run it with <see cref="RunAsync"/> (from a <c>BackgroundService</c> or the CLI); cancel the token to stop
/// gracefully (in-flight acks are awaited and the checkpoint written).
/// </summary>
public sealed class PoolExporter
{
    private readonly string _poolPath;
    private readonly PoolExportOptions _options;
    private readonly ILoggerFactory? _loggers;
    private readonly ILogger _log;
    private readonly string _poolName;
    private readonly string _stream;
    private readonly string _subject;
    private readonly KeyValuePair<string, object?> _destination;
    private long _exported, _gaps, _gapMessages, _resyncs;
    private ulong _lastAcked;

    /// <summary>Prepares an exporter of the pool at <paramref name="poolPath"/> (nothing is opened until <see cref="RunAsync"/>).</summary>
    public PoolExporter(string poolPath, PoolExportOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(poolPath);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxInFlight < 1) throw new PlasmiteException(ErrorKind.Usage, "max in-flight publishes must be at least 1");
        NatsConnector.Validate(options.Nats.Url);
        _poolPath = poolPath;
        _options = options;
        _loggers = loggers;
        _log = loggers?.CreateLogger<PoolExporter>() ?? NullLogger<PoolExporter>.Instance;
        _poolName = BridgeNames.PoolName(poolPath);
        _stream = options.Stream ?? BridgeNames.DefaultStream(_poolName);
        _subject = options.Subject ?? BridgeNames.DefaultSubject(_poolName);
        _destination = BridgeMetrics.Destination(_stream);
    }

    /// <summary>The stream published to.</summary>
    public string Stream => _stream;

    /// <summary>The subject published on.</summary>
    public string Subject => _subject;

    /// <summary>Messages acknowledged by the stream since <see cref="RunAsync"/> started.</summary>
    public long Exported => Interlocked.Read(ref _exported);

    /// <summary>The last pool seq the stream acknowledged (0 before the first).</summary>
    public ulong LastAckedSeq => Interlocked.Read(ref _lastAcked);

    /// <summary>Retention gaps seen (see <see cref="PoolExportOptions.OnGap"/>).</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Messages lost in retention gaps.</summary>
    public long GapMessages => Interlocked.Read(ref _gapMessages);

    /// <summary>Re-synchronisations with the stream (after publish errors, timeouts or reconnects).</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Exports until <paramref name="cancellationToken"/> is cancelled (then returns normally) or a fatal error.</summary>
    /// <exception cref="PlasmiteException">Usage (bad URL, missing stream), Io (server unreachable at start),
    /// NotFound (pool), RetentionGap (with <see cref="GapPolicy.Error"/>).</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var client = new PlasmiteClient(Path.GetDirectoryName(Path.GetFullPath(_poolPath)));
        using var pool = client.OpenPool(Path.GetFullPath(_poolPath));
        await using var conn = await NatsConnector.ConnectAsync(_options.Nats, _loggers, cancellationToken).ConfigureAwait(false);
        var js = new NatsJSContext(conn);
        var stream = await StreamSetup.OpenAsync(js, _stream, _subject, _options.CreateStream, cancellationToken).ConfigureAwait(false);
        var session = new Session(this, pool, conn, stream) { Reconnects = new ReconnectSignal(conn) };
        await using var inbox = await AckInbox.StartAsync(conn, cancellationToken).ConfigureAwait(false);
        session.Inbox = inbox;
        session.ResolveIdentity();
        var backoff = TimeSpan.FromMilliseconds(50);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var start = await session.FindStartAsync(cancellationToken).ConfigureAwait(false);
                if (await session.PumpAsync(start, cancellationToken).ConfigureAwait(false)) return;
                backoff = TimeSpan.FromMilliseconds(50);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                _log.LogWarning("export {Pool} → {Stream}: {Error}; retrying in {Delay} ms", _poolName, _stream, e.Message, backoff.TotalMilliseconds);
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

    internal static bool IsTransient(Exception e, CancellationToken ct) =>
        e is NatsException or TimeoutException or ObjectDisposedException && !ct.IsCancellationRequested
        || e is OperationCanceledException && !ct.IsCancellationRequested;

    // One run: the open pool, connection and stream, the identity, and the publish pipeline.
    private sealed class Session(PoolExporter owner, PlasmitePool pool, NatsConnection conn, INatsJSStream stream)
    {
        private readonly string _checkpointPath = ExportCheckpoint.PathFor(Path.GetFullPath(owner._poolPath), owner._stream);
        private readonly Queue<Pending> _inflight = new();
        private readonly ArrayBufferWriter<byte> _data = new(4096);
        private ExportCheckpoint _checkpoint = null!;
        private bool _checkpointDirty;
        private long _lastCheckpoint = Stopwatch.GetTimestamp();
        private int _serialBudget;

        public AckInbox Inbox { get; set; } = null!;

        public ReconnectSignal Reconnects { get; init; } = null!;

        private readonly record struct Pending(ulong Seq, ulong TimestampNs, long Id, Task<PubAck> Ack);

        // The pool is "the same pool" when its file identity matches the checkpoint and the last exported message is
        // still there with the same timestamp (or was dropped by retention, never un-written).
        public void ResolveIdentity()
        {
            var fileId = FileIdentity.Of(pool.Path);
            var saved = ExportCheckpoint.Load(_checkpointPath);
            if (saved is not null && SamePool(saved, fileId))
            {
                _checkpoint = saved;
                return;
            }
            if (saved is not null)
                owner._log.LogWarning("export {Pool}: the pool was re-created since the last export; exporting it as a new pool", owner._poolName);
            _checkpoint = new ExportCheckpoint(Guid.NewGuid().ToString("N"), fileId, 0, 0);
            // Persist the identity before the first publish: a crash must not leave messages under a forgotten id.
            _checkpoint.Save(_checkpointPath);
        }

        private bool SamePool(ExportCheckpoint saved, string? fileId)
        {
            if (saved.FileId is not null && fileId is not null && saved.FileId != fileId) return false;
            if (saved.LastSeq == 0) return true;
            var info = pool.Info();
            if (info.Bounds.Newest is not { } newest || newest < saved.LastSeq) return false;
            var m = pool.TryGet(saved.LastSeq);
            return m is null || m.TimestampNs == saved.LastTimeNs;
        }

        public async Task<(ulong Next, ulong LastSubjectSeq)> FindStartAsync(CancellationToken ct)
        {
            await DrainAsync().ConfigureAwait(false);
            var last = await StreamSetup.LastOnSubjectAsync(stream, owner._subject, ct).ConfigureAwait(false);
            ulong lastSubjectSeq = last?.Seq ?? 0;
            ulong lastSeq = _checkpoint.LastSeq;
            if (last is not null && StreamSetup.Header(last, BridgeHeaders.PoolId) == _checkpoint.PoolId
                && ulong.TryParse(StreamSetup.Header(last, BridgeHeaders.Seq), System.Globalization.CultureInfo.InvariantCulture, out var s))
                lastSeq = s;
            ulong next = lastSeq + 1;
            owner.Positioned(new ExportPosition(_checkpoint.PoolId, next, _checkpoint.LastSeq == 0 && lastSeq == 0));
            return (next, lastSubjectSeq);
        }

        /// <summary>Publishes from <paramref name="start"/> on. True: stopped by cancellation (done); false: re-synchronise.</summary>
        public async Task<bool> PumpAsync((ulong Next, ulong LastSubjectSeq) start, CancellationToken ct)
        {
            ulong next = start.Next;
            ulong expectSubject = start.LastSubjectSeq;
            var reconnected = Reconnects.Token;
            var cursor = pool.CreateCursor();
            cursor.PositionAtSeq(next);
            var options = owner._options;
            while (true)
            {
                if (ct.IsCancellationRequested)
                {
                    await DrainAsync().ConfigureAwait(false);
                    SaveCheckpoint();
                    return true;
                }
                if (reconnected.IsCancellationRequested)
                {
                    owner._log.LogInformation("export {Pool}: reconnected; re-synchronising", owner._poolName);
                    Abandon();
                    return false;
                }
                int window = _serialBudget > 0 ? 1 : options.MaxInFlight;
                bool published = false;
                int fellBehind = 0;
                while (_inflight.Count < window)
                {
                    var status = cursor.Step();
                    if (status == CursorStatus.FellBehind)
                    {
                        if (++fellBehind > 1024) break;
                        continue;
                    }
                    if (status != CursorStatus.Message) break;
                    ulong seq = cursor.Seq;
                    if (seq < next) continue;
                    if (seq > next && await GapAsync(next, seq - 1).ConfigureAwait(false)) return true;
                    _data.ResetWrittenCount();
                    var tags = Lite3Envelope.ReadMessage(cursor.Payload, _data);
                    var headers = BridgeHeaders.For(_checkpoint.PoolId, owner._poolName, seq, cursor.TimestampNs, tags, expectSubject);
                    var (id, replyTo, ack) = Inbox.Register();
                    try
                    {
                        await conn.PublishAsync(owner._subject, new ReadOnlySequence<byte>(_data.WrittenMemory), headers, replyTo,
                            cancellationToken: ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        Inbox.Forget(id);
                        owner._log.LogWarning("export {Pool}: publish failed: {Error}", owner._poolName, e.Message);
                        return false;
                    }
                    catch (OperationCanceledException)
                    {
                        Inbox.Forget(id);
                        break;
                    }
                    _inflight.Enqueue(new Pending(seq, cursor.TimestampNs, id, ack));
                    expectSubject++;
                    next = seq + 1;
                    published = true;
                    if (_serialBudget > 0) _serialBudget--;
                }
                while (_inflight.Count > 0 && _inflight.Peek().Ack.IsCompleted)
                    if (!Complete(_inflight.Dequeue())) return false;
                if (_inflight.Count > 0 && (!published || _inflight.Count >= window))
                {
                    var oldest = _inflight.Peek();
                    try
                    {
                        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, reconnected);
                        await oldest.Ack.WaitAsync(options.AckTimeout, either.Token).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        owner._log.LogWarning("export {Pool}: no ack for seq {Seq} within {Timeout}; re-synchronising",
                            owner._poolName, oldest.Seq, options.AckTimeout);
                        return false;
                    }
                    catch (OperationCanceledException)
                    {
                        continue;
                    }
                }
                else if (_inflight.Count == 0 && !published)
                {
                    SaveCheckpointIfDirty(force: true);
                    try
                    {
                        await Task.Run(() => pool.WaitForAppend(TimeSpan.FromMilliseconds(200), true, ct), ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        continue;
                    }
                }
                SaveCheckpointIfDirty(force: false);
            }
        }

        // True when the export must stop (GapPolicy.Error); the exception is thrown after the checkpoint is saved.
        private async Task<bool> GapAsync(ulong first, ulong last)
        {
            var gap = new RetentionGapInfo(first, last);
            Interlocked.Increment(ref owner._gaps);
            Interlocked.Add(ref owner._gapMessages, (long)gap.Count);
            BridgeMetrics.Gaps.Add(1, owner._destination);
            BridgeMetrics.GapMessages.Add((long)gap.Count, owner._destination);
            owner._log.LogWarning("export {Pool}: retention gap: messages {First}-{Last} were dropped by the pool before they were exported",
                owner._poolName, first, last);
            owner._options.GapObserved?.Invoke(gap);
            if (owner._options.OnGap != GapPolicy.Error) return false;
            await DrainAsync().ConfigureAwait(false);
            SaveCheckpoint();
            throw RetentionGapTracker.Gap(first, last + 1);
        }

        private bool Complete(Pending p)
        {
            var ack = p.Ack.Result;
            if (!ack.Ok)
            {
                if (ack.ErrCode == StreamSetup.WrongLastSequence) _serialBudget = 256;
                owner._log.LogInformation("export {Pool}: seq {Seq} refused ({Error}); re-synchronising", owner._poolName, p.Seq, ack.Error);
                return false;
            }
            _checkpoint = _checkpoint with { LastSeq = p.Seq, LastTimeNs = p.TimestampNs };
            _checkpointDirty = true;
            Interlocked.Exchange(ref owner._lastAcked, p.Seq);
            Interlocked.Increment(ref owner._exported);
            BridgeMetrics.Exported.Add(1, owner._destination);
            return true;
        }

        // After a reconnect: keep the in-order prefix already acknowledged, forget the rest (the stream says what landed).
        private void Abandon()
        {
            bool ok = true;
            while (_inflight.Count > 0)
            {
                var p = _inflight.Dequeue();
                if (ok && p.Ack.IsCompleted) ok = Complete(p);
                else
                {
                    ok = false;
                    Inbox.Forget(p.Id);
                }
            }
        }

        // Awaits every in-flight ack (one ack timeout for all), keeping the in-order prefix that succeeded.
        public async Task DrainAsync()
        {
            bool ok = true;
            var deadline = Stopwatch.GetTimestamp() + (long)(owner._options.AckTimeout.TotalSeconds * Stopwatch.Frequency);
            while (_inflight.Count > 0)
            {
                var p = _inflight.Dequeue();
                try
                {
                    var left = TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                    await p.Ack.WaitAsync(left).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    Inbox.Forget(p.Id);
                    ok = false;
                    continue;
                }
                if (ok) ok = Complete(p);
            }
        }

        private void SaveCheckpointIfDirty(bool force)
        {
            if (!_checkpointDirty) return;
            if (!force && Stopwatch.GetElapsedTime(_lastCheckpoint) < owner._options.CheckpointInterval) return;
            SaveCheckpoint();
        }

        private void SaveCheckpoint()
        {
            _checkpoint.Save(_checkpointPath);
            _checkpointDirty = false;
            _lastCheckpoint = Stopwatch.GetTimestamp();
        }
    }

    private void Positioned(ExportPosition position)
    {
        _log.LogInformation("export {Pool} → {Stream} ({Subject}): next seq {Next}", _poolName, _stream, _subject, position.NextSeq);
        _options.Positioned?.Invoke(position);
    }
}
