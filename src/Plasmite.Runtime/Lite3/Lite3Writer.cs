// Builds a Lite3 document by B-tree insertion in call order, with Utf8JsonWriter-like method names.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

/// <summary>
/// Writes a Lite3 document into a reusable, growable buffer. Members are inserted in call order, so
/// the bytes equal what the original encoder produces for the equivalent JSON text with members in
/// the same order. Call <see cref="Reset"/> to reuse the instance (and its buffer) for the next
/// document. Misuse (ending a container that is not open, a keyed write inside an array, …) throws
/// <see cref="PlasmiteException"/> with <see cref="ErrorKind.Usage"/>.
/// </summary>
public sealed partial class Lite3Writer
{
    private byte[] _buf;
    private int _len;
    private readonly int[] _stack = new int[MaxNesting];
    private int _depth;
    private bool _started;
    private byte[] _keyScratch = new byte[64];
    private byte[] _valueScratch = new byte[64];

    /// <summary>Creates a writer with an initial buffer of <paramref name="initialCapacity"/> bytes.</summary>
    /// <param name="initialCapacity">Initial buffer size; the buffer doubles as needed up to 256 MiB.</param>
    public Lite3Writer(int initialCapacity = 1024)
    {
        _buf = new byte[Math.Max(initialCapacity, NodeSize * 4)];
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buf.AsSpan(0, _len);

    /// <summary>The bytes written so far, as memory over the internal buffer (valid until the next write or reset).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buf.AsMemory(0, _len);

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _len;

    /// <summary>Current nesting depth (number of open containers, the root counting as 1).</summary>
    public int CurrentDepth => _depth;

    /// <summary>True once the root container has been opened and closed again.</summary>
    public bool IsComplete => _started && _depth == 0;

    /// <summary>Clears the written document (zeroing the used bytes) so the writer can build a new one.</summary>
    public void Reset()
    {
        _buf.AsSpan(0, _len).Clear();
        _len = 0;
        _depth = 0;
        _started = false;
    }

    /// <summary>Copies the written bytes into a new array.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    // ---- containers -------------------------------------------------------------------------

    /// <summary>Starts the root object, or an object element when the current container is an array.</summary>
    public void WriteStartObject() => StartContainer(TypeObject);

    /// <summary>Starts the root array, or an array element when the current container is an array.</summary>
    public void WriteStartArray() => StartContainer(TypeArray);

    /// <summary>Starts an object member of the current object.</summary>
    /// <param name="utf8Key">The member name as UTF-8 (cut at its first NUL, as the original does).</param>
    public void WriteStartObject(ReadOnlySpan<byte> utf8Key) => StartKeyed(CheckKey(utf8Key), TypeObject);

    /// <summary>Starts an object member of the current object.</summary>
    /// <param name="key">The member name.</param>
    public void WriteStartObject(string key) => StartKeyed(EncodeKey(key), TypeObject);

    /// <summary>Starts an array member of the current object.</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    public void WriteStartArray(ReadOnlySpan<byte> utf8Key) => StartKeyed(CheckKey(utf8Key), TypeArray);

    /// <summary>Starts an array member of the current object.</summary>
    /// <param name="key">The member name.</param>
    public void WriteStartArray(string key) => StartKeyed(EncodeKey(key), TypeArray);

    /// <summary>Ends the current object.</summary>
    public void WriteEndObject() => EndContainer(TypeObject);

    /// <summary>Ends the current array.</summary>
    public void WriteEndArray() => EndContainer(TypeArray);

    // ---- object members ---------------------------------------------------------------------

    /// <summary>Writes a string member.</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    /// <param name="utf8Value">The value as UTF-8 (must be valid UTF-8).</param>
    public void WriteString(ReadOnlySpan<byte> utf8Key, ReadOnlySpan<byte> utf8Value) => PutString(KeyedSlot(CheckKey(utf8Key), TypeString, StringPayload(CheckUtf8(utf8Value))), utf8Value);

    /// <summary>Writes a string member; a null value writes null.</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    /// <param name="value">The value.</param>
    public void WriteString(ReadOnlySpan<byte> utf8Key, string? value)
    {
        if (value is null)
        {
            WriteNull(utf8Key);
            return;
        }

        ReadOnlySpan<byte> v = EncodeValue(value);
        PutString(KeyedSlot(CheckKey(utf8Key), TypeString, StringPayload(v)), v);
    }

    /// <summary>Writes a string member.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="utf8Value">The value as UTF-8 (must be valid UTF-8).</param>
    public void WriteString(string key, ReadOnlySpan<byte> utf8Value) => PutString(KeyedSlot(EncodeKey(key), TypeString, StringPayload(CheckUtf8(utf8Value))), utf8Value);

    /// <summary>Writes a string member; a null value writes null.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The value.</param>
    public void WriteString(string key, string? value)
    {
        if (value is null)
        {
            WriteNull(key);
            return;
        }

        ReadOnlySpan<byte> k = EncodeKey(key);
        ReadOnlySpan<byte> v = EncodeValue(value);
        PutString(KeyedSlot(k, TypeString, StringPayload(v)), v);
    }

    /// <summary>Writes an integer member (stored as i64).</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(ReadOnlySpan<byte> utf8Key, long value) => PutInt64(KeyedSlot(CheckKey(utf8Key), TypeInt64, 8), value);

    /// <summary>Writes an integer member (stored as i64).</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(string key, long value) => PutInt64(KeyedSlot(EncodeKey(key), TypeInt64, 8), value);

    /// <summary>Writes an unsigned integer member: i64 up to <see cref="long.MaxValue"/>, above it the nearest f64 (as the original does).</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(ReadOnlySpan<byte> utf8Key, ulong value)
    {
        if (value <= long.MaxValue)
        {
            WriteNumber(utf8Key, (long)value);
        }
        else
        {
            PutFloat64(KeyedSlot(CheckKey(utf8Key), TypeFloat64, 8), UInt64ToDouble(value));
        }
    }

    /// <summary>Writes an unsigned integer member: i64 up to <see cref="long.MaxValue"/>, above it the nearest f64.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(string key, ulong value)
    {
        if (value <= long.MaxValue)
        {
            WriteNumber(key, (long)value);
        }
        else
        {
            PutFloat64(KeyedSlot(EncodeKey(key), TypeFloat64, 8), UInt64ToDouble(value));
        }
    }

    /// <summary>Writes a floating-point member (always f64; must be finite).</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(ReadOnlySpan<byte> utf8Key, double value) => PutFloat64(KeyedSlot(CheckKey(utf8Key), TypeFloat64, 8), CheckFinite(value));

    /// <summary>Writes a floating-point member (always f64; must be finite).</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(string key, double value) => PutFloat64(KeyedSlot(EncodeKey(key), TypeFloat64, 8), CheckFinite(value));

    /// <summary>Writes a boolean member.</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    /// <param name="value">The value.</param>
    public void WriteBoolean(ReadOnlySpan<byte> utf8Key, bool value) => PutBool(KeyedSlot(CheckKey(utf8Key), TypeBool, 1), value);

    /// <summary>Writes a boolean member.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The value.</param>
    public void WriteBoolean(string key, bool value) => PutBool(KeyedSlot(EncodeKey(key), TypeBool, 1), value);

    /// <summary>Writes a null member.</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    public void WriteNull(ReadOnlySpan<byte> utf8Key) => KeyedSlot(CheckKey(utf8Key), TypeNull, 0);

    /// <summary>Writes a null member.</summary>
    /// <param name="key">The member name.</param>
    public void WriteNull(string key) => KeyedSlot(EncodeKey(key), TypeNull, 0);

    /// <summary>Writes a raw-bytes member (decoders print it as base64).</summary>
    /// <param name="utf8Key">The member name as UTF-8.</param>
    /// <param name="value">The bytes.</param>
    public void WriteBytes(ReadOnlySpan<byte> utf8Key, ReadOnlySpan<byte> value) => PutBytes(KeyedSlot(CheckKey(utf8Key), TypeBytes, BytesPayload(value)), value);

    /// <summary>Writes a raw-bytes member (decoders print it as base64).</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The bytes.</param>
    public void WriteBytes(string key, ReadOnlySpan<byte> value) => PutBytes(KeyedSlot(EncodeKey(key), TypeBytes, BytesPayload(value)), value);

    // ---- array elements ---------------------------------------------------------------------

    /// <summary>Appends a string element.</summary>
    /// <param name="utf8Value">The value as UTF-8 (must be valid UTF-8).</param>
    public void WriteStringValue(ReadOnlySpan<byte> utf8Value) => PutString(ElementSlot(TypeString, StringPayload(CheckUtf8(utf8Value))), utf8Value);

    /// <summary>Appends a string element; a null value appends null.</summary>
    /// <param name="value">The value.</param>
    public void WriteStringValue(string? value)
    {
        if (value is null)
        {
            WriteNullValue();
            return;
        }

        ReadOnlySpan<byte> v = EncodeValue(value);
        PutString(ElementSlot(TypeString, StringPayload(v)), v);
    }

    /// <summary>Appends an integer element (i64).</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(long value) => PutInt64(ElementSlot(TypeInt64, 8), value);

    /// <summary>Appends an unsigned integer element: i64 up to <see cref="long.MaxValue"/>, above it the nearest f64.</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(ulong value)
    {
        if (value <= long.MaxValue)
        {
            WriteNumberValue((long)value);
        }
        else
        {
            PutFloat64(ElementSlot(TypeFloat64, 8), UInt64ToDouble(value));
        }
    }

    /// <summary>Appends a floating-point element (f64; must be finite).</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(double value) => PutFloat64(ElementSlot(TypeFloat64, 8), CheckFinite(value));

    /// <summary>Appends a boolean element.</summary>
    /// <param name="value">The value.</param>
    public void WriteBooleanValue(bool value) => PutBool(ElementSlot(TypeBool, 1), value);

    /// <summary>Appends a null element.</summary>
    public void WriteNullValue() => ElementSlot(TypeNull, 0);

    /// <summary>Appends a raw-bytes element.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteBytesValue(ReadOnlySpan<byte> value) => PutBytes(ElementSlot(TypeBytes, BytesPayload(value)), value);

    // ---- internals used by the JSON paths (no validation of already-validated input) ----------

    /// <summary>Offset of the innermost open container's root node (-1 when none is open).</summary>
    internal int CurrentContainer => _depth > 0 ? _stack[_depth - 1] : -1;

    internal bool InArray => _depth > 0 && _buf[_stack[_depth - 1]] == TypeArray;

    /// <summary>Inserts a member or element (depending on the current container) and returns the type byte offset.</summary>
    internal int Slot(ReadOnlySpan<byte> key, byte type, int payload) =>
        InArray ? ElementSlot(type, payload) : KeyedSlot(TruncateAtNul(key), type, payload);

    internal void StartRaw(ReadOnlySpan<byte> key, byte type)
    {
        if (_depth == 0)
        {
            StartContainer(type);
        }
        else if (InArray)
        {
            StartContainer(type);
        }
        else
        {
            StartKeyed(TruncateAtNul(key), type);
        }
    }

    internal void EndRaw() => EndContainer(_buf[_stack[Math.Max(_depth - 1, 0)]]);

    internal void StringRaw(ReadOnlySpan<byte> key, ReadOnlySpan<byte> utf8Value) => PutString(Slot(key, TypeString, StringPayload(utf8Value)), utf8Value);

    internal void Int64Raw(ReadOnlySpan<byte> key, long value) => PutInt64(Slot(key, TypeInt64, 8), value);

    internal void Float64Raw(ReadOnlySpan<byte> key, double value) => PutFloat64(Slot(key, TypeFloat64, 8), value);

    internal void BoolRaw(ReadOnlySpan<byte> key, bool value) => PutBool(Slot(key, TypeBool, 1), value);

    internal void NullRaw(ReadOnlySpan<byte> key) => Slot(key, TypeNull, 0);

    /// <summary>Nearest double to <paramref name="value"/>, rounding half to even.</summary>
    internal static double UInt64ToDouble(ulong value) =>
        value <= long.MaxValue ? (long)value : (double)(long)((value >> 1) | (value & 1)) * 2.0;

    // ---- private helpers --------------------------------------------------------------------

    private void StartContainer(byte type)
    {
        if (_depth == 0)
        {
            if (_started)
            {
                throw PlasmiteException.Usage("lite3 writer: the root container is already complete; call Reset() first");
            }

            EnsureCapacity(NodeSize);
            _buf[0] = type;
            _len = NodeSize;
            _started = true;
            _stack[_depth++] = 0;
            return;
        }

        Push(ElementSlot(type, ContainerPayload));
    }

    private void StartKeyed(ReadOnlySpan<byte> key, byte type) => Push(KeyedSlot(key, type, ContainerPayload));

    internal void Push(int node) => _stack[_depth++] = node;

    private void EndContainer(byte type)
    {
        if (_depth == 0 || _buf[_stack[_depth - 1]] != type)
        {
            throw PlasmiteException.Usage(type == TypeObject
                ? "lite3 writer: WriteEndObject without a matching open object"
                : "lite3 writer: WriteEndArray without a matching open array");
        }

        _depth--;
    }

    private int KeyedSlot(ReadOnlySpan<byte> key, byte type, int payload)
    {
        if (_depth == 0)
        {
            throw PlasmiteException.Usage("lite3 writer: no open object; call WriteStartObject() first");
        }

        int root = _stack[_depth - 1];
        if (_buf[root] != TypeObject)
        {
            throw PlasmiteException.Usage("lite3 writer: keyed write inside an array; use the ...Value methods");
        }

        CheckNesting(type);
        return Insert(root, isArray: false, Djb2(key), key, type, payload);
    }

    private int ElementSlot(byte type, int payload)
    {
        if (_depth == 0)
        {
            throw PlasmiteException.Usage("lite3 writer: no open array; call WriteStartArray() first");
        }

        int root = _stack[_depth - 1];
        if (_buf[root] != TypeArray)
        {
            throw PlasmiteException.Usage("lite3 writer: element write inside an object; pass a key");
        }

        CheckNesting(type);
        return Insert(root, isArray: true, Lite3Node.Size(_buf, root), default, type, payload);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckNesting(byte type)
    {
        if (type >= TypeObject && _depth >= MaxNesting)
        {
            throw PlasmiteException.Usage("failed to encode json as lite3: nesting deeper than 32 levels");
        }
    }

    internal void PutString(int v, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(v + 1, 4), (uint)value.Length + 1);
        CopyBytes(value, ref _buf.AsSpan(v + 5, value.Length + 1)[0]);
        _buf[v + 5 + value.Length] = 0;
    }

    private void PutBytes(int v, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(v + 1, 4), (uint)value.Length);
        value.CopyTo(_buf.AsSpan(v + 5));
    }

    internal void PutInt64(int v, long value) => BinaryPrimitives.WriteInt64LittleEndian(_buf.AsSpan(v + 1, 8), value);

    internal void PutFloat64(int v, double value) => BinaryPrimitives.WriteDoubleLittleEndian(_buf.AsSpan(v + 1, 8), value);

    internal void PutBool(int v, bool value) => _buf[v + 1] = value ? (byte)1 : (byte)0;

    internal static int StringPayload(ReadOnlySpan<byte> value) =>
        value.Length < MaxBufferSize ? 4 + value.Length + 1 : throw PlasmiteException.Usage("lite3 buffer exceeded max size");

    private static int BytesPayload(ReadOnlySpan<byte> value) =>
        value.Length < MaxBufferSize ? 4 + value.Length : throw PlasmiteException.Usage("lite3 buffer exceeded max size");

    private static double CheckFinite(double value) =>
        double.IsFinite(value) ? value : throw PlasmiteException.Usage("lite3 writer: NaN and infinity cannot be stored");

    private static ReadOnlySpan<byte> CheckUtf8(ReadOnlySpan<byte> value) =>
        Utf8.IsValid(value) ? value : throw PlasmiteException.Usage("lite3 writer: string is not valid UTF-8");

    private static ReadOnlySpan<byte> CheckKey(ReadOnlySpan<byte> key)
    {
        key = TruncateAtNul(key);
        if (!Utf8.IsValid(key))
        {
            throw PlasmiteException.Usage("lite3 writer: key is not valid UTF-8");
        }

        return key.Length + 1 < MaxKeySize ? key : throw PlasmiteException.Usage("lite3 writer: key too long");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<byte> TruncateAtNul(ReadOnlySpan<byte> key)
    {
        int nul = key.IndexOf((byte)0);
        return nul < 0 ? key : key[..nul];
    }

    private ReadOnlySpan<byte> EncodeKey(string key) => CheckKey(Transcode(key, ref _keyScratch));

    private ReadOnlySpan<byte> EncodeValue(string value) => Transcode(value, ref _valueScratch);

    private static ReadOnlySpan<byte> Transcode(string text, ref byte[] scratch)
    {
        ArgumentNullException.ThrowIfNull(text);
        int max = (text.Length + 1) * 3;
        if (scratch.Length < max)
        {
            scratch = new byte[Math.Max(max, scratch.Length * 2)];
        }

        if (Utf8.FromUtf16(text, scratch, out _, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            throw PlasmiteException.Usage("lite3 writer: string contains an unpaired surrogate");
        }

        return scratch.AsSpan(0, written);
    }

    private void EnsureCapacity(long extra)
    {
        long needed = _len + extra;
        if (needed <= _buf.Length)
        {
            return;
        }

        if (needed > MaxBufferSize + (long)SplitReserve)
        {
            throw PlasmiteException.Usage("lite3 buffer exceeded max size");
        }

        long size = Math.Max(needed, (long)_buf.Length * 2);
        size = Math.Min(size, MaxBufferSize + (long)SplitReserve + NodeSize);
        var bigger = new byte[size];
        _buf.AsSpan(0, _len).CopyTo(bigger);
        _buf = bigger;
    }
}
