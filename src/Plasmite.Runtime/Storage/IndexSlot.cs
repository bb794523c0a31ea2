// One 16-byte index slot (spec §4): seq u64, ring offset u64; all zero = empty.
using System.Buffers.Binary;

namespace Plasmite.Storage;

/// <summary>An index slot: the most recent seq mapping to it and the ring offset of that frame's header.</summary>
/// <param name="Seq">Message seq (0 = empty slot).</param>
/// <param name="Offset">Ring offset of the frame header.</param>
internal readonly record struct IndexSlot(ulong Seq, ulong Offset)
{
    /// <summary>True for an all-zero slot.</summary>
    public bool IsEmpty => Seq == 0 && Offset == 0;

    /// <summary>The slot used by <paramref name="seq"/>: <c>seq mod capacity</c>.</summary>
    public static ulong SlotFor(ulong seq, uint capacity) => seq % capacity;

    /// <summary>File offset of slot <paramref name="slot"/>: <c>4096 + 16 * slot</c>.</summary>
    public static ulong FileOffsetOf(ulong slot) => PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * slot;

    /// <summary>Decodes 16 bytes.</summary>
    public static IndexSlot Decode(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    /// <summary>Encodes into 16 bytes.</summary>
    public void Encode(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Seq);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Offset);
    }
}
