// The HTTP transport of the MCP server (mcp.md §9): POST /mcp, one JSON-RPC message per request, stateless.
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Plasmite.Mcp;

namespace Plasmite.AspNetCore.Server;

internal static class McpRoutes
{
    public static void Map(RouteGroupBuilder app, ServerState state)
    {
        var server = new McpServer(new McpServerOptions
        {
            Directory = state.Config.PoolDirectory,
            EnforceAccess = true,
            Access = state.Config.Access switch
            {
                ServerAccess.ReadOnly => McpAccess.Read,
                ServerAccess.WriteOnly => McpAccess.Write,
                _ => McpAccess.ReadWrite,
            },
            AcquireWaitPermit = state.TryTailPermit,
            Version = typeof(McpRoutes).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.1.0",
        });
        app.MapPost("/mcp", ServerHttp.Handle(state, (c, s) => PostAsync(c, s, server)));
        app.MapMethods("/mcp", [HttpMethods.Get, HttpMethods.Head], context =>
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        });
    }

    private static async Task PostAsync(HttpContext context, ServerState state, McpServer server)
    {
        // §9.2 step 1: body decoding (415, 413, 400), before auth.
        ServerHttp.RequireJson(context);
        byte[] body = await ServerHttp.ReadBodyAsync(context, state);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid JSON body: " + e.Message, inner: e);
        }
        using (doc)
        {
            state.Authenticate(context);
            var versions = context.Request.Headers["MCP-Protocol-Version"];
            if (versions.Count > 0)
            {
                string value = versions[0] ?? "";
                foreach (char ch in value)
                    if (ch is < (char)0x20 or > (char)0x7E) throw new PlasmiteException(ErrorKind.Usage, "invalid MCP-Protocol-Version header");
                if (value != "2025-11-25") throw new PlasmiteException(ErrorKind.Usage, "unsupported MCP-Protocol-Version");
            }
            var origins = context.Request.Headers.Origin;
            if (origins.Count > 0 && !IsValidOrigin(origins[0]))
                throw new PlasmiteException(ErrorKind.Permission, "forbidden: invalid Origin header");
            if (McpServer.IsClientResponse(doc.RootElement))
            {
                Accepted(context);
                return;
            }
            var root = doc.RootElement;
            // Tool calls may block (plasmite_wait): run them off the async I/O workers.
            var reply = await Task.Run(() => server.Handle(root), context.RequestAborted);
            if (reply.Response is { } bytes) await ServerHttp.WriteJsonAsync(context, bytes);
            else Accepted(context);
        }
    }

    private static void Accepted(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    private static bool IsValidOrigin(string? origin)
    {
        try
        {
            CorsOrigins.NormalizeOne(origin);
            return true;
        }
        catch (PlasmiteException)
        {
            return false;
        }
    }
}
