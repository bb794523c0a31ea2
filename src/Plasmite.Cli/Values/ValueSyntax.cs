// Parsers and formatters for the CLI's value syntaxes (spec cli.md §4.6): sizes, durations, --since, durability.
using System.Globalization;
using System.Text;

namespace Plasmite.Cli.Values;

/// <summary>The durability values accepted by <c>--durability</c>.</summary>
internal enum CliDurability
{
    /// <summary>No fsync.</summary>
    Fast,

    /// <summary>fsync after the write.</summary>
    Flush,
}

/// <summary>Value syntaxes shared by several commands. Every failure is a <c>Usage</c> error.</summary>
internal static class ValueSyntax
{
    private const string SizeHint = "Use a byte count with an optional K, M, or G suffix (for example 64M or 1G).";
    private const string DurationHint = "Use digits followed by ms, s, m, or h (for example 500ms, 5s, 1m, 2h).";

    /// <summary>Parses <c>4096</c>, <c>64K</c>, <c>64 M</c>, <c>1g</c> (binary multiples).</summary>
    public static ulong ParseSize(string text)
    {
        var s = text.Trim();
        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == 0) throw Usage("invalid size", SizeHint);
        if (!ulong.TryParse(s.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out ulong number))
            throw Usage("size overflow", SizeHint);
        var suffix = s.AsSpan(i).TrimStart();
        ulong multiplier = suffix switch
        {
            "" => 1,
            "K" or "k" => 1UL << 10,
            "M" or "m" => 1UL << 20,
            "G" or "g" => 1UL << 30,
            _ => 0,
        };
        if (multiplier == 0)
        {
            // A decimal point or other digits-adjacent junk is a malformed number, letters are a bad suffix.
            throw Usage(char.IsAsciiLetter(suffix[0]) ? "invalid size suffix" : "invalid size", SizeHint);
        }
        try
        {
            return checked(number * multiplier);
        }
        catch (OverflowException)
        {
            throw Usage("size overflow", SizeHint);
        }
    }

    /// <summary>Parses <c>500ms</c>, <c>5s</c>, <c>1m</c>, <c>2h</c>: digits immediately followed by a unit.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        int i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == 0 || !ulong.TryParse(text.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            throw Usage("invalid duration", DurationHint);
        double unitMs = text.AsSpan(i) switch
        {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => -1,
        };
        if (unitMs < 0) throw Usage("invalid duration", DurationHint);
        double ms = n * unitMs;
        if (ms > TimeSpan.MaxValue.TotalMilliseconds / 2) throw Usage("invalid duration", DurationHint);
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>
    /// Parses <c>--since</c>: <c>&lt;digits&gt;&lt;s|m|h|d&gt;</c> (either case) meaning "now minus that much",
    /// or an RFC 3339 timestamp with any offset. Returns nanoseconds since the Unix epoch.
    /// </summary>
    public static ulong ParseSince(string text, ulong nowNs)
    {
        const string hint = "Use a relative time like 10m, 2h or 1d, or an RFC 3339 timestamp like 2026-02-08T12:00:00Z.";
        var s = text.Trim();
        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i > 0 && i == s.Length - 1)
        {
            ulong unitNs = char.ToLowerInvariant(s[i]) switch
            {
                's' => 1_000_000_000UL,
                'm' => 60_000_000_000UL,
                'h' => 3_600_000_000_000UL,
                'd' => 86_400_000_000_000UL,
                _ => 0,
            };
            if (unitNs != 0 && ulong.TryParse(s.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            {
                try
                {
                    ulong back = checked(n * unitNs);
                    return back >= nowNs ? 0 : nowNs - back;
                }
                catch (OverflowException)
                {
                    return 0;
                }
            }
            throw Usage("invalid --since value", hint);
        }
        if (TryParseTimestamp(s, out ulong ns)) return ns;
        throw Usage("invalid --since value", hint);
    }

    /// <summary>RFC 3339 with any UTC offset (<c>Z</c>, <c>+02:00</c>, <c>-05:30</c>) to nanoseconds since the epoch.</summary>
    public static bool TryParseTimestamp(string s, out ulong ns)
    {
        ns = 0;
        if (Rfc3339.TryParse(s, out ns)) return true;
        if (s.Length < 25) return false;
        var off = s.AsSpan(s.Length - 6);
        if ((off[0] != '+' && off[0] != '-') || off[3] != ':'
            || !int.TryParse(off.Slice(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hh)
            || !int.TryParse(off.Slice(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int mm)
            || hh > 23 || mm > 59)
            return false;
        if (!Rfc3339.TryParse(string.Concat(s.AsSpan(0, s.Length - 6), "Z"), out ulong local)) return false;
        long shift = (hh * 60L + mm) * 60_000_000_000L;
        long utc = off[0] == '+' ? (long)local - shift : (long)local + shift;
        if (utc < 0) return false;
        ns = (ulong)utc;
        return true;
    }

    /// <summary>Parses <c>fast</c> or <c>flush</c>.</summary>
    public static CliDurability ParseDurability(string text) => text switch
    {
        "fast" => CliDurability.Fast,
        "flush" => CliDurability.Flush,
        _ => throw Usage("invalid durability", "Use --durability fast or --durability flush."),
    };

    /// <summary>Human byte count: below 1024 plain, else the largest of G/M/K, integer when exact else one decimal.</summary>
    public static string FormatBytes(ulong bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture);
        (ulong unit, char suffix) = bytes >= 1UL << 30 ? (1UL << 30, 'G') : bytes >= 1UL << 20 ? (1UL << 20, 'M') : (1UL << 10, 'K');
        if (bytes % unit == 0) return (bytes / unit).ToString(CultureInfo.InvariantCulture) + suffix;
        return ((double)bytes / unit).ToString("0.0", CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>Human relative age: <c>Ns ago</c> (at least 1s), <c>Nm ago</c>, <c>Nh ago</c>, <c>Nd ago</c>, <c>Nw ago</c>.</summary>
    public static string FormatAge(TimeSpan age)
    {
        long s = Math.Max(1, (long)age.TotalSeconds);
        if (s < 60) return $"{s}s ago";
        if (s < 3600) return $"{s / 60}m ago";
        if (s < 86400) return $"{s / 3600}h ago";
        if (s < 7 * 86400) return $"{s / 86400}d ago";
        return $"{s / (7 * 86400)}w ago";
    }

    /// <summary>A plain-text table (spec §4.7): left-aligned cells padded to column width, two-space gaps.</summary>
    public static string FormatTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        int cols = header.Count;
        var widths = new int[cols];
        static string Cell(string c) => c.Replace("\n", "\\n", StringComparison.Ordinal);
        for (int c = 0; c < cols; c++) widths[c] = header[c].Length;
        foreach (var row in rows)
            for (int c = 0; c < cols; c++) widths[c] = Math.Max(widths[c], Cell(row[c]).Length);
        var sb = new StringBuilder();
        void Row(IReadOnlyList<string> cells)
        {
            var line = new StringBuilder();
            for (int c = 0; c < cols; c++)
            {
                if (c > 0) line.Append("  ");
                line.Append(Cell(cells[c]).PadRight(widths[c]));
            }
            sb.Append(line).Append('\n');
        }
        Row(header);
        foreach (var row in rows) Row(row);
        return sb.ToString();
    }

    private static PlasmiteException Usage(string message, string hint) => new(ErrorKind.Usage, message, hint: hint);
}
