// Property-based round trips for every numeric member type on the JSON path (docs/design/typed-numbers.md), seeded and reproducible.
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using CsCheck;

namespace Plasmite.Typed.Tests;

[Trait("Category", "Unit")]
public sealed class NumberRoundTripTests : IDisposable
{
    // Fixed seed: a failure prints the value; set PLASMITE_SOAK=1 for a long run (the seed still fixes the sequence).
    private const string Seed = "0N0XIzNsQ0O2";
    private static readonly long Iterations = Environment.GetEnvironmentVariable("PLASMITE_SOAK") == "1" ? 50_000 : 400;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "plasmite-numbers", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>
    /// Appends every boundary and generated value through the JSON path: values that fit come back equal; values that
    /// do not are refused with Usage naming <c>$.Value</c> (the member path System.Text.Json reports while writing: C# names, no indexes), and nothing is written (the next append takes the next seq).
    /// </summary>
    private void Check<TMsg, TNum>(Gen<TNum> gen, IEnumerable<TNum> boundaries, Func<TNum, TMsg> make, Func<TMsg, TNum> get,
        JsonTypeInfo<TMsg> info, Func<TNum, bool> fits, Func<TNum, TNum, bool>? equal = null)
    {
        equal ??= (a, b) => EqualityComparer<TNum>.Default.Equals(a, b);
        using var client = new PlasmiteClient(_dir);
        using var pool = client.Pool("n-" + typeof(TMsg).Name, 4 << 20);
        ulong last = pool.AppendJson("{}"u8).Seq;
        void One(TNum v)
        {
            if (fits(v))
            {
                var m = pool.Append(make(v), info);
                Assert.Equal(last + 1, m.Seq);
                last = m.Seq;
                TNum back = get(pool.Get(m.Seq, info).Data);
                Assert.True(equal(v, back), $"{typeof(TNum).Name} {Text(v)} came back as {Text(back)}");
            }
            else
            {
                var e = Assert.Throws<PlasmiteException>(() => pool.Append(make(v), info));
                Assert.Equal(ErrorKind.Usage, e.Kind);
                Assert.Contains(" at $.Value ", e.Message, StringComparison.Ordinal);
                Assert.Contains("JsonNumberHandling", e.Hint, StringComparison.Ordinal);
                last = pool.AppendJson("{}"u8).Seq == last + 1 ? last + 1 : throw new Xunit.Sdk.XunitException($"{Text(v)}: a refused append was written");
            }
        }
        foreach (var b in boundaries) One(b);
        gen.Sample(One, seed: Seed, iter: Iterations, threads: 1, print: Text);
    }

    private static string Text<T>(T v) => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v?.ToString() ?? "null";

    /// <summary>The rule for decimal, independently of TypedNumbers: integral text within i64 is an i64, anything else the nearest f64 read back as decimal.</summary>
    private static bool DecimalFits(decimal v)
    {
        string text = v.ToString(CultureInfo.InvariantCulture);
        if (!text.Contains('.') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return true;
        double f = double.Parse(text, CultureInfo.InvariantCulture);
        return decimal.TryParse(f.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal back) && back == v;
    }

    private static readonly Gen<decimal> AnyDecimal = Gen.OneOf(
        Gen.Select(Gen.Int, Gen.Int, Gen.Int, Gen.Bool, Gen.Byte[0, 28], (lo, mid, hi, neg, scale) => new decimal(lo, mid, hi, neg, scale)),
        Gen.Select(Gen.Long, Gen.Byte[0, 6], (l, scale) => new decimal(l) / (decimal)Math.Pow(10, scale)),
        Gen.Int.Select(i => (decimal)i));

    private static readonly decimal[] DecimalBoundaries =
        [0m, -0m, 1m, -1m, 1.50m, 0.1m, decimal.MaxValue, decimal.MinValue, 12345678901234567.89m, 9007199254740993m, long.MaxValue, (decimal)long.MaxValue + 1,
         long.MinValue, 0.0000000000000000000000000001m, 79228162514264337593543950335m / 1e10m];

    [Fact]
    public void Decimal_numbers_come_back_equal_or_are_refused_at_append() =>
        Check(AnyDecimal, DecimalBoundaries, v => new NDecimal(v), m => m.Value, NumbersJsonContext.Default.NDecimal, DecimalFits);

    [Fact]
    public void Nullable_decimal_numbers_follow_the_same_rule() =>
        Check(AnyDecimal.Select(v => (decimal?)v), DecimalBoundaries.Select(v => (decimal?)v).Append(null), v => new NDecimalNullable(v), m => m.Value,
            NumbersJsonContext.Default.NDecimalNullable, v => v is not { } d || DecimalFits(d));

    [Fact]
    public void Decimals_stored_as_strings_keep_every_value_and_its_scale() =>
        Check(AnyDecimal, DecimalBoundaries, v => new SDecimal(v), m => m.Value, NumbersJsonContext.Default.SDecimal, _ => true,
            (a, b) => a == b && a.ToString(CultureInfo.InvariantCulture) == b.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void Nullable_decimals_stored_as_strings_keep_their_scale() =>
        Check(AnyDecimal.Select(v => (decimal?)v), DecimalBoundaries.Select(v => (decimal?)v).Append(null), v => new SDecimalNullable(v), m => m.Value,
            NumbersJsonContext.Default.SDecimalNullable, _ => true, (a, b) => a?.ToString(CultureInfo.InvariantCulture) == b?.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void Ulong_above_long_max_is_refused_unless_stored_as_string()
    {
        ulong[] edges = [0, 1, long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue];
        Check(Gen.ULong, edges, v => new NUInt64(v), m => m.Value, NumbersJsonContext.Default.NUInt64, v => v <= long.MaxValue);
        Check(Gen.ULong, edges, v => new SUInt64(v), m => m.Value, NumbersJsonContext.Default.SUInt64, _ => true);
    }

    private static readonly Gen<Int128> AnyInt128 = Gen.OneOf(Gen.Select(Gen.ULong, Gen.ULong, (h, l) => new Int128(h, l)), Gen.Long.Select(l => (Int128)l));
    private static readonly Gen<UInt128> AnyUInt128 = Gen.OneOf(Gen.Select(Gen.ULong, Gen.ULong, (h, l) => new UInt128(h, l)), Gen.ULong.Select(l => (UInt128)l));

    [Fact]
    public void Int128_outside_i64_is_refused_unless_stored_as_string()
    {
        Int128[] edges = [0, -1, long.MinValue, long.MaxValue, (Int128)long.MaxValue + 1, (Int128)long.MinValue - 1, Int128.MinValue, Int128.MaxValue];
        Check(AnyInt128, edges, v => new NInt128(v), m => m.Value, NumbersJsonContext.Default.NInt128, v => v >= long.MinValue && v <= long.MaxValue);
        Check(AnyInt128, edges, v => new SInt128(v), m => m.Value, NumbersJsonContext.Default.SInt128, _ => true);
    }

    [Fact]
    public void UInt128_above_long_max_is_refused_unless_stored_as_string()
    {
        UInt128[] edges = [0, 1, long.MaxValue, (UInt128)long.MaxValue + 1, ulong.MaxValue, UInt128.MaxValue];
        Check(AnyUInt128, edges, v => new NUInt128(v), m => m.Value, NumbersJsonContext.Default.NUInt128, v => v <= long.MaxValue);
        Check(AnyUInt128, edges, v => new SUInt128(v), m => m.Value, NumbersJsonContext.Default.SUInt128, _ => true);
    }

    [Fact]
    public void Doubles_come_back_bit_equal_and_non_finite_values_are_refused() =>
        Check(Gen.OneOf(Gen.Long.Select(BitConverter.Int64BitsToDouble), Gen.Double),
            [0.0, -0.0, 0.1, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e308, 123.0, 9007199254740993.0, 1e20, double.NaN,
             double.PositiveInfinity, double.NegativeInfinity],
            v => new NDouble(v), m => m.Value, NumbersJsonContext.Default.NDouble, double.IsFinite);

    [Fact]
    public void Floats_come_back_equal_and_non_finite_values_are_refused() =>
        Check(Gen.OneOf(Gen.Int.Select(BitConverter.Int32BitsToSingle), Gen.Float),
            [0f, -0f, 0.1f, float.Epsilon, float.MaxValue, float.MinValue, 16777217f, float.NaN, float.PositiveInfinity, float.NegativeInfinity],
            v => new NSingle(v), m => m.Value, NumbersJsonContext.Default.NSingle, float.IsFinite);

    [Fact]
    public void Halves_come_back_equal_and_non_finite_values_are_refused() =>
        Check(Gen.UShort.Select(BitConverter.UInt16BitsToHalf),
            [(Half)0, Half.NegativeZero, Half.Epsilon, Half.MaxValue, Half.MinValue, (Half)0.1, Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity],
            v => new NHalf(v), m => m.Value, NumbersJsonContext.Default.NHalf, Half.IsFinite);

    [Fact]
    public void Integers_up_to_64_bits_always_come_back_equal()
    {
        Check(Gen.SByte, [sbyte.MinValue, sbyte.MaxValue, (sbyte)0], v => new NSByte(v), m => m.Value, NumbersJsonContext.Default.NSByte, _ => true);
        Check(Gen.Byte, [byte.MinValue, byte.MaxValue], v => new NByte(v), m => m.Value, NumbersJsonContext.Default.NByte, _ => true);
        Check(Gen.Short, [short.MinValue, short.MaxValue], v => new NInt16(v), m => m.Value, NumbersJsonContext.Default.NInt16, _ => true);
        Check(Gen.UShort, [ushort.MinValue, ushort.MaxValue], v => new NUInt16(v), m => m.Value, NumbersJsonContext.Default.NUInt16, _ => true);
        Check(Gen.Int, [int.MinValue, int.MaxValue, 0], v => new NInt32(v), m => m.Value, NumbersJsonContext.Default.NInt32, _ => true);
        Check(Gen.UInt, [uint.MinValue, uint.MaxValue], v => new NUInt32(v), m => m.Value, NumbersJsonContext.Default.NUInt32, _ => true);
        Check(Gen.Long, [long.MinValue, long.MaxValue, 0, 9007199254740993], v => new NInt64(v), m => m.Value, NumbersJsonContext.Default.NInt64, _ => true);
    }

    [Fact]
    public void A_refused_number_deep_in_a_payload_names_its_member_path()
    {
        using var client = new PlasmiteClient(_dir);
        using var pool = client.Numbers();
        var bad = new NInvoice([new Line("a", 1.5m), new Line("b", 12345678901234567.89m)]);
        // The JSON path names the full member path.
        var e = Assert.Throws<PlasmiteException>(() => pool.Pool.Append(bad, NumbersPool.NInvoiceTypeInfo));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.Equal("decimal value 12345678901234567.89 at $.Lines.Price cannot be stored as a JSON number that reads back equal", e.Message);
        // The direct Lite3 writer (the typed append) names the member by its stored JSON path, nested types included (docs/typed-messages.md).
        var fast = Assert.Throws<PlasmiteException>(() => pool.AppendNInvoice(bad));
        Assert.Equal(ErrorKind.Usage, fast.Kind);
        Assert.Equal("decimal value 12345678901234567.89 at $.lines.price cannot be stored as a JSON number that reads back equal", fast.Message);
        Assert.Equal(1.5m, pool.GetNInvoice(pool.AppendNInvoice(new NInvoice([new Line("a", 1.5m)])).Seq)!.Data.Lines[0].Price);
    }
}
