// Classifies a JSON number literal and maps it to i64/f64 the way the original's two paths do (spec §7.2, §7.4).
using System.Buffers.Text;
using System.Globalization;

namespace Plasmite.Lite3;

internal static class JsonNumber
{
    /// <summary>
    /// Maps a JSON number literal to a Lite3 value. <paramref name="serde"/> selects the envelope
    /// rules (a bare <c>-0</c> becomes f64 −0.0); otherwise the raw path rules (i64 0).
    /// Returns false when the value overflows a double.
    /// </summary>
    public static bool TryMap(ReadOnlySpan<byte> literal, bool serde, out bool isInt, out long int64, out double float64)
    {
        isInt = false;
        int64 = 0;
        float64 = 0;
        if (literal.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            if (literal.Length > 0 && literal[0] == (byte)'-')
            {
                if (Utf8Parser.TryParse(literal, out long l, out int used) && used == literal.Length)
                {
                    if (l == 0 && serde)
                    {
                        float64 = -0.0;
                        return true;
                    }

                    isInt = true;
                    int64 = l;
                    return true;
                }
            }
            else if (Utf8Parser.TryParse(literal, out ulong u, out int used) && used == literal.Length)
            {
                if (u <= long.MaxValue)
                {
                    isInt = true;
                    int64 = (long)u;
                }
                else
                {
                    float64 = Lite3Writer.UInt64ToDouble(u);
                }

                return true;
            }
        }

        if (TryFastDouble(literal, out float64))
        {
            return true;
        }

        return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out float64) && double.IsFinite(float64);
    }

    internal static ReadOnlySpan<double> Pow10 => [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// Clinger's fast path: at most 15 significant digits and a net power of ten within ±22 make
    /// both operands exact doubles, so one IEEE multiply/divide is correctly rounded. Returns false
    /// for anything else (the caller falls back to the full parser).
    /// </summary>
    private static bool TryFastDouble(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = s.Length > 0 && s[0] == (byte)'-';
        if (negative)
        {
            i = 1;
        }

        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        bool seenPoint = false;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                if (mantissa != 0 || c != (byte)'0')
                {
                    if (++digits > 15)
                    {
                        return false;
                    }
                }

                mantissa = (mantissa * 10) + (c - '0');
                if (seenPoint)
                {
                    scale--;
                }
            }
            else if (c == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        if (i < s.Length)
        {
            if ((s[i] | 0x20) != (byte)'e' || ++i == s.Length)
            {
                return false;
            }

            bool expNegative = s[i] == (byte)'-';
            if (s[i] is (byte)'-' or (byte)'+')
            {
                i++;
            }

            int exp = 0;
            for (; i < s.Length; i++)
            {
                byte c = s[i];
                if (c < (byte)'0' || c > (byte)'9' || exp > 1000)
                {
                    return false;
                }

                exp = (exp * 10) + (c - '0');
            }

            scale += expNegative ? -exp : exp;
        }

        if (mantissa == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }

        if (scale < -22 || scale > 22)
        {
            return false;
        }

        double m = mantissa;
        value = scale < 0 ? m / Pow10[-scale] : m * Pow10[scale];
        if (negative)
        {
            value = -value;
        }

        return true;
    }
}
