// The one pool-name rule (docs/pool-names.md): which names become files, the same on every platform.
// Self-contained (no runtime types) so that code which cannot reference the runtime can link this file.
namespace Plasmite.Storage;

/// <summary>
/// Validates pool names: the names the original accepts (anything without a path separator) minus those some file
/// system cannot store, judged the same on every platform so a pool name that works on one machine works on all.
/// The SDK, the CLI, the HTTP server and the MCP server all go through this rule (via <see cref="Validate"/>).
/// </summary>
internal static partial class PoolName
{
    /// <summary>The file name extension every pool file has.</summary>
    public const string Extension = ".plasmite";

    /// <summary>The pool name a pool file stands for: its file name without <see cref="Extension"/> (the whole file name
    /// when it has another ending), as <c>pool list</c>, pool-info JSON and the NATS bridge name pools.</summary>
    public static string FromPath(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        return file.EndsWith(Extension, System.StringComparison.Ordinal) ? file.Substring(0, file.Length - Extension.Length) : file;
    }

    /// <summary>Most bytes (UTF-8) a pool's file name may have, extension included (NAME_MAX on Linux and macOS;
    /// Windows allows 255 UTF-16 units, never fewer than the bytes).</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>
    /// Why <paramref name="name"/> cannot be a pool name, or null when it can. Rejected: empty names; path separators
    /// (<c>/</c> and <c>\</c>); NUL and other control characters (U+0000–U+001F); the characters
    /// <c>&lt; &gt; : " | ? *</c>; names whose part before the first dot is a Windows device name (CON, PRN, AUX,
    /// NUL, COM0–9, LPT0–9, also with superscript digits, any letter case); invalid UTF-16 (a lone surrogate);
    /// file names (with <c>.plasmite</c>) over 255 UTF-8 bytes. Dots and spaces anywhere are fine: the file name always
    /// ends in <c>.plasmite</c>, so Windows' trailing dot/space rule never applies.
    /// </summary>
    public static string? Problem(string? name)
    {
        if (name is null || name.Length == 0) return "pool name must not be empty";
        int bytes = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '/' || c == '\\') return "pool name must not contain path separators";
            if (c < 0x20) return c == 0 ? "pool name must not contain NUL" : "pool name must not contain control characters";
            if (c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' || c == '*')
                return "pool name must not contain any of < > : \" | ? *";
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                bytes += 4;
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return "pool name must be valid Unicode (lone surrogate)";
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        if (!name.EndsWith(Extension, System.StringComparison.Ordinal)) bytes += Extension.Length;
        if (bytes > MaxFileNameBytes) return "pool name is too long (its file name may have at most 255 bytes)";
        if (IsWindowsDeviceName(name)) return "pool name is a reserved device name on Windows (CON, PRN, AUX, NUL, COM1, LPT1, …)";
        return null;
    }

    /// <summary>True when <paramref name="name"/> is a valid pool name (see <see cref="Problem"/>).</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>The file name of pool <paramref name="name"/>: the name itself when it already ends in
    /// <c>.plasmite</c> (case-sensitive), else the name plus <c>.plasmite</c>. Does not validate.</summary>
    public static string FileName(string name) =>
        name.EndsWith(Extension, System.StringComparison.Ordinal) ? name : name + Extension;

    // Windows maps these to devices whatever follows the first dot ("nul.plasmite" is the NUL device); trailing spaces
    // before the dot are ignored too.
    private static bool IsWindowsDeviceName(string name)
    {
        int dot = name.IndexOf('.');
        string stem = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ');
        if (stem.Length == 3)
        {
            string s = stem.ToUpperInvariant();
            return s == "CON" || s == "PRN" || s == "AUX" || s == "NUL";
        }
        if (stem.Length == 4)
        {
            string s = stem.Substring(0, 3).ToUpperInvariant();
            char d = stem[3];
            bool digit = (d >= '0' && d <= '9') || d == '\u00B9' || d == '\u00B2' || d == '\u00B3';
            return digit && (s == "COM" || s == "LPT");
        }
        return false;
    }
}
