// Lite3 → compact JSON text (spec §8.3), with every structural check of §9.1, a node-visit budget so
// malformed buffers (shared nodes, cycles) cost at most linear time, and optional UTF-8 key sorting.
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text.Unicode;
using static Plasmite.Lite3.Lite3Constants;
using static Plasmite.Lite3.Lite3Node;

namespace Plasmite.Lite3;

internal ref struct Lite3JsonDecoder
{
    private const int Chunk = 8192;

    private readonly ReadOnlySpan<byte> _buf;
    private readonly IBufferWriter<byte> _output;
    private readonly FloatStyle _style;
    private readonly bool _sortKeys;
    private Span<byte> _out;
    private int _pos;
    private long _budget;
    private int[]? _members;
    private ReadError _err;

    private Lite3JsonDecoder(ReadOnlySpan<byte> buf, IBufferWriter<byte> output, FloatStyle style, bool sortKeys)
    {
        _buf = buf;
        _output = output;
        _style = style;
        _sortKeys = sortKeys;
        _budget = (buf.Length / NodeSize) + 1;
    }

    /// <summary>Decodes the whole buffer (root object or array).</summary>
    public static void WriteRoot(ReadOnlySpan<byte> buf, IBufferWriter<byte> output, FloatStyle style, bool sortKeys, string? errorPrefix) =>
        WriteAt(buf, 0, output, style, sortKeys, errorPrefix);

    /// <summary>Decodes the container whose type byte is at <paramref name="offset"/>.</summary>
    public static void WriteAt(ReadOnlySpan<byte> buf, int offset, IBufferWriter<byte> output, FloatStyle style, bool sortKeys, string? errorPrefix)
    {
        var d = new Lite3JsonDecoder(buf, output, style, sortKeys);
        try
        {
            bool ok = Lite3Reader.CheckContainer(buf, offset, 0, ref d._err) == Lite3ReadStatus.Ok && d.Container(offset, 1);
            d.Flush();
            if (!ok)
            {
                throw d._err.ToException(errorPrefix);
            }
        }
        finally
        {
            if (d._members is not null)
            {
                ArrayPool<int>.Shared.Return(d._members);
            }
        }
    }

    /// <summary>Decodes any value (scalar or container) at <paramref name="offset"/> whose container depth is <paramref name="depth"/>.</summary>
    public static void WriteValueAt(ReadOnlySpan<byte> buf, int offset, IBufferWriter<byte> output, int depth, string? errorPrefix)
    {
        var d = new Lite3JsonDecoder(buf, output, FloatStyle.Serde, sortKeys: true);
        try
        {
            bool ok = Lite3Reader.CheckValue(buf, offset, out _, ref d._err) == Lite3ReadStatus.Ok && d.Value(offset, depth - 1);
            d.Flush();
            if (!ok)
            {
                throw d._err.ToException(errorPrefix);
            }
        }
        finally
        {
            if (d._members is not null)
            {
                ArrayPool<int>.Shared.Return(d._members);
            }
        }
    }

    private bool Fail(string problem, long offset)
    {
        _err.Set(problem, offset);
        return false;
    }

    private bool Container(int root, int depth)
    {
        if (depth > MaxNesting)
        {
            return Fail("nesting deeper than 32 containers", root);
        }

        byte type = _buf[root];
        Put(type == TypeObject ? (byte)'{' : (byte)'[');
        bool first = true;
        bool ok;
        if (type == TypeObject && _sortKeys)
        {
            ok = SortedObject(root, depth);
        }
        else
        {
            ok = Node(root, type, 0, depth, ref first, -1);
        }

        Put(type == TypeObject ? (byte)'}' : (byte)']');
        return ok;
    }

    /// <summary>In-order walk of one B-tree node. With <paramref name="collectBase"/> ≥ 0, object members are collected instead of written.</summary>
    private bool Node(int node, byte type, int level, int depth, ref bool first, int collectBase)
    {
        if (--_budget < 0)
        {
            return Fail("more nodes visited than the buffer can hold (shared or cyclic nodes)", node);
        }

        if (_buf[node] != type)
        {
            return Fail("child node type differs from its container", node);
        }

        int kc = KeyCount(_buf, node);
        bool leaf = Child(_buf, node, 0) == 0;
        for (int k = 0; k <= kc; k++)
        {
            if (!leaf)
            {
                long child = Child(_buf, node, k);
                if (child > _buf.Length - NodeSize)
                {
                    return Fail("child node offset is beyond the buffer end", node + ChildOffset + (4 * k));
                }

                if (level + 1 > MaxWalks)
                {
                    return Fail("tree deeper than 9 levels (child pointer cycle?)", child);
                }

                if (!Node((int)child, type, level + 1, depth, ref first, collectBase))
                {
                    return false;
                }
            }

            if (k == kc)
            {
                break;
            }

            long e = Entry(_buf, node, k);
            long v = e;
            int keyLen = 0;
            if (type == TypeObject)
            {
                if (Lite3Reader.ReadKey(_buf, e, out int tagSize, out int keySize, ref _err) != Lite3ReadStatus.Ok)
                {
                    return false;
                }

                keyLen = _buf.Slice((int)e + tagSize, keySize).IndexOf((byte)0);
                if (keyLen < 0)
                {
                    return Fail("key has no terminator", e);
                }

                if (!Utf8.IsValid(_buf.Slice((int)e + tagSize, keyLen)))
                {
                    return Fail("key is not valid UTF-8", e);
                }

                v = e + tagSize + keySize;
                e += tagSize;
            }

            if (Lite3Reader.CheckValue(_buf, v, out _, ref _err) != Lite3ReadStatus.Ok)
            {
                return false;
            }

            if (collectBase >= 0)
            {
                Collect(collectBase, (int)e, keyLen, (int)v);
                continue;
            }

            if (!first)
            {
                Put((byte)',');
            }

            first = false;
            if (type == TypeObject)
            {
                String(_buf.Slice((int)e, keyLen));
                Put((byte)':');
            }

            if (!Value((int)v, depth))
            {
                return false;
            }
        }

        return true;
    }

    // ---- sorted objects (serde's re-parse: keys by UTF-8 bytes, last duplicate wins) -----------

    private int _memberTop;

    private void EnsureMembers(int needed)
    {
        _members ??= ArrayPool<int>.Shared.Rent(Math.Max(96, needed));
        if (needed > _members.Length)
        {
            int[] bigger = ArrayPool<int>.Shared.Rent(Math.Max(needed, _members.Length * 2));
            _members.AsSpan(0, _memberTop).CopyTo(bigger);
            ArrayPool<int>.Shared.Return(_members);
            _members = bigger;
        }
    }

    private void Collect(int collectBase, int keyStart, int keyLen, int value)
    {
        EnsureMembers(_memberTop + 3);
        _members![_memberTop++] = keyStart;
        _members[_memberTop++] = keyLen;
        _members[_memberTop++] = value;
        _ = collectBase;
    }

    private bool SortedObject(int root, int depth)
    {
        int start = _memberTop;
        bool first = true;
        if (!Node(root, TypeObject, 0, depth, ref first, start))
        {
            _memberTop = start;
            return false;
        }

        int count = (_memberTop - start) / 3;
        int idx = SortMembers(start, count);
        _memberTop = idx + (2 * count);
        bool ok = true;
        for (int m = 0; m < count && ok; m++)
        {
            int at = start + (3 * _members![idx + m]);
            ReadOnlySpan<byte> key = _buf.Slice(_members[at], _members[at + 1]);
            if (m + 1 < count)
            {
                int next = start + (3 * _members[idx + m + 1]);
                if (key.SequenceEqual(_buf.Slice(_members[next], _members[next + 1])))
                {
                    continue; // a later duplicate wins, as serde's map does
                }
            }

            if (!first)
            {
                Put((byte)',');
            }

            first = false;
            String(key);
            Put((byte)':');
            ok = Value(_members[at + 2], depth);
        }

        _memberTop = start;
        return ok;
    }

    /// <summary>Sorts the member triples at <paramref name="start"/> by key bytes (stable, so a later duplicate stays last); returns the index list offset.</summary>
    private int SortMembers(int start, int count)
    {
        int idx = start + (3 * count);
        EnsureMembers(idx + (2 * count));
        int[] m = _members!;
        for (int i = 0; i < count; i++)
        {
            m[idx + i] = i;
        }

        var comparer = new MemberComparer(_buf, m, start);
        IndexSort.Sort(m.AsSpan(idx, count), m.AsSpan(idx + count, count), ref comparer);
        return idx;
    }

    private readonly ref struct MemberComparer(ReadOnlySpan<byte> buf, int[] members, int start) : IIndexComparer
    {
        private readonly ReadOnlySpan<byte> _buf = buf;

        public int Compare(int x, int y)
        {
            int a = start + (3 * x);
            int b = start + (3 * y);
            return _buf.Slice(members[a], members[a + 1]).SequenceCompareTo(_buf.Slice(members[b], members[b + 1]));
        }
    }

    // ---- values -------------------------------------------------------------------------------

    private bool Value(int v, int depth)
    {
        byte type = _buf[v];
        switch (type)
        {
            case TypeNull:
                PutLiteral("null"u8);
                return true;
            case TypeBool:
                PutLiteral(_buf[v + 1] != 0 ? "true"u8 : "false"u8);
                return true;
            case TypeInt64:
                Reserve(20);
                Utf8Formatter.TryFormat(BinaryPrimitives.ReadInt64LittleEndian(_buf.Slice(v + 1, 8)), _out[_pos..], out int w);
                _pos += w;
                return true;
            case TypeFloat64:
                double d = BinaryPrimitives.ReadDoubleLittleEndian(_buf.Slice(v + 1, 8));
                if (!double.IsFinite(d))
                {
                    return Fail("number is NaN or infinite", v);
                }

                Reserve(DoubleFormatter.MaxLength);
                _pos += DoubleFormatter.Format(d, _out[_pos..], _style);
                return true;
            case TypeString:
                int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(_buf.Slice(v + 1, 4));
                ReadOnlySpan<byte> s = _buf.Slice(v + 5, size - 1);
                if (!Utf8.IsValid(s))
                {
                    return Fail("string is not valid UTF-8", v);
                }

                String(s);
                return true;
            case TypeBytes:
                Base64String(_buf.Slice(v + 5, (int)BinaryPrimitives.ReadUInt32LittleEndian(_buf.Slice(v + 1, 4))));
                return true;
            default:
                return Container(v, depth + 1);
        }
    }

    private void String(ReadOnlySpan<byte> s)
    {
        Put((byte)'"');
        ReadOnlySpan<byte> hex = _style == FloatStyle.Serde ? "0123456789abcdef"u8 : "0123456789ABCDEF"u8;
        while (s.Length > 0)
        {
            ReadOnlySpan<byte> piece = s[..Math.Min(s.Length, Chunk)];
            s = s[piece.Length..];
            Reserve(piece.Length * 6);
            _pos += Text.JsonText.Escape(piece, _out[_pos..], hex);
        }

        Put((byte)'"');
    }

    private void Base64String(ReadOnlySpan<byte> bytes)
    {
        Put((byte)'"');
        while (bytes.Length > 0)
        {
            ReadOnlySpan<byte> piece = bytes[..Math.Min(bytes.Length, Chunk - (Chunk % 3))];
            bytes = bytes[piece.Length..];
            Reserve(Base64.GetMaxEncodedToUtf8Length(piece.Length));
            Base64.EncodeToUtf8(piece, _out[_pos..], out _, out int written);
            _pos += written;
        }

        Put((byte)'"');
    }

    // ---- output ---------------------------------------------------------------------------------

    private void Put(byte b)
    {
        Reserve(1);
        _out[_pos++] = b;
    }

    private void PutLiteral(ReadOnlySpan<byte> text)
    {
        Reserve(text.Length);
        text.CopyTo(_out[_pos..]);
        _pos += text.Length;
    }

    private void Reserve(int n)
    {
        if (_pos + n <= _out.Length)
        {
            return;
        }

        if (_pos > 0)
        {
            _output.Advance(_pos);
        }

        _pos = 0;
        _out = _output.GetSpan(Math.Max(n, 1024));
    }

    private void Flush()
    {
        if (_pos > 0)
        {
            _output.Advance(_pos);
        }

        _pos = 0;
        _out = default;
    }
}
