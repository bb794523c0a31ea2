// Typed reads straight from a stored Lite3 document for the generated readers: member walks, scalars in place,
// per-member System.Text.Json fallback, and error paths ($.a.b[3]) that end as PlasmiteException with the seq.
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Plasmite.Typed;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

/// <summary>A stored message handed to a generated reader. For generated code.</summary>
/// <remarks>The payload is valid only during the call: it is a reused buffer (a verified copy of the stored frame).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct Lite3FrameView
{
    /// <summary>Creates a view.</summary>
    /// <param name="seq">The message's seq.</param>
    /// <param name="timestampNs">Its append time (ns since the Unix epoch).</param>
    /// <param name="payload">The stored Lite3 document.</param>
    public Lite3FrameView(ulong seq, ulong timestampNs, ReadOnlySpan<byte> payload)
    {
        Seq = seq;
        TimestampNs = timestampNs;
        Payload = payload;
    }

    /// <summary>The message's seq.</summary>
    public ulong Seq { get; }

    /// <summary>Append time, ns since the Unix epoch.</summary>
    public ulong TimestampNs { get; }

    /// <summary>The stored Lite3 document (valid only during the call).</summary>
    public ReadOnlySpan<byte> Payload { get; }
}

/// <summary>Turns a stored frame into a result (null/default = skip). For generated code.</summary>
/// <typeparam name="TResult">What the reader produces.</typeparam>
/// <param name="frame">The frame, valid only during the call.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate TResult Lite3FrameReader<TResult>(Lite3FrameView frame);

/// <summary>Reads one value at <paramref name="value"/> (its type byte offset). For generated code.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="buffer">The stored document.</param>
/// <param name="value">Offset of the value's type byte.</param>
/// <param name="depth">Container depth of the value (the root object is 1).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T Lite3ValueReader<T>(ReadOnlySpan<byte> buffer, int value, int depth);

/// <summary>Walks the members of one stored object in stored order. For generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct Lite3ObjectReader
{
    private readonly ReadOnlySpan<byte> _buf;
    private Lite3TreeWalker _walker;

    /// <summary>Starts a walk of the object at <paramref name="value"/>.</summary>
    /// <exception cref="PlasmiteException">Corrupt when the node is not an object or nesting exceeds 32 containers.</exception>
    public Lite3ObjectReader(ReadOnlySpan<byte> buffer, int value, int depth)
    {
        Lite3TypedReader.CheckContainer(buffer, value, TypeObject, depth);
        _buf = buffer;
        _walker = new Lite3TreeWalker(buffer, value);
        Entry = -1;
        Value = -1;
        KeyOffset = 0;
        KeyLength = 0;
    }

    /// <summary>Offset of the current member's key entry.</summary>
    public int Entry { get; private set; }

    /// <summary>Offset of the current member's value.</summary>
    public int Value { get; private set; }

    /// <summary>Offset of the current member's UTF-8 name.</summary>
    public int KeyOffset { get; private set; }

    /// <summary>Length of the current member's UTF-8 name (without terminator).</summary>
    public int KeyLength { get; private set; }

    /// <summary>The current member's UTF-8 name.</summary>
    public readonly ReadOnlySpan<byte> Key => _buf.Slice(KeyOffset, KeyLength);

    /// <summary>Advances to the next member; false after the last.</summary>
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

        Entry = (int)e;
        KeyOffset = (int)e + tagSize;
        KeyLength = nameLength;
        Value = (int)v;
        return true;
    }

    /// <summary>
    /// True when the current key sorts after the key at <paramref name="otherEntry"/> by UTF-8 bytes: of two stored keys
    /// that bind one member case-insensitively, System.Text.Json keeps the later one in the (sorted) data text.
    /// </summary>
    public readonly bool KeyAfter(int otherEntry)
    {
        if (otherEntry < 0)
        {
            return true;
        }

        ReadError err = default;
        Lite3Reader.ReadKey(_buf, otherEntry, out int tagSize, out int keySize, ref err);
        ReadOnlySpan<byte> other = _buf.Slice(otherEntry + tagSize, keySize);
        int nul = other.IndexOf((byte)0);
        return Key.SequenceCompareTo(nul < 0 ? other : other[..nul]) > 0;
    }
}

/// <summary>
/// Walks the elements of one stored array in order, checking each against the array's size and the buffer, so a
/// generated reader can fill a <c>T[]</c> or <see cref="List{T}"/> without a delegate call per element. For generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct Lite3ArrayReader
{
    private readonly ReadOnlySpan<byte> _buf;
    private readonly int _array;
    private Lite3TreeWalker _walker;

    /// <summary>Starts a walk of the array at <paramref name="value"/> (for generated code).</summary>
    /// <exception cref="PlasmiteException">Corrupt when the node is not an array, its size exceeds the buffer, or nesting exceeds 32 containers.</exception>
    public Lite3ArrayReader(ReadOnlySpan<byte> buffer, int value, int depth)
    {
        Lite3TypedReader.CheckContainer(buffer, value, TypeArray, depth);
        uint count = Lite3Reader.Count(buffer, value);
        Count = count > (uint)buffer.Length ? throw PlasmiteException.Corrupt("array size exceeds the buffer", value) : (int)count;
        _buf = buffer;
        _array = value;
        _walker = new Lite3TreeWalker(buffer, value);
        Index = -1;
        Value = -1;
    }

    /// <summary>The element count stored in the array's root node (checked against the buffer size).</summary>
    public int Count { get; }

    /// <summary>Index of the current element.</summary>
    public int Index { get; private set; }

    /// <summary>Offset of the current element's type byte.</summary>
    public int Value { get; private set; }

    /// <summary>Advances to the next element; false after the last.</summary>
    /// <exception cref="PlasmiteException">Corrupt when there are more elements than the size says or one lies outside the buffer.</exception>
    public bool MoveNext()
    {
        long v = _walker.Next();
        if (v < 0)
        {
            return false;
        }

        int index = Index + 1;
        if (index >= Count)
        {
            throw PlasmiteException.Corrupt("array size does not match its elements", v);
        }

        ReadError err = default;
        if (Lite3Reader.CheckValue(_buf, v, out _, ref err) != Lite3ReadStatus.Ok)
        {
            throw err.ToException(null);
        }

        Index = index;
        Value = (int)v;
        return true;
    }

    /// <summary>Checks, after the last element, that the walk saw as many elements as the size says.</summary>
    /// <exception cref="PlasmiteException">Corrupt "array size does not match its elements".</exception>
    public readonly void CheckComplete()
    {
        if (Index + 1 != Count)
        {
            throw PlasmiteException.Corrupt("array size does not match its elements", _array);
        }
    }
}

/// <summary>
/// Typed reads of values inside a stored Lite3 document, for the readers the generator emits. Scalars are read in
/// place; anything a generated reader does not handle itself goes through <see cref="Fallback{T}"/> (that member's
/// subtree as JSON, read with its <see cref="JsonTypeInfo{T}"/>), so both paths give the same values and errors.
/// </summary>
/// <remarks>For generated code; application code does not need to call it.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Lite3TypedReader
{
    /// <summary>Container depth of the <c>data</c> object (the root document is 1).</summary>
    public const int DataDepth = 2;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;

    /// <summary>Offset of the <c>data</c> object of a stored message.</summary>
    /// <exception cref="PlasmiteException">Corrupt "missing data" (as the JSON read path).</exception>
    public static int DataOffset(ReadOnlySpan<byte> payload)
    {
        ReadError err = default;
        Lite3ReadStatus s = Lite3Reader.LookupKey(payload, 0, "data"u8, out int data, ref err);
        if (s != Lite3ReadStatus.Ok)
        {
            throw s == Lite3ReadStatus.Corrupt ? err.ToException("missing data") : PlasmiteException.Corrupt("missing data", 0);
        }

        return data;
    }

    internal static void CheckContainer(ReadOnlySpan<byte> buf, int value, byte type, int depth)
    {
        if (depth > MaxNesting)
        {
            throw PlasmiteException.Corrupt("failed to decode lite3: nesting deeper than 32 containers", value);
        }

        ReadError err = default;
        if (Lite3Reader.CheckContainer(buf, value, type, ref err) != Lite3ReadStatus.Ok)
        {
            throw err.ToException(null);
        }
    }

    /// <summary>The stored i64 at <paramref name="value"/> (type already checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Int64(ReadOnlySpan<byte> buffer, int value) => BinaryPrimitives.ReadInt64LittleEndian(buffer.Slice(value + 1, 8));

    /// <summary>The stored f64 at <paramref name="value"/> (type already checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Float64(ReadOnlySpan<byte> buffer, int value) => BinaryPrimitives.ReadDoubleLittleEndian(buffer.Slice(value + 1, 8));

    /// <summary>The bytes of the stored string at <paramref name="value"/> (type already checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Utf8(ReadOnlySpan<byte> buffer, int value)
    {
        int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.Slice(value + 1, 4));
        return buffer.Slice(value + 5, size - 1);
    }

    /// <summary>Creates the string stored at <paramref name="value"/>; false when it is not valid UTF-8.</summary>
    public static bool TryString(ReadOnlySpan<byte> buffer, int value, out string result)
    {
        ReadOnlySpan<byte> utf8 = Utf8(buffer, value);
        if (utf8.Length == 0)
        {
            result = "";
            return true;
        }

        if (Ascii.IsValid(utf8))
        {
            // The common case: widen straight into the new string (no transcoder, no second copy). The bytes travel as a
            // pointer (pinned for the call), not as a span state: a by-ref-like generic state crashed the CLR under wine.
            unsafe
            {
                fixed (byte* bytes = utf8)
                {
                    result = string.Create(utf8.Length, (nint)bytes, static (chars, p) => Ascii.ToUtf16(new ReadOnlySpan<byte>((byte*)p, chars.Length), chars, out _));
                }
            }

            return true;
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            result = "";
            return false;
        }

        result = Encoding.UTF8.GetString(utf8);
        return true;
    }

    /// <summary>
    /// Reads the string at <paramref name="value"/> with <paramref name="typeInfo"/>'s converter exactly as
    /// System.Text.Json reads that JSON string (dates, times, Guid, TimeSpan …), without allocating.
    /// False when the string needs JSON escaping (the caller then uses <see cref="Fallback{T}"/>).
    /// </summary>
    public static bool TryConvertString<T>(ReadOnlySpan<byte> buffer, int value, JsonTypeInfo<T> typeInfo, out T result)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        result = default!;
        ReadOnlySpan<byte> utf8 = Utf8(buffer, value);
        if (typeof(T) == typeof(DateTimeOffset) && ReferenceEquals(typeInfo.Converter, JsonMetadataServices.DateTimeOffsetConverter)
            && Lite3DateParser.TryParseDateTimeOffset(utf8, out DateTimeOffset dto))
        {
            result = Unsafe.As<DateTimeOffset, T>(ref dto);
            return true;
        }

        if (utf8.Length > 256 || utf8.IndexOfAny((byte)'"', (byte)'\\') >= 0 || utf8.IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0)
        {
            return false;
        }

        Span<byte> quoted = stackalloc byte[utf8.Length + 2];
        quoted[0] = (byte)'"';
        utf8.CopyTo(quoted[1..]);
        quoted[^1] = (byte)'"';
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        result = ((JsonConverter<T>)typeInfo.Converter).Read(ref reader, typeof(T), typeInfo.Options)!;
        return true;
    }

    /// <summary>Converts a stored i64 to an enum with the range check of its underlying type.</summary>
    public static bool TryEnum<TEnum>(long value, out TEnum result)
        where TEnum : struct, Enum
    {
        result = default;
        Type underlying = typeof(TEnum).GetEnumUnderlyingType();
        bool fits = Type.GetTypeCode(underlying) switch
        {
            TypeCode.SByte => value is >= sbyte.MinValue and <= sbyte.MaxValue,
            TypeCode.Byte => value is >= byte.MinValue and <= byte.MaxValue,
            TypeCode.Int16 => value is >= short.MinValue and <= short.MaxValue,
            TypeCode.UInt16 => value is >= ushort.MinValue and <= ushort.MaxValue,
            TypeCode.Int32 => value is >= int.MinValue and <= int.MaxValue,
            TypeCode.UInt32 => value is >= uint.MinValue and <= uint.MaxValue,
            TypeCode.UInt64 => value >= 0,
            _ => true,
        };
        if (!fits)
        {
            return false;
        }

        ulong bits = unchecked((ulong)value);
        result = Unsafe.SizeOf<TEnum>() switch
        {
            1 => Unsafe.As<byte, TEnum>(ref Unsafe.As<ulong, byte>(ref bits)),
            2 => Unsafe.As<ushort, TEnum>(ref Unsafe.As<ulong, ushort>(ref bits)),
            4 => Unsafe.As<uint, TEnum>(ref Unsafe.As<ulong, uint>(ref bits)),
            _ => Unsafe.As<ulong, TEnum>(ref bits),
        };
        return true;
    }

    /// <summary>Reads a float member from a stored number exactly as the JSON path does (see <see cref="TypedNumbers"/>).</summary>
    public static bool TryFloat32(ReadOnlySpan<byte> buffer, int value, out float result)
    {
        result = 0;
        return buffer[value] switch
        {
            TypeFloat64 => TypedNumbers.TryFloat32FromFloat64(Float64(buffer, value), out result),
            TypeInt64 => TypedNumbers.TryFloat32FromInt64(Int64(buffer, value), out result),
            _ => false,
        };
    }

    /// <summary>Reads a decimal member from a stored number exactly as the JSON path does (see <see cref="TypedNumbers"/>).</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> buffer, int value, out decimal result)
    {
        result = 0;
        switch (buffer[value])
        {
            case TypeInt64:
                result = Int64(buffer, value);
                return true;
            case TypeFloat64:
                return TypedNumbers.TryDecimalFromFloat64(Float64(buffer, value), out result);
            default:
                return false;
        }
    }

    /// <summary>
    /// Reads the value at <paramref name="value"/> through System.Text.Json: its subtree is written as the JSON the
    /// read path prints (sorted keys, serde numbers) into a per-thread buffer and deserialized with
    /// <paramref name="typeInfo"/>. Used for members the generated reader does not read itself.
    /// </summary>
    public static T Fallback<T>(ReadOnlySpan<byte> buffer, int value, int depth, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var json = t_json ??= new ArrayBufferWriter<byte>(256);
        json.ResetWrittenCount();
        Lite3JsonDecoder.WriteValueAt(buffer, value, json, depth, "failed to decode lite3");
        var reader = new Utf8JsonReader(json.WrittenSpan);
        try
        {
            return JsonSerializer.Deserialize(ref reader, typeInfo)!;
        }
        finally
        {
            if (json.Capacity > 1 << 20)
            {
                t_json = null; // do not keep a huge buffer alive per thread
            }
        }
    }

    /// <summary>Reads a stored array as <c>T[]</c> (its size checked against the buffer before allocating).</summary>
    public static T[] ReadArray<T>(ReadOnlySpan<byte> buffer, int value, int depth, Lite3ValueReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        int count = ArrayCount(buffer, value, depth);
        var result = count == 0 ? [] : new T[count];
        var walker = new Lite3TreeWalker(buffer, value);
        int i = 0;
        try
        {
            long v;
            while ((v = walker.Next()) >= 0)
            {
                CheckElement(buffer, v, i, count);
                result[i] = read(buffer, (int)v, depth + 1);
                i++;
            }
        }
        catch (Exception e) when (IsReadError(e))
        {
            throw AtIndex(e, i);
        }

        return i == count ? result : throw PlasmiteException.Corrupt("array size does not match its elements", value);
    }

    /// <summary>Reads a stored array as <see cref="List{T}"/> (what System.Text.Json creates for list interfaces too).</summary>
    public static List<T> ReadList<T>(ReadOnlySpan<byte> buffer, int value, int depth, Lite3ValueReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        int count = ArrayCount(buffer, value, depth);
        var result = new List<T>(count);
        var walker = new Lite3TreeWalker(buffer, value);
        try
        {
            long v;
            while ((v = walker.Next()) >= 0)
            {
                CheckElement(buffer, v, result.Count, count);
                result.Add(read(buffer, (int)v, depth + 1));
            }
        }
        catch (Exception e) when (IsReadError(e))
        {
            throw AtIndex(e, result.Count);
        }

        return result.Count == count ? result : throw PlasmiteException.Corrupt("array size does not match its elements", value);
    }

    /// <summary>
    /// Reads a stored object as a string-keyed <see cref="Dictionary{TKey, TValue}"/>, inserting in the order of the
    /// JSON text System.Text.Json would read (keys sorted by UTF-8 bytes), so enumeration order matches too.
    /// </summary>
    public static Dictionary<string, T> ReadDictionary<T>(ReadOnlySpan<byte> buffer, int value, int depth, Lite3ValueReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        CheckContainer(buffer, value, TypeObject, depth);
        int count = (int)Lite3Reader.Count(buffer, value);
        if (count > buffer.Length / 4)
        {
            throw PlasmiteException.Corrupt("object size exceeds the buffer", value);
        }

        var result = new Dictionary<string, T>(count);
        if (count == 0)
        {
            return result;
        }

        int[] rented = ArrayPool<int>.Shared.Rent(count * 3);
        string key = "";
        try
        {
            var members = new Lite3ObjectReader(buffer, value, depth);
            int n = 0;
            while (members.MoveNext())
            {
                if (n == count)
                {
                    throw PlasmiteException.Corrupt("object size does not match its members", value);
                }

                rented[3 * n] = members.Value;
                rented[(3 * n) + 1] = members.KeyOffset;
                rented[(3 * n) + 2] = members.KeyLength;
                n++;
            }

            var order = new KeyOrder(rented, n);
            order.Sort(buffer);
            for (int i = 0; i < n; i++)
            {
                int m = order[i];
                ReadOnlySpan<byte> name = buffer.Slice(rented[(3 * m) + 1], rented[(3 * m) + 2]);
                if (!System.Text.Unicode.Utf8.IsValid(name))
                {
                    throw PlasmiteException.Corrupt("key is not valid UTF-8", rented[(3 * m) + 1]);
                }

                key = Encoding.UTF8.GetString(name);
                result[key] = read(buffer, rented[3 * m], depth + 1);
            }
        }
        catch (Exception e) when (IsReadError(e))
        {
            throw AtMember(e, key);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }

        return result;
    }

    // Sorts member indexes by key bytes (insertion sort for the usual few keys, Array.Sort beyond).
    private readonly struct KeyOrder
    {
        private readonly int[] _members;
        private readonly int[] _order;
        private readonly int _n;

        public KeyOrder(int[] members, int n)
        {
            _members = members;
            _n = n;
            _order = new int[n];
            for (int i = 0; i < n; i++)
            {
                _order[i] = i;
            }
        }

        public int this[int i] => _order[i];

        public void Sort(ReadOnlySpan<byte> buffer)
        {
            for (int i = 1; i < _n; i++)
            {
                int m = _order[i];
                int j = i - 1;
                while (j >= 0 && Compare(buffer, _order[j], m) > 0)
                {
                    _order[j + 1] = _order[j];
                    j--;
                }

                _order[j + 1] = m;
            }
        }

        private int Compare(ReadOnlySpan<byte> buffer, int a, int b) =>
            buffer.Slice(_members[(3 * a) + 1], _members[(3 * a) + 2]).SequenceCompareTo(buffer.Slice(_members[(3 * b) + 1], _members[(3 * b) + 2]));
    }

    private static int ArrayCount(ReadOnlySpan<byte> buffer, int value, int depth)
    {
        CheckContainer(buffer, value, TypeArray, depth);
        uint count = Lite3Reader.Count(buffer, value);
        return count > (uint)buffer.Length ? throw PlasmiteException.Corrupt("array size exceeds the buffer", value) : (int)count;
    }

    private static void CheckElement(ReadOnlySpan<byte> buffer, long v, int index, int count)
    {
        if (index >= count)
        {
            throw PlasmiteException.Corrupt("array size does not match its elements", v);
        }

        ReadError err = default;
        if (Lite3Reader.CheckValue(buffer, v, out _, ref err) != Lite3ReadStatus.Ok)
        {
            throw err.ToException(null);
        }
    }

    /// <summary>
    /// The member a key binds when it is not an exact match: System.Text.Json reads the Web defaults
    /// case-insensitively (ordinal, over UTF-16). Returns the index in <paramref name="names"/>, or -1.
    /// </summary>
    public static int MatchIgnoreCase(ReadOnlySpan<byte> key, string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (key.Length > 512)
        {
            return -1;
        }

        Span<char> chars = stackalloc char[key.Length];
        if (System.Text.Unicode.Utf8.ToUtf16(key, chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return -1;
        }

        ReadOnlySpan<char> k = chars[..written];
        for (int i = 0; i < names.Length; i++)
        {
            if (k.Equals(names[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True for the exceptions a read of untrusted data can raise (wrapped with a member path, then reported).</summary>
    public static bool IsReadError(Exception e) =>
        e is Lite3PathException or JsonException or PlasmiteException or NotSupportedException or FormatException
            or OverflowException or InvalidOperationException or ArgumentException or IndexOutOfRangeException;

    /// <summary>Adds the member <paramref name="jsonName"/> in front of the error's path.</summary>
    public static Exception AtMember(Exception error, string jsonName) => Lite3PathException.Wrap(error).Prepend("." + jsonName);

    /// <summary>Adds the index <paramref name="index"/> in front of the error's path.</summary>
    public static Exception AtIndex(Exception error, int index) =>
        Lite3PathException.Wrap(error).Prepend("[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");

    /// <summary>The error for a missing <c>[JsonRequired]</c>/<c>required</c> member.</summary>
    public static Exception MissingRequired(string jsonName) => new Lite3PathException("missing required member", null).Prepend("." + jsonName);

    /// <summary>The error for a value whose stored type does not fit and that no fallback reads.</summary>
    public static Exception Mismatch(string problem) => new Lite3PathException(problem, null);

    /// <summary>
    /// The one exception every typed read reports: <see cref="ErrorKind.Usage"/> with the seq and the member path
    /// for data that does not fit <paramref name="typeName"/>, <see cref="ErrorKind.Corrupt"/> (seq and offset) for a
    /// damaged document.
    /// </summary>
    public static PlasmiteException ToPlasmiteException(Exception error, ulong seq, string typeName)
    {
        ArgumentNullException.ThrowIfNull(error);
        var p = Lite3PathException.Wrap(error);
        if (p.InnerException is PlasmiteException { Kind: not ErrorKind.Usage } pe)
        {
            return new PlasmiteException(pe.Kind, $"message {seq}: {pe.Message} (at {p.FullPath})", pe.Path, seq, pe.Offset, pe.Hint, pe);
        }

        return new PlasmiteException(ErrorKind.Usage, $"message {seq} does not match {typeName} at {p.FullPath}: {p.Problem}",
            seq: seq, hint: "the stored data does not fit the message type (written by another program or an older version?)",
            inner: p.InnerException ?? p);
    }
}

/// <summary>A read error on its way up: the path segments collected so far and the original problem.</summary>
internal sealed class Lite3PathException : Exception
{
    private readonly List<string> _segments = new(4); // innermost first

    public Lite3PathException(string problem, Exception? inner)
        : base(problem, inner)
    {
        Problem = problem;
    }

    public string Problem { get; }

    // The part of the path that an inner JsonException reported below the member that fell back ("$.x[1]" → ".x[1]").
    private string Suffix { get; init; } = "";

    public string FullPath
    {
        get
        {
            var sb = new StringBuilder("$");
            for (int i = _segments.Count - 1; i >= 0; i--)
            {
                sb.Append(_segments[i]);
            }

            return sb.Append(Suffix).ToString();
        }
    }

    public static Lite3PathException Wrap(Exception e) => e switch
    {
        Lite3PathException p => p,
        JsonException j => new Lite3PathException(Trim(j.Message), j) { Suffix = j.Path is { Length: > 1 } path && path[0] == '$' ? path[1..] : "" },
        _ => new Lite3PathException(e.Message, e),
    };

    public Lite3PathException Prepend(string segment)
    {
        _segments.Add(segment);
        return this;
    }

    // System.Text.Json appends " Path: $ | LineNumber: 0 | BytePositionInLine: 5." — the path is reported separately.
    private static string Trim(string message)
    {
        int at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }
}

/// <summary>
/// A fixed list of tags (a message type's tags, or a pool's kinds) compared against stored tags without allocating.
/// For generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Lite3KnownTags
{
    private readonly byte[][] _utf8;

    /// <summary>Creates the set.</summary>
    /// <param name="tags">The tags, in order.</param>
    public Lite3KnownTags(params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        _utf8 = tags.Select(Encoding.UTF8.GetBytes).ToArray();
        List = new ReadOnlyCollection<string>((string[])tags.Clone());
    }

    /// <summary>The tags as a shared read-only list.</summary>
    public IReadOnlyList<string> List { get; }

    /// <summary>Index in this set of the first stored tag equal to one of its tags, or -1.</summary>
    /// <param name="payload">A stored message document.</param>
    public int FirstKnown(ReadOnlySpan<byte> payload)
    {
        // One pass: every tag is checked (as EnumerateTags checks them up front) and compared while it is at hand.
        int tags = Lite3Envelope.FindTags(payload);
        int count = (int)Lite3Reader.Count(payload, tags);
        int found = -1;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> tag = Lite3Envelope.TagAt(payload, tags, i);
            for (int k = 0; found < 0 && k < _utf8.Length; k++)
            {
                if (tag.SequenceEqual(_utf8[k]))
                {
                    found = k;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// One pass over the stored tags for a typed read (for generated code): null when the first of this set's tags
    /// among them is not <paramref name="kind"/> (as <see cref="FirstKnown"/>), otherwise the stored tags as
    /// <paramref name="messageTags"/>.<see cref="Read"/> returns them. Every tag is checked, as both of those check them.
    /// </summary>
    /// <param name="payload">A stored message document.</param>
    /// <param name="kind">Index in this set of the kind wanted.</param>
    /// <param name="messageTags">The message type's tags.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public IReadOnlyList<string>? ReadIfKind(ReadOnlySpan<byte> payload, int kind, Lite3KnownTags messageTags)
    {
        ArgumentNullException.ThrowIfNull(messageTags);
        int tags = Lite3Envelope.FindTags(payload);
        int count = (int)Lite3Reader.Count(payload, tags);
        byte[][] expected = messageTags._utf8;
        bool same = count == expected.Length;
        int found = -1;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> tag = Lite3Envelope.TagAt(payload, tags, i);
            for (int k = 0; found < 0 && k < _utf8.Length; k++)
            {
                if (tag.SequenceEqual(_utf8[k]))
                {
                    found = k;
                }
            }

            same = same && tag.SequenceEqual(expected[i]);
        }

        if (found != kind)
        {
            return null;
        }

        return same ? messageTags.List : Lite3Envelope.ReadTags(payload);
    }

    /// <summary>The stored tags: the shared <see cref="List"/> when they are exactly this set, a new array otherwise.</summary>
    /// <param name="payload">A stored message document.</param>
    public IReadOnlyList<string> Read(ReadOnlySpan<byte> payload)
    {
        int tags = Lite3Envelope.FindTags(payload);
        int count = (int)Lite3Reader.Count(payload, tags);
        if (count != _utf8.Length)
        {
            return Lite3Envelope.ReadTags(payload);
        }

        bool same = true;
        for (int i = 0; i < count; i++)
        {
            same &= Lite3Envelope.TagAt(payload, tags, i).SequenceEqual(_utf8[i]); // checks every tag, as ReadTags would
        }

        return same ? List : Lite3Envelope.ReadTags(payload);
    }
}
