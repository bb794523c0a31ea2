// String unescaping for the envelope scanner: the strict JSON escape set, surrogate pairs combined,
// lone surrogates refused (as Utf8JsonReader.CopyString refuses them).
using System.Text;

namespace Plasmite.Lite3;

internal sealed partial class EnvelopeDataSorter
{
    /// <summary>
    /// Unescapes the string whose content starts at <paramref name="start"/> and whose first backslash is at
    /// <paramref name="escape"/> into the arena, pointing <paramref name="t"/> at it; leaves <paramref name="pos"/>
    /// after the closing quote. Returns false on a bad escape, a lone surrogate, a control character or a
    /// missing closing quote. The result's UTF-8 is not validated here.
    /// </summary>
    private bool Unescape(ReadOnlySpan<byte> json, int start, int escape, ref int pos, ref Token t)
    {
        // Unescaping never lengthens text, so the rest of the input bounds the result.
        int bound = json.Length - start;
        if (_arenaLen + bound > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLen + bound));
        }

        Span<byte> dest = _arena.AsSpan(_arenaLen);
        json[start..escape].CopyTo(dest);
        int w = escape - start;
        int p = escape;
        while (true)
        {
            if (p >= json.Length)
            {
                return false;
            }

            byte c = json[p];
            if (c == (byte)'"')
            {
                break;
            }

            if (c < (byte)' ')
            {
                return false;
            }

            if (c != (byte)'\\')
            {
                dest[w++] = c;
                p++;
                continue;
            }

            if (p + 1 >= json.Length)
            {
                return false;
            }

            byte e = json[p + 1];
            p += 2;
            switch (e)
            {
                case (byte)'"':
                case (byte)'\\':
                case (byte)'/':
                    dest[w++] = e;
                    break;
                case (byte)'b':
                    dest[w++] = (byte)'\b';
                    break;
                case (byte)'f':
                    dest[w++] = (byte)'\f';
                    break;
                case (byte)'n':
                    dest[w++] = (byte)'\n';
                    break;
                case (byte)'r':
                    dest[w++] = (byte)'\r';
                    break;
                case (byte)'t':
                    dest[w++] = (byte)'\t';
                    break;
                case (byte)'u':
                    if (!TryHex4(json, p, out int unit))
                    {
                        return false;
                    }

                    p += 4;
                    if (unit is >= 0xD800 and <= 0xDFFF)
                    {
                        // A high surrogate must be followed by an escaped low surrogate.
                        if (unit >= 0xDC00 || p + 1 >= json.Length || json[p] != (byte)'\\' || json[p + 1] != (byte)'u'
                            || !TryHex4(json, p + 2, out int low) || low is < 0xDC00 or > 0xDFFF)
                        {
                            return false;
                        }

                        p += 6;
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    }

                    w += new Rune(unit).EncodeToUtf8(dest[w..]);
                    break;
                default:
                    return false;
            }
        }

        t.InArena = true;
        t.Start = _arenaLen;
        t.Length = w;
        _arenaLen += w;
        pos = p + 1;
        return true;
    }

    private static bool TryHex4(ReadOnlySpan<byte> json, int p, out int value)
    {
        value = 0;
        if (p + 4 > json.Length)
        {
            return false;
        }

        for (int i = 0; i < 4; i++)
        {
            int c = json[p + i];
            int d = c is >= '0' and <= '9' ? c - '0'
                : (c | 0x20) is >= 'a' and <= 'f' ? (c | 0x20) - 'a' + 10
                : -1;
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | d;
        }

        return true;
    }
}
