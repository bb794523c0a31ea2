// Parses the user's data JSON into a flat token list and replays it into a Lite3Writer the way serde_json
// would hand it over: object keys sorted by UTF-8 bytes at every depth, last duplicate wins (spec §7.4).
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

internal sealed partial class EnvelopeDataSorter
{
    private const byte KindObject = TypeObject;
    private const byte KindArray = TypeArray;
    private const byte KindKey = 100;

    [ThreadStatic]
    private static EnvelopeDataSorter? t_cached;

    private Token[] _tokens = new Token[64];
    private int _count;
    private byte[] _arena = new byte[1024];
    private int _arenaLen;
    private int[] _order = new int[64];
    private int[] _sortScratch = new int[64];
    private readonly int[] _open = new int[130];
    private byte[] _scratch = new byte[256];

    private struct Token
    {
        public byte Kind;        // Lite3 type tag, or KindKey
        public bool InArena;     // string bytes live in the arena (else in the input)
        public int Start;
        public int Length;
        public int End;          // containers: index after the subtree
        public long Int64;       // keys: the sort prefix (first 8 bytes, big-endian)
        public double Float64;
        public uint Hash;        // keys: DJB2 of the bytes before the first NUL
        public int KeyLength;    // keys: byte count before the first NUL (what Lite3 stores)
    }

    private readonly ref struct KeyComparer(Token[] tokens, byte[] arena, ReadOnlySpan<byte> json) : IIndexComparer
    {
        private readonly ReadOnlySpan<byte> _json = json;

        public int Compare(int x, int y)
        {
            ref Token a = ref tokens[x];
            ref Token b = ref tokens[y];
            if (a.Int64 != b.Int64)
            {
                // Keys hold their first 8 bytes big-endian in Int64: unsigned order equals byte order.
                return (ulong)a.Int64 < (ulong)b.Int64 ? -1 : 1;
            }

            int c = Bytes(a, arena, _json).SequenceCompareTo(Bytes(b, arena, _json));
            return c != 0 ? c : x.CompareTo(y);
        }
    }

    private static ReadOnlySpan<byte> Bytes(in Token t, byte[] arena, ReadOnlySpan<byte> json) =>
        t.InArena ? arena.AsSpan(t.Start, t.Length) : json.Slice(t.Start, t.Length);

    public static EnvelopeDataSorter Rent() => t_cached ??= new EnvelopeDataSorter();

    /// <summary>Parses <paramref name="json"/>; it must be a single JSON object.</summary>
    public void Parse(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            throw PlasmiteException.Usage("invalid json: byte order mark");
        }

        if (!TryScan(json))
        {
            // Invalid (or unusual) input: the reader reports the error, exactly as it always has.
            ParseWithReader(json);
        }
    }

    /// <summary>Writes the members of the parsed root object into the writer's open object.</summary>
    public void WriteMembers(ReadOnlySpan<byte> json, Lite3Writer writer) => WriteObjectMembers(json, writer, 0, 0);

    private void WriteObjectMembers(ReadOnlySpan<byte> json, Lite3Writer writer, int obj, int orderBase)
    {
        int end = _tokens[obj].End;
        int n = 0;
        for (int k = obj + 1; k < end; k = ValueEnd(k + 1))
        {
            if (orderBase + n == _order.Length)
            {
                Array.Resize(ref _order, _order.Length * 2);
            }

            _order[orderBase + n++] = k;
        }

        if (_sortScratch.Length < n)
        {
            _sortScratch = new int[Math.Max(n, _sortScratch.Length * 2)];
        }

        var comparer = new KeyComparer(_tokens, _arena, json);
        IndexSort.Sort(_order.AsSpan(orderBase, n), _sortScratch, ref comparer);
        for (int m = 0; m < n; m++)
        {
            int k = _order[orderBase + m];
            if (m + 1 < n && KeyEquals(json, k, _order[orderBase + m + 1]))
            {
                continue; // a later duplicate wins
            }

            ref Token key = ref _tokens[k];
            ReadOnlySpan<byte> keyBytes = key.InArena ? _arena.AsSpan(key.Start, key.KeyLength) : json.Slice(key.Start, key.KeyLength);
            WriteValue(json, writer, keyed: true, key.Hash, keyBytes, k + 1, orderBase + n);
        }
    }

    /// <summary>Inserts the value at token <paramref name="v"/> as a member (keyed) or as the next array element.</summary>
    private void WriteValue(ReadOnlySpan<byte> json, Lite3Writer writer, bool keyed, uint hash, ReadOnlySpan<byte> key, int v, int orderBase)
    {
        ref Token t = ref _tokens[v];
        switch (t.Kind)
        {
            case KindObject:
                writer.Push(writer.PreparedSlot(keyed, hash, key, TypeObject, ContainerPayload));
                WriteObjectMembers(json, writer, v, orderBase);
                writer.Pop();
                break;
            case KindArray:
                writer.Push(writer.PreparedSlot(keyed, hash, key, TypeArray, ContainerPayload));
                for (int e = v + 1; e < t.End; e = ValueEnd(e))
                {
                    WriteValue(json, writer, keyed: false, 0, default, e, orderBase);
                }

                writer.Pop();
                break;
            case TypeString:
                ReadOnlySpan<byte> s = t.InArena ? _arena.AsSpan(t.Start, t.Length) : json.Slice(t.Start, t.Length);
                writer.PutString(writer.PreparedSlot(keyed, hash, key, TypeString, Lite3Writer.StringPayload(s)), s);
                break;
            case TypeInt64:
                writer.PutInt64(writer.PreparedSlot(keyed, hash, key, TypeInt64, 8), t.Int64);
                break;
            case TypeFloat64:
                writer.PutFloat64(writer.PreparedSlot(keyed, hash, key, TypeFloat64, 8), t.Float64);
                break;
            case TypeBool:
                writer.PutBool(writer.PreparedSlot(keyed, hash, key, TypeBool, 1), t.Int64 != 0);
                break;
            default:
                writer.PreparedSlot(keyed, hash, key, TypeNull, 0);
                break;
        }
    }

    /// <summary>Fills a key token's sort prefix, hash and stored length from its (unescaped) bytes.</summary>
    private static void SetKeyFields(ref Token t, ReadOnlySpan<byte> key)
    {
        t.Int64 = (long)SortPrefix(key);
        ReadOnlySpan<byte> stored = Lite3Writer.TruncateAtNul(key);
        t.KeyLength = stored.Length;
        t.Hash = Djb2(stored);
    }

    /// <summary>The key's first 8 bytes as a big-endian number (zero-padded): orders like the bytes themselves.</summary>
    private static ulong SortPrefix(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 8)
        {
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key);
        }

        ulong v = 0;
        for (int i = 0; i < key.Length; i++)
        {
            v |= (ulong)key[i] << (56 - (8 * i));
        }

        return v;
    }

    private int ValueEnd(int v) => _tokens[v].Kind is KindObject or KindArray ? _tokens[v].End : v + 1;

    private bool KeyEquals(ReadOnlySpan<byte> json, int a, int b)
    {
        ref Token x = ref _tokens[a];
        ref Token y = ref _tokens[b];
        return x.Int64 == y.Int64 && x.Length == y.Length && Bytes(x, _arena, json).SequenceEqual(Bytes(y, _arena, json));
    }
}
