// MapPlasmite / MapPlasmiteUi: the remote protocol v0 endpoints and the web UI on any ASP.NET Core app, under any prefix.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Plasmite.AspNetCore.Server;

namespace Plasmite.AspNetCore;

/// <summary>Maps Plasmite's HTTP endpoints (the same ones <c>plasmite serve</c> answers).</summary>
public static class PlasmiteEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every endpoint of remote protocol v0 (<c>/healthz</c>, <c>/v0/pools…</c>: create, open, list, info, delete,
    /// append, append_lite3, get, get lite3, tail, tail lite3, and the UI's <c>/v0/ui/pools</c>) under
    /// <paramref name="prefix"/>, with the protocol's bearer token, access mode, limits, CORS policy and in-band JSON
    /// errors. Returns the group so the app can add its own conventions (<c>RequireAuthorization</c>,
    /// <c>RequireRateLimiting</c>, OpenAPI metadata, CORS policies). Mapped at the root, the original's clients (which
    /// refuse a base URL with a path) work unchanged.
    /// </summary>
    /// <param name="endpoints">The app (or any route builder).</param>
    /// <param name="prefix">Path prefix, e.g. <c>/plasmite</c>; empty or <c>/</c> for the root.</param>
    /// <param name="configure">Server settings (pool directory, access, token, CORS, limits).</param>
    /// <exception cref="PlasmiteException">Usage when the settings are invalid.</exception>
    public static RouteGroupBuilder MapPlasmite(this IEndpointRouteBuilder endpoints, string prefix = "", Action<PlasmiteServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = new PlasmiteServerOptions();
        configure?.Invoke(options);
        var settings = ServerSettings.From(options, services.GetService<IOptions<PlasmiteOptions>>()?.Value.Directory);
        var lifetime = services.GetService<IHostApplicationLifetime>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Plasmite.AspNetCore.Server") ?? NullLogger.Instance;
        var state = new ServerState(settings, lifetime?.ApplicationStopping ?? CancellationToken.None, logger);
        lifetime?.ApplicationStopped.Register(state.Dispose);

        var group = endpoints.MapGroup(NormalizePrefix(prefix));
        ServerPipeline.Apply(group, settings.CorsOrigins);
        UiRoutes.MapHealth(group);
        PoolRoutes.Map(group, state);
        MessageRoutes.Map(group, state);
        TailRoutes.Map(group, state);
        McpRoutes.Map(group, state);
        if (settings.CorsOrigins.Count > 0)
        {
            // Preflights need an endpoint to reach the pipeline; other OPTIONS requests get 405 as without CORS.
            group.MapMethods("/v0/{**path}", [HttpMethods.Options], MethodNotAllowed);
            group.MapMethods("/healthz", [HttpMethods.Options], MethodNotAllowed);
            group.MapMethods("/mcp", [HttpMethods.Options], MethodNotAllowed);
        }
        ServerLog.Mapped(logger, NormalizePrefix(prefix), settings.PoolDirectory, settings.Access, settings.Token is null ? "none" : "bearer token");
        return group;
    }

    /// <summary>Maps the single-page web UI (<c>/ui</c>, <c>/ui/pools/{pool}</c>) under <paramref name="prefix"/>. The page
    /// calls the API at the root (<c>/v0/…</c>), so map it beside <see cref="MapPlasmite"/> at the root.</summary>
    public static RouteGroupBuilder MapPlasmiteUi(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(NormalizePrefix(prefix));
        ServerPipeline.Apply(group, []);
        UiRoutes.Map(group);
        return group;
    }

    /// <summary>Adds the protocol's <c>plasmite-version: 0</c> header to every response of the app, including the
    /// framework's own 404/405 rejections: for an app that is a dedicated Plasmite server (as <c>plasmite serve</c>).</summary>
    public static IApplicationBuilder UsePlasmiteVersionHeader(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            ServerPipeline.Stamp(context.Response);
            return next(context);
        });
    }

    private static Task MethodNotAllowed(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static string NormalizePrefix(string? prefix) =>
        string.IsNullOrEmpty(prefix) || prefix == "/" ? "" : "/" + prefix.Trim('/');
}
