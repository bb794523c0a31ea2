// The typed reader's shortcuts against their definitions: f64 → decimal without text, and ISO date-time text → DateTimeOffset without System.Text.Json.
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Typed;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class TypedFastParseTests
{
    private static void AssertSameDecimal(double d)
    {
        bool okText = TypedNumbers.TryDecimalFromFloat64Text(d, out decimal text);
        bool okFast = TypedNumbers.TryShortDecimal(d, out decimal fast);
        if (okFast)
        {
            Assert.True(okText, $"text path refused {d:R} the shortcut read as {fast}");
            Assert.Equal(decimal.GetBits(text), decimal.GetBits(fast)); // same value and same scale ("1234.50" ≠ "1234.5")
        }

        Assert.Equal(okText, TypedNumbers.TryDecimalFromFloat64(d, out decimal both));
        if (okText) Assert.Equal(decimal.GetBits(text), decimal.GetBits(both));
    }

    [Fact]
    public void Decimal_from_f64_shortcut_matches_the_serde_text_path_bit_for_bit()
    {
        double[] edge =
        [
            1234.5, -1234.5, 3.0, -3.0, 0.1, 0.2, 0.3, 1e-4, 9.999e-5, 1e-5, 0.00012345, 1e14, 999999999999999.0, 1e15, 1e16,
            123456789012345.6, 0.1 + 0.2, 2.5, 1.0 / 3, 2.0 / 3, 100.0, 1e10 + 0.5, 0.0, -0.0, double.Epsilon, 5e-324,
            4503599627370496.0, 4503599627370495.5, 9007199254740993.0, 12.34, 1.005, 8.675309, 0.000123456789012345,
        ];
        foreach (double d in edge) AssertSameDecimal(d);

        var r = new Random(1234);
        for (int i = 0; i < 200_000; i++)
        {
            double d = (i % 4) switch
            {
                0 => Math.Round(r.NextDouble() * Math.Pow(10, r.Next(0, 16)), r.Next(0, 8)),      // typical money/measure values
                1 => (r.Next() - (int.MaxValue / 2)) / Math.Pow(10, r.Next(0, 12)),              // short decimals, both signs
                2 => BitConverter.Int64BitsToDouble(r.NextInt64(0x3F00_0000_0000_0000, 0x4330_0000_0000_0000)), // full 17-digit values
                _ => r.NextDouble() * Math.Pow(10, r.Next(-6, 17)) * (r.Next(2) == 0 ? 1 : -1),
            };
            AssertSameDecimal(d);
        }
    }

    private static void AssertSameDate(string text)
    {
        bool fast = Lite3DateParser.TryParseDateTimeOffset(Encoding.UTF8.GetBytes(text), out DateTimeOffset value);
        DateTimeOffset expected;
        try
        {
            expected = JsonSerializer.Deserialize<DateTimeOffset>("\"" + text + "\"");
        }
        catch (JsonException)
        {
            Assert.False(fast, $"shortcut accepted {text}, System.Text.Json refuses it");
            return;
        }

        if (fast)
        {
            Assert.Equal(expected, value);
            Assert.Equal(expected.Offset, value.Offset);
            Assert.Equal(expected.Ticks, value.Ticks);
        }
    }

    [Fact]
    public void DateTimeOffset_shortcut_reads_what_System_Text_Json_reads_and_declines_the_rest()
    {
        string[] cases =
        [
            "2026-12-04T05:13:00+00:00", "2026-12-04T05:13:00Z", "2026-12-04T05:13:00.1234567+05:30", "2026-12-04T05:13:00.1-08:00",
            "2024-02-29T23:59:59.9999999+14:00", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-04T24:00:00Z",
            "2026-12-04T05:60:00Z", "2026-12-04T05:13:60Z", "2026-12-04T05:13:00+14:01", "2026-12-04T05:13:00+15:00",
            "2026-12-04T05:13:00.12345678Z", "2026-12-04T05:13:00.Z", "2026-12-04t05:13:00Z", "2026-12-04T05:13:00z",
            "2026-12-04T05:13:00", "2026-12-04T05:13Z", "2026-12-04", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
            "0002-01-01T00:00:00Z", "2026-12-04T05:13:00+0530", "2026-12-04T05:13:00+05", " 2026-12-04T05:13:00Z", "2026-12-04T05:13:00Z ",
            "2026-12-04T05:13:00.000+00:00", "2026-1a-04T05:13:00Z", "1970-01-01T00:00:00-00:00",
        ];
        foreach (string c in cases) AssertSameDate(c);

        var r = new Random(99);
        for (int i = 0; i < 20_000; i++)
        {
            var dto = new DateTimeOffset(r.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay * 400, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay * 400),
                TimeSpan.FromMinutes(r.Next(-14 * 60, (14 * 60) + 1)));
            if (i % 3 == 0) dto = new DateTimeOffset(dto.Ticks - (dto.Ticks % TimeSpan.TicksPerSecond), dto.Offset);
            string text = JsonSerializer.Serialize(dto).Trim('"');
            Assert.True(Lite3DateParser.TryParseDateTimeOffset(Encoding.UTF8.GetBytes(text), out _), text);
            AssertSameDate(text);
        }
    }
}

[Trait("Category", "Unit")]
public class KnownTagsTests
{
    [Fact]
    public void ReadIfKind_answers_as_FirstKnown_then_Read()
    {
        var kinds = new Lite3KnownTags("signup", "deploy", "audit");
        var signupTags = new Lite3KnownTags("signup");
        var deployTags = new Lite3KnownTags("deploy", "prod");
        string[][] stored =
        [
            [], ["signup"], ["deploy"], ["deploy", "prod"], ["prod", "deploy"], ["signup", "deploy"], ["deploy", "signup"],
            ["other"], ["signup", "extra"], ["audit", "signup"], ["é", "deploy", "prod"],
        ];
        foreach (string[] tags in stored)
        {
            byte[] payload = Lite3Envelope.Encode(tags, """{"a":1}"""u8);
            for (int kind = 0; kind < 3; kind++)
            {
                foreach (var messageTags in new[] { signupTags, deployTags })
                {
                    IReadOnlyList<string>? expected = kinds.FirstKnown(payload) == kind ? messageTags.Read(payload) : null;
                    IReadOnlyList<string>? actual = kinds.ReadIfKind(payload, kind, messageTags);
                    Assert.Equal(expected is null, actual is null);
                    if (expected is not null)
                    {
                        Assert.Equal(expected, actual);
                        Assert.Equal(ReferenceEquals(expected, messageTags.List), ReferenceEquals(actual, messageTags.List));
                    }
                }
            }
        }
    }
}
