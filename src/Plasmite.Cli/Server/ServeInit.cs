// `plasmite serve init`: write a bearer token, a self-signed certificate and its key; print next commands.
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Plasmite.Text;

namespace Plasmite.Cli.Server;

/// <summary>Options of <c>serve init</c> (cli.md §5.10).</summary>
internal sealed class ServeInitOptions
{
    /// <summary><c>--bind</c>: used in printed commands and the certificate SANs. Default <c>0.0.0.0:9700</c>.</summary>
    public string Bind { get; set; } = "0.0.0.0:9700";

    /// <summary><c>--output-dir</c>: base directory (made absolute; created). Default <c>.</c>.</summary>
    public string OutputDir { get; set; } = ".";

    /// <summary><c>--token-file</c>, relative to the output dir unless absolute.</summary>
    public string TokenFile { get; set; } = "plasmite-auth-token.txt";

    /// <summary><c>--tls-cert</c>, relative to the output dir unless absolute.</summary>
    public string TlsCert { get; set; } = "plasmite-tls-cert.pem";

    /// <summary><c>--tls-key</c>, relative to the output dir unless absolute.</summary>
    public string TlsKey { get; set; } = "plasmite-tls-key.pem";

    /// <summary><c>--force</c>: overwrite existing artifacts.</summary>
    public bool Force { get; set; }
}

/// <summary><c>serve init</c>.</summary>
internal static class ServeInit
{
    /// <summary>Writes the artifacts and renders the report (JSON when stdout is not a terminal).</summary>
    /// <param name="options">Init options.</param>
    /// <param name="parent">The serve run options given before <c>init</c>; any non-default one is refused.</param>
    /// <param name="stdoutIsTerminal">Human text when true, compact JSON otherwise.</param>
    public static ServeCommandResult Run(ServeInitOptions options, ServerOptions? parent, bool stdoutIsTerminal)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            if (parent is not null) CheckParent(parent);
            var bind = ServerConfig.ParseBind(options.Bind);
            string dir = Path.GetFullPath(options.OutputDir);
            string token = Path.GetFullPath(Path.Combine(dir, options.TokenFile));
            string cert = Path.GetFullPath(Path.Combine(dir, options.TlsCert));
            string key = Path.GetFullPath(Path.Combine(dir, options.TlsKey));
            if (token == cert || token == key || cert == key)
                throw new PlasmiteException(ErrorKind.Usage, "serve init requires distinct artifact paths");
            bool existed = false;
            foreach (string p in (string[])[token, cert, key])
            {
                if (!File.Exists(p)) continue;
                if (!options.Force)
                    throw new PlasmiteException(ErrorKind.AlreadyExists, "serve init artifact already exists", path: p,
                        hint: "Pass --force to overwrite the existing files.");
                existed = true;
            }
            // The human text prints this machine's address for unspecified binds: the certificate must name it, or the
            // printed `--tls-ca` commands fail host verification.
            var sanIp = IsUnspecified(bind.Address) && IPAddress.TryParse(RemoteHost(bind.Address), out var printed) ? printed : bind.Address;
            using var certificate = TlsMaterial.CreateSelfSigned(sanIp, out string certPem, out string keyPem);
            string fingerprint = TlsMaterial.Fingerprint(certificate);
            try
            {
                foreach (string p in (string[])[token, cert, key])
                    Directory.CreateDirectory(Path.GetDirectoryName(p)!);
                File.WriteAllText(token, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
                File.WriteAllText(cert, certPem);
                File.WriteAllText(key, keyPem);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PlasmiteException(e is UnauthorizedAccessException ? ErrorKind.Permission : ErrorKind.Io,
                    "failed to write serve init artifacts", path: dir, inner: e);
            }
            var report = new Report(bind, token, cert, key, fingerprint, existed);
            return new ServeCommandResult(0, stdoutIsTerminal ? Human(report) : Json(report), null);
        }
        catch (PlasmiteException e)
        {
            return new ServeCommandResult((int)e.Kind, "", e);
        }
    }

    private sealed record Report(IPEndPoint Bind, string Token, string Cert, string Key, string Fingerprint, bool Replaced)
    {
        public string LocalHost => ServerConfig.ClientHost(Bind.Address);

        public string Port => Bind.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void CheckParent(ServerOptions p)
    {
        var d = new ServerOptions();
        void Refuse(string flag, bool movable) => throw new PlasmiteException(ErrorKind.Usage,
            $"serve init does not use parent option {flag}",
            hint: movable ? $"Place {flag} after `init`: plasmite serve init {flag} …" : $"Remove {flag}; serve init does not use it.");
        if (p.Bind != d.Bind) Refuse("--bind", true);
        if (p.Access != d.Access) Refuse("--access", false);
        if (p.CorsOrigins.Count > 0) Refuse("--cors-origin", false);
        if (p.Token is not null) Refuse("--token", false);
        if (p.TokenFile is not null) Refuse("--token-file", true);
        if (p.TlsCert is not null) Refuse("--tls-cert", true);
        if (p.TlsKey is not null) Refuse("--tls-key", true);
        if (p.TlsSelfSigned) Refuse("--tls-self-signed", false);
        if (p.AllowNonLoopback) Refuse("--allow-non-loopback", false);
        if (p.InsecureNoTls) Refuse("--insecure-no-tls", false);
        if (p.MaxBodyBytes != d.MaxBodyBytes) Refuse("--max-body-bytes", false);
        if (p.MaxTailTimeoutMs != d.MaxTailTimeoutMs) Refuse("--max-tail-timeout-ms", false);
        if (p.MaxTailConcurrency != d.MaxTailConcurrency) Refuse("--max-tail-concurrency", false);
    }

    private static string ServerCommand(Report r) =>
        $"plasmite serve --bind {ServerConfig.FormatEndPoint(r.Bind)} --allow-non-loopback --token-file {Quote(r.Token)} --tls-cert {Quote(r.Cert)} --tls-key {Quote(r.Key)}";

    private static string[] ClientCommands(Report r, string host) =>
    [
        $"plasmite feed https://{host}:{r.Port}/demo --token-file {Quote(r.Token)} --tls-ca {Quote(r.Cert)} '{{\"hello\":\"world\"}}'",
        $"plasmite follow https://{host}:{r.Port}/demo --token-file {Quote(r.Token)} --tls-ca {Quote(r.Cert)} --tail 10",
    ];

    // The first command creates `demo`: remote feeds never create pools, so the printed feeds need it.
    private static string[] CurlCommands(Report r, string host) =>
    [
        $"curl -k -sS -X POST -H 'Authorization: Bearer <token>' -H 'content-type: application/json' --data '{{\"pool\":\"demo\"}}' 'https://{host}:{r.Port}/v0/pools'",
        $"curl -k -sS -X POST -H 'Authorization: Bearer <token>' -H 'content-type: application/json' --data '{{\"data\":{{\"hello\":\"world\"}}}}' https://{host}:{r.Port}/v0/pools/demo/append",
        $"curl -k -N -sS -H 'Authorization: Bearer <token>' 'https://{host}:{r.Port}/v0/pools/demo/tail?timeout_ms=5000'",
    ];

    private static string Json(Report r)
    {
        var b = new ArrayBufferWriter<byte>(1024);
        b.Write("{\"init\":{\"artifact_paths\":{\"tls_cert\":"u8);
        JsonText.WriteString(b, r.Cert);
        b.Write(",\"tls_key\":"u8);
        JsonText.WriteString(b, r.Key);
        b.Write(",\"token_file\":"u8);
        JsonText.WriteString(b, r.Token);
        b.Write("},\"client_commands\":"u8);
        WriteArray(b, ClientCommands(r, r.LocalHost));
        b.Write(",\"curl_client_commands\":"u8);
        WriteArray(b, CurlCommands(r, r.LocalHost));
        b.Write(",\"server_commands\":"u8);
        WriteArray(b, [ServerCommand(r)]);
        b.Write(",\"tls_fingerprint\":"u8);
        JsonText.WriteString(b, r.Fingerprint);
        b.Write("}}\n"u8);
        return Encoding.UTF8.GetString(b.WrittenSpan);
    }

    private static void WriteArray(ArrayBufferWriter<byte> b, string[] items)
    {
        b.Write("["u8);
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0) b.Write(","u8);
            JsonText.WriteString(b, items[i]);
        }
        b.Write("]"u8);
    }

    private static string Human(Report r)
    {
        string host = RemoteHost(r.Bind.Address);
        string? common = Path.GetDirectoryName(r.Token) is { } d && d == Path.GetDirectoryName(r.Cert) && d == Path.GetDirectoryName(r.Key) ? d : null;
        string Show(string p) => common is null ? Quote(p) : Quote("./" + Path.GetFileName(p));
        var sb = new StringBuilder();
        sb.Append(r.Replaced ? "Secure serving re-initialized.\n" : "Secure serving initialized.\n");
        sb.Append("Clients on your network can now read and write your pools over HTTPS.\n\n");
        if (common is not null) sb.Append("  Output directory: ").Append(common).Append("/\n");
        sb.Append(r.Replaced ? "  Files overwritten:\n" : "  Files created:\n");
        sb.Append("    token   ").Append(Path.GetFileName(r.Token)).Append('\n');
        sb.Append("    cert    ").Append(Path.GetFileName(r.Cert)).Append('\n');
        sb.Append("    key     ").Append(Path.GetFileName(r.Key)).Append('\n');
        sb.Append("  Fingerprint: ").Append(r.Fingerprint).Append("\n\n");
        sb.Append("Start the server:\n\n");
        sb.Append("    plasmite serve \\\n");
        sb.Append("      --bind ").Append(ServerConfig.FormatEndPoint(r.Bind)).Append(" \\\n");
        sb.Append("      --allow-non-loopback \\\n");
        sb.Append("      --token-file ").Append(Show(r.Token)).Append(" \\\n");
        sb.Append("      --tls-cert ").Append(Show(r.Cert)).Append(" \\\n");
        sb.Append("      --tls-key ").Append(Show(r.Key)).Append("\n\n");
        sb.Append("From another machine (the first command creates the pool `demo`; remote feeds never create pools):\n\n");
        sb.Append("    curl: ").Append(CurlCommands(r, host)[0]).Append("\n\n");
        sb.Append("    plasmite feed https://").Append(host).Append(':').Append(r.Port).Append("/demo \\\n");
        sb.Append("      --token-file ").Append(Show(r.Token)).Append(" \\\n");
        sb.Append("      --tls-ca ").Append(Show(r.Cert)).Append(" \\\n");
        sb.Append("      '{\"hello\":\"world\"}'\n\n");
        sb.Append("    plasmite follow https://").Append(host).Append(':').Append(r.Port).Append("/demo \\\n");
        sb.Append("      --token-file ").Append(Show(r.Token)).Append(" \\\n");
        sb.Append("      --tls-ca ").Append(Show(r.Cert)).Append(" --tail 10\n\n");
        sb.Append("  MCP:  https://").Append(host).Append(':').Append(r.Port).Append("/mcp\n\n");
        sb.Append("  curl: ").Append(CurlCommands(r, host)[1]).Append("\n\n");
        sb.Append("The token is in ").Append(Show(r.Token)).Append(" (it is never printed). Copy it and the certificate to clients.\n");
        return sb.ToString();
    }

    // The bind IP when specific (loopback included); for unspecified binds this machine's primary non-loopback IP; else YOUR-HOST.
    private static string RemoteHost(IPAddress bind)
    {
        // A loopback bind is reachable only at itself: print it rather than an address the server does not listen on.
        if (!IsUnspecified(bind)) return ServerConfig.ClientHost(bind);
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 9)); // no packet is sent for UDP connect
            if (socket.LocalEndPoint is IPEndPoint local && !IPAddress.IsLoopback(local.Address) && !local.Address.Equals(IPAddress.Any))
                return local.Address.ToString();
        }
        catch (SocketException)
        {
        }
        return "YOUR-HOST";
    }

    private static bool IsUnspecified(IPAddress ip) => ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any);

    /// <summary>Shell-quotes a path only when it has characters outside <c>[A-Za-z0-9/_\-.:=]</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.' or ':' or '='))
                return "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
        }
        return value;
    }
}
