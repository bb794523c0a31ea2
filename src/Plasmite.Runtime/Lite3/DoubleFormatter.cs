// Shortest round-trip double → text in the two layouts the original prints: Lite3's decoder (spec §8.3)
// and serde_json's (zmij: plain for 1e-5 ≤ |x| < 1e16, exponent with explicit sign otherwise).
using System.Globalization;

namespace Plasmite.Lite3;

/// <summary>Which program's float layout to reproduce.</summary>
internal enum FloatStyle
{
    /// <summary>Lite3's JSON encoder: plain when −6 &lt; p ≤ 21, exponent like <c>1e21</c>, <c>1e-7</c>.</summary>
    Lite3,

    /// <summary>serde_json: plain when −4 ≤ p ≤ 16, exponent like <c>1e+16</c>, <c>1.5e-7</c>.</summary>
    Serde,
}

internal static class DoubleFormatter
{
    /// <summary>Longest output: sign, "0.", 5 zeros, 17 digits / 21 integer digits + ".0", or d.ddd…e-324.</summary>
    public const int MaxLength = 32;

    /// <summary>Formats a finite double into <paramref name="dest"/> (at least <see cref="MaxLength"/> bytes); returns the length.</summary>
    public static int Format(double value, Span<byte> dest, FloatStyle style)
    {
        int pos = 0;
        if (double.IsNegative(value))
        {
            dest[pos++] = (byte)'-';
            value = -value;
        }

        if (value == 0)
        {
            "0.0"u8.CopyTo(dest[pos..]);
            return pos + 3;
        }

        Span<byte> raw = stackalloc byte[40];
        value.TryFormat(raw, out int rawLen, "R", CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[24];
        int n = 0;
        int pointPos = -1;
        int exp = 0;
        for (int i = 0; i < rawLen; i++)
        {
            byte c = raw[i];
            if (c == (byte)'.')
            {
                pointPos = n;
            }
            else if (c == (byte)'E' || c == (byte)'e')
            {
                exp = ParseExponent(raw[(i + 1)..rawLen]);
                break;
            }
            else if (n > 0 || c != (byte)'0')
            {
                digits[n++] = c;
            }
            else if (pointPos >= 0)
            {
                pointPos--; // a leading zero after the point shifts the decimal point left
            }
        }

        if (pointPos < 0)
        {
            // No '.', count integer digits (leading zeros were skipped; there are none for non-zero values).
            pointPos = CountIntegerDigits(raw[..rawLen]);
        }

        while (n > 1 && digits[n - 1] == (byte)'0')
        {
            n--;
        }

        int p = pointPos + exp; // value = 0.D × 10^p
        bool plain = style == FloatStyle.Lite3 ? p > -6 && p <= 21 : p >= -4 && p <= 16;
        if (plain)
        {
            if (p > 0)
            {
                if (n <= p)
                {
                    digits[..n].CopyTo(dest[pos..]);
                    pos += n;
                    dest.Slice(pos, p - n).Fill((byte)'0');
                    pos += p - n;
                    dest[pos++] = (byte)'.';
                    dest[pos++] = (byte)'0';
                }
                else
                {
                    digits[..p].CopyTo(dest[pos..]);
                    pos += p;
                    dest[pos++] = (byte)'.';
                    digits[p..n].CopyTo(dest[pos..]);
                    pos += n - p;
                }
            }
            else
            {
                dest[pos++] = (byte)'0';
                dest[pos++] = (byte)'.';
                dest.Slice(pos, -p).Fill((byte)'0');
                pos += -p;
                digits[..n].CopyTo(dest[pos..]);
                pos += n;
            }

            return pos;
        }

        dest[pos++] = digits[0];
        if (n > 1)
        {
            dest[pos++] = (byte)'.';
            digits[1..n].CopyTo(dest[pos..]);
            pos += n - 1;
        }

        dest[pos++] = (byte)'e';
        int x = p - 1;
        if (x < 0)
        {
            dest[pos++] = (byte)'-';
            x = -x;
        }
        else if (style == FloatStyle.Serde)
        {
            dest[pos++] = (byte)'+';
        }

        x.TryFormat(dest[pos..], out int written, default, CultureInfo.InvariantCulture);
        return pos + written;
    }

    private static int ParseExponent(ReadOnlySpan<byte> s)
    {
        int sign = 1;
        int i = 0;
        if (s[0] == (byte)'-')
        {
            sign = -1;
            i = 1;
        }
        else if (s[0] == (byte)'+')
        {
            i = 1;
        }

        int e = 0;
        for (; i < s.Length; i++)
        {
            e = (e * 10) + (s[i] - '0');
        }

        return sign * e;
    }

    private static int CountIntegerDigits(ReadOnlySpan<byte> raw)
    {
        int count = 0;
        foreach (byte c in raw)
        {
            if (c is (byte)'E' or (byte)'e')
            {
                break;
            }

            if (c is >= (byte)'0' and <= (byte)'9')
            {
                count++;
            }
        }

        return count;
    }
}
