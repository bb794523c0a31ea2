// The B-tree insert algorithm (spec lite3.md §6): pre-emptive splits, probing, overwrite rules.
using System.Buffers.Binary;
using static Plasmite.Lite3.Lite3Constants;
using static Plasmite.Lite3.Lite3Node;

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

        uint genType = U32(buf, root);
        SetU32(buf, root, (genType & 0xFF) | ((((genType >> 8) + 1) & 0xFFFFFF) << 8));

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
                if (KeyCount(buf, node) == SlotCount)
                {
                    _len = (_len + 3) & ~3;
                    if (parent < 0)
                    {
                        int copy = _len;
                        buf.Slice(root, NodeSize).CopyTo(buf.Slice(copy, NodeSize));
                        uint size = Size(buf, root);
                        buf.Slice(root + HashOffset, NodeSize - HashOffset).Clear();
                        SetSizeKc(buf, root, size, 0);
                        SetChild(buf, root, 0, (uint)copy);
                        _len += NodeSize;
                        node = copy;
                        parent = root;
                        i = 0;
                    }

                    int sibling = Split(buf, parent, i, node);
                    uint separator = Hash(buf, parent, i);
                    if (ha > separator)
                    {
                        node = sibling;
                    }
                    else if (ha == separator)
                    {
                        int v = Existing(buf, parent, i, isArray, key, keyBytes, type, payload);
                        if (v >= 0)
                        {
                            return v;
                        }

                        goto NextAttempt;
                    }
                }

                int kc = KeyCount(buf, node);
                i = 0;
                while (i < kc && Hash(buf, node, i) < ha)
                {
                    i++;
                }

                if (i < kc && Hash(buf, node, i) == ha)
                {
                    int v = Existing(buf, node, i, isArray, key, keyBytes, type, payload);
                    if (v >= 0)
                    {
                        return v;
                    }

                    goto NextAttempt;
                }

                uint child = Child(buf, node, 0);
                if (child != 0)
                {
                    parent = node;
                    node = (int)Child(buf, node, i);
                    if (++walks > MaxWalks)
                    {
                        throw PlasmiteException.Usage("failed to encode json as lite3: tree too tall");
                    }

                    continue;
                }

                // Leaf insert.
                for (int j = kc; j > i; j--)
                {
                    SetHash(buf, node, j, Hash(buf, node, j - 1));
                    SetEntry(buf, node, j, Entry(buf, node, j - 1));
                }

                SetHash(buf, node, i, ha);
                SetU32(buf, node + SizeKcOffset, (U32(buf, node + SizeKcOffset) & ~7u) | (uint)(kc + 1));
                SetU32(buf, root + SizeKcOffset, U32(buf, root + SizeKcOffset) + (1u << 6));
                PadFor(payload, keyBytes);
                SetEntry(buf, node, i, (uint)_len);
                return AppendEntry(buf, isArray, key, tagSize, type, payload);
            }

        NextAttempt:;
        }

        throw PlasmiteException.Usage("failed to encode json as lite3: too many hash collisions");
    }

    /// <summary>Splits full <paramref name="node"/> (reached through slot <paramref name="i"/> of <paramref name="parent"/>); returns the new right sibling.</summary>
    private int Split(Span<byte> buf, int parent, int i, int node)
    {
        int pkc = KeyCount(buf, parent);
        for (int j = pkc; j > i; j--)
        {
            SetHash(buf, parent, j, Hash(buf, parent, j - 1));
            SetEntry(buf, parent, j, Entry(buf, parent, j - 1));
        }

        for (int j = pkc + 1; j > i + 1; j--)
        {
            SetChild(buf, parent, j, Child(buf, parent, j - 1));
        }

        int sibling = _len;
        SetHash(buf, parent, i, Hash(buf, node, SplitSlot));
        SetEntry(buf, parent, i, Entry(buf, node, SplitSlot));
        SetChild(buf, parent, i + 1, (uint)sibling);
        SetU32(buf, parent + SizeKcOffset, (U32(buf, parent + SizeKcOffset) & ~7u) | (uint)(pkc + 1));

        buf[sibling] = buf[node];
        SetSizeKc(buf, sibling, 0, 3);
        for (int j = 0; j < 3; j++)
        {
            SetHash(buf, sibling, j, Hash(buf, node, SplitSlot + 1 + j));
            SetEntry(buf, sibling, j, Entry(buf, node, SplitSlot + 1 + j));
        }

        for (int j = 0; j < 4; j++)
        {
            SetChild(buf, sibling, j, Child(buf, node, 4 + j));
        }

        SetSizeKc(buf, node, 0, 3);
        buf.Slice(node + HashOffset + (4 * SplitSlot), 16).Clear();
        buf.Slice(node + EntryOffset + (4 * SplitSlot), 16).Clear();
        buf.Slice(node + ChildOffset + 16, 16).Clear();
        _len += NodeSize;
        return sibling;
    }

    /// <summary>Overwrites the member at (node, slot) (spec §6.2); returns -1 when the stored key differs (collision).</summary>
    private int Existing(Span<byte> buf, int node, int slot, bool isArray, ReadOnlySpan<byte> key, int keyBytes, byte type, int payload)
    {
        int e = (int)Entry(buf, node, slot);
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
            SetEntry(buf, node, slot, (uint)_len);
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
            key.CopyTo(buf[p..]);
            p += key.Length + 1;
        }

        buf[p] = type;
        _len = p + 1 + payload;
        return p;
    }

    private static int PayloadLength(ReadOnlySpan<byte> buf, int v) => buf[v] switch
    {
        TypeNull => 0,
        TypeBool => 1,
        TypeInt64 or TypeFloat64 => 8,
        TypeBytes or TypeString => 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(buf.Slice(v + 1, 4)),
        _ => ContainerPayload,
    };
}
