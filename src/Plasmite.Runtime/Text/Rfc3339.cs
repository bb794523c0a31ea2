// Formats and parses message timestamps exactly as the original renders them (RFC 3339, UTC, trimmed nanoseconds).
using System.Buffers;
using System.Buffers.Text;

namespace Plasmite.Text;

/// <summary>
/// Renders nanosecond Unix timestamps as the original does: <c>YYYY-MM-DDTHH:MM:SS[.F]Z</c>, where
/// the fraction is present only when non-zero and is the 9-digit nanosecond remainder with trailing
/// zeros removed. <see cref="DateTimeOffset"/> resolves only 100 ns, so formatting works on the integer.
/// </summary>
internal static class Rfc3339
{
    /// <summary>The longest rendering: <c>YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ</c> for years up to 9999 (30 bytes).</summary>
    public const int MaxLength = 30;

    private const ulong NanosPerSecond = 1_000_000_000;

    /// <summary>Formats <paramref name="timestampNs"/> into UTF-8 bytes; returns the count written.</summary>
    /// <exception cref="PlasmiteException">Internal, when the year exceeds 9999.</exception>
    public static int Format(ulong timestampNs, Span<byte> destination)
    {
        ulong seconds = timestampNs / NanosPerSecond;
        uint nanos = (uint)(timestampNs % NanosPerSecond);
        if (seconds > (ulong)(DateTimeOffset.MaxValue.ToUnixTimeSeconds()))
            throw new PlasmiteException(ErrorKind.Internal, "timestamp is out of range for RFC 3339");
        if (destination.Length < MaxLength)
            throw new ArgumentException("destination must hold at least 30 bytes", nameof(destination));

        var dt = DateTime.UnixEpoch.AddSeconds(seconds);
        int pos = 0;
        Write(destination, ref pos, dt.Year, 4);
        destination[pos++] = (byte)'-';
        Write(destination, ref pos, dt.Month, 2);
        destination[pos++] = (byte)'-';
        Write(destination, ref pos, dt.Day, 2);
        destination[pos++] = (byte)'T';
        Write(destination, ref pos, dt.Hour, 2);
        destination[pos++] = (byte)':';
        Write(destination, ref pos, dt.Minute, 2);
        destination[pos++] = (byte)':';
        Write(destination, ref pos, dt.Second, 2);
        if (nanos != 0)
        {
            int digits = 9;
            while (nanos % 10 == 0)
            {
                nanos /= 10;
                digits--;
            }
            destination[pos++] = (byte)'.';
            Write(destination, ref pos, (int)nanos, digits);
        }
        destination[pos++] = (byte)'Z';
        return pos;
    }

    /// <summary>Formats <paramref name="timestampNs"/> as a string.</summary>
    public static string Format(ulong timestampNs)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        int n = Format(timestampNs, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..n]);
    }

    /// <summary>
    /// Parses an RFC 3339 UTC timestamp with 0–9 fractional digits (as produced by
    /// <see cref="Format(ulong)"/>, also accepting <c>+00:00</c> and lower-case <c>t</c>/<c>z</c>)
    /// into nanoseconds since the Unix epoch.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ulong timestampNs)
    {
        timestampNs = 0;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't')
            || text[13] != ':' || text[16] != ':')
            return false;
        if (!TryDigits(text[..4], out int year) || !TryDigits(text[5..7], out int month) || !TryDigits(text[8..10], out int day)
            || !TryDigits(text[11..13], out int hour) || !TryDigits(text[14..16], out int minute) || !TryDigits(text[17..19], out int second))
            return false;
        int pos = 19;
        ulong fraction = 0;
        if (text[pos] == '.')
        {
            pos++;
            int start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                if (pos - start >= 9) return false;
                fraction = fraction * 10 + (ulong)(text[pos] - '0');
                pos++;
            }
            int digits = pos - start;
            if (digits == 0) return false;
            for (int i = digits; i < 9; i++) fraction *= 10;
        }
        var rest = text[pos..];
        if (!(rest is "Z" or "z" or "+00:00" or "-00:00")) return false;
        if (year < 1970 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
            return false;
        var dt = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Utc);
        timestampNs = (ulong)(dt - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond * NanosPerSecond + fraction;
        return true;
    }

    /// <summary>Converts nanoseconds since the Unix epoch to a UTC <see cref="DateTimeOffset"/> (100 ns resolution).</summary>
    public static DateTimeOffset ToDateTimeOffset(ulong timestampNs) =>
        new(DateTime.UnixEpoch.Ticks + (long)(timestampNs / 100), TimeSpan.Zero);

    /// <summary>Nanoseconds since the Unix epoch for the current time (100 ns resolution).</summary>
    public static ulong NowNs()
    {
        long ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        if (ticks < 0) throw new PlasmiteException(ErrorKind.Internal, "time went backwards");
        return (ulong)ticks * 100;
    }

    private static void Write(Span<byte> destination, ref int pos, int value, int width)
    {
        Utf8Formatter.TryFormat(value, destination.Slice(pos, width), out _, new StandardFormat('D', (byte)width));
        pos += width;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
