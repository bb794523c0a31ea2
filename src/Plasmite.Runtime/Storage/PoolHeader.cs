// The 4096-byte pool header (spec §3): decode, encode, and the open-time and per-operation checks (§12).
using System.Buffers.Binary;

namespace Plasmite.Storage;

/// <summary>Every field of a pool header, as stored (spec §3).</summary>
internal readonly record struct PoolHeader
{
    /// <summary>Byte offsets of the header fields.</summary>
    internal const int MagicOff = 0, VersionOff = 4, EndiannessOff = 8, FileSizeOff = 16, IndexOffsetOff = 24,
        IndexCapacityOff = 32, RingOffsetOff = 40, RingSizeOff = 48, FlagsOff = 56, HeadField = 64, TailField = 72,
        TailNextField = 80, OldestOff = 88, NewestOff = 96;

    /// <summary>Format version (3).</summary>
    public uint Version { get; init; }

    /// <summary>Total file length in bytes.</summary>
    public ulong FileSize { get; init; }

    /// <summary>File offset of the index (always 4096).</summary>
    public ulong IndexOffset { get; init; }

    /// <summary>Number of index slots (0 = no index).</summary>
    public uint IndexCapacity { get; init; }

    /// <summary>File offset of the ring: <c>4096 + 16 * IndexCapacity</c>.</summary>
    public ulong RingOffset { get; init; }

    /// <summary>Ring bytes: <c>FileSize - RingOffset</c>.</summary>
    public ulong RingSize { get; init; }

    /// <summary>Header flags (no defined meaning; preserved).</summary>
    public ulong Flags { get; init; }

    /// <summary>Ring offset just past the newest frame.</summary>
    public ulong HeadOff { get; init; }

    /// <summary>Ring offset of the first live ring entry.</summary>
    public ulong TailOff { get; init; }

    /// <summary>Ring offset of the entry after the tail entry (0 when unknown/marker).</summary>
    public ulong TailNextOff { get; init; }

    /// <summary>Seq of the oldest retained message; 0 = empty pool.</summary>
    public ulong OldestSeq { get; init; }

    /// <summary>Seq of the newest message; 0 only before the first append.</summary>
    public ulong NewestSeq { get; init; }

    /// <summary>True when no message is retained.</summary>
    public bool IsEmpty => OldestSeq == 0;

    /// <summary>Number of retained messages.</summary>
    public ulong MessageCount => OldestSeq == 0 ? 0 : NewestSeq - OldestSeq + 1;

    /// <summary>Live ring bytes, including wrap and padding waste (spec §11.5).</summary>
    public ulong UsedBytes => PoolFormat.UsedBytes(RingSize, HeadOff, TailOff, OldestSeq);

    /// <summary>A fresh header for a new pool (spec §3 rules).</summary>
    public static PoolHeader CreateNew(ulong fileSize, uint indexCapacity)
    {
        ulong ringOffset = PoolFormat.RingOffsetFor(indexCapacity);
        return new PoolHeader
        {
            Version = PoolFormat.FormatVersion,
            FileSize = fileSize,
            IndexOffset = PoolFormat.IndexOffset,
            IndexCapacity = indexCapacity,
            RingOffset = ringOffset,
            RingSize = fileSize - ringOffset,
        };
    }

    /// <summary>Decodes the fields (no validation beyond reading; see <see cref="Validate"/>).
    /// <paramref name="bytes"/> must hold at least 104 bytes.</summary>
    public static PoolHeader Decode(ReadOnlySpan<byte> bytes, out uint magic, out byte endianness)
    {
        magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        endianness = bytes[EndiannessOff];
        return new PoolHeader
        {
            Version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[VersionOff..]),
            FileSize = BinaryPrimitives.ReadUInt64LittleEndian(bytes[FileSizeOff..]),
            IndexOffset = BinaryPrimitives.ReadUInt64LittleEndian(bytes[IndexOffsetOff..]),
            IndexCapacity = BinaryPrimitives.ReadUInt32LittleEndian(bytes[IndexCapacityOff..]),
            RingOffset = BinaryPrimitives.ReadUInt64LittleEndian(bytes[RingOffsetOff..]),
            RingSize = BinaryPrimitives.ReadUInt64LittleEndian(bytes[RingSizeOff..]),
            Flags = BinaryPrimitives.ReadUInt64LittleEndian(bytes[FlagsOff..]),
            HeadOff = BinaryPrimitives.ReadUInt64LittleEndian(bytes[HeadField..]),
            TailOff = BinaryPrimitives.ReadUInt64LittleEndian(bytes[TailField..]),
            TailNextOff = BinaryPrimitives.ReadUInt64LittleEndian(bytes[TailNextField..]),
            OldestSeq = BinaryPrimitives.ReadUInt64LittleEndian(bytes[OldestOff..]),
            NewestSeq = BinaryPrimitives.ReadUInt64LittleEndian(bytes[NewestOff..]),
        };
    }

    /// <summary>Writes the whole 4096-byte header (reserved bytes zero), as at creation.</summary>
    public void Encode(Span<byte> destination)
    {
        destination[..PoolFormat.HeaderSize].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, PoolFormat.PoolMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[VersionOff..], Version);
        destination[EndiannessOff] = PoolFormat.EndiannessLittle;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[FileSizeOff..], FileSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[IndexOffsetOff..], IndexOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[IndexCapacityOff..], IndexCapacity);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[RingOffsetOff..], RingOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[RingSizeOff..], RingSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[FlagsOff..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[HeadField..], HeadOff);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[TailField..], TailOff);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[TailNextField..], TailNextOff);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[OldestOff..], OldestSeq);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[NewestOff..], NewestSeq);
    }

    /// <summary>
    /// The open-time checks of spec §12.1 steps 2–13, in order. Returns null when valid, else the error
    /// (Corrupt, or Usage for a version mismatch). <paramref name="actualFileSize"/> is the file's real length.
    /// </summary>
    public static PlasmiteException? Validate(ReadOnlySpan<byte> bytes, ulong actualFileSize, out PoolHeader header)
    {
        header = Decode(bytes, out uint magic, out byte endianness);
        if (magic != PoolFormat.PoolMagic) return Corrupt("bad magic", MagicOff);
        if (header.Version != PoolFormat.FormatVersion) return UnsupportedVersion(header.Version);
        if (endianness != PoolFormat.EndiannessLittle) return Corrupt("unsupported endianness", EndiannessOff);
        if (header.FileSize == 0 || header.FileSize != actualFileSize) return Corrupt("invalid file size", FileSizeOff);
        if (header.IndexOffset != PoolFormat.IndexOffset) return Corrupt("invalid index offset", IndexOffsetOff);
        if (header.RingOffset < PoolFormat.HeaderSize) return Corrupt("invalid ring offset", RingOffsetOff);
        if (header.RingOffset != PoolFormat.RingOffsetFor(header.IndexCapacity)) return Corrupt("ring offset mismatch", RingOffsetOff);
        if (header.RingOffset > ulong.MaxValue - header.RingSize || header.RingOffset + header.RingSize != header.FileSize)
            return Corrupt("ring bounds mismatch", RingSizeOff);
        return header.ValidateDynamic();
    }

    /// <summary>Checks 9–13 of spec §12.1 (ring size, offsets, seq bounds); repeated on every operation
    /// ([harden] §12.2). Returns null when valid.</summary>
    internal PlasmiteException? ValidateDynamic()
    {
        if (RingSize == 0) return Corrupt("ring size is zero", RingSizeOff);
        if (HeadOff >= RingSize || TailOff >= RingSize || TailNextOff >= RingSize)
            return Corrupt("header offset out of range", HeadField);
        if (((HeadOff | TailOff | TailNextOff) & 7) != 0) return Corrupt("header offset not aligned", HeadField);
        if (OldestSeq != 0 && OldestSeq > NewestSeq) return Corrupt("seq bounds inverted", OldestOff);
        if (OldestSeq == 0 && (HeadOff != TailOff || TailNextOff != TailOff))
            return Corrupt("empty header offsets mismatch", HeadField);
        return null;
    }

    internal static PlasmiteException UnsupportedVersion(uint version) => new(
        ErrorKind.Usage,
        $"unsupported pool format version {version} (supported: {PoolFormat.FormatVersion})",
        hint: "Upgrade plasmite or migrate the pool (export/import). Run `plasmite doctor <pool>` for guidance.");

    private static PlasmiteException Corrupt(string message, long offset) => PlasmiteException.Corrupt(message, offset);
}
