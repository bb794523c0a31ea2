// Raw JSON path failures, float layouts of both styles, and the Lite3Document reader over the vectors.
using System.Text;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3JsonTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1")]
    [InlineData("\"s\"")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("//c\n{}")]
    [InlineData("\uFEFF{}")]
    [InlineData("{\"a\":1e400}")]
    [InlineData("[-1e400]")]
    [InlineData("[NaN]")]
    [InlineData("[Infinity]")]
    [InlineData("[\"\\uD800\"]")]
    [InlineData("[\"\\uDC00x\"]")]
    [InlineData("{} x")]
    [InlineData("{}{}")]
    [InlineData("[01]")]
    [InlineData("{'a':1}")]
    public void Invalid_json_is_usage_error(string json)
    {
        var e = Assert.Throws<PlasmiteException>(() => Lite3Json.Encode(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }

    [Theory]
    [InlineData(new byte[] { 0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D })]       // overlong "/"
    [InlineData(new byte[] { 0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D })] // encoded surrogate
    [InlineData(new byte[] { 0x5B, 0x22, 0xFF, 0x22, 0x5D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D })] // truncated sequence in a key
    public void Invalid_utf8_is_usage_error(byte[] json)
    {
        var e = Assert.Throws<PlasmiteException>(() => Lite3Json.Encode(json));
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }

    [Fact]
    public void Nesting_limit_is_32_containers()
    {
        Lite3Json.Encode(Encoding.UTF8.GetBytes(new string('[', 32) + new string(']', 32)));
        var e = Assert.Throws<PlasmiteException>(() => Lite3Json.Encode(Encoding.UTF8.GetBytes(new string('[', 33) + new string(']', 33))));
        Assert.Equal(ErrorKind.Usage, e.Kind);
    }

    [Fact]
    public void TryEncode_into_caller_span()
    {
        Span<byte> small = stackalloc byte[50];
        Assert.False(Lite3Json.TryEncode("""{"a":1}"""u8, small, out int n));
        Assert.Equal(0, n);
        Span<byte> big = stackalloc byte[200];
        Assert.True(Lite3Json.TryEncode("""{"a":1}"""u8, big, out n));
        Assert.Equal(Lite3Vectors.All["single_int"].Lite3, big[..n].ToArray());
    }

    [Theory]
    [InlineData(1.0, "1.0", "1.0")]
    [InlineData(100.0, "100.0", "100.0")]
    [InlineData(0.1, "0.1", "0.1")]
    [InlineData(0.0001, "0.0001", "0.0001")]
    [InlineData(1e-5, "0.00001", "0.00001")]
    [InlineData(1e-6, "0.000001", "1e-6")]
    [InlineData(1e-7, "1e-7", "1e-7")]
    [InlineData(1.5e-7, "1.5e-7", "1.5e-7")]
    [InlineData(1e15, "1000000000000000.0", "1000000000000000.0")]
    [InlineData(1e16, "10000000000000000.0", "1e+16")]
    [InlineData(1.5e16, "15000000000000000.0", "1.5e+16")]
    [InlineData(123456789012345680000.0, "123456789012345680000.0", "1.2345678901234568e+20")]
    [InlineData(1e21, "1e21", "1e+21")]
    [InlineData(1e300, "1e300", "1e+300")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324", "5e-324")]
    [InlineData(-0.0, "-0.0", "-0.0")]
    [InlineData(0.0, "0.0", "0.0")]
    [InlineData(-123.456, "-123.456", "-123.456")]
    [InlineData(9.99, "9.99", "9.99")]
    [InlineData(0.3, "0.3", "0.3")]
    [InlineData(2.5e-5, "0.000025", "0.000025")]
    [InlineData(1234.5e10, "12345000000000.0", "12345000000000.0")]
    public void Float_layouts(double value, string lite3, string serde)
    {
        Span<byte> buf = stackalloc byte[DoubleFormatter.MaxLength];
        Assert.Equal(lite3, Encoding.ASCII.GetString(buf[..DoubleFormatter.Format(value, buf, FloatStyle.Lite3)]));
        Assert.Equal(serde, Encoding.ASCII.GetString(buf[..DoubleFormatter.Format(value, buf, FloatStyle.Serde)]));
    }

    [Fact]
    public void Float_layouts_round_trip_randomly()
    {
        var rng = new Random(1234);
        Span<byte> buf = stackalloc byte[DoubleFormatter.MaxLength];
        Span<byte> bits = stackalloc byte[8];
        for (int i = 0; i < 20000; i++)
        {
            rng.NextBytes(bits);
            double d = BitConverter.ToDouble(bits);
            if (!double.IsFinite(d))
            {
                continue;
            }

            foreach (FloatStyle style in new[] { FloatStyle.Lite3, FloatStyle.Serde })
            {
                int n = DoubleFormatter.Format(d, buf, style);
                double back = double.Parse(Encoding.ASCII.GetString(buf[..n]), System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(back));
            }
        }
    }

    [Fact]
    public void Number_fast_path_matches_the_full_parser()
    {
        var rng = new Random(99);
        string[] formats = ["R", "E3", "E14", "F0", "F2", "F6", "G5", "G15"];
        for (int i = 0; i < 20000; i++)
        {
            double d = rng.Next(3) switch
            {
                0 => rng.NextDouble() * Math.Pow(10, rng.Next(-30, 30)),
                1 => Math.Round(rng.NextDouble() * 100000, rng.Next(0, 8)),
                _ => rng.Next(-1000000, 1000000) / 1000.0,
            };
            if (rng.Next(2) == 0)
            {
                d = -d;
            }

            string text = d.ToString(formats[rng.Next(formats.Length)], System.Globalization.CultureInfo.InvariantCulture).Replace("E+", "e").Replace("E-", "e-");
            if (!text.Contains('.') && !text.Contains('e'))
            {
                text += ".0";
            }

            Assert.True(JsonNumber.TryMap(Encoding.ASCII.GetBytes(text), serde: true, out bool isInt, out _, out double parsed), text);
            Assert.False(isInt);
            double expected = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(parsed), $"{text}: {expected:R} vs {parsed:R}");
        }
    }
}
