// Opens the NATS connection for a bridge: validates the URL, applies auth/TLS/reconnect options, maps failures to Io/Usage.
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Plasmite.Nats;

internal static class NatsConnector
{
    /// <summary>Checks every URL of <paramref name="url"/> (comma-separated): scheme nats, tls, ws or wss, a host, a valid port.</summary>
    /// <exception cref="PlasmiteException">Usage for a malformed URL.</exception>
    public static void Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            throw new PlasmiteException(ErrorKind.Usage, "a NATS URL is required", hint: "Pass --nats nats://HOST:PORT.");
        foreach (var part in url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var text = part.Contains("://", StringComparison.Ordinal) ? part : "nats://" + part;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0
                || uri.Scheme is not ("nats" or "tls" or "ws" or "wss"))
                throw new PlasmiteException(ErrorKind.Usage, $"invalid NATS URL '{part}'",
                    hint: "Use nats://HOST:PORT (or tls://, ws://, wss://).");
        }
    }

    public static NatsOpts BuildOptions(NatsBridgeOptions o, ILoggerFactory? loggers)
    {
        Validate(o.Url);
        var auth = NatsAuthOpts.Default with
        {
            Token = o.Token,
            Username = o.User,
            Password = o.Password,
            CredsFile = o.CredsFile,
        };
        var tls = NatsTlsOpts.Default;
        if (o.TlsCaFile is { } ca)
        {
            if (!File.Exists(ca)) throw new PlasmiteException(ErrorKind.NotFound, "TLS CA file not found", path: ca);
            tls = tls with { CaFile = ca, Mode = TlsMode.Require };
        }
        if (o.CredsFile is { } creds && !File.Exists(creds))
            throw new PlasmiteException(ErrorKind.NotFound, "NATS credentials file not found", path: creds);
        var opts = NatsOpts.Default with
        {
            Url = o.Url,
            Name = o.ClientName,
            AuthOpts = auth,
            TlsOpts = tls,
            ConnectTimeout = o.ConnectTimeout,
            ReconnectWaitMin = o.ReconnectWaitMin,
            ReconnectWaitMax = o.ReconnectWaitMax,
            MaxReconnectRetry = -1,
            RetryOnInitialConnect = false,
        };
        return loggers is null ? opts : opts with { LoggerFactory = loggers };
    }

    /// <summary>Connects once; a failure is <see cref="ErrorKind.Io"/> (unreachable, refused, TLS) or
    /// <see cref="ErrorKind.Permission"/> (authorization).</summary>
    public static async Task<NatsConnection> ConnectAsync(NatsBridgeOptions options, ILoggerFactory? loggers, CancellationToken ct)
    {
        var conn = new NatsConnection(BuildOptions(options, loggers));
        try
        {
            await conn.ConnectAsync().AsTask().WaitAsync(ct).ConfigureAwait(false);
            return conn;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            bool auth = e.ToString().Contains("Authorization", StringComparison.OrdinalIgnoreCase);
            throw new PlasmiteException(auth ? ErrorKind.Permission : ErrorKind.Io,
                $"cannot connect to NATS at {options.Url}: {e.Message}",
                hint: auth ? "Check --token, --user/--password or --creds." : "Is nats-server running (with -js) and reachable?", inner: e);
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
