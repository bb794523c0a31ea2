// Field accessors for the fixed 96-byte B-tree node (spec lite3.md §3); offsets are absolute.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

internal static class Lite3Node
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32(ReadOnlySpan<byte> buf, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(buf.Slice(offset, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetU32(Span<byte> buf, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(buf.Slice(offset, 4), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(ReadOnlySpan<byte> buf, int node, int slot) => U32(buf, node + HashOffset + (4 * slot));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Entry(ReadOnlySpan<byte> buf, int node, int slot) => U32(buf, node + EntryOffset + (4 * slot));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Child(ReadOnlySpan<byte> buf, int node, int index) => U32(buf, node + ChildOffset + (4 * index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int KeyCount(ReadOnlySpan<byte> buf, int node) => (int)(U32(buf, node + SizeKcOffset) & 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Size(ReadOnlySpan<byte> buf, int node) => U32(buf, node + SizeKcOffset) >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetHash(Span<byte> buf, int node, int slot, uint value) => SetU32(buf, node + HashOffset + (4 * slot), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetEntry(Span<byte> buf, int node, int slot, uint value) => SetU32(buf, node + EntryOffset + (4 * slot), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetChild(Span<byte> buf, int node, int index, uint value) => SetU32(buf, node + ChildOffset + (4 * index), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetSizeKc(Span<byte> buf, int node, uint size, int kc) => SetU32(buf, node + SizeKcOffset, (size << 6) | (uint)kc);
}
