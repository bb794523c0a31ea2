// Zero-copy, allocation-free read access to a Lite3 value inside a buffer: lookups, iteration, scalars.
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

/// <summary>
/// A read-only view of one Lite3 value (the root container, a member or an element) over a byte span.
/// Lookups and iteration allocate nothing; every read is bounds-checked and malformed data throws
/// <see cref="PlasmiteException"/> with <see cref="ErrorKind.Corrupt"/> and the offset concerned.
/// Asking a value for the wrong type throws <see cref="ErrorKind.Usage"/>.
/// </summary>
public readonly ref struct Lite3Document
{
    private readonly ReadOnlySpan<byte> _buf;
    private readonly int _offset;

    /// <summary>Opens the root container of <paramref name="buffer"/> (an object or an array).</summary>
    /// <param name="buffer">A Lite3 document.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/> when the buffer does not start with a container node.</exception>
    public Lite3Document(ReadOnlySpan<byte> buffer)
    {
        ReadError err = default;
        if (Lite3Reader.CheckContainer(buffer, 0, 0, ref err) != Lite3ReadStatus.Ok)
        {
            throw err.ToException(null);
        }

        _buf = buffer;
        _offset = 0;
    }

    private Lite3Document(ReadOnlySpan<byte> buffer, int offset)
    {
        _buf = buffer;
        _offset = offset;
    }

    /// <summary>The whole buffer this value lives in.</summary>
    public ReadOnlySpan<byte> Buffer => _buf;

    /// <summary>Offset of this value's type byte in <see cref="Buffer"/>.</summary>
    public int Offset => _offset;

    /// <summary>The value's type.</summary>
    public Lite3Type Type => _buf.IsEmpty
        ? throw PlasmiteException.Usage("lite3 document is default (not found or not initialised)")
        : (Lite3Type)_buf[_offset];

    /// <summary>Member count of an object or length of an array.</summary>
    public int Count
    {
        get
        {
            RequireContainer();
            return (int)Lite3Reader.Count(_buf, _offset);
        }
    }

    /// <summary>The element at <paramref name="index"/> of an array.</summary>
    /// <param name="index">Zero-based index.</param>
    public Lite3Document this[int index] => TryGetElement(index, out Lite3Document v)
        ? v
        : throw new PlasmiteException(ErrorKind.NotFound, "array index out of range");

    /// <summary>Looks up a member of an object by its UTF-8 name.</summary>
    /// <param name="utf8Name">The member name (compared up to its first NUL, as stored).</param>
    /// <param name="value">The member's value when found.</param>
    /// <returns>Whether the member exists.</returns>
    public bool TryGetProperty(scoped ReadOnlySpan<byte> utf8Name, out Lite3Document value)
    {
        Require(Lite3Type.Object);
        ReadError err = default;
        Lite3ReadStatus s = Lite3Reader.LookupKey(_buf, _offset, Lite3Writer.TruncateAtNul(utf8Name), out int v, ref err);
        if (s == Lite3ReadStatus.Corrupt)
        {
            throw err.ToException(null);
        }

        value = s == Lite3ReadStatus.Ok ? new Lite3Document(_buf, v) : default;
        return s == Lite3ReadStatus.Ok;
    }

    /// <summary>Looks up a member of an object by name (transcoded on the stack; no allocation for names up to 170 chars).</summary>
    /// <param name="name">The member name.</param>
    /// <param name="value">The member's value when found.</param>
    /// <returns>Whether the member exists.</returns>
    public bool TryGetProperty(string name, out Lite3Document value)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[]? rented = null;
        int max = (name.Length + 1) * 3;
        Span<byte> utf8 = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            if (Utf8.FromUtf16(name, utf8, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                value = default;
                return false;
            }

            return TryGetProperty(utf8[..written], out value);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Returns a member of an object.</summary>
    /// <param name="utf8Name">The member name.</param>
    /// <returns>The member's value.</returns>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.NotFound"/> when absent.</exception>
    public Lite3Document GetProperty(scoped ReadOnlySpan<byte> utf8Name) => TryGetProperty(utf8Name, out Lite3Document v)
        ? v
        : throw new PlasmiteException(ErrorKind.NotFound, "member not found");

    /// <summary>Returns a member of an object.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The member's value.</returns>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.NotFound"/> when absent.</exception>
    public Lite3Document GetProperty(string name) => TryGetProperty(name, out Lite3Document v)
        ? v
        : throw new PlasmiteException(ErrorKind.NotFound, "member not found: " + name);

    /// <summary>Looks up an array element by index.</summary>
    /// <param name="index">Zero-based index.</param>
    /// <param name="value">The element when present.</param>
    /// <returns>False when the index is outside the array.</returns>
    public bool TryGetElement(int index, out Lite3Document value)
    {
        Require(Lite3Type.Array);
        value = default;
        if (index < 0)
        {
            return false;
        }

        ReadError err = default;
        Lite3ReadStatus s = Lite3Reader.LookupIndex(_buf, _offset, (uint)index, out int v, ref err);
        if (s == Lite3ReadStatus.Corrupt)
        {
            throw err.ToException(null);
        }

        if (s == Lite3ReadStatus.Ok)
        {
            value = new Lite3Document(_buf, v);
        }

        return s == Lite3ReadStatus.Ok;
    }

    /// <summary>True for a null value.</summary>
    public bool IsNull => Type == Lite3Type.Null;

    /// <summary>Reads a boolean (any non-zero byte is true).</summary>
    /// <returns>The value.</returns>
    public bool GetBoolean()
    {
        Require(Lite3Type.Boolean);
        return _buf[_offset + 1] != 0;
    }

    /// <summary>Reads an i64 value.</summary>
    /// <returns>The value.</returns>
    public long GetInt64()
    {
        Require(Lite3Type.Int64);
        return BinaryPrimitives.ReadInt64LittleEndian(_buf.Slice(_offset + 1, 8));
    }

    /// <summary>Reads an f64 value (an i64 value is converted).</summary>
    /// <returns>The value.</returns>
    public double GetDouble()
    {
        if (Type == Lite3Type.Int64)
        {
            return GetInt64();
        }

        Require(Lite3Type.Float64);
        return BinaryPrimitives.ReadDoubleLittleEndian(_buf.Slice(_offset + 1, 8));
    }

    /// <summary>The UTF-8 bytes of a string value (without the stored terminator), zero-copy.</summary>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> GetUtf8String()
    {
        Require(Lite3Type.String);
        int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(_buf.Slice(_offset + 1, 4));
        return _buf.Slice(_offset + 5, size - 1);
    }

    /// <summary>A string value as a .NET string (allocates).</summary>
    /// <returns>The string.</returns>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/> when the bytes are not valid UTF-8.</exception>
    public string GetString()
    {
        ReadOnlySpan<byte> utf8 = GetUtf8String();
        return Utf8.IsValid(utf8) ? Encoding.UTF8.GetString(utf8) : throw PlasmiteException.Corrupt("string is not valid UTF-8", _offset);
    }

    /// <summary>The raw bytes of a bytes value, zero-copy.</summary>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> GetBytes()
    {
        Require(Lite3Type.Bytes);
        int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(_buf.Slice(_offset + 1, 4));
        return _buf.Slice(_offset + 5, len);
    }

    /// <summary>Enumerates an object's members in stored (hash) order.</summary>
    /// <returns>An allocation-free enumerator.</returns>
    public ObjectEnumerator EnumerateObject()
    {
        Require(Lite3Type.Object);
        return new ObjectEnumerator(_buf, _offset);
    }

    /// <summary>Enumerates an array's elements in index order.</summary>
    /// <returns>An allocation-free enumerator.</returns>
    public ArrayEnumerator EnumerateArray()
    {
        Require(Lite3Type.Array);
        return new ArrayEnumerator(_buf, _offset);
    }

    /// <summary>Writes this object or array as compact JSON (upstream's decoder format, spec §8.3).</summary>
    /// <param name="output">Receives UTF-8 JSON.</param>
    public void WriteJson(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        RequireContainer();
        Lite3JsonDecoder.WriteAt(_buf, _offset, output, FloatStyle.Lite3, sortKeys: false, errorPrefix: null);
    }

    private void Require(Lite3Type type)
    {
        if (Type != type)
        {
            throw PlasmiteException.Usage($"lite3 value is {Type}, not {type}");
        }
    }

    private void RequireContainer()
    {
        if (Type is not (Lite3Type.Object or Lite3Type.Array))
        {
            throw PlasmiteException.Usage($"lite3 value is {Type}, not a container");
        }
    }

    /// <summary>One object member: its UTF-8 name and its value.</summary>
    public readonly ref struct Property
    {
        internal Property(ReadOnlySpan<byte> name, Lite3Document value)
        {
            Utf8Name = name;
            Value = value;
        }

        /// <summary>The member name as stored (UTF-8, without terminator).</summary>
        public ReadOnlySpan<byte> Utf8Name { get; }

        /// <summary>The member value.</summary>
        public Lite3Document Value { get; }

        /// <summary>The member name as a .NET string (allocates).</summary>
        public string Name => Encoding.UTF8.GetString(Utf8Name);
    }

    /// <summary>Enumerates object members in stored order.</summary>
    public ref struct ObjectEnumerator
    {
        private readonly ReadOnlySpan<byte> _buf;
        private Lite3TreeWalker _walker;
        private int _nameStart;
        private int _nameLength;
        private int _value;

        internal ObjectEnumerator(ReadOnlySpan<byte> buf, int root)
        {
            _buf = buf;
            _walker = new Lite3TreeWalker(buf, root);
            _nameStart = 0;
            _nameLength = 0;
            _value = -1;
        }

        /// <summary>The current member.</summary>
        public readonly Property Current => new(_buf.Slice(_nameStart, _nameLength), new Lite3Document(_buf, _value));

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        /// <returns>This enumerator.</returns>
        public readonly ObjectEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next member.</summary>
        /// <returns>False after the last member.</returns>
        public bool MoveNext()
        {
            long e = _walker.Next();
            if (e < 0)
            {
                return false;
            }

            ReadError err = default;
            if (Lite3Reader.ReadKey(_buf, e, out int tagSize, out int keySize, ref err) != Lite3ReadStatus.Ok)
            {
                throw err.ToException(null);
            }

            int nameLength = _buf.Slice((int)e + tagSize, keySize).IndexOf((byte)0);
            if (nameLength < 0)
            {
                throw PlasmiteException.Corrupt("key has no terminator", e);
            }

            long v = e + tagSize + keySize;
            if (Lite3Reader.CheckValue(_buf, v, out _, ref err) != Lite3ReadStatus.Ok)
            {
                throw err.ToException(null);
            }

            _nameStart = (int)e + tagSize;
            _nameLength = nameLength;
            _value = (int)v;
            return true;
        }
    }

    /// <summary>Enumerates array elements in index order.</summary>
    public ref struct ArrayEnumerator
    {
        private readonly ReadOnlySpan<byte> _buf;
        private Lite3TreeWalker _walker;
        private int _value;

        internal ArrayEnumerator(ReadOnlySpan<byte> buf, int root)
        {
            _buf = buf;
            _walker = new Lite3TreeWalker(buf, root);
            _value = -1;
        }

        /// <summary>The current element.</summary>
        public readonly Lite3Document Current => new(_buf, _value);

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        /// <returns>This enumerator.</returns>
        public readonly ArrayEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next element.</summary>
        /// <returns>False after the last element.</returns>
        public bool MoveNext()
        {
            long v = _walker.Next();
            if (v < 0)
            {
                return false;
            }

            ReadError err = default;
            if (Lite3Reader.CheckValue(_buf, v, out _, ref err) != Lite3ReadStatus.Ok)
            {
                throw err.ToException(null);
            }

            _value = (int)v;
            return true;
        }
    }
}
