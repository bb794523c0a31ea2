// Pool references (spec cli.md §3): local names/paths resolved against --dir, and http(s) shorthand refs.
namespace Plasmite.Cli.Execution;

/// <summary>A pool argument after resolution: either a local file or a pool on a remote server.</summary>
internal abstract record PoolRef(string Typed);

/// <summary>A local pool file. <see cref="IsPathLike"/> is true when the argument contained a path separator.</summary>
internal sealed record LocalPoolRef(string Typed, string Path, bool IsPathLike) : PoolRef(Typed);

/// <summary>A remote pool: the server base URL (path <c>/</c>) and the pool name.</summary>
internal sealed record RemotePoolRef(string Typed, Uri BaseUrl, string Pool) : PoolRef(Typed)
{
    /// <summary><c>&lt;base-url&gt;&lt;pool&gt;</c>, as notices report it.</summary>
    public string Display => BaseUrl.AbsoluteUri + Pool;
}

/// <summary>Resolves pool arguments.</summary>
internal static class PoolRefs
{
    /// <summary>Resolves a local-only argument (URLs are treated as paths, as the spec says for fetch/info/doctor).</summary>
    public static LocalPoolRef ResolveLocal(string arg, string dir)
    {
        bool pathLike = arg.Contains('/') || (OperatingSystem.IsWindows() && arg.Contains('\\'));
        if (pathLike) return new LocalPoolRef(arg, arg, true);
        var file = arg.EndsWith(".plasmite", StringComparison.Ordinal) ? arg : arg + ".plasmite";
        return new LocalPoolRef(arg, System.IO.Path.Combine(dir, file), false);
    }

    /// <summary>True when <paramref name="arg"/> looks like a URL (contains <c>://</c>).</summary>
    public static bool IsUrl(string arg) => arg.Contains("://", StringComparison.Ordinal);

    /// <summary>Resolves an argument of a command that accepts remote shorthand refs (feed, follow, duplex).</summary>
    public static PoolRef Resolve(string arg, string dir)
    {
        if (!IsUrl(arg)) return ResolveLocal(arg, dir);
        if (!arg.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !arg.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw Usage("remote pool ref must use http or https scheme", "Use shorthand: http(s)://host:port/<pool>.");
        const string shapeHint = "API-shaped URLs are not accepted as pool refs.";
        const string shape = "remote pool ref must use shorthand http(s)://host:port/<pool>";
        if (!Uri.TryCreate(arg, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw Usage("invalid remote pool ref", "Use shorthand: http(s)://host:port/<pool>.");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || arg.Contains('?') || arg.Contains('#')) throw Usage(shape, shapeHint);
        int schemeEnd = arg.IndexOf("://", StringComparison.Ordinal) + 3;
        int pathStart = arg.IndexOf('/', schemeEnd);
        string rawPath = pathStart < 0 ? "" : arg[pathStart..];
        if (rawPath.Contains("%2f", StringComparison.OrdinalIgnoreCase)) throw Usage(shape, shapeHint);
        var segment = rawPath.TrimStart('/');
        if (rawPath.Length < 2 || rawPath.IndexOf('/', 1) >= 0 || segment.Length == 0 || segment == "pool")
            throw Usage(shape, shapeHint);
        var pool = Uri.UnescapeDataString(segment);
        var baseUrl = new UriBuilder(uri) { Path = "/", Query = "", Fragment = "" }.Uri;
        return new RemotePoolRef(arg, baseUrl, pool);
    }

    private static PlasmiteException Usage(string message, string hint) => new(ErrorKind.Usage, message, hint: hint);
}
