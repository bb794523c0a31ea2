// Entry points of `plasmite serve`: build the Kestrel app from a validated config, start, write the ready file, stop.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Plasmite.AspNetCore;

namespace Plasmite.Cli.Server;

/// <summary>Runs the HTTP server of remote protocol v0.</summary>
internal static class ServerHost
{
    /// <summary>
    /// Validates <paramref name="options"/>, serves until <paramref name="cancellationToken"/> is cancelled (the CLI maps
    /// SIGINT/SIGTERM to it), then shuts down gracefully within <see cref="ServerOptions.ShutdownTimeout"/>.
    /// </summary>
    /// <returns>0 after a graceful shutdown.</returns>
    /// <exception cref="PlasmiteException">Usage (invalid options, exit 2); Io (<c>failed to bind server</c>, ready file; exit 8).</exception>
    public static async Task<int> RunAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        await using var server = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        var banner = options.BannerWriter ?? (Console.IsErrorRedirected ? null : Console.Error);
        banner?.Write(ServeText.Banner(server.Config, server.BoundAddress));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await server.StopAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>Validates and starts the server; returns once it is listening (and the ready file is written).</summary>
    public static async Task<RunningServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = ServerConfig.Resolve(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = (long)Math.Min(config.MaxBodyBytes, long.MaxValue);
            kestrel.Listen(config.Bind, listen =>
            {
                if (config.Certificate is { } cert)
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(cert);
                }
                else
                {
                    listen.Protocols = HttpProtocols.Http1;
                }
            });
        });
        var app = builder.Build();
        // A thin host: Kestrel, TLS, the ready file and the banner are ours; the endpoints are the library's.
        app.UsePlasmiteVersionHeader();
        app.MapPlasmiteUi();
        app.MapPlasmite("", o =>
        {
            o.PoolDirectory = config.PoolDirectory;
            o.Access = config.Access;
            o.Token = config.Token;
            o.CorsOrigins = [.. config.CorsOrigins];
            o.MaxBodyBytes = config.MaxBodyBytes;
            o.MaxTailTimeoutMs = config.MaxTailTimeoutMs;
            o.MaxTailConcurrency = config.MaxTailConcurrency;
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new PlasmiteException(ErrorKind.Io, "failed to bind server", inner: e);
        }
        var bound = BoundEndPoint(app, config);
        var running = new RunningServer(app, config, bound);
        if (options.ReadyFile is { Length: > 0 } readyFile)
        {
            try
            {
                WriteReadyFile(readyFile, ServerConfig.FormatEndPoint(bound));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await running.DisposeAsync().ConfigureAwait(false);
                throw new PlasmiteException(ErrorKind.Io, "failed to write ready file", path: readyFile, inner: e);
            }
        }
        return running;
    }

    private static IPEndPoint BoundEndPoint(WebApplication app, ServerConfig config)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (string address in addresses ?? [])
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
                return new IPEndPoint(config.Bind.Address, uri.Port);
        }
        return config.Bind;
    }

    private static void WriteReadyFile(string path, string content)
    {
        string tmp = Path.ChangeExtension(path, "tmp");
        if (tmp == path) tmp = path + ".tmp";
        File.WriteAllText(tmp, content);
        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>A started server: its bound address, base URL, and stop/dispose.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    internal RunningServer(WebApplication app, ServerConfig config, IPEndPoint boundAddress)
    {
        _app = app;
        Config = config;
        BoundAddress = boundAddress;
        BaseUrl = new Uri(config.BaseUrlFor(boundAddress) + "/");
    }

    /// <summary>The validated configuration.</summary>
    public ServerConfig Config { get; }

    /// <summary>The address actually listened on (port resolved when 0 was asked for).</summary>
    public IPEndPoint BoundAddress { get; }

    /// <summary>The URL clients use (<c>http(s)://host:port/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Stops accepting, ends open tails, waits for in-flight requests up to the shutdown timeout.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
