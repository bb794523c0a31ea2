// The Utf8JsonReader front end of the envelope parser: only used when the scanner refuses the input, so
// that every rejection carries exactly the error the reader reports (and anything the scanner is too
// cautious about still gets encoded).
using System.Text.Json;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

internal sealed partial class EnvelopeDataSorter
{
    /// <summary>serde_json's recursion limit.</summary>
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    /// <summary>Tokenizes <paramref name="json"/> with <see cref="Utf8JsonReader"/>; throws the reader's errors as usage errors.</summary>
    internal void ParseWithReader(ReadOnlySpan<byte> json)
    {
        _count = 0;
        _arenaLen = 0;
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
                        SetKeyFields(ref t, Bytes(t, _arena, json));
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
