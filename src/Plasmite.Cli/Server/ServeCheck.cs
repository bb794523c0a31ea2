// `plasmite serve [options] check [--json]`: validate exactly as serve would, without binding; print the config.
using System.Buffers;
using Plasmite.Remote;
using Plasmite.Text;

namespace Plasmite.Cli.Server;

/// <summary>The outcome of <c>serve check</c> / <c>serve init</c>: exit code, stdout text, and the error (for stderr) if any.</summary>
/// <param name="ExitCode">0 on success, else the error kind's exit code.</param>
/// <param name="Output">Text for stdout (ends with a newline), empty on failure.</param>
/// <param name="Error">The failure, to be reported through the CLI's normal error channel.</param>
internal sealed record ServeCommandResult(int ExitCode, string Output, PlasmiteException? Error);

/// <summary><c>serve check</c> (cli.md §5.10).</summary>
internal static class ServeCheck
{
    /// <summary>Validates <paramref name="options"/> and renders the resolved configuration.</summary>
    /// <param name="options">The serve options given before <c>check</c>.</param>
    /// <param name="json">True for <c>--json</c> (compact JSON on one line; the CLI may re-render it pretty on a terminal).</param>
    public static ServeCommandResult Run(ServerOptions options, bool json)
    {
        ServerConfig config;
        try
        {
            config = ServerConfig.Resolve(options);
        }
        catch (PlasmiteException e)
        {
            return new ServeCommandResult((int)e.Kind, "", e);
        }
        return new ServeCommandResult(0, json ? Json(config) : Human(config), null);
    }

    /// <summary>The human report.</summary>
    public static string Human(ServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string baseUrl = config.BaseUrlFor(config.Bind);
        string scope = config.IsLoopback ? "(loopback only)" : config.IsUnspecified ? "(all interfaces)" : "(network reachable)";
        var sb = new System.Text.StringBuilder();
        sb.Append("Configuration valid.\n\n");
        sb.Append("  Bind:   ").Append(ServerConfig.FormatEndPoint(config.Bind)).Append(' ').Append(scope).Append('\n');
        sb.Append("  MCP:    ").Append(baseUrl).Append("/mcp\n");
        sb.Append("  ").Append(ServeText.Summary(config).Replace("Auth: bearer", "Auth: bearer token", StringComparison.Ordinal)).Append('\n');
        sb.Append("  Limits: body ").Append(ServeText.Bytes(config.MaxBodyBytes)).Append(", timeout ")
            .Append(ServeText.Millis(config.MaxTailTimeoutMs)).Append(", concurrency ").Append(config.MaxTailConcurrency).Append('\n');
        if (config.TlsFingerprint is { } fp) sb.Append("  Fingerprint: ").Append(fp).Append('\n');
        sb.Append("\nStart with: plasmite serve\n");
        return sb.ToString();
    }

    /// <summary>The <c>--json</c> report (keys sorted, compact, newline-terminated).</summary>
    public static string Json(ServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string baseUrl = config.BaseUrlFor(config.Bind);
        var b = new ArrayBufferWriter<byte>(512);
        b.Write("{\"check\":{\"access\":"u8);
        JsonText.WriteString(b, config.AccessName);
        b.Write(",\"auth\":"u8);
        JsonText.WriteString(b, config.AuthDescription);
        b.Write(",\"base_url\":"u8);
        JsonText.WriteString(b, baseUrl);
        b.Write(",\"cors_allowed_origins\":["u8);
        for (int i = 0; i < config.CorsOrigins.Count; i++)
        {
            if (i > 0) b.Write(","u8);
            JsonText.WriteString(b, config.CorsOrigins[i]);
        }
        b.Write("],\"limits\":{\"max_body_bytes\":"u8);
        JsonText.WriteNumber(b, config.MaxBodyBytes);
        b.Write(",\"max_tail_concurrency\":"u8);
        JsonText.WriteNumber(b, (ulong)config.MaxTailConcurrency);
        b.Write(",\"max_tail_timeout_ms\":"u8);
        JsonText.WriteNumber(b, config.MaxTailTimeoutMs);
        b.Write("},\"listen\":"u8);
        JsonText.WriteString(b, ServerConfig.FormatEndPoint(config.Bind));
        b.Write(",\"mcp\":"u8);
        JsonText.WriteString(b, baseUrl + "/mcp");
        b.Write(",\"status\":\"valid\",\"tls\":"u8);
        JsonText.WriteString(b, config.TlsMode);
        b.Write(",\"tls_fingerprint\":"u8);
        if (config.TlsFingerprint is { } fp) JsonText.WriteString(b, fp);
        else b.Write("null"u8);
        b.Write(",\"web_ui\":"u8);
        JsonText.WriteString(b, baseUrl + "/ui");
        b.Write(",\"web_ui_pool\":"u8);
        JsonText.WriteString(b, baseUrl + "/ui/pools/demo");
        b.Write("}}\n"u8);
        return System.Text.Encoding.UTF8.GetString(b.WrittenSpan);
    }
}
