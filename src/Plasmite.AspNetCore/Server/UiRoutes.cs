// Browser-facing routes (remote-v0 §5.1, §10.1): /healthz and the single-page UI.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using System.Text;

namespace Plasmite.AspNetCore.Server;

internal static class UiRoutes
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes(UiPage.Html);

    public static void MapHealth(IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", context => ServerHttp.WriteJsonAsync(context, "{\"ok\":true}"u8.ToArray()));

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui", ServePage);
        app.MapGet("/ui/pools/{pool}", ServePage);
    }

    private static Task ServePage(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = Page.Length;
        return context.Response.Body.WriteAsync(Page).AsTask();
    }
}
