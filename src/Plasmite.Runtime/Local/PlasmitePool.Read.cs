// Reads by seq: decoded messages, typed messages, envelope JSON and raw Lite3 frames.
using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Plasmite.Local;
using Plasmite.Storage;

namespace Plasmite;

public sealed partial class PlasmitePool
{
    /// <inheritdoc />
    public Message Get(ulong seq) => TryGet(seq) ?? throw NotFound(seq);

    /// <inheritdoc />
    public Message? TryGet(ulong seq) =>
        Open().TryGet(seq, out var frame) ? MessageCodec.Adopt(frame.Seq, frame.TimestampNs, frame.Payload) : null;

    /// <inheritdoc />
    public Message<T> Get<T>(ulong seq, JsonTypeInfo<T> typeInfo) => TryGet(seq, typeInfo) ?? throw NotFound(seq);

    /// <inheritdoc />
    public Message<T>? TryGet<T>(ulong seq, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Open().TryGet(seq, out var frame) ? MessageCodec.Decode(frame.Seq, frame.TimestampNs, frame.Payload, typeInfo) : null;
    }

    /// <inheritdoc />
    public TResult? ReadFrame<TResult>(ulong seq, Lite3.Lite3FrameReader<TResult> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var file = Open();
        byte[] rented = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (true)
            {
                var status = file.TryRead(seq, rented, out var info);
                if (status == ReadStatus.NotFound) return default;
                if (status == ReadStatus.Found) return read(new Lite3.Lite3FrameView(info.Seq, info.TimestampNs, rented.AsSpan(0, info.PayloadLength)));
                ArrayPool<byte>.Shared.Return(rented);
                rented = ArrayPool<byte>.Shared.Rent(info.PayloadLength);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The message envelope as compact JSON bytes (keys <c>seq, time, meta, data</c>), as the original's <c>getJson</c>.</summary>
    /// <exception cref="PlasmiteException">NotFound with <see cref="PlasmiteException.Seq"/>.</exception>
    public byte[] GetJson(ulong seq, EnvelopeKeyOrder order = EnvelopeKeyOrder.Api)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        GetJson(seq, buffer, order);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the message envelope JSON into <paramref name="output"/>; allocation-free once warm.</summary>
    /// <exception cref="PlasmiteException">NotFound with <see cref="PlasmiteException.Seq"/>.</exception>
    public void GetJson(ulong seq, IBufferWriter<byte> output, EnvelopeKeyOrder order = EnvelopeKeyOrder.Api)
    {
        ArgumentNullException.ThrowIfNull(output);
        var file = Open();
        byte[] rented = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (true)
            {
                var status = file.TryRead(seq, rented, out var info);
                if (status == ReadStatus.NotFound) throw NotFound(seq);
                if (status == ReadStatus.Found)
                {
                    EnvelopeJson.WriteFromPayload(output, info.Seq, info.TimestampNs, rented.AsSpan(0, info.PayloadLength), order);
                    return;
                }
                ArrayPool<byte>.Shared.Return(rented);
                rented = ArrayPool<byte>.Shared.Rent(info.PayloadLength);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public Lite3Frame GetLite3(ulong seq) =>
        Open().TryGet(seq, out var frame)
            ? new Lite3Frame(frame.Seq, frame.TimestampNs, frame.Info.Flags, frame.Payload)
            : throw NotFound(seq);

    /// <summary>
    /// Copies the stored Lite3 document of <paramref name="seq"/> into <paramref name="destination"/>; allocation-free.
    /// Returns false (with the needed length in <paramref name="frame"/>) when the destination is too small.
    /// </summary>
    /// <exception cref="PlasmiteException">NotFound with <see cref="PlasmiteException.Seq"/>.</exception>
    public bool TryGetLite3(ulong seq, Span<byte> destination, out FrameInfo frame)
    {
        var status = Open().TryRead(seq, destination, out frame);
        return status == ReadStatus.NotFound ? throw NotFound(seq) : status == ReadStatus.Found;
    }

    private static PlasmiteException NotFound(ulong seq) => new(ErrorKind.NotFound, "message not found", seq: seq);
}
