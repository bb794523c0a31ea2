// The middleware every response passes: plasmite-version header, CORS allow-list, and last-resort error mapping.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Plasmite.Remote;

namespace Plasmite.Cli.Server;

internal static class ServerPipeline
{
    private static readonly StringValues Vary = "origin, access-control-request-method, access-control-request-headers";

    public static void Use(WebApplication app, ServerState state)
    {
        var origins = new HashSet<string>(state.Config.CorsOrigins, StringComparer.Ordinal);
        app.Use(async (context, next) =>
        {
            var response = context.Response;
            response.Headers["plasmite-version"] = "0";
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
                await ServerHttp.WriteErrorAsync(context, e.StatusCode,
                    new PlasmiteException(ErrorKind.Usage, e.StatusCode == 413 ? "request body too large" : "bad request"));
            }
            catch (PlasmiteException e) when (!response.HasStarted)
            {
                await ServerHttp.WriteErrorAsync(context, WireError.StatusFor(e), e);
            }
        });
    }
}
