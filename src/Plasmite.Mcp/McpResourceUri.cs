// Parses pool resource URIs plasmite:///pools/{name} (mcp.md §7.2); the name is taken raw, not percent-decoded.
namespace Plasmite.Mcp;

internal static class McpResourceUri
{
    internal const string FormatError = "resource uri must be in plasmite:///pools/{name} format";

    /// <summary>Null when valid (name set), else the -32602 message.</summary>
    internal static string? Parse(string uri, out string? name)
    {
        name = null;
        string s = uri.Trim();
        int colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(s[0])) return "resource uri must be a valid URI";
        for (int i = 1; i < colon; i++)
            if (!(char.IsAsciiLetterOrDigit(s[i]) || s[i] is '+' or '-' or '.')) return "resource uri must be a valid URI";
        if (!s[..colon].Equals("plasmite", StringComparison.OrdinalIgnoreCase)) return "resource uri must use plasmite scheme";
        string rest = s[(colon + 1)..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            int end = rest.IndexOfAny(['/', '?', '#'], 2);
            string host = end < 0 ? rest[2..] : rest[2..end];
            if (host.Length > 0) return FormatError;
            rest = end < 0 ? "" : rest[end..];
        }
        if (rest.Contains('?', StringComparison.Ordinal) || rest.Contains('#', StringComparison.Ordinal))
            return "resource uri must not include query or fragment";
        const string prefix = "/pools/";
        if (!rest.StartsWith(prefix, StringComparison.Ordinal)) return FormatError;
        string n = rest[prefix.Length..];
        if (n.Length == 0 || n.Contains('/', StringComparison.Ordinal) || n is "." or "..") return FormatError;
        name = n;
        return null;
    }
}
