// Bounds-checked primitives every read path shares: value checks, key entries, keyed and indexed lookup
// (spec lite3.md §8.1, §9.1). Nothing here allocates; problems come back as a status plus a constant message.
using System.Buffers.Binary;
using static Plasmite.Lite3.Lite3Constants;
using static Plasmite.Lite3.Lite3Node;

namespace Plasmite.Lite3;

/// <summary>Result of a bounds-checked Lite3 read (not the storage engine's frame <c>Storage.ReadStatus</c>).</summary>
internal enum Lite3ReadStatus
{
    Ok,
    NotFound,
    Corrupt,
}

/// <summary>What was wrong and where (set when a read returns <see cref="Lite3ReadStatus.Corrupt"/>).</summary>
internal struct ReadError
{
    public string Problem;
    public long Offset;

    public Lite3ReadStatus Set(string problem, long offset)
    {
        Problem = problem;
        Offset = offset;
        return Lite3ReadStatus.Corrupt;
    }

    public readonly PlasmiteException ToException(string? prefix) =>
        PlasmiteException.Corrupt(prefix is null ? Problem : prefix + ": " + Problem, Offset);
}

internal static class Lite3Reader
{
    /// <summary>Checks that a container root node of the given type (6, 7, or 0 for either) lies inside the buffer.</summary>
    public static Lite3ReadStatus CheckContainer(ReadOnlySpan<byte> buf, long offset, byte type, ref ReadError err)
    {
        if (buf.Length < NodeSize || offset < 0 || offset > buf.Length - NodeSize)
        {
            return err.Set("container node lies outside the buffer", offset);
        }

        byte t = buf[(int)offset];
        if (type == 0 ? t is not (TypeObject or TypeArray) : t != type)
        {
            return err.Set(type == TypeArray ? "container is not an array" : type == TypeObject ? "container is not an object" : "container has an invalid type tag", offset);
        }

        return Lite3ReadStatus.Ok;
    }

    /// <summary>Checks the value at <paramref name="v"/> fits in the buffer; returns its payload length in <paramref name="payload"/>.</summary>
    public static Lite3ReadStatus CheckValue(ReadOnlySpan<byte> buf, long v, out int payload, ref ReadError err)
    {
        payload = 0;
        if (v < 0 || v >= buf.Length)
        {
            return err.Set("value offset is beyond the buffer end", v);
        }

        byte type = buf[(int)v];
        if (type >= TypeInvalid)
        {
            return err.Set("invalid type tag", v);
        }

        int fixedLen = FixedPayload[type];
        if (v + 1 + fixedLen > buf.Length)
        {
            return err.Set("value runs past the buffer end", v);
        }

        payload = fixedLen;
        if (type is TypeString or TypeBytes)
        {
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(buf.Slice((int)v + 1, 4));
            if (v + 5 + (long)len > buf.Length)
            {
                return err.Set(type == TypeString ? "string runs past the buffer end" : "bytes run past the buffer end", v);
            }

            if (type == TypeString && len == 0)
            {
                return err.Set("string size field is 0", v);
            }

            payload = 4 + (int)len;
        }

        return Lite3ReadStatus.Ok;
    }

    /// <summary>Reads the key entry at <paramref name="e"/>: tag size, key size (incl. NUL) and value offset.</summary>
    public static Lite3ReadStatus ReadKey(ReadOnlySpan<byte> buf, long e, out int tagSize, out int keySize, ref ReadError err)
    {
        tagSize = 0;
        keySize = 0;
        if (e < 0 || e >= buf.Length)
        {
            return err.Set("key entry offset is beyond the buffer end", e);
        }

        int at = (int)e;
        tagSize = (buf[at] & 3) + 1;
        if (tagSize == 3)
        {
            return err.Set("3-byte key tag", e);
        }

        if (e + tagSize > buf.Length)
        {
            return err.Set("key tag runs past the buffer end", e);
        }

        uint tag = buf[at];
        for (int b = 1; b < tagSize; b++)
        {
            tag |= (uint)buf[at + b] << (8 * b);
        }

        keySize = (int)(tag >> 2);
        if (e + tagSize + keySize > buf.Length)
        {
            return err.Set("key runs past the buffer end", e);
        }

        if (keySize == 0)
        {
            return err.Set("key size is 0 (no terminator)", e);
        }

        return Lite3ReadStatus.Ok;
    }

    /// <summary>Looks up <paramref name="key"/> (already cut at NUL) in the object at <paramref name="container"/>; <paramref name="value"/> is the value's type byte offset.</summary>
    public static Lite3ReadStatus LookupKey(ReadOnlySpan<byte> buf, int container, ReadOnlySpan<byte> key, out int value, ref ReadError err)
    {
        value = 0;
        Lite3ReadStatus s = CheckContainer(buf, container, TypeObject, ref err);
        if (s != Lite3ReadStatus.Ok)
        {
            return s;
        }

        int probeSize = key.Length + 1;
        int probeTag = KeyTagSize(probeSize);
        uint hash = Djb2(key);
        for (int a = 0; a < MaxProbes; a++)
        {
            uint ha = hash + (uint)(a * a);
            int node = container;
            int walks = 0;
            while (true)
            {
                int kc = KeyCount(buf, node);
                int i = 0;
                while (i < kc && Hash(buf, node, i) < ha)
                {
                    i++;
                }

                if (i < kc && Hash(buf, node, i) == ha)
                {
                    long e = Entry(buf, node, i);
                    s = ReadKey(buf, e, out int tagSize, out int keySize, ref err);
                    if (s != Lite3ReadStatus.Ok)
                    {
                        return s;
                    }

                    if (tagSize != probeTag)
                    {
                        return err.Set("key tag size does not match the key", e);
                    }

                    ReadOnlySpan<byte> stored = buf.Slice((int)e + tagSize, Math.Min(keySize, probeSize));
                    bool same = stored.Length == probeSize
                        ? stored[..key.Length].SequenceEqual(key) && stored[key.Length] == 0
                        : stored.SequenceEqual(key[..stored.Length]);
                    if (!same)
                    {
                        break; // collision: next probe attempt
                    }

                    if (keySize < probeSize)
                    {
                        return err.Set("key has no terminator", e);
                    }

                    long v = e + tagSize + keySize;
                    s = CheckValue(buf, v, out _, ref err);
                    value = (int)v;
                    return s;
                }

                if (Child(buf, node, 0) == 0)
                {
                    return Lite3ReadStatus.NotFound;
                }

                long child = Child(buf, node, i);
                if (child > buf.Length - NodeSize)
                {
                    return err.Set("child node offset is beyond the buffer end", node + ChildOffset + (4 * i));
                }

                if (++walks > MaxWalks)
                {
                    return err.Set("tree deeper than 9 levels (child pointer cycle?)", child);
                }

                node = (int)child;
            }
        }

        return Lite3ReadStatus.NotFound;
    }

    /// <summary>Looks up element <paramref name="index"/> of the array at <paramref name="container"/>.</summary>
    public static Lite3ReadStatus LookupIndex(ReadOnlySpan<byte> buf, int container, uint index, out int value, ref ReadError err)
    {
        value = 0;
        Lite3ReadStatus s = CheckContainer(buf, container, TypeArray, ref err);
        if (s != Lite3ReadStatus.Ok)
        {
            return s;
        }

        if (index >= Size(buf, container))
        {
            return Lite3ReadStatus.NotFound;
        }

        int node = container;
        int walks = 0;
        while (true)
        {
            int kc = KeyCount(buf, node);
            int i = 0;
            while (i < kc && Hash(buf, node, i) < index)
            {
                i++;
            }

            if (i < kc && Hash(buf, node, i) == index)
            {
                long v = Entry(buf, node, i);
                s = CheckValue(buf, v, out _, ref err);
                value = (int)v;
                return s;
            }

            if (Child(buf, node, 0) == 0)
            {
                return err.Set("array element missing below the array size", node);
            }

            long child = Child(buf, node, i);
            if (child > buf.Length - NodeSize)
            {
                return err.Set("child node offset is beyond the buffer end", node + ChildOffset + (4 * i));
            }

            if (++walks > MaxWalks)
            {
                return err.Set("tree deeper than 9 levels (child pointer cycle?)", child);
            }

            node = (int)child;
        }
    }

    /// <summary>Element count of the container at <paramref name="container"/> (its root node's size field).</summary>
    public static uint Count(ReadOnlySpan<byte> buf, int container) => Size(buf, container);
}
