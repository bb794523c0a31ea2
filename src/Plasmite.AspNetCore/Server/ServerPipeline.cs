// The pipeline every Plasmite endpoint runs in: plasmite-version header, CORS allow-list, and last-resort error mapping.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Plasmite.AspNetCore.Server;

internal static class ServerPipeline
{
    private static readonly StringValues Vary = "origin, access-control-request-method, access-control-request-headers";

    /// <summary>Wraps every endpoint of <paramref name="group"/> (a route-group convention, so it applies under any
    /// prefix and only to Plasmite's endpoints) in the pipeline below, and counts server requests.</summary>
    public static void Apply(RouteGroupBuilder group, IReadOnlyList<string> corsOrigins)
    {
        var origins = new HashSet<string>(corsOrigins, StringComparer.Ordinal);
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null) return;
            string route = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? endpoint.DisplayName ?? "";
            endpoint.RequestDelegate = context => InvokeAsync(context, inner, origins, route);
        });
    }

    /// <summary>Sets the protocol's version header (remote-v0 §3); also used by hosts for framework-level rejections.</summary>
    public static void Stamp(HttpResponse response) => response.Headers["plasmite-version"] = "0";

    private static async Task InvokeAsync(HttpContext context, RequestDelegate next, HashSet<string> origins, string route)
    {
        long start = ServerTelemetry.Observed ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        try
        {
            await PipelineAsync(context, next, origins);
        }
        finally
        {
            if (start != 0) ServerTelemetry.Request(context, route, start);
        }
    }

    private static async Task PipelineAsync(HttpContext context, RequestDelegate next, HashSet<string> origins)
    {
        {
            var response = context.Response;
            Stamp(response);
            if (origins.Count > 0)
            {
                response.Headers.Vary = Vary;
                string? origin = context.Request.Headers.Origin.Count > 0 ? context.Request.Headers.Origin[0] : null;
                bool allowed = origin is not null && origin != "*" && origins.Contains(origin);
                if (allowed) response.Headers.AccessControlAllowOrigin = origin;
                if (HttpMethods.IsOptions(context.Request.Method) && origin is not null
                    && context.Request.Headers.AccessControlRequestMethod.Count > 0)
                {
                    response.StatusCode = 200;
                    if (allowed)
                    {
                        response.Headers.AccessControlAllowMethods = "GET,POST,DELETE,OPTIONS";
                        response.Headers.AccessControlAllowHeaders = "authorization,content-type";
                    }
                    response.ContentLength = 0;
                    return;
                }
            }
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!response.HasStarted)
            {
                await ServerHttp.WriteErrorAsync(context, e.StatusCode, ServerHttp.ErrorFor(e));
            }
            catch (PlasmiteException e) when (!response.HasStarted)
            {
                await ServerHttp.WriteErrorAsync(context, e);
            }
        }
    }
}
