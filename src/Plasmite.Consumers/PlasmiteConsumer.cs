// The consumer engine: claim a batch under the state lock, handle it outside the lock with retries, checkpoint, repeat.
using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Plasmite.Consumers.Checkpoints;
using Plasmite.Consumers.Diagnostics;
using Plasmite.Storage;

namespace Plasmite.Consumers;

/// <summary>
/// A durable, named consumer of a local pool. Each instance is one worker: several instances (in one or many
/// processes) with the same <see cref="PlasmiteConsumerOptions.Name"/> split the pool's messages, each message
/// handled by one of them; a single instance handles them in seq order. Delivery is at least once: the checkpoint
/// is written after each batch, so a crash re-delivers at most the unfinished batch. State lives beside the pool
/// in <c>POOL.consumers/NAME.json</c> (see docs/consumers.md). Usable without dependency injection:
/// <code>
/// using var consumer = new PlasmiteConsumer(new PlasmiteConsumerOptions { Pool = "orders", Name = "billing" });
/// await consumer.RunAsync(async (m, ct) => await Bill(m.Data, ct), stoppingToken);
/// </code>
/// </summary>
public sealed class PlasmiteConsumer : IDisposable
{
    private readonly PlasmiteClient _client;
    private readonly bool _ownsClient;
    private readonly PlasmiteConsumerOptions _o;
    private readonly ILogger _log;
    private readonly TagList _tags;
    private PlasmitePool? _deadLetter;
    private PoolIdentity? _opened;
    private ulong _committed;
    private int _running;

    /// <summary>Creates a consumer that opens its pool in <see cref="PlasmiteConsumerOptions.Directory"/>.</summary>
    /// <exception cref="PlasmiteException">Usage when the options are invalid.</exception>
    public PlasmiteConsumer(PlasmiteConsumerOptions options, ILogger? logger = null)
        : this(new PlasmiteClient(options?.Directory), options!, logger, ownsClient: true)
    {
    }

    /// <summary>Creates a consumer that opens its pool through <paramref name="client"/> (not disposed by the consumer).</summary>
    /// <exception cref="PlasmiteException">Usage when the options are invalid.</exception>
    public PlasmiteConsumer(PlasmiteClient client, PlasmiteConsumerOptions options, ILogger? logger = null)
        : this(client, options, logger, ownsClient: false)
    {
    }

    private PlasmiteConsumer(PlasmiteClient client, PlasmiteConsumerOptions options, ILogger? logger, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem) throw new PlasmiteException(ErrorKind.Usage, "invalid consumer options: " + problem);
        _client = client;
        _ownsClient = ownsClient;
        _o = options.Clone();
        _log = logger ?? NullLogger.Instance;
        _tags = ConsumerMetrics.Tags(_o.Pool, _o.Name);
    }

    /// <summary>The pool reference.</summary>
    public string Pool => _o.Pool;

    /// <summary>The consumer name.</summary>
    public string Name => _o.Name;

    /// <summary>The checkpoint as last read or written by this instance: every seq up to it is handled (by some worker).</summary>
    public ulong CommittedSeq => Volatile.Read(ref _committed);

    /// <summary>Runs until <paramref name="cancellationToken"/> is signalled (then returns normally after checkpointing
    /// what was handled and giving back the rest of the batch).</summary>
    /// <exception cref="PlasmiteException">NotFound when the pool does not exist; Corrupt when the checkpoint is damaged or
    /// belongs to a re-created pool; RetentionGap under <see cref="RetentionGapPolicy.Stop"/>; Internal when a poison
    /// message stops the consumer under <see cref="PoisonMessagePolicy.Stop"/>.</exception>
    public Task RunAsync(Func<Message, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunCoreAsync(async (m, ct) =>
        {
            await handler(m, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="handler"/> over every message (see <see cref="RunAsync(Func{Message, CancellationToken, ValueTask}, CancellationToken)"/>).</summary>
    public Task RunAsync(IPlasmiteHandler<Message> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(handler.HandleAsync, cancellationToken);
    }

    /// <summary>
    /// Typed variant: each message is turned into <typeparamref name="TMessage"/> by <paramref name="decode"/> (for a
    /// generated pool, <c>EventsMessage.From</c>, or <c>m =&gt; EventsMessage.From(m) as EventsMessage.Signup</c> for one kind).
    /// A null result means "not for this handler": the message is checkpointed without calling the handler. A decode
    /// that throws counts as a handler failure (retries, then the poison policy).
    /// </summary>
    public Task RunAsync<TMessage>(Func<Message, TMessage?> decode, IPlasmiteHandler<TMessage> handler, CancellationToken cancellationToken)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(decode, handler.HandleAsync, cancellationToken);
    }

    /// <summary>Typed variant with a delegate handler (see <see cref="RunAsync{TMessage}(Func{Message, TMessage}, IPlasmiteHandler{TMessage}, CancellationToken)"/>).</summary>
    public Task RunAsync<TMessage>(Func<Message, TMessage?> decode, Func<TMessage, CancellationToken, ValueTask> handler,
        CancellationToken cancellationToken)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(decode);
        ArgumentNullException.ThrowIfNull(handler);
        return RunCoreAsync(async (m, ct) =>
        {
            if (decode(m) is not { } typed) return false;
            await handler(typed, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Releases the client (when the consumer created it) and the dead-letter pool.</summary>
    public void Dispose()
    {
        _deadLetter?.Dispose();
        if (_ownsClient) _client.Dispose();
    }

    // handler returns false for "ignored" (typed decode gave null).
    private async Task RunCoreAsync(Func<Message, CancellationToken, ValueTask<bool>> handler, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new PlasmiteException(ErrorKind.Usage, "this consumer is already running; create one instance per worker");
        try
        {
            using var pool = _client.OpenPool(_o.Pool);
            using var store = new ConsumerStore(pool.Path, _o.Name);
            var me = WorkerIdentity.NewClaimant();
            string generation = store.Locked(s => Start(s, pool));
            long identityCheckedAt = Stopwatch.GetTimestamp();
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var bounds = pool.Info().Bounds;
                    var claim = store.Locked(s => Claim(s, pool, me, bounds, ref generation));
                    Report(claim);
                    if (claim.Seqs.Count == 0)
                    {
                        CheckStillSamePool(pool, store, ref identityCheckedAt);
                        await Task.Delay(_o.PollInterval, ct).ConfigureAwait(false);
                        continue;
                    }
                    await HandleBatchAsync(pool, store, me, generation, claim.Seqs, handler, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // graceful stop
            }
            ConsumerLog.Stopped(_log, _o.Name, _o.Pool, CommittedSeq);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    // Creates the state of a new consumer, or checks that the existing one belongs to this pool.
    private string Start(ConsumerStore store, PlasmitePool pool)
    {
        var info = pool.Info();
        _opened = PoolIdentity.Of(pool.Path, info);
        var state = store.Read();
        if (state is null)
        {
            ulong first = LeasePlanner.StartSeq(info.Bounds, _o.StartAt);
            state = LeasePlanner.NewState(_o.Name, Path.GetFullPath(pool.Path), PoolIdentity.Of(pool.Path, info), first, NowNs());
            store.Write(state);
            ConsumerLog.Started(_log, _o.Name, _o.Pool, first, "new");
        }
        else
        {
            if (CheckpointVerifier.Mismatch(state, pool, info) is { } why) throw CheckpointVerifier.Refuse(store.StatePath, _o.Name, why);
            ConsumerLog.Started(_log, _o.Name, _o.Pool, state.Committed + 1, "resumed");
        }
        Volatile.Write(ref _committed, state.Committed);
        return state.Generation;
    }

    // An idle consumer still maps the file it opened: if the pool was deleted and created again meanwhile, new
    // messages go to the new file, so it would wait forever. Checked about once a second while idle.
    private void CheckStillSamePool(PlasmitePool pool, ConsumerStore store, ref long checkedAt)
    {
        if (Stopwatch.GetElapsedTime(checkedAt) < TimeSpan.FromSeconds(1)) return;
        checkedAt = Stopwatch.GetTimestamp();
        PoolIdentity now;
        try
        {
            now = PoolIdentity.Of(pool.Path, PoolDirectory.Info(pool.Path));
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound)
        {
            return; // deleted and not (yet) re-created: nothing new can arrive either way
        }
        if (_opened!.Mismatch(now) is not { } why) return;
        var state = store.Read();
        if (state is not null && state.Pool.Mismatch(now) is null)
            // `consumer reset` already bound the checkpoint to the new file: a transient error, the host restarts us on it.
            throw new PlasmiteException(ErrorKind.Io, $"pool file was replaced while consumer '{_o.Name}' was running ({why}); reopen it",
                path: pool.Path);
        throw CheckpointVerifier.Refuse(store.StatePath, _o.Name, why + " while the consumer was running");
    }

    private ClaimResult Claim(ConsumerStore store, PlasmitePool pool, in Claimant me, PoolBounds bounds, ref string generation)
    {
        long now = NowNs();
        var state = store.Read();
        bool created = false;
        if (state is null)
        {
            // Reset (deleted) by `plasmite consumer reset` while we run: start over as a new consumer would.
            var info = pool.Info();
            state = LeasePlanner.NewState(_o.Name, Path.GetFullPath(pool.Path), PoolIdentity.Of(pool.Path, info),
                LeasePlanner.StartSeq(info.Bounds, _o.StartAt), now);
            created = true;
        }
        if (state.Generation != generation)
        {
            generation = state.Generation;
            ConsumerLog.ResetSeen(_log, _o.Name, state.Committed + 1);
        }
        Func<Lease, bool> alive = _o.DetectDeadWorkers ? WorkerIdentity.IsAlive : static _ => true;
        var result = LeasePlanner.Claim(state, me, _o.BatchSize, bounds, now, _o.LeaseDuration.Ticks * 100, alive, _o.GapPolicy);
        if (result.Changed || created)
        {
            state.UpdatedNs = now;
            store.Write(state);
        }
        Volatile.Write(ref _committed, state.Committed);
        return result;
    }

    private void Report(ClaimResult claim)
    {
        if (claim.GapCount > 0)
        {
            ConsumerLog.RetentionGap(_log, _o.Name, _o.Pool, claim.GapFrom, claim.GapCount);
            ConsumerMetrics.RetentionGap.Add((long)claim.GapCount, _tags);
            ConsumerMetrics.Messages.Add((long)claim.GapCount, ConsumerMetrics.WithOutcome(_tags, "lost"));
        }
        if (claim.Redelivered > 0)
        {
            ConsumerLog.Redelivered(_log, _o.Name, claim.Redelivered);
            ConsumerMetrics.Redeliveries.Add(claim.Redelivered, _tags);
        }
    }

    private async Task HandleBatchAsync(PlasmitePool pool, ConsumerStore store, Claimant me, string generation,
        IReadOnlyList<ClaimedSeq> seqs, Func<Message, CancellationToken, ValueTask<bool>> handler, CancellationToken ct)
    {
        var done = new List<Completion>(seqs.Count);
        ulong poisoned = 0;
        int i = 0;
        long leaseNs = _o.LeaseDuration.Ticks * 100;
        long renewAt = NowNs() + leaseNs / 2;
        void MaybeRenew(int from)
        {
            long now = NowNs();
            if (now < renewAt) return;
            renewAt = now + leaseNs / 2;
            store.Locked(s =>
            {
                var state = s.Read();
                if (state is null || state.Generation != generation) return 0;
                LeasePlanner.Renew(state, me, Rest(seqs, from), now + leaseNs);
                s.Write(state);
                return 0;
            });
        }
        try
        {
            for (; i < seqs.Count && !ct.IsCancellationRequested; i++)
            {
                var c = seqs[i];
                MaybeRenew(i);
                var message = pool.TryGet(c.Seq);
                if (message is null)
                {
                    ConsumerLog.LostClaim(_log, _o.Name, c.Seq);
                    ConsumerMetrics.RetentionGap.Add(1, _tags);
                    ConsumerMetrics.Messages.Add(1, ConsumerMetrics.WithOutcome(_tags, "lost"));
                    done.Add(new Completion(c.Seq, 0));
                    continue;
                }
                if (c.Deliveries > _o.MaxDeliveries)
                {
                    await PoisonAsync(message, null, $"delivered {c.Deliveries - 1} times without being completed", c.Deliveries - 1, ct)
                        .ConfigureAwait(false);
                    poisoned++;
                }
                else
                {
                    var (outcome, error, attempts) = await AttemptAsync(message, handler, () => MaybeRenew(i), ct).ConfigureAwait(false);
                    if (error is not null)
                    {
                        await PoisonAsync(message, error, $"failed {attempts} times", attempts, ct).ConfigureAwait(false);
                        poisoned++;
                    }
                    else
                    {
                        ConsumerMetrics.Messages.Add(1, ConsumerMetrics.WithOutcome(_tags, outcome));
                    }
                }
                done.Add(new Completion(c.Seq, message.TimestampNs));
            }
        }
        finally
        {
            int from = i;
            store.Locked(s =>
            {
                var state = s.Read();
                if (state is null || state.Generation != generation) return 0; // reset meanwhile: our claims are gone
                LeasePlanner.Complete(state, done, poisoned);
                LeasePlanner.Release(state, me, Rest(seqs, from));
                state.UpdatedNs = NowNs();
                s.Write(state);
                Volatile.Write(ref _committed, state.Committed);
                return 0;
            });
        }
    }

    private async Task<(string Outcome, Exception? Error, int Attempts)> AttemptAsync(Message message,
        Func<Message, CancellationToken, ValueTask<bool>> handler, Action renew, CancellationToken ct)
    {
        Exception? last = null;
        for (int attempt = 1; attempt <= _o.MaxAttempts; attempt++)
        {
            renew();
            long started = Stopwatch.GetTimestamp();
            try
            {
                bool handled = await handler(message, ct).ConfigureAwait(false);
                ConsumerMetrics.HandleDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _tags);
                return (handled ? "handled" : "ignored", null, attempt);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // a handler may throw anything: it is retried, then handed to the poison policy
            catch (Exception e)
#pragma warning restore CA1031
            {
                ConsumerMetrics.HandleDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _tags);
                last = e;
                if (attempt == _o.MaxAttempts) break;
                var delay = RetryDelay(attempt);
                ConsumerLog.Retrying(_log, e, _o.Name, message.Seq, attempt, _o.MaxAttempts, (long)delay.TotalMilliseconds);
                ConsumerMetrics.Retries.Add(1, _tags);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
        return ("failed", last, _o.MaxAttempts);
    }

    internal TimeSpan RetryDelay(int attempt)
    {
        double ms = _o.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, _o.MaxRetryDelay.TotalMilliseconds));
    }

    private ValueTask PoisonAsync(Message message, Exception? error, string reason, int attempts, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        switch (_o.PoisonPolicy)
        {
            case PoisonMessagePolicy.Stop:
                ConsumerLog.Poison(_log, error, _o.Name, message.Seq, reason, "stop");
                throw new PlasmiteException(ErrorKind.Internal, $"consumer '{_o.Name}' stopped at poison message {message.Seq} ({reason})",
                    seq: message.Seq, hint: "Fix the handler and restart (the message is delivered again), or use PoisonPolicy Skip/DeadLetter.",
                    inner: error);
            case PoisonMessagePolicy.DeadLetter:
                ConsumerLog.Poison(_log, error, _o.Name, message.Seq, reason, "dead-letter to " + _o.DeadLetterPool);
                _deadLetter ??= _client.Pool(_o.DeadLetterPool!);
                _deadLetter.AppendJson(DeadLetterJson(message, error, reason, attempts), [DeadLetterTag], Durability.Flush);
                ConsumerMetrics.Messages.Add(1, ConsumerMetrics.WithOutcome(_tags, "dead_lettered"));
                break;
            default:
                ConsumerLog.Poison(_log, error, _o.Name, message.Seq, reason, "skip");
                ConsumerMetrics.Messages.Add(1, ConsumerMetrics.WithOutcome(_tags, "skipped"));
                break;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The tag every dead-letter message carries.</summary>
    public const string DeadLetterTag = "dead-letter";

    // {"consumer","pool","seq","time","tags","attempts","error":{"type","message"},"data"}
    private byte[] DeadLetterJson(Message message, Exception? error, string reason, int attempts)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + message.Raw.Length);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("consumer", _o.Name);
            w.WriteString("pool", _o.Pool);
            w.WriteNumber("seq", message.Seq);
            w.WriteString("time", message.TimeRfc3339);
            w.WriteStartArray("tags");
            foreach (var t in message.Tags) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteNumber("attempts", attempts);
            w.WriteStartObject("error");
            w.WriteString("type", error?.GetType().FullName ?? "redelivery");
            w.WriteString("message", error?.Message ?? reason);
            w.WriteString("reason", reason);
            w.WriteEndObject();
            w.WritePropertyName("data");
            if (message.Data.ValueKind == JsonValueKind.Undefined) w.WriteNullValue(); else message.Data.WriteTo(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static IEnumerable<ulong> Rest(IReadOnlyList<ClaimedSeq> seqs, int from)
    {
        for (int k = from; k < seqs.Count; k++) yield return seqs[k].Seq;
    }

    internal static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
