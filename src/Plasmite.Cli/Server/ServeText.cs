// Human texts of `serve`: the startup banner (cli.md §5.10) and shared formatting helpers.
using System.Globalization;
using System.Net;
using System.Text;

namespace Plasmite.Cli.Server;

/// <summary>Formats the startup banner and the values <c>serve check</c> prints.</summary>
internal static class ServeText
{
    /// <summary>The banner printed to a terminal stderr before serving.</summary>
    public static string Banner(ServerConfig config, IPEndPoint bound)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(bound);
        string baseUrl = config.BaseUrlFor(bound);
        string scope = config.IsLoopback ? "(loopback only)" : config.IsUnspecified ? "(all interfaces)" : "(network reachable)";
        var sb = new StringBuilder();
        sb.Append("Serving pools on ").Append(baseUrl).Append(' ').Append(scope).Append("\n\n");
        sb.Append("  UI:   ").Append(baseUrl).Append("/ui\n");
        sb.Append("  MCP:  ").Append(baseUrl).Append("/mcp\n");
        sb.Append("  ").Append(Summary(config)).Append('\n');
        if (config.TlsFingerprint is { } fp) sb.Append("  Fingerprint: ").Append(fp).Append('\n');
        string auth = config.AuthDescription.EndsWith("(--token-file)", StringComparison.Ordinal) ? " --token-file <token-file>"
            : config.Token is not null ? " --token <token>" : "";
        // A generated self-signed certificate has no file to trust: the clients skip verification, as curl's -k does.
        string ca = config.TlsMode switch { "enabled" => " --tls-ca <tls-cert>", "self-signed" => " --tls-skip-verify", _ => "" };
        // curl: -k for a generated certificate, --cacert for a configured one.
        string curlTls = config.TlsMode switch { "self-signed" => " -k", "enabled" => " --cacert <tls-cert>", _ => "" };
        sb.Append("\nTry it (the first command creates the pool `demo`; remote feeds never create pools):\n\n");
        sb.Append("  curl -sS").Append(curlTls).Append(" -X POST -H 'content-type: application/json' \\\n");
        if (config.Token is not null) sb.Append("    -H 'Authorization: Bearer <token>' \\\n");
        sb.Append("    --data '{\"pool\":\"demo\"}' '").Append(baseUrl).Append("/v0/pools'\n\n");
        sb.Append("  plasmite feed ").Append(baseUrl).Append("/demo").Append(auth).Append(ca).Append(" '{\"hello\":\"world\"}'\n");
        sb.Append("  plasmite follow ").Append(baseUrl).Append("/demo").Append(auth).Append(ca).Append(" --tail 10\n\n");
        sb.Append("  curl -sS").Append(curlTls).Append(" -X POST -H 'content-type: application/json' \\\n");
        if (config.Token is not null) sb.Append("    -H 'Authorization: Bearer <token>' \\\n");
        sb.Append("    --data '{\"data\":{\"hello\":\"world\"}}' \\\n");
        sb.Append("    '").Append(baseUrl).Append("/v0/pools/demo/append'\n\n");
        sb.Append("Press Ctrl-C to stop.\n");
        return sb.ToString();
    }

    /// <summary><c>Auth: none    TLS: off    Access: read-write    CORS: same-origin</c>.</summary>
    public static string Summary(ServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string auth = config.Token is null ? "none" : "bearer";
        string tls = config.TlsMode switch { "enabled" => "on", "self-signed" => "self-signed", _ => "off" };
        string cors = config.CorsOrigins.Count > 0 ? "allowlist" : "same-origin";
        return $"Auth: {auth}    TLS: {tls}    Access: {config.AccessName}    CORS: {cors}";
    }

    /// <summary>Human byte size: plain below 1024, else G/M/K (integer when exact, else one decimal).</summary>
    public static string Bytes(ulong n)
    {
        if (n < 1024) return n.ToString(CultureInfo.InvariantCulture);
        (ulong unit, string suffix) = n >= 1UL << 30 ? (1UL << 30, "G") : n >= 1UL << 20 ? (1UL << 20, "M") : (1024UL, "K");
        if (n % unit == 0) return (n / unit).ToString(CultureInfo.InvariantCulture) + suffix;
        return (n / (double)unit).ToString("0.0", CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary><c>30s</c> for whole seconds, else <c>1500ms</c>.</summary>
    public static string Millis(ulong ms) =>
        ms % 1000 == 0 ? (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s" : ms.ToString(CultureInfo.InvariantCulture) + "ms";
}
