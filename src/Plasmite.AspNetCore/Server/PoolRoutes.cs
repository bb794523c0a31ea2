// Pool administration routes (remote-v0 §5.2–§5.6): create, open, list, info, delete.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using System.Buffers;
using System.Text.Json;
using Plasmite.Remote;

namespace Plasmite.AspNetCore.Server;

internal static class PoolRoutes
{
    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapPost("/v0/pools", ServerHttp.Handle(state, CreateAsync));
        app.MapPost("/v0/pools/open", ServerHttp.Handle(state, OpenAsync));
        app.MapGet("/v0/pools", ServerHttp.Handle(state, ListAsync));
        app.MapGet("/v0/ui/pools", ServerHttp.Handle(state, ListAsync));
        app.MapGet("/v0/pools/{pool}/info", ServerHttp.Handle(state, (c, s) => InfoAsync(c, s, "/v0/pools/")));
        app.MapGet("/v0/ui/pools/{pool}/info", ServerHttp.Handle(state, (c, s) => InfoAsync(c, s, "/v0/ui/pools/")));
        app.MapDelete("/v0/pools/{pool}", ServerHttp.Handle(state, DeleteAsync));
    }

    private static async Task CreateAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: true);
        ServerHttp.RequireJson(context);
        byte[] body = await ServerHttp.ReadBodyAsync(context, state);
        string name;
        ulong size = PlasmiteDefaults.PoolSizeBytes;
        using (var doc = ServerHttp.ParseJsonBody(body))
        {
            name = RequiredName(doc.RootElement);
            if (doc.RootElement.TryGetProperty("size_bytes", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.Number || !s.TryGetUInt64(out size))
                    throw ServerHttp.Shape("size_bytes must be an unsigned integer or null");
            }
        }
        ServerHttp.CheckName(name);
        PoolInfo info;
        using (state.StoragePermit())
        using (var pool = state.Client.CreatePool(name, size))
            info = pool.Info();
        await WritePoolAsync(context, info, name);
    }

    private static async Task OpenAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: false);
        ServerHttp.RequireJson(context);
        byte[] body = await ServerHttp.ReadBodyAsync(context, state);
        string name;
        using (var doc = ServerHttp.ParseJsonBody(body))
            name = RequiredName(doc.RootElement);
        ServerHttp.CheckName(name);
        PoolInfo info;
        using (state.StoragePermit())
            info = state.Pools.Open(name).Info();
        await WritePoolAsync(context, info, name);
    }

    private static Task ListAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: false);
        IReadOnlyList<Plasmite.Storage.PoolListEntry> entries;
        using (state.StoragePermit())
            entries = state.Client.ListPoolEntries();
        foreach (var entry in entries)
            if (entry.Error is { } error) throw error.Path is null ? error.WithPath(entry.Path) : error;
        return ServerHttp.WriteWrappedAsync(context, "pools"u8, buffer =>
        {
            buffer.Write("["u8);
            for (int i = 0; i < entries.Count; i++)
            {
                if (i > 0) buffer.Write(","u8);
                PoolInfoJson.Write(buffer, entries[i].Info!, entries[i].Name);
            }
            buffer.Write("]"u8);
        });
    }

    private static Task InfoAsync(HttpContext context, ServerState state, string prefix)
    {
        state.Gate(context, write: false);
        string name = ServerHttp.PoolName(context, prefix);
        PoolInfo info;
        using (state.StoragePermit())
            info = state.Pools.Open(name).Info();
        return WritePoolAsync(context, info, name);
    }

    private static Task DeleteAsync(HttpContext context, ServerState state)
    {
        state.Gate(context, write: true);
        string name = ServerHttp.PoolName(context, "/v0/pools/");
        using (state.StoragePermit())
        {
            state.Pools.Forget(name);
            state.Client.DeletePool(name);
        }
        return ServerHttp.WriteJsonAsync(context, "{\"ok\":true}"u8.ToArray());
    }

    private static Task WritePoolAsync(HttpContext context, PoolInfo info, string name) =>
        ServerHttp.WriteWrappedAsync(context, "pool"u8, buffer => PoolInfoJson.Write(buffer, info, name));

    private static string RequiredName(JsonElement root) =>
        root.TryGetProperty("pool", out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()! : throw ServerHttp.Shape("missing field `pool` (a string)");
}
