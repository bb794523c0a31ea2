// Validated serve configuration: checks ServerOptions in the original's order (cli.md §5.10) and resolves files.
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Plasmite.AspNetCore;
using Plasmite.AspNetCore.Server;

namespace Plasmite.Cli.Server;

/// <summary>A validated, resolved serve configuration.</summary>
internal sealed class ServerConfig
{
    private const string InitHint = "Run `plasmite serve init` to create a token file and TLS certificate.";

    private ServerConfig()
    {
    }

    /// <summary>The address to listen on.</summary>
    public required IPEndPoint Bind { get; init; }

    /// <summary>Pool directory.</summary>
    public required string PoolDirectory { get; init; }

    /// <summary>Access mode.</summary>
    public required ServerAccess Access { get; init; }

    /// <summary>Bearer token, when auth is on.</summary>
    public string? Token { get; init; }

    /// <summary><c>none</c>, <c>bearer token (--token)</c> or <c>bearer token (--token-file)</c>.</summary>
    public required string AuthDescription { get; init; }

    /// <summary>Server certificate (with key) when TLS is on.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary><c>disabled</c>, <c>enabled</c> or <c>self-signed</c>.</summary>
    public required string TlsMode { get; init; }

    /// <summary>Certificate fingerprint (<c>SHA256:…</c>) when TLS is on.</summary>
    public string? TlsFingerprint { get; init; }

    /// <summary>Normalized CORS allow-list (empty = CORS off).</summary>
    public required IReadOnlyList<string> CorsOrigins { get; init; }

    /// <summary>Largest request body.</summary>
    public required ulong MaxBodyBytes { get; init; }

    /// <summary>Default and maximum tail <c>timeout_ms</c>.</summary>
    public required ulong MaxTailTimeoutMs { get; init; }

    /// <summary>Simultaneous tails; also the storage admission limit.</summary>
    public required int MaxTailConcurrency { get; init; }

    /// <summary>True when the bind address is a loopback address.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Bind.Address);

    /// <summary>True when the bind address is 0.0.0.0 or ::.</summary>
    public bool IsUnspecified => Bind.Address.Equals(IPAddress.Any) || Bind.Address.Equals(IPAddress.IPv6Any);

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme => Certificate is null ? "http" : "https";

    /// <summary>The access mode as the flag spells it.</summary>
    public string AccessName => AccessToString(Access);

    /// <summary>Validates <paramref name="options"/> exactly as <c>serve</c> and <c>serve check</c> do.</summary>
    /// <exception cref="PlasmiteException">Usage (exit 2) or Io (exit 8) with the original's messages and hints.</exception>
    public static ServerConfig Resolve(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bind = ParseBind(options.Bind);
        var access = ParseAccess(options.Access);
        if (options.Token is not null && options.TokenFile is not null)
            throw new PlasmiteException(ErrorKind.Usage, "--token cannot be combined with --token-file", hint: InitHint);
        string? token = options.Token;
        string auth = token is null ? "none" : "bearer token (--token)";
        if (options.TokenFile is { } tokenFile)
        {
            token = ReadTokenFile(tokenFile);
            auth = "bearer token (--token-file)";
        }
        else if (token is not null && token.Length == 0)
        {
            throw new PlasmiteException(ErrorKind.Usage, "--token must not be empty");
        }

        X509Certificate2? certificate = null;
        string? fingerprint = null;
        string tlsMode = "disabled";
        if (options.TlsSelfSigned && options.TlsCert is null && options.TlsKey is null)
        {
            certificate = TlsMaterial.CreateSelfSigned(bind.Address, out _, out _);
            fingerprint = TlsMaterial.Fingerprint(certificate);
            tlsMode = "self-signed";
        }
        else if (options.TlsCert is { } certPath)
        {
            using var leaf = TlsMaterial.LoadCertificateOnly(certPath);
            fingerprint = TlsMaterial.Fingerprint(leaf);
        }

        var cors = Plasmite.AspNetCore.Server.CorsOrigins.Normalize(options.CorsOrigins ?? []);
        bool loopback = IPAddress.IsLoopback(bind.Address);
        if (!loopback && !options.AllowNonLoopback)
            throw new PlasmiteException(ErrorKind.Usage, $"refusing to bind non-loopback address {FormatEndPoint(bind)}",
                hint: "Pass --allow-non-loopback to serve on the network (and see `plasmite serve init`).");
        if ((options.TlsCert is null) != (options.TlsKey is null))
            throw new PlasmiteException(ErrorKind.Usage, "TLS requires both --tls-cert and --tls-key", hint: InitHint);
        if (options.TlsSelfSigned && (options.TlsCert is not null || options.TlsKey is not null))
            throw new PlasmiteException(ErrorKind.Usage, "--tls-self-signed cannot be combined with --tls-cert/--tls-key", hint: InitHint);
        if (options.MaxBodyBytes == 0) throw new PlasmiteException(ErrorKind.Usage, "--max-body-bytes must be greater than zero");
        if (options.MaxTailTimeoutMs == 0) throw new PlasmiteException(ErrorKind.Usage, "--max-tail-timeout-ms must be greater than zero");
        if (options.MaxTailConcurrency == 0) throw new PlasmiteException(ErrorKind.Usage, "--max-tail-concurrency must be greater than zero");
        bool tls = options.TlsSelfSigned || options.TlsCert is not null;
        if (!loopback && access != ServerAccess.ReadOnly)
        {
            if (options.TokenFile is null)
                throw new PlasmiteException(ErrorKind.Usage, "non-loopback write requires --token-file", hint: InitHint);
            if (!tls && !options.InsecureNoTls)
                throw new PlasmiteException(ErrorKind.Usage, "non-loopback write requires TLS (--tls-cert/--tls-key or --tls-self-signed)",
                    hint: InitHint + " Or pass --insecure-no-tls on a trusted network.");
        }
        if (options.TlsCert is { } cert && options.TlsKey is { } key)
        {
            certificate = TlsMaterial.LoadPem(cert, key);
            tlsMode = "enabled";
        }

        return new ServerConfig
        {
            Bind = bind,
            PoolDirectory = options.PoolDirectory ?? Plasmite.Storage.PoolDirectory.DefaultDirectory,
            Access = access,
            Token = token,
            AuthDescription = auth,
            Certificate = certificate,
            TlsMode = tlsMode,
            TlsFingerprint = fingerprint,
            CorsOrigins = cors,
            MaxBodyBytes = options.MaxBodyBytes,
            MaxTailTimeoutMs = options.MaxTailTimeoutMs,
            MaxTailConcurrency = (int)Math.Min(options.MaxTailConcurrency, 100_000),
        };
    }

    /// <summary>Parses <c>IP:port</c> / <c>[IPv6]:port</c>.</summary>
    /// <exception cref="PlasmiteException">Usage <c>invalid bind address</c>.</exception>
    public static IPEndPoint ParseBind(string? text)
    {
        string value = text ?? "";
        int colon = value.LastIndexOf(':');
        bool hasPort = colon > 0 && (value[0] != '[' || value[colon - 1] == ']');
        if (!hasPort || !IPEndPoint.TryParse(value, out var endPoint)
            || !ushort.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new PlasmiteException(ErrorKind.Usage, "invalid bind address", hint: "Use host:port with an IP address, e.g. 127.0.0.1:9700.");
        return endPoint;
    }

    /// <summary>Parses an access mode name.</summary>
    public static ServerAccess ParseAccess(string? text) => text switch
    {
        null or "read-write" => ServerAccess.ReadWrite,
        "read-only" => ServerAccess.ReadOnly,
        "write-only" => ServerAccess.WriteOnly,
        _ => throw new PlasmiteException(ErrorKind.Usage, $"invalid access mode '{text}'", hint: "Use read-only, write-only or read-write."),
    };

    /// <summary>The flag spelling of an access mode.</summary>
    public static string AccessToString(ServerAccess access) => access switch
    {
        ServerAccess.ReadOnly => "read-only",
        ServerAccess.WriteOnly => "write-only",
        _ => "read-write",
    };

    /// <summary><c>IP:port</c>, IPv6 bracketed.</summary>
    public static string FormatEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        string ip = endPoint.Address.ToString();
        return endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{ip}]:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{ip}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The host clients use: the bind IP, with 0.0.0.0 shown as 127.0.0.1 and :: as [::1].</summary>
    public static string ClientHost(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Equals(IPAddress.Any)) return "127.0.0.1";
        if (address.Equals(IPAddress.IPv6Any)) return "[::1]";
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }

    /// <summary>The base URL clients use for <paramref name="endPoint"/>.</summary>
    public string BaseUrlFor(IPEndPoint endPoint) =>
        $"{Scheme}://{ClientHost(endPoint.Address)}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private static string ReadTokenFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlasmiteException(ErrorKind.Usage, "failed to read --token-file", path: path, hint: InitHint, inner: e);
        }
        text = text.Trim();
        if (text.Length == 0) throw new PlasmiteException(ErrorKind.Usage, "--token-file is empty", path: path, hint: InitHint);
        return text;
    }
}
