// The B-tree insert algorithm (spec lite3.md §6): pre-emptive splits, probing, overwrite rules.
using System.Buffers.Binary;
using static Plasmite.Lite3.Lite3Constants;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Plasmite.Lite3;

public sealed partial class Lite3Writer
{
    /// <summary>Worst-case bytes a single insert may add besides the entry itself (splits on every level + alignment).</summary>
    private const int SplitReserve = (2 * NodeSize * (MaxWalks + 2)) + 4 + 3;

    /// <summary>
    /// Inserts a member into the container whose root node is at <paramref name="root"/> and writes its type
    /// byte; returns the offset of that type byte (the payload follows it and is all zero).
    /// <paramref name="key"/> must already be cut at its first NUL; it is ignored for arrays.
    /// </summary>
    private int Insert(int root, bool isArray, uint hash, ReadOnlySpan<byte> key, byte type, int payload)
    {
        int keySize = key.Length + 1;
        int tagSize = isArray ? 0 : KeyTagSize(keySize);
        int keyBytes = isArray ? 0 : tagSize + keySize;
        EnsureCapacity((long)SplitReserve + keyBytes + 1 + payload);
        Span<byte> buf = _buf;
        ref byte b0 = ref MemoryMarshal.GetArrayDataReference(_buf);

        uint genType = U32(ref b0, root);
        SetU32(ref b0, root, (genType & 0xFF) | ((((genType >> 8) + 1) & 0xFFFFFF) << 8));

        int attempts = isArray ? 1 : MaxProbes;
        for (int a = 0; a < attempts; a++)
        {
            uint ha = hash + (uint)(a * a);
            int parent = -1;
            int node = root;
            int walks = 0;
            int i = 0;
            while (true)
            {
                if (KeyCount(ref b0, node) == SlotCount)
                {
                    _len = (_len + 3) & ~3;
                    if (parent < 0)
                    {
                        int copy = _len;
                        buf.Slice(root, NodeSize).CopyTo(buf.Slice(copy, NodeSize));
                        uint size = Size(ref b0, root);
                        buf.Slice(root + HashOffset, NodeSize - HashOffset).Clear();
                        SetSizeKc(ref b0, root, size, 0);
                        SetChild(ref b0, root, 0, (uint)copy);
                        _len += NodeSize;
                        node = copy;
                        parent = root;
                        i = 0;
                    }

                    int sibling = Split(buf, ref b0, parent, i, node);
                    uint separator = Hash(ref b0, parent, i);
                    if (ha > separator)
                    {
                        node = sibling;
                    }
                    else if (ha == separator)
                    {
                        int v = Existing(buf, ref b0, parent, i, isArray, key, keyBytes, type, payload);
                        if (v >= 0)
                        {
                            return v;
                        }

                        goto NextAttempt;
                    }
                }

                int kc = KeyCount(ref b0, node);
                i = 0;
                while (i < kc && Hash(ref b0, node, i) < ha)
                {
                    i++;
                }

                if (i < kc && Hash(ref b0, node, i) == ha)
                {
                    int v = Existing(buf, ref b0, node, i, isArray, key, keyBytes, type, payload);
                    if (v >= 0)
                    {
                        return v;
                    }

                    goto NextAttempt;
                }

                uint child = Child(ref b0, node, 0);
                if (child != 0)
                {
                    parent = node;
                    node = (int)Child(ref b0, node, i);
                    if (++walks > MaxWalks)
                    {
                        throw PlasmiteException.Usage("failed to encode json as lite3: tree too tall");
                    }

                    continue;
                }

                // Leaf insert.
                for (int j = kc; j > i; j--)
                {
                    SetHash(ref b0, node, j, Hash(ref b0, node, j - 1));
                    SetEntry(ref b0, node, j, Entry(ref b0, node, j - 1));
                }

                SetHash(ref b0, node, i, ha);
                SetU32(ref b0, node + SizeKcOffset, (U32(ref b0, node + SizeKcOffset) & ~7u) | (uint)(kc + 1));
                SetU32(ref b0, root + SizeKcOffset, U32(ref b0, root + SizeKcOffset) + (1u << 6));
                PadFor(payload, keyBytes);
                SetEntry(ref b0, node, i, (uint)_len);
                return AppendEntry(buf, isArray, key, tagSize, type, payload);
            }

        NextAttempt:;
        }

        throw PlasmiteException.Usage("failed to encode json as lite3: too many hash collisions");
    }

    /// <summary>Splits full <paramref name="node"/> (reached through slot <paramref name="i"/> of <paramref name="parent"/>); returns the new right sibling.</summary>
    private int Split(Span<byte> buf, ref byte b0, int parent, int i, int node)
    {
        int pkc = KeyCount(ref b0, parent);
        for (int j = pkc; j > i; j--)
        {
            SetHash(ref b0, parent, j, Hash(ref b0, parent, j - 1));
            SetEntry(ref b0, parent, j, Entry(ref b0, parent, j - 1));
        }

        for (int j = pkc + 1; j > i + 1; j--)
        {
            SetChild(ref b0, parent, j, Child(ref b0, parent, j - 1));
        }

        int sibling = _len;
        SetHash(ref b0, parent, i, Hash(ref b0, node, SplitSlot));
        SetEntry(ref b0, parent, i, Entry(ref b0, node, SplitSlot));
        SetChild(ref b0, parent, i + 1, (uint)sibling);
        SetU32(ref b0, parent + SizeKcOffset, (U32(ref b0, parent + SizeKcOffset) & ~7u) | (uint)(pkc + 1));

        buf[sibling] = buf[node];
        SetSizeKc(ref b0, sibling, 0, 3);

        // Node slots 4..6 and children 4..7 move to the sibling; constant-size copies and stores unroll.
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref b0, sibling + HashOffset), ref Unsafe.Add(ref b0, node + HashOffset + (4 * (SplitSlot + 1))), 12);
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref b0, sibling + EntryOffset), ref Unsafe.Add(ref b0, node + EntryOffset + (4 * (SplitSlot + 1))), 12);
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref b0, sibling + ChildOffset), ref Unsafe.Add(ref b0, node + ChildOffset + 16), 16);

        SetSizeKc(ref b0, node, 0, 3);
        Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref b0, node + HashOffset + (4 * SplitSlot)), 0, 16);
        Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref b0, node + EntryOffset + (4 * SplitSlot)), 0, 16);
        Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref b0, node + ChildOffset + 16), 0, 16);
        _len += NodeSize;
        return sibling;
    }

    /// <summary>Overwrites the member at (node, slot) (spec §6.2); returns -1 when the stored key differs (collision).</summary>
    private int Existing(Span<byte> buf, ref byte b0, int node, int slot, bool isArray, ReadOnlySpan<byte> key, int keyBytes, byte type, int payload)
    {
        int e = (int)Entry(ref b0, node, slot);
        int v = e;
        if (!isArray)
        {
            int t = (buf[e] & 3) + 1;
            uint tag = buf[e];
            for (int b = 1; b < t; b++)
            {
                tag |= (uint)buf[e + b] << (8 * b);
            }

            int storedSize = (int)(tag >> 2);
            int keySize = key.Length + 1;
            ReadOnlySpan<byte> stored = buf.Slice(e + t, Math.Min(keySize, storedSize));
            bool same = stored.Length == keySize
                ? stored[..key.Length].SequenceEqual(key) && stored[key.Length] == 0
                : stored.SequenceEqual(key[..stored.Length]);
            if (!same)
            {
                return -1;
            }

            v = e + t + storedSize;
        }

        int oldEntry = 1 + PayloadLength(buf, v);
        if (payload >= oldEntry)
        {
            buf[e..(v + oldEntry)].Clear();
            PadFor(payload, keyBytes);
            SetEntry(ref b0, node, slot, (uint)_len);
            return AppendEntry(buf, isArray, key, keyBytes - key.Length - 1, type, payload);
        }

        buf.Slice(v, oldEntry).Clear();
        buf[v] = type;
        return v;
    }

    private void PadFor(int payload, int keyBytes)
    {
        if (payload == ContainerPayload)
        {
            _len += (4 - ((_len + keyBytes) & 3)) & 3;
        }
    }

    private int AppendEntry(Span<byte> buf, bool isArray, ReadOnlySpan<byte> key, int tagSize, byte type, int payload)
    {
        int p = _len;
        if (!isArray)
        {
            uint keySize = (uint)key.Length + 1;
            uint tag = (keySize << 2) | (uint)(tagSize - 1);
            for (int b = 0; b < tagSize; b++)
            {
                buf[p + b] = (byte)(tag >> (8 * b));
            }

            p += tagSize;
            CopyBytes(key, ref Unsafe.Add(ref MemoryMarshal.GetReference(buf), p));
            p += key.Length + 1;
        }

        buf[p] = type;
        _len = p + 1 + payload;
        if (_len > MaxBufferSize)
        {
            throw PlasmiteException.Usage("lite3 buffer exceeded max size");
        }

        return p;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> (which the caller has sized): short
    /// spans with two overlapping loads and stores, which beats a Memmove call for typical keys and values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CopyBytes(ReadOnlySpan<byte> source, ref byte destination)
    {
        ref byte src = ref MemoryMarshal.GetReference(source);
        int n = source.Length;
        if (n >= 8 && n <= 16)
        {
            Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<ulong>(ref src));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, n - 8), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, n - 8)));
        }
        else if (n >= 4 && n < 8)
        {
            Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<uint>(ref src));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, n - 4), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, n - 4)));
        }
        else if (n > 16 && n <= 32)
        {
            Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<Vector128<byte>>(ref src));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, n - 16), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref src, n - 16)));
        }
        else if (n < 4)
        {
            for (int i = 0; i < n; i++)
            {
                Unsafe.Add(ref destination, i) = Unsafe.Add(ref src, i);
            }
        }
        else
        {
            source.CopyTo(MemoryMarshal.CreateSpan(ref destination, n));
        }
    }

    private static int PayloadLength(ReadOnlySpan<byte> buf, int v) => buf[v] switch
    {
        TypeNull => 0,
        TypeBool => 1,
        TypeInt64 or TypeFloat64 => 8,
        TypeBytes or TypeString => 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(buf.Slice(v + 1, 4)),
        _ => ContainerPayload,
    };

    // Unchecked little-endian node field access: offsets are produced by this writer and always lie
    // below _len, inside the buffer EnsureCapacity sized for the whole insert.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint U32(ref byte b0, int offset)
    {
        uint v = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b0, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetU32(ref byte b0, int offset, uint value) =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref b0, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ref byte b0, int node, int slot) => U32(ref b0, node + HashOffset + (4 * slot));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Entry(ref byte b0, int node, int slot) => U32(ref b0, node + EntryOffset + (4 * slot));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Child(ref byte b0, int node, int index) => U32(ref b0, node + ChildOffset + (4 * index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KeyCount(ref byte b0, int node) => (int)(U32(ref b0, node + SizeKcOffset) & 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Size(ref byte b0, int node) => U32(ref b0, node + SizeKcOffset) >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetHash(ref byte b0, int node, int slot, uint value) => SetU32(ref b0, node + HashOffset + (4 * slot), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetEntry(ref byte b0, int node, int slot, uint value) => SetU32(ref b0, node + EntryOffset + (4 * slot), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetChild(ref byte b0, int node, int index, uint value) => SetU32(ref b0, node + ChildOffset + (4 * index), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetSizeKc(ref byte b0, int node, uint size, int kc) => SetU32(ref b0, node + SizeKcOffset, (size << 6) | (uint)kc);
}
