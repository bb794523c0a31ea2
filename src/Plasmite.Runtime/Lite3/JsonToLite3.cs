// The raw JSON → Lite3 path (spec §7.1–7.3): members inserted in document order, duplicates overwrite.
using System.Text.Json;
using System.Text.Unicode;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

internal static class JsonToLite3
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    [ThreadStatic]
    private static byte[]? t_keyScratch;

    [ThreadStatic]
    private static byte[]? t_valueScratch;

    /// <summary>Resets <paramref name="writer"/> and encodes <paramref name="json"/> into it.</summary>
    public static void Encode(ReadOnlySpan<byte> json, Lite3Writer writer)
    {
        writer.Reset();
        if (json.StartsWith("\uFEFF"u8))
        {
            throw PlasmiteException.Usage("invalid json: byte order mark");
        }

        try
        {
            ReadTokens(json, writer);
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid json: " + e.Message, inner: e);
        }
    }

    /// <summary>The token loop, kept free of exception handling so the JIT can keep its locals in registers.</summary>
    private static void ReadTokens(ReadOnlySpan<byte> json, Lite3Writer writer)
    {
        byte[] keyScratch = t_keyScratch ??= new byte[256];
        byte[] valueScratch = t_valueScratch ??= new byte[256];
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            ReadOnlySpan<byte> key = default;
            bool first = true;
            while (reader.Read())
            {
                if (first && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    throw PlasmiteException.Usage("failed to encode json as lite3: root must be an object or array");
                }

                first = false;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        key = Unescape(ref reader, ref keyScratch);
                        t_keyScratch = keyScratch;
                        break;
                    case JsonTokenType.StartObject:
                        writer.StartRaw(key, TypeObject);
                        break;
                    case JsonTokenType.StartArray:
                        writer.StartRaw(key, TypeArray);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        writer.EndRaw();
                        break;
                    case JsonTokenType.String:
                        ReadOnlySpan<byte> s = Unescape(ref reader, ref valueScratch);
                        t_valueScratch = valueScratch;
                        writer.StringRaw(key, s);
                        break;
                    case JsonTokenType.Number:
                        if (!JsonNumber.TryMap(reader.ValueSpan, serde: false, out bool isInt, out long l, out double d))
                        {
                            throw PlasmiteException.Usage("failed to encode json as lite3: number out of range");
                        }

                        if (isInt)
                        {
                            writer.Int64Raw(key, l);
                        }
                        else
                        {
                            writer.Float64Raw(key, d);
                        }

                        break;
                    case JsonTokenType.True:
                        writer.BoolRaw(key, true);
                        break;
                    case JsonTokenType.False:
                        writer.BoolRaw(key, false);
                        break;
                    case JsonTokenType.Null:
                        writer.NullRaw(key);
                        break;
                    default:
                        throw PlasmiteException.Usage("invalid json");
                }
            }

            if (first)
            {
                throw PlasmiteException.Usage("invalid json: empty input");
            }
        }
    }

    /// <summary>The unescaped, UTF-8-validated bytes of the current string or property name token.</summary>
    internal static ReadOnlySpan<byte> Unescape(scoped ref Utf8JsonReader reader, scoped ref byte[] scratch)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        ReadOnlySpan<byte> result = raw;
        if (reader.ValueIsEscaped)
        {
            if (scratch.Length < raw.Length)
            {
                scratch = new byte[Math.Max(raw.Length, scratch.Length * 2)];
            }

            int written;
            try
            {
                written = reader.CopyString(scratch);
            }
            catch (InvalidOperationException e)
            {
                throw new PlasmiteException(ErrorKind.Usage, "invalid json: invalid escape or unpaired surrogate", inner: e);
            }

            result = scratch.AsSpan(0, written);
        }

        if (!Utf8.IsValid(result))
        {
            throw PlasmiteException.Usage("invalid json: invalid utf-8 in string");
        }

        return result;
    }
}
