// --cors-origin normalization (remote-v0 §11): scheme://host[:port], no wildcard, no path.
namespace Plasmite.AspNetCore.Server;

/// <summary>Normalizes browser origins for the CORS allow-list.</summary>
internal static class CorsOrigins
{
    /// <summary>Normalizes each origin; duplicates removed, order kept.</summary>
    /// <exception cref="PlasmiteException">Usage for empty, wildcard, unparsable or non-origin values.</exception>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> origins)
    {
        var result = new List<string>();
        foreach (string raw in origins)
        {
            string origin = NormalizeOne(raw);
            if (!result.Contains(origin, StringComparer.Ordinal)) result.Add(origin);
        }
        return result;
    }

    /// <summary>Normalizes one origin.</summary>
    public static string NormalizeOne(string? raw)
    {
        string value = (raw ?? "").Trim();
        if (value.Length == 0) throw Bad("--cors-origin must not be empty", raw);
        if (value == "*") throw Bad("--cors-origin does not accept the wildcard '*'; list each origin", raw);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)) throw Bad($"invalid --cors-origin '{value}'", raw);
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            throw Bad($"--cors-origin '{value}' must use http or https", raw);
        if (string.IsNullOrEmpty(uri.Host)) throw Bad($"--cors-origin '{value}' has no host", raw);
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw Bad($"--cors-origin '{value}' must not contain user info", raw);
        if (uri.AbsolutePath != "/") throw Bad($"--cors-origin '{value}' must not contain a path", raw);
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || value.Contains('?') || value.Contains('#'))
            throw Bad($"--cors-origin '{value}' must not contain a query or fragment", raw);
        string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.Host.ToLowerInvariant();
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }

    private static PlasmiteException Bad(string message, string? raw) =>
        new(ErrorKind.Usage, message, hint: "Use an origin such as https://app.example.com or http://localhost:3000.");
}
