using Plasmite.Text;

namespace Plasmite.Tests.Text;

[Trait("Category", "Unit")]
public class Rfc3339Tests
{
    [Theory]
    [InlineData(0UL, "1970-01-01T00:00:00Z")]
    [InlineData(1_500_000_000UL, "1970-01-01T00:00:01.5Z")]
    [InlineData(1UL, "1970-01-01T00:00:00.000000001Z")]
    [InlineData(1_700_000_000_123_456_789UL, "2023-11-14T22:13:20.123456789Z")]
    [InlineData(1_767_225_600_000_000_000UL, "2026-01-01T00:00:00Z")]
    [InlineData(1_767_225_600_500_000_000UL, "2026-01-01T00:00:00.5Z")]
    [InlineData(1_767_225_600_000_001_000UL, "2026-01-01T00:00:00.000001Z")]
    [InlineData(1_700_000_001_000_000_000UL + 24_000_000_789UL - 1_000_000_000UL, "2023-11-14T22:13:44.000000789Z")]
    public void Formats_like_the_original(ulong ns, string expected)
    {
        Assert.Equal(expected, Rfc3339.Format(ns));
        Assert.True(Rfc3339.TryParse(expected, out var back));
        Assert.Equal(ns, back);
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00.Z")]
    [InlineData("2026-01-01T00:00:00.1234567891Z")]
    [InlineData("2026-01-01T00:00:00+01:00")]
    [InlineData("garbage")]
    public void Rejects_malformed_text(string text) => Assert.False(Rfc3339.TryParse(text, out _));

    [Fact]
    public void Converts_to_DateTimeOffset_in_utc()
    {
        var t = Rfc3339.ToDateTimeOffset(1_700_000_000_123_456_789UL);
        Assert.Equal(TimeSpan.Zero, t.Offset);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero).AddTicks(1_234_567), t);
    }
}
