// The 64-byte frame header and wrap marker (spec §5.1, §5.4): encode, decode, validate.
using System.Buffers.Binary;

namespace Plasmite.Storage;

/// <summary>Frame states as stored in a frame header.</summary>
internal enum FrameState : uint
{
    /// <summary>Never written by writers; accepted by decoding.</summary>
    Empty = 0,

    /// <summary>Header written, payload and marker possibly incomplete.</summary>
    Writing = 1,

    /// <summary>Complete frame.</summary>
    Committed = 2,

    /// <summary>Wrap marker: the next entry is at ring offset 0.</summary>
    Wrap = 3,
}

/// <summary>A decoded 64-byte frame header (spec §5.1).</summary>
internal readonly record struct FrameHeader
{
    internal const int MagicOff = 0, StateOff = 4, FlagsOff = 8, HeaderLenOff = 12, SeqOff = 16, TimestampOff = 24,
        PayloadLenOff = 32, PayloadLenXorOff = 36, CrcOff = 40;

    /// <summary>Magic as read (<see cref="PoolFormat.FrameMagic"/> when well-formed).</summary>
    public uint Magic { get; init; }

    /// <summary>Raw state word (see <see cref="FrameState"/>).</summary>
    public uint State { get; init; }

    /// <summary>Frame flags (no defined meaning).</summary>
    public uint Flags { get; init; }

    /// <summary>Header length field (64 when valid).</summary>
    public uint HeaderLength { get; init; }

    /// <summary>Message sequence number (0 for a wrap marker).</summary>
    public ulong Seq { get; init; }

    /// <summary>Append time, ns since the Unix epoch.</summary>
    public ulong TimestampNs { get; init; }

    /// <summary>Payload byte count.</summary>
    public uint PayloadLength { get; init; }

    /// <summary>Torn-write guard: <c>PayloadLength ^ 0xFFFFFFFF</c>.</summary>
    public uint PayloadLengthXor { get; init; }

    /// <summary>CRC32C field: always written 0 and ignored on read.</summary>
    public uint Crc32C { get; init; }

    /// <summary>The total frame length <c>align8(64 + P + 8)</c>.</summary>
    public ulong FrameLength => PoolFormat.FrameLength(PayloadLength);

    /// <summary>A committed-frame header for the given values.</summary>
    public static FrameHeader Committed(ulong seq, ulong timestampNs, uint payloadLength) => new()
    {
        Magic = PoolFormat.FrameMagic,
        State = (uint)FrameState.Committed,
        HeaderLength = PoolFormat.FrameHeaderLength,
        Seq = seq,
        TimestampNs = timestampNs,
        PayloadLength = payloadLength,
        PayloadLengthXor = payloadLength ^ 0xFFFFFFFFu,
    };

    /// <summary>Decodes a header from at least 64 bytes. No validation.</summary>
    /// <exception cref="PlasmiteException">Corrupt when fewer than 64 bytes are given.</exception>
    public static FrameHeader Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < PoolFormat.FrameHeaderLength) throw PlasmiteException.Corrupt("truncated frame header");
        return new FrameHeader
        {
            Magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            State = BinaryPrimitives.ReadUInt32LittleEndian(bytes[StateOff..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes[FlagsOff..]),
            HeaderLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[HeaderLenOff..]),
            Seq = BinaryPrimitives.ReadUInt64LittleEndian(bytes[SeqOff..]),
            TimestampNs = BinaryPrimitives.ReadUInt64LittleEndian(bytes[TimestampOff..]),
            PayloadLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[PayloadLenOff..]),
            PayloadLengthXor = BinaryPrimitives.ReadUInt32LittleEndian(bytes[PayloadLenXorOff..]),
            Crc32C = BinaryPrimitives.ReadUInt32LittleEndian(bytes[CrcOff..]),
        };
    }

    /// <summary>Writes the 64-byte header (reserved bytes zero, CRC 0) with the given state.</summary>
    public void Encode(Span<byte> destination)
    {
        var d = destination[..PoolFormat.FrameHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(d, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(d[StateOff..], State);
        BinaryPrimitives.WriteUInt32LittleEndian(d[FlagsOff..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(d[HeaderLenOff..], HeaderLength);
        BinaryPrimitives.WriteUInt64LittleEndian(d[SeqOff..], Seq);
        BinaryPrimitives.WriteUInt64LittleEndian(d[TimestampOff..], TimestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(d[PayloadLenOff..], PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(d[PayloadLenXorOff..], PayloadLengthXor);
        BinaryPrimitives.WriteUInt32LittleEndian(d[CrcOff..], 0);
        d[44..].Clear();
    }

    /// <summary>Writes a well-formed wrap marker (spec §5.4) into 64 bytes.</summary>
    public static void EncodeWrapMarker(Span<byte> destination) => new FrameHeader
    {
        Magic = PoolFormat.FrameMagic,
        State = (uint)FrameState.Wrap,
        HeaderLength = PoolFormat.FrameHeaderLength,
        PayloadLengthXor = 0xFFFFFFFFu,
    }.Encode(destination);

    /// <summary>The writer-side decode + validation (spec §12.2): the first failing check's message, or null.</summary>
    public string? Check(ulong ringSize)
    {
        if (Magic != PoolFormat.FrameMagic) return "bad frame magic";
        if (State > (uint)FrameState.Wrap) return "invalid frame state";
        if (HeaderLength != PoolFormat.FrameHeaderLength) return "unexpected header length";
        if ((PayloadLength ^ PayloadLengthXor) != 0xFFFFFFFFu) return "payload length xor mismatch";
        if (PayloadLength > PoolFormat.MaxPayload(ringSize)) return "payload length exceeds max";
        return null;
    }
}
