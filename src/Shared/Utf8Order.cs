// The one ordering of JSON keys the original uses (serde_json's BTreeMap): by UTF-8 bytes. Source linked into the CLI and the generator.
namespace Plasmite.Text;

/// <summary>Compares strings as their UTF-8 encodings would compare byte by byte, without encoding them.</summary>
internal static class Utf8Order
{
    /// <summary>UTF-8 byte order, which is Unicode code point order.</summary>
    /// <remarks>
    /// UTF-16 ordinal order agrees with code point order except that surrogates (D800–DFFF, code points ≥ U+10000)
    /// sort below E000–FFFF; moving each unit into its code point's place first fixes that, as ICU does.
    /// A lone surrogate sorts as a supplementary code point would.
    /// </remarks>
    public static int Compare(string a, string b)
    {
        int n = a.Length < b.Length ? a.Length : b.Length;
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x != y) return Rank(x).CompareTo(Rank(y));
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int Rank(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
