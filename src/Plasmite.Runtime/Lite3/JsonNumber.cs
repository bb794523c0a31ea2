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

        return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out float64) && double.IsFinite(float64);
    }
}
