// The envelope parser's own strict UTF-8 JSON scanner (RFC 8259, as Utf8JsonReader accepts it by default):
// one pass that fills the token list, validates string UTF-8, unescapes, hashes keys and maps numbers.
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

internal sealed partial class EnvelopeDataSorter
{
    /// <summary>
    /// Deeper input is left to the reader (the writer refuses more than 30 levels below <c>data</c> anyway,
    /// and the reader decides which error such input gets).
    /// </summary>
    private const int ScanMaxDepth = 64;

    /// <summary>
    /// Tokenizes <paramref name="json"/>, which must be one JSON object (no BOM). Returns false, leaving the
    /// token list unspecified, for anything it does not accept: all invalid JSON, invalid UTF-8, lone
    /// surrogate escapes, numbers that overflow a double, and nesting deeper than <see cref="ScanMaxDepth"/>.
    /// It never accepts input that <see cref="ParseWithReader"/> rejects.
    /// </summary>
    internal bool TryScan(ReadOnlySpan<byte> json)
    {
        _count = 0;
        _arenaLen = 0;
        int len = json.Length;
        int pos = SkipWhitespace(json, 0);
        if (pos >= len || json[pos] != (byte)'{')
        {
            return false;
        }

        Token[] tokens = _tokens;
        int[] open = _open;
        int count = 0;
        int depth = 0;
        byte c;

    OpenObject:
        if (count == tokens.Length)
        {
            tokens = GrowTokens();
        }

        if (depth == ScanMaxDepth)
        {
            return false;
        }

        tokens[count].Kind = KindObject;
        open[depth++] = count++;
        pos = SkipWhitespace(json, pos + 1);
        if (pos < len && json[pos] == (byte)'}')
        {
            pos++;
            goto CloseContainer;
        }

    Key:
        if (count == tokens.Length)
        {
            tokens = GrowTokens();
        }

        if (pos >= len || json[pos] != (byte)'"' || !ScanString(json, ref pos, ref tokens[count], isKey: true))
        {
            return false;
        }

        count++;
        pos = SkipWhitespace(json, pos);
        if (pos >= len || json[pos] != (byte)':')
        {
            return false;
        }

        pos = SkipWhitespace(json, pos + 1);

    Value:
        if (count == tokens.Length)
        {
            tokens = GrowTokens();
        }

        if (pos >= len)
        {
            return false;
        }

        c = json[pos];
        switch (c)
        {
            case (byte)'"':
                if (!ScanString(json, ref pos, ref tokens[count], isKey: false))
                {
                    return false;
                }

                count++;
                break;
            case (byte)'{':
                goto OpenObject;
            case (byte)'[':
                if (depth == ScanMaxDepth)
                {
                    return false;
                }

                tokens[count].Kind = KindArray;
                open[depth++] = count++;
                pos = SkipWhitespace(json, pos + 1);
                if (pos < len && json[pos] == (byte)']')
                {
                    pos++;
                    goto CloseContainer;
                }

                goto Value;
            case (byte)'t':
                if (!json[pos..].StartsWith("true"u8))
                {
                    return false;
                }

                tokens[count].Kind = TypeBool;
                tokens[count++].Int64 = 1;
                pos += 4;
                break;
            case (byte)'f':
                if (!json[pos..].StartsWith("false"u8))
                {
                    return false;
                }

                tokens[count].Kind = TypeBool;
                tokens[count++].Int64 = 0;
                pos += 5;
                break;
            case (byte)'n':
                if (!json[pos..].StartsWith("null"u8))
                {
                    return false;
                }

                tokens[count++].Kind = TypeNull;
                pos += 4;
                break;
            default:
                if (!ScanNumber(json, ref pos, ref tokens[count]))
                {
                    return false;
                }

                count++;
                break;
        }

    AfterValue:
        pos = SkipWhitespace(json, pos);
        if (pos >= len)
        {
            return false;
        }

        c = json[pos];
        bool inObject = tokens[open[depth - 1]].Kind == KindObject;
        if (c == (byte)',')
        {
            pos = SkipWhitespace(json, pos + 1);
            if (inObject)
            {
                goto Key;
            }

            goto Value;
        }

        if (c != (inObject ? (byte)'}' : (byte)']'))
        {
            return false;
        }

        pos++;

    CloseContainer:
        tokens[open[--depth]].End = count;
        if (depth > 0)
        {
            goto AfterValue;
        }

        _count = count;
        return SkipWhitespace(json, pos) == len;
    }

    /// <summary>Doubles the token list (rarely: it is kept between calls).</summary>
    private Token[] GrowTokens()
    {
        Array.Resize(ref _tokens, _tokens.Length * 2);
        return _tokens;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int pos)
    {
        while ((uint)pos < (uint)json.Length && json[pos] <= (byte)' ')
        {
            byte c = json[pos];
            if (c != (byte)' ' && c != (byte)'\n' && c != (byte)'\r' && c != (byte)'\t')
            {
                break;
            }

            pos++;
        }

        return pos;
    }

    /// <summary>Scans the string starting at the quote at <paramref name="pos"/> into <paramref name="t"/>; leaves <paramref name="pos"/> after the closing quote.</summary>
    private bool ScanString(ReadOnlySpan<byte> json, ref int pos, ref Token t, bool isKey)
    {
        int start = pos + 1;
        int end = FindStringSpecial(json, start, out bool nonAscii);
        if (end >= json.Length)
        {
            return false;
        }

        byte c = json[end];
        ReadOnlySpan<byte> bytes;
        if (c == (byte)'"')
        {
            bytes = json[start..end];
            t.InArena = false;
            t.Start = start;
            t.Length = bytes.Length;
            pos = end + 1;
        }
        else if (c == (byte)'\\')
        {
            if (!Unescape(json, start, end, ref pos, ref t))
            {
                return false;
            }

            bytes = _arena.AsSpan(t.Start, t.Length);
            nonAscii = true; // \u escapes may have produced non-ASCII bytes
        }
        else
        {
            return false; // a control character
        }

        if (nonAscii && !Utf8.IsValid(bytes))
        {
            return false;
        }

        if (isKey)
        {
            t.Kind = KindKey;
            if (t.InArena)
            {
                SetKeyFields(ref t, bytes);
            }
            else
            {
                // Raw key bytes contain no NUL (control characters are invalid in JSON strings). A short key's
                // prefix is read together with the bytes after it, which are then masked off.
                t.Int64 = bytes.Length < 8 && start + 8 <= json.Length
                    ? (long)(BinaryPrimitives.ReadUInt64BigEndian(json[start..]) & ~(ulong.MaxValue >> (8 * bytes.Length)))
                    : (long)SortPrefix(bytes);
                t.KeyLength = bytes.Length;
                t.Hash = Djb2(bytes);
            }
        }
        else
        {
            t.Kind = TypeString;
        }

        return true;
    }

    /// <summary>
    /// Index of the first byte at or after <paramref name="pos"/> that is a quote, a backslash or a control
    /// character (json.Length when none); <paramref name="nonAscii"/> tells whether a byte ≥ 0x80 came before it.
    /// </summary>
    private static int FindStringSpecial(ReadOnlySpan<byte> json, int pos, out bool nonAscii)
    {
        uint high = 0;
        ref byte b0 = ref MemoryMarshal.GetReference(json);
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> quote = Vector128.Create((byte)'"');
            Vector128<byte> backslash = Vector128.Create((byte)'\\');
            Vector128<byte> space = Vector128.Create((byte)' ');
            while (pos <= json.Length - Vector128<byte>.Count)
            {
                Vector128<byte> v = Vector128.LoadUnsafe(ref b0, (nuint)pos);
                uint special = (Vector128.Equals(v, quote) | Vector128.Equals(v, backslash) | Vector128.LessThan(v, space)).ExtractMostSignificantBits();
                uint hi = v.ExtractMostSignificantBits();
                if (special != 0)
                {
                    int at = BitOperations.TrailingZeroCount(special);
                    nonAscii = (high | (hi & ((1u << at) - 1))) != 0;
                    return pos + at;
                }

                high |= hi;
                pos += Vector128<byte>.Count;
            }
        }

        for (; pos < json.Length; pos++)
        {
            byte c = json[pos];
            if (c == (byte)'"' || c == (byte)'\\' || c < (byte)' ')
            {
                break;
            }

            high |= (uint)c & 0x80;
        }

        nonAscii = high != 0;
        return pos;
    }
}
