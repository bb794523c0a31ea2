// The one rule for how typed numeric members map to stored Lite3 numbers and back (docs/design/typed-numbers.md).
using System.Buffers.Text;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Plasmite.Lite3;

namespace Plasmite.Typed;

/// <summary>
/// How numeric members of typed messages are stored and read back. Both typed paths (System.Text.Json
/// metadata and the direct Lite3 reader/writer) call these methods, so they agree to the byte.
/// A value is stored as a number only when reading that number back yields an equal value; otherwise
/// the append is refused with <see cref="ErrorKind.Usage"/> (see <see cref="NotExact"/>), never written
/// and then unreadable. Members marked with
/// <c>[JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]</c>
/// are stored as strings instead, which is lossless for every value.
/// </summary>
/// <remarks>For generated code; application code does not need to call it.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TypedNumbers
{
    // decimal.MaxValue has 29 digits; with sign, point and scale 28 the text stays under 40 bytes.
    private const int DecimalTextMax = 64;

    /// <summary>
    /// Maps <paramref name="value"/> to the Lite3 number the JSON path stores for it (its System.Text.Json
    /// text read by the envelope rules: no point or exponent and within i64 → i64, otherwise the nearest
    /// f64). Returns false when the stored number would not read back as an equal decimal.
    /// </summary>
    /// <param name="value">The member's value.</param>
    /// <param name="isInt">True when the stored number is an i64.</param>
    /// <param name="int64">The i64 to store when <paramref name="isInt"/>.</param>
    /// <param name="float64">The f64 to store otherwise.</param>
    public static bool TryMapDecimal(decimal value, out bool isInt, out long int64, out double float64)
    {
        Span<byte> text = stackalloc byte[DecimalTextMax];
        if (!Utf8Formatter.TryFormat(value, text, out int n)) throw new InvalidOperationException("decimal text exceeds its bound");
        if (!JsonNumber.TryMap(text[..n], serde: true, out isInt, out int64, out float64)) return false;
        if (isInt) return int64 == value;
        return TryDecimalFromFloat64(float64, out decimal back) && back == value;
    }

    /// <summary>
    /// Reads a stored f64 as a decimal exactly as the JSON path does (the f64's JSON text parsed by
    /// System.Text.Json). Returns false when the value does not fit a decimal.
    /// </summary>
    /// <param name="value">The stored f64.</param>
    /// <param name="result">The decimal read.</param>
    public static bool TryDecimalFromFloat64(double value, out decimal result)
    {
        return TryShortDecimal(value, out result) || TryDecimalFromFloat64Text(value, out result);
    }

    // The definition: the f64's serde text parsed as Utf8JsonReader.TryGetDecimal parses it.
    internal static bool TryDecimalFromFloat64Text(double value, out decimal result)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        int n = DoubleFormatter.Format(value, text, FloatStyle.Serde);
        // As Utf8JsonReader.TryGetDecimal: the 'E' format only for text with an exponent (it requires one).
        char format = text[..n].IndexOfAny((byte)'e', (byte)'E') >= 0 ? 'E' : default;
        return Utf8Parser.TryParse(text[..n], out result, out int used, format) && used == n;
    }

    // Powers of ten exact as doubles (10^0 … 10^15).
    private static ReadOnlySpan<double> Pow10 => [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    // The decimal the serde text of value parses to, without the text, for values whose shortest round-trip form has at
    // most 15 significant digits and is printed plain (1e-4 ≤ |value| < 1e15): the first scale s at which the integer m
    // nearest value·10^s gives back value as m / 10^s (both exact doubles, IEEE division correctly rounded as the parser)
    // is the shortest form, because below 16 digits one double holds at most one decimal of each length. Serde prints an
    // integral value with ".0", which the parser keeps as scale 1. Anything else returns false (the text path decides).
    internal static bool TryShortDecimal(double value, out decimal result)
    {
        result = default;
        double a = Math.Abs(value);
        if (!(a >= 1e-4 && a < 1e15))
        {
            return false;
        }

        ReadOnlySpan<double> pow = Pow10;
        for (int s = 0; s < pow.Length; s++)
        {
            double t = Math.Round(a * pow[s]);
            if (t >= 1e15)
            {
                return false;
            }

            if (t / pow[s] == a)
            {
                long m = (long)t;
                int scale = s;
                if (s == 0)
                {
                    m *= 10;
                    scale = 1;
                }

                result = new decimal((int)(uint)m, (int)(uint)(m >> 32), 0, value < 0, (byte)scale);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Maps <paramref name="value"/> to the Lite3 number the JSON path stores for it: its shortest text as System.Text.Json
    /// writes it (<c>1f</c> → <c>1</c>, <c>0.1f</c> → <c>0.1</c>, <c>3E+10</c>) read by the envelope number rules (no point
    /// or exponent and within i64 → i64, otherwise the nearest f64). False for NaN and ±∞, which JSON cannot hold.
    /// </summary>
    /// <param name="value">The member's value.</param>
    /// <param name="isInt">True when the stored number is an i64.</param>
    /// <param name="int64">The i64 to store when <paramref name="isInt"/>.</param>
    /// <param name="float64">The f64 to store otherwise.</param>
    public static bool TryMapSingle(float value, out bool isInt, out long int64, out double float64)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        if (!float.IsFinite(value)) return NotMapped(out isInt, out int64, out float64);
        if (!value.TryFormat(text, out int n, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("float text exceeds its bound");
        return JsonNumber.TryMap(text[..n], serde: true, out isInt, out int64, out float64);
    }

    /// <summary>As <see cref="TryMapSingle"/> for a <see cref="Half"/> (the JSON path writes its invariant text).</summary>
    /// <param name="value">The member's value.</param>
    /// <param name="isInt">True when the stored number is an i64.</param>
    /// <param name="int64">The i64 to store when <paramref name="isInt"/>.</param>
    /// <param name="float64">The f64 to store otherwise.</param>
    public static bool TryMapHalf(Half value, out bool isInt, out long int64, out double float64)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        if (!Half.IsFinite(value)) return NotMapped(out isInt, out int64, out float64);
        if (!value.TryFormat(text, out int n, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("half text exceeds its bound");
        return JsonNumber.TryMap(text[..n], serde: true, out isInt, out int64, out float64);
    }

    private static bool NotMapped(out bool isInt, out long int64, out double float64)
    {
        isInt = false;
        int64 = 0;
        float64 = 0;
        return false;
    }

    /// <summary>The f64 the JSON path stores for a <see cref="float"/> (its shortest text, read as a double).</summary>
    /// <param name="value">A finite float.</param>
    public static double Float32ToFloat64(float value)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        if (!value.TryFormat(text, out int n, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("float text exceeds its bound");
        return double.Parse(text[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The f64 the JSON path stores for a <see cref="Half"/> (its shortest text, read as a double).</summary>
    /// <param name="value">A finite half.</param>
    public static double HalfToFloat64(Half value)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        if (!value.TryFormat(text, out int n, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("half text exceeds its bound");
        return double.Parse(text[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a stored f64 as a float exactly as the JSON path does; false when it is not finite as a float.</summary>
    /// <param name="value">The stored f64.</param>
    /// <param name="result">The float read.</param>
    public static bool TryFloat32FromFloat64(double value, out float result)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        int n = DoubleFormatter.Format(value, text, FloatStyle.Serde);
        result = float.Parse(text[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
        return float.IsFinite(result);
    }

    /// <summary>
    /// Reads a stored i64 as a float exactly as the JSON path does (the integer's text parsed as a float, one
    /// rounding); false when it is not finite as a float.
    /// </summary>
    /// <param name="value">The stored i64.</param>
    /// <param name="result">The float read.</param>
    public static bool TryFloat32FromInt64(long value, out float result)
    {
        // Below 2^53 the double is exact, so double → float rounds once, like parsing the digits.
        if (value is > -(1L << 53) and < 1L << 53)
        {
            result = (float)(double)value;
            return true;
        }

        Span<byte> text = stackalloc byte[24];
        value.TryFormat(text, out int n, default, CultureInfo.InvariantCulture);
        result = float.Parse(text[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
        return float.IsFinite(result);
    }

    /// <summary>Reads a stored f64 as a half exactly as the JSON path does; false when it is not finite as a half.</summary>
    /// <param name="value">The stored f64.</param>
    /// <param name="result">The half read.</param>
    public static bool TryHalfFromFloat64(double value, out Half result)
    {
        Span<byte> text = stackalloc byte[DoubleFormatter.MaxLength];
        int n = DoubleFormatter.Format(value, text, FloatStyle.Serde);
        result = Half.Parse(text[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
        return Half.IsFinite(result);
    }

    /// <summary>A <see cref="ulong"/> is stored as an i64 when it fits; above <see cref="long.MaxValue"/> it cannot be stored as a number.</summary>
    /// <param name="value">The member's value.</param>
    /// <param name="int64">The i64 to store.</param>
    public static bool TryMapUInt64(ulong value, out long int64)
    {
        int64 = unchecked((long)value);
        return value <= long.MaxValue;
    }

    /// <summary>An <see cref="Int128"/> is stored as an i64 when it fits; otherwise it cannot be stored as a number.</summary>
    /// <param name="value">The member's value.</param>
    /// <param name="int64">The i64 to store.</param>
    public static bool TryMapInt128(Int128 value, out long int64)
    {
        bool fits = value >= long.MinValue && value <= long.MaxValue;
        int64 = fits ? (long)value : 0;
        return fits;
    }

    /// <summary>A <see cref="UInt128"/> is stored as an i64 when it fits; otherwise it cannot be stored as a number.</summary>
    /// <param name="value">The member's value.</param>
    /// <param name="int64">The i64 to store.</param>
    public static bool TryMapUInt128(UInt128 value, out long int64)
    {
        bool fits = value <= (UInt128)long.MaxValue;
        int64 = fits ? (long)value : 0;
        return fits;
    }

    /// <summary>
    /// The error for a numeric member whose value cannot be stored as a number that reads back equal
    /// (or is NaN/infinite): <see cref="ErrorKind.Usage"/>, naming the member path and the remedy.
    /// </summary>
    /// <param name="memberPath">The JSON path of the member, e.g. <c>$.order.amount</c>.</param>
    /// <param name="typeName">The member's CLR type name, e.g. <c>decimal</c>.</param>
    /// <param name="valueText">The value as invariant text.</param>
    public static PlasmiteException NotExact(string memberPath, string typeName, string valueText)
    {
        var e = new PlasmiteException(ErrorKind.Usage,
            $"{typeName} value {valueText} at {memberPath} cannot be stored as a JSON number that reads back equal",
            hint: "store the member as a string: [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]");
        e.Data[PathKey] = memberPath;
        e.Data[TypeKey] = typeName;
        e.Data[ValueKey] = valueText;
        return e;
    }

    /// <summary>
    /// For generated writers of nested types, which know member paths only relative to their own type: when
    /// <paramref name="error"/> came from <see cref="NotExact"/>, the same error with its path under <paramref name="outerPath"/>
    /// (<c>$.price</c> under <c>$.lines</c> is <c>$.lines.price</c>, as System.Text.Json names it on the JSON path).
    /// </summary>
    /// <param name="error">The error a nested writer threw.</param>
    /// <param name="outerPath">The JSON path of the member holding the nested value.</param>
    /// <param name="rebased">The error naming the full path.</param>
    /// <returns>False when <paramref name="error"/> is not a <see cref="NotExact"/> error.</returns>
    public static bool TryRebase(PlasmiteException error, string outerPath, [NotNullWhen(true)] out PlasmiteException? rebased)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Data[PathKey] is string path && error.Data[TypeKey] is string type && error.Data[ValueKey] is string value)
        {
            rebased = NotExact(path == "$" ? outerPath : outerPath + path.Substring(1), type, value);
            return true;
        }
        rebased = null;
        return false;
    }

    private const string PathKey = "plasmite.member_path", TypeKey = "plasmite.type", ValueKey = "plasmite.value";
}
