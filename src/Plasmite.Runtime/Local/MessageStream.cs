// Synchronous raw streams (the original's openStream / openLite3Stream): envelopes or Lite3 frames.
using System.Buffers;
using System.Collections;
using Plasmite.Local;

namespace Plasmite;

/// <summary>
/// A blocking stream of messages in seq order, as the original's <c>openStream</c>: starts at the oldest
/// retained message (or at <c>sinceSeq</c>, inclusive), no tag filter, ends after <c>maxMessages</c>, at the
/// absolute deadline <c>timeout</c> (measured from opening; zero yields nothing), or after a retention gap
/// was thrown (fail-closed). Without a timeout it waits for new messages forever.
/// </summary>
public abstract class PoolStream : IDisposable, IAsyncDisposable
{
    private readonly TailReader _reader;
    private readonly Deadline _deadline;
    private readonly ulong? _max;
    private ulong _count;
    private bool _closed;

    private protected PoolStream(PlasmitePool pool, ulong? sinceSeq, ulong? maxMessages, TimeSpan? timeout, bool errorOnGap)
    {
        _reader = new TailReader(pool.File, pool.Notifier, sinceSeq, errorOnGap ? GapPolicy.Error : GapPolicy.Continue);
        _deadline = Deadline.After(timeout);
        _max = maxMessages;
    }

    private protected TailReader Reader => _reader;

    /// <summary>Advances to the next message, blocking while caught up. False at end of stream.</summary>
    private protected bool Advance(CancellationToken cancellationToken)
    {
        if (_closed) return false;
        while (true)
        {
            if (_max is { } max && _count >= max) return false;
            if (_deadline.Passed || _reader.Terminated) return false;
            if (_reader.TryNext())
            {
                _count++;
                return true;
            }
            _reader.Wait(_deadline.Left(TimeSpan.FromMilliseconds(50)), cancellationToken);
        }
    }

    /// <summary>Closes the stream; later reads return end-of-stream. Idempotent.</summary>
    public void Dispose()
    {
        _closed = true;
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the stream (as <see cref="Dispose"/>).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A blocking stream of message envelopes (JSON, keys <c>seq, time, meta, data</c>).</summary>
public sealed class MessageStream : PoolStream, IEnumerable<byte[]>
{
    internal MessageStream(PlasmitePool pool, ulong? sinceSeq, ulong? maxMessages, TimeSpan? timeout, bool errorOnGap)
        : base(pool, sinceSeq, maxMessages, timeout, errorOnGap)
    {
    }

    /// <summary>The next envelope as JSON bytes, or null at end of stream.</summary>
    /// <exception cref="PlasmiteException">RetentionGap (fail-closed streams); the stream then ends.</exception>
    public byte[]? NextJson(CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        return NextJson(buffer, cancellationToken) ? buffer.WrittenSpan.ToArray() : null;
    }

    /// <summary>Writes the next envelope into <paramref name="output"/>; false at end of stream. Allocation-free once warm.</summary>
    public bool NextJson(IBufferWriter<byte> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Advance(cancellationToken)) return false;
        EnvelopeJson.WriteFromPayload(output, Reader.Seq, Reader.TimestampNs, Reader.Payload);
        return true;
    }

    /// <summary>The next message, or null at end of stream.</summary>
    public Message? Next(CancellationToken cancellationToken = default) =>
        Advance(cancellationToken) ? MessageCodec.Decode(Reader.Seq, Reader.TimestampNs, Reader.Payload) : null;

    /// <summary>Enumerates envelopes until end of stream.</summary>
    public IEnumerator<byte[]> GetEnumerator()
    {
        while (NextJson() is { } json) yield return json;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A blocking stream of stored Lite3 frames.</summary>
public sealed class Lite3Stream : PoolStream, IEnumerable<Lite3Frame>
{
    internal Lite3Stream(PlasmitePool pool, ulong? sinceSeq, ulong? maxMessages, TimeSpan? timeout, bool errorOnGap)
        : base(pool, sinceSeq, maxMessages, timeout, errorOnGap)
    {
    }

    /// <summary>The next frame (payload copied), or null at end of stream.</summary>
    public Lite3Frame? Next(CancellationToken cancellationToken = default) =>
        Advance(cancellationToken) ? new Lite3Frame(Reader.Seq, Reader.TimestampNs, Reader.Flags, Reader.Payload.ToArray()) : null;

    /// <summary>
    /// The next frame without copying: <see cref="Lite3Frame.Payload"/> is valid only until the next call.
    /// Allocation-free. False at end of stream.
    /// </summary>
    public bool TryNext(out Lite3Frame frame, CancellationToken cancellationToken = default)
    {
        if (!Advance(cancellationToken))
        {
            frame = default;
            return false;
        }
        frame = new Lite3Frame(Reader.Seq, Reader.TimestampNs, Reader.Flags, Reader.PayloadMemory);
        return true;
    }

    /// <summary>Enumerates frames (payloads copied) until end of stream.</summary>
    public IEnumerator<Lite3Frame> GetEnumerator()
    {
        while (Next() is { } frame) yield return frame;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
