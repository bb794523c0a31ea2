// Number literals for the envelope scanner: the strict JSON grammar, mapped as serde_json + Lite3 do
// (spec §7.4 item 3); common literals are converted inline, the rest by JsonNumber.
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

internal sealed partial class EnvelopeDataSorter
{
    /// <summary>
    /// Scans the number literal at <paramref name="pos"/> into <paramref name="t"/> and leaves
    /// <paramref name="pos"/> after it; false when it is not a JSON number or overflows a double. What follows
    /// the literal is checked by the caller.
    /// </summary>
    private static bool ScanNumber(ReadOnlySpan<byte> json, ref int pos, ref Token t)
    {
        int p = pos;
        bool negative = json[p] == (byte)'-';
        if (negative)
        {
            p++;
        }

        ulong mantissa = 0;
        int significant = 0; // digits from the first non-zero one on
        int scale = 0;
        bool isFloat = false;
        uint d;
        if (p >= json.Length || (d = (uint)(json[p] - '0')) > 9)
        {
            return false;
        }

        p++;
        if (d != 0)
        {
            while (true)
            {
                if (++significant <= 19)
                {
                    mantissa = (mantissa * 10) + d;
                }

                if (p >= json.Length || (d = (uint)(json[p] - '0')) > 9)
                {
                    break;
                }

                p++;
            }
        }

        if (p < json.Length && json[p] == (byte)'.')
        {
            isFloat = true;
            p++;
            if (p >= json.Length || (d = (uint)(json[p] - '0')) > 9)
            {
                return false;
            }

            do
            {
                if (mantissa != 0 || d != 0)
                {
                    if (++significant <= 19)
                    {
                        mantissa = (mantissa * 10) + d;
                        scale--;
                    }
                }
                else
                {
                    scale--;
                }

                p++;
            }
            while (p < json.Length && (d = (uint)(json[p] - '0')) <= 9);
        }

        if (p < json.Length && (json[p] | 0x20) == (byte)'e')
        {
            isFloat = true;
            p++;
            bool expNegative = false;
            if (p < json.Length && json[p] is (byte)'-' or (byte)'+')
            {
                expNegative = json[p] == (byte)'-';
                p++;
            }

            if (p >= json.Length || (d = (uint)(json[p] - '0')) > 9)
            {
                return false;
            }

            int exp = 0;
            do
            {
                exp = Math.Min((exp * 10) + (int)d, 100_000);
                p++;
            }
            while (p < json.Length && (d = (uint)(json[p] - '0')) <= 9);
            scale += expNegative ? -exp : exp;
        }

        ReadOnlySpan<byte> literal = json[pos..p];
        pos = p;
        if (!isFloat && significant <= 18)
        {
            if (negative && mantissa == 0)
            {
                t.Kind = TypeFloat64; // serde reads a bare -0 as the float -0.0
                t.Float64 = -0.0;
                return true;
            }

            t.Kind = TypeInt64;
            t.Int64 = negative ? -(long)mantissa : (long)mantissa;
            return true;
        }

        // Clinger's fast path: at most 15 significant digits and a power of ten within ±22 are both exact
        // doubles, so one IEEE multiply or divide is correctly rounded.
        if (isFloat && significant <= 15 && (mantissa == 0 || scale is >= -22 and <= 22))
        {
            double m = mantissa;
            double value = mantissa == 0 ? 0.0 : scale < 0 ? m / JsonNumber.Pow10[-scale] : m * JsonNumber.Pow10[scale];
            t.Kind = TypeFloat64;
            t.Float64 = negative ? -value : value;
            return true;
        }

        if (!JsonNumber.TryMap(literal, serde: true, out bool isInt, out t.Int64, out t.Float64))
        {
            return false;
        }

        t.Kind = isInt ? TypeInt64 : TypeFloat64;
        return true;
    }
}
