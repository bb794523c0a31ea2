// Reading the stored message document: validate_bytes (spec §9.2), tags and data on the read path (§8.4,
// pool-format.md §6). Tag reads and filters allocate nothing; every failure is Corrupt with an offset.
using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

public static partial class Lite3Envelope
{
    private const string DecodeFailed = "failed to decode lite3";

    /// <summary>
    /// The original's <c>validate_bytes</c> for raw Lite3 payloads: root object, <c>meta</c> object,
    /// <c>data</c> object, <c>meta.tags</c> array of strings. Nothing inside <c>data</c> is inspected.
    /// </summary>
    /// <param name="payload">The candidate document.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/>: "root is not object", "meta is not object",
    /// "data is not object", "meta.tags must be array", "invalid array index" or "meta.tags must be string array".</exception>
    public static void Validate(ReadOnlySpan<byte> payload)
    {
        ReadError err = default;
        if (payload.Length < NodeSize || payload[0] != TypeObject)
        {
            throw PlasmiteException.Corrupt("root is not object", 0);
        }

        int meta = Member(payload, 0, MetaKey, TypeObject, "meta is not object");
        Member(payload, 0, DataKey, TypeObject, "data is not object");
        int tags = Member(payload, meta, TagsKey, TypeArray, "meta.tags must be array");
        uint count = Lite3Reader.Count(payload, tags);
        for (uint i = 0; i < count; i++)
        {
            Lite3ReadStatus s = Lite3Reader.LookupIndex(payload, tags, i, out int v, ref err);
            if (s != Lite3ReadStatus.Ok)
            {
                throw s == Lite3ReadStatus.Corrupt ? err.ToException("invalid array index") : PlasmiteException.Corrupt("invalid array index", tags);
            }

            if (payload[v] != TypeString)
            {
                throw PlasmiteException.Corrupt("meta.tags must be string array", v);
            }
        }
    }

    /// <summary>Reads <c>meta.tags</c> without touching <c>data</c>.</summary>
    /// <param name="payload">A stored message document.</param>
    /// <returns>The tags in stored order (an empty array when there are none).</returns>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/>: "missing meta", "meta is not object",
    /// "missing meta.tags", "meta.tags must be array", "meta.tags must be string array".</exception>
    public static string[] ReadTags(ReadOnlySpan<byte> payload)
    {
        int tags = FindTags(payload);
        int count = (int)Lite3Reader.Count(payload, tags);
        if (count == 0)
        {
            return [];
        }

        for (int i = 0; i < count; i++)
        {
            TagAt(payload, tags, i); // check every tag before trusting the (possibly corrupt) count for an allocation
        }

        var result = new string[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = System.Text.Encoding.UTF8.GetString(TagAt(payload, tags, i));
        }

        return result;
    }

    /// <summary>Number of tags in <c>meta.tags</c> (checks the envelope like <see cref="ReadTags"/>).</summary>
    /// <param name="payload">A stored message document.</param>
    /// <returns>The tag count.</returns>
    public static int TagCount(ReadOnlySpan<byte> payload) => (int)Lite3Reader.Count(payload, FindTags(payload));

    /// <summary>Enumerates the tags as UTF-8 spans, allocation-free. The envelope is checked up front.</summary>
    /// <param name="payload">A stored message document.</param>
    /// <returns>An enumerator over the UTF-8 bytes of each tag.</returns>
    public static TagEnumerator EnumerateTags(ReadOnlySpan<byte> payload)
    {
        int tags = FindTags(payload);
        int count = (int)Lite3Reader.Count(payload, tags);
        for (int i = 0; i < count; i++)
        {
            TagAt(payload, tags, i);
        }

        return new TagEnumerator(payload, tags, count);
    }

    /// <summary>True when every tag in <paramref name="required"/> occurs in <c>meta.tags</c> (exact match, AND). Allocation-free.</summary>
    /// <param name="payload">A stored message document.</param>
    /// <param name="required">Tags that must all be present.</param>
    /// <returns>Whether all are present.</returns>
    public static bool HasAllTags(ReadOnlySpan<byte> payload, ReadOnlySpan<string> required)
    {
        int tags = FindTags(payload);
        int count = (int)Lite3Reader.Count(payload, tags);
        for (int i = 0; i < count; i++)
        {
            TagAt(payload, tags, i);
        }

        foreach (string tag in required)
        {
            if (!ContainsTag(payload, tags, count, tag))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every tag in <paramref name="required"/> occurs in <c>meta.tags</c> (exact match, AND). Allocation-free.</summary>
    /// <param name="payload">A stored message document.</param>
    /// <param name="required">Tags that must all be present.</param>
    /// <returns>Whether all are present.</returns>
    public static bool HasAllTags(ReadOnlySpan<byte> payload, IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        int tags = FindTags(payload);
        int count = (int)Lite3Reader.Count(payload, tags);
        for (int i = 0; i < count; i++)
        {
            TagAt(payload, tags, i);
        }

        for (int r = 0; r < required.Count; r++)
        {
            if (!ContainsTag(payload, tags, count, required[r]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes the <c>data</c> subtree as compact JSON the way the original's readers print it: object keys
    /// sorted by UTF-8 bytes at every level, floats in serde_json's layout (<c>1.0</c>, <c>1e+16</c>, <c>-0.0</c>).
    /// </summary>
    /// <param name="payload">A stored message document.</param>
    /// <param name="output">Receives UTF-8 JSON.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/>: "missing data" or "failed to decode lite3: …" with the offset.</exception>
    public static void WriteDataJson(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadError err = default;
        Lite3ReadStatus s = Lite3Reader.LookupKey(payload, 0, DataKey, out int data, ref err);
        if (s != Lite3ReadStatus.Ok)
        {
            throw s == Lite3ReadStatus.Corrupt ? err.ToException("missing data") : PlasmiteException.Corrupt("missing data", 0);
        }

        if (payload[data] is not (TypeObject or TypeArray))
        {
            throw PlasmiteException.Corrupt(DecodeFailed + ": data is not an object or array", data);
        }

        Lite3JsonDecoder.WriteAt(payload, data, output, FloatStyle.Serde, sortKeys: true, DecodeFailed);
    }

    /// <summary>
    /// The original's whole read path for one stored message: checks <c>meta</c> and <c>meta.tags</c>, returns
    /// the tags, and writes <c>data</c> as JSON like <see cref="WriteDataJson"/>.
    /// </summary>
    /// <param name="payload">A stored message document.</param>
    /// <param name="dataJson">Receives the data as UTF-8 JSON.</param>
    /// <returns>The tags in stored order.</returns>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/> with the read path's messages and the offset.</exception>
    public static string[] ReadMessage(ReadOnlySpan<byte> payload, IBufferWriter<byte> dataJson)
    {
        string[] tags = ReadTags(payload);
        WriteDataJson(payload, dataJson);
        return tags;
    }

    private static int Member(ReadOnlySpan<byte> payload, int container, ReadOnlySpan<byte> key, byte type, string message)
    {
        ReadError err = default;
        Lite3ReadStatus s = Lite3Reader.LookupKey(payload, container, key, out int v, ref err);
        if (s == Lite3ReadStatus.Corrupt)
        {
            throw err.ToException(message);
        }

        if (s == Lite3ReadStatus.NotFound)
        {
            throw PlasmiteException.Corrupt(message, container);
        }

        if (payload[v] != type)
        {
            throw PlasmiteException.Corrupt(message, v);
        }

        return v;
    }

    /// <summary>The read path's checks up to <c>meta.tags</c>; returns the tags array node.</summary>
    internal static int FindTags(ReadOnlySpan<byte> payload)
    {
        ReadError err = default;
        Lite3ReadStatus s = Lite3Reader.LookupKey(payload, 0, MetaKey, out int meta, ref err);
        if (s != Lite3ReadStatus.Ok)
        {
            throw s == Lite3ReadStatus.Corrupt ? err.ToException("missing meta") : PlasmiteException.Corrupt("missing meta", 0);
        }

        if (payload[meta] != TypeObject)
        {
            throw PlasmiteException.Corrupt("meta is not object", meta);
        }

        s = Lite3Reader.LookupKey(payload, meta, TagsKey, out int tags, ref err);
        if (s != Lite3ReadStatus.Ok)
        {
            throw s == Lite3ReadStatus.Corrupt ? err.ToException("missing meta.tags") : PlasmiteException.Corrupt("missing meta.tags", meta);
        }

        if (payload[tags] != TypeArray)
        {
            throw PlasmiteException.Corrupt("meta.tags must be array", tags);
        }

        return tags;
    }

    /// <summary>The UTF-8 bytes of tag <paramref name="index"/>, checked like the original's read path.</summary>
    internal static ReadOnlySpan<byte> TagAt(ReadOnlySpan<byte> payload, int tags, int index)
    {
        const string Message = "meta.tags must be string array";
        ReadError err = default;
        Lite3ReadStatus s = Lite3Reader.LookupIndex(payload, tags, (uint)index, out int v, ref err);
        if (s != Lite3ReadStatus.Ok)
        {
            throw s == Lite3ReadStatus.Corrupt ? err.ToException(Message) : PlasmiteException.Corrupt(Message, tags);
        }

        if (payload[v] != TypeString)
        {
            throw PlasmiteException.Corrupt(Message, v);
        }

        int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(v + 1, 4));
        ReadOnlySpan<byte> text = payload.Slice(v + 5, size - 1);
        if (!Utf8.IsValid(text))
        {
            throw PlasmiteException.Corrupt(Message + ": tag is not valid UTF-8", v);
        }

        return text;
    }

    private static bool ContainsTag(ReadOnlySpan<byte> payload, int tags, int count, string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        byte[]? rented = null;
        int max = (tag.Length + 1) * 3;
        Span<byte> utf8 = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            if (Utf8.FromUtf16(tag, utf8, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return false; // a string with unpaired surrogates can never equal a stored (valid UTF-8) tag
            }

            ReadOnlySpan<byte> wanted = utf8[..written];
            for (int i = 0; i < count; i++)
            {
                if (TagAt(payload, tags, i).SequenceEqual(wanted))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// A tags filter encoded to UTF-8 once (a tail's <c>Tags</c>), checked against each stored message in one pass over
    /// its tags: the same answer and the same errors as <see cref="HasAllTags(ReadOnlySpan{byte}, IReadOnlyList{string})"/>.
    /// </summary>
    internal sealed class RequiredTags
    {
        private readonly IReadOnlyList<string> _tags;
        private readonly byte[]?[]? _utf8; // null entry: a string with unpaired surrogates (never equal to a stored tag)

        public RequiredTags(IReadOnlyList<string> tags)
        {
            _tags = tags;
            if (tags.Count > 64 || tags.Any(t => t is null))
            {
                return; // the general path (and its ArgumentNullException for a null entry)
            }

            _utf8 = new byte[]?[tags.Count];
            for (int i = 0; i < tags.Count; i++)
            {
                byte[] bytes = new byte[(tags[i].Length * 3) + 1];
                _utf8[i] = Utf8.FromUtf16(tags[i], bytes, out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done
                    ? bytes[..written] : null;
            }
        }

        public bool Match(ReadOnlySpan<byte> payload)
        {
            if (_utf8 is null)
            {
                return HasAllTags(payload, _tags);
            }

            int tags = FindTags(payload);
            int count = (int)Lite3Reader.Count(payload, tags);
            ulong all = _utf8.Length == 64 ? ulong.MaxValue : (1UL << _utf8.Length) - 1;
            ulong found = 0;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> tag = TagAt(payload, tags, i); // every tag is checked, as HasAllTags checks them first
                for (int r = 0; r < _utf8.Length; r++)
                {
                    if ((found & (1UL << r)) == 0 && _utf8[r] is { } wanted && tag.SequenceEqual(wanted))
                    {
                        found |= 1UL << r;
                    }
                }
            }

            return found == all;
        }
    }

    /// <summary>Enumerates the UTF-8 bytes of each tag of a message (from <see cref="EnumerateTags"/>).</summary>
    public ref struct TagEnumerator
    {
        private readonly ReadOnlySpan<byte> _payload;
        private readonly int _tags;
        private readonly int _count;
        private int _index;

        internal TagEnumerator(ReadOnlySpan<byte> payload, int tags, int count)
        {
            _payload = payload;
            _tags = tags;
            _count = count;
            _index = -1;
        }

        /// <summary>The UTF-8 bytes of the current tag.</summary>
        public readonly ReadOnlySpan<byte> Current => TagAt(_payload, _tags, _index);

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        /// <returns>This enumerator.</returns>
        public readonly TagEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next tag.</summary>
        /// <returns>False after the last tag.</returns>
        public bool MoveNext() => ++_index < _count;
    }
}
