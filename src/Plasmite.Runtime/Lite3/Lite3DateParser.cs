// Fast parse of the common ISO 8601 date-time-with-offset text for typed Lite3 reads; anything unusual is left to System.Text.Json.
namespace Plasmite.Lite3;

/// <summary>
/// Parses <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±HH:mm)</c> — what System.Text.Json writes for a <see cref="DateTimeOffset"/> —
/// to the value System.Text.Json reads from it. Returns false for every other form (no offset, fewer or more fraction
/// digits, lowercase letters, out-of-range fields, years outside 2–9998), so the caller falls back to System.Text.Json's
/// own converter and both paths agree on values and errors.
/// </summary>
internal static class Lite3DateParser
{
    public static bool TryParseDateTimeOffset(ReadOnlySpan<byte> s, out DateTimeOffset result)
    {
        result = default;
        if (s.Length < 20 || s.Length > 33 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
        {
            return false;
        }

        if (year < 2 || year > 9998 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        int pos = 19;
        long fraction = 0;
        if (s[pos] == '.')
        {
            int start = ++pos;
            while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
            {
                pos++;
            }

            int n = pos - start;
            if (n is < 1 or > 7 || !Digits(s, start, n, out int f))
            {
                return false;
            }

            fraction = f;
            for (int i = n; i < 7; i++)
            {
                fraction *= 10;
            }
        }

        TimeSpan offset;
        if (pos == s.Length - 1 && s[pos] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (pos == s.Length - 6 && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':'
            && Digits(s, pos + 1, 2, out int oh) && Digits(s, pos + 4, 2, out int om) && om <= 59 && (oh < 14 || (oh == 14 && om == 0)))
        {
            int minutes = (oh * 60) + om;
            offset = TimeSpan.FromMinutes(s[pos] == '-' ? -minutes : minutes);
        }
        else
        {
            return false;
        }

        long ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        result = new DateTimeOffset(ticks, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }
}
