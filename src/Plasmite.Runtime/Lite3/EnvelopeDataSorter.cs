// Parses the user's data JSON into a flat token list and replays it into a Lite3Writer the way serde_json
// would hand it over: object keys sorted by UTF-8 bytes at every depth, last duplicate wins (spec §7.4).
using System.Text.Json;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

internal sealed class EnvelopeDataSorter
{
    private const byte KindObject = TypeObject;
    private const byte KindArray = TypeArray;
    private const byte KindKey = 100;

    /// <summary>serde_json's recursion limit.</summary>
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

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
        public long Int64;
        public double Float64;
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
        _count = 0;
        _arenaLen = 0;
        if (json.StartsWith("\uFEFF"u8))
        {
            throw PlasmiteException.Usage("invalid json: byte order mark");
        }

        try
        {
            ReadTokens(json);
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid json: " + e.Message, inner: e);
        }
    }

    /// <summary>The token loop, kept free of exception handling so the JIT can keep its locals in registers.</summary>
    private void ReadTokens(ReadOnlySpan<byte> json)
    {
        int depth = 0;
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            while (reader.Read())
            {
                if (_count == 0 && reader.TokenType != JsonTokenType.StartObject)
                {
                    throw PlasmiteException.Usage("data must be object");
                }

                ref Token t = ref Add();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        t.Kind = KindObject;
                        _open[depth++] = _count - 1;
                        break;
                    case JsonTokenType.StartArray:
                        t.Kind = KindArray;
                        _open[depth++] = _count - 1;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        _count--;
                        _tokens[_open[--depth]].End = _count;
                        break;
                    case JsonTokenType.PropertyName:
                    case JsonTokenType.String:
                        t.Kind = reader.TokenType == JsonTokenType.String ? TypeString : KindKey;
                        if (reader.ValueIsEscaped)
                        {
                            CopyToArena(ref t, JsonToLite3.Unescape(ref reader, ref _scratch));
                        }
                        else
                        {
                            JsonToLite3.Unescape(ref reader, ref _scratch);
                            t.InArena = false;
                            t.Start = checked((int)reader.TokenStartIndex) + 1;
                            t.Length = reader.ValueSpan.Length;
                        }

                        if (t.Kind == KindKey)
                        {
                            t.Int64 = (long)SortPrefix(Bytes(t, _arena, json));
                        }

                        break;
                    case JsonTokenType.Number:
                        if (!JsonNumber.TryMap(reader.ValueSpan, serde: true, out bool isInt, out t.Int64, out t.Float64))
                        {
                            throw PlasmiteException.Usage("invalid json: number out of range");
                        }

                        t.Kind = isInt ? TypeInt64 : TypeFloat64;
                        break;
                    case JsonTokenType.True:
                        t.Kind = TypeBool;
                        t.Int64 = 1;
                        break;
                    case JsonTokenType.False:
                        t.Kind = TypeBool;
                        t.Int64 = 0;
                        break;
                    case JsonTokenType.Null:
                        t.Kind = TypeNull;
                        break;
                    default:
                        throw PlasmiteException.Usage("invalid json");
                }
            }

            if (_count == 0)
            {
                throw PlasmiteException.Usage("invalid json: empty input");
            }
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

            WriteValue(json, writer, Bytes(_tokens[k], _arena, json), k + 1, orderBase + n);
        }
    }

    private void WriteValue(ReadOnlySpan<byte> json, Lite3Writer writer, ReadOnlySpan<byte> key, int v, int orderBase)
    {
        ref Token t = ref _tokens[v];
        switch (t.Kind)
        {
            case KindObject:
                writer.StartRaw(key, TypeObject);
                WriteObjectMembers(json, writer, v, orderBase);
                writer.EndRaw();
                break;
            case KindArray:
                writer.StartRaw(key, TypeArray);
                for (int e = v + 1; e < t.End; e = ValueEnd(e))
                {
                    WriteValue(json, writer, default, e, orderBase);
                }

                writer.EndRaw();
                break;
            case TypeString:
                writer.StringRaw(key, t.InArena ? _arena.AsSpan(t.Start, t.Length) : json.Slice(t.Start, t.Length));
                break;
            case TypeInt64:
                writer.Int64Raw(key, t.Int64);
                break;
            case TypeFloat64:
                writer.Float64Raw(key, t.Float64);
                break;
            case TypeBool:
                writer.BoolRaw(key, t.Int64 != 0);
                break;
            default:
                writer.NullRaw(key);
                break;
        }
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

    private ref Token Add()
    {
        if (_count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        ref Token t = ref _tokens[_count++];
        t = default;
        return ref t;
    }

    private void CopyToArena(ref Token t, ReadOnlySpan<byte> bytes)
    {
        if (_arenaLen + bytes.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLen + bytes.Length));
        }

        bytes.CopyTo(_arena.AsSpan(_arenaLen));
        t.InArena = true;
        t.Start = _arenaLen;
        t.Length = bytes.Length;
        _arenaLen += bytes.Length;
    }
}
