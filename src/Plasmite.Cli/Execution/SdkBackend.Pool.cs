// `pool create|info|list|delete` and `fetch` through the SDK (spec cli.md §5.1–5.4, §5.6).
using System.Buffers;
using Plasmite.Cli.Output;
using Plasmite.Storage;

namespace Plasmite.Cli.Execution;

internal sealed partial class SdkBackend
{
    public Task<int> PoolCreateAsync(CliContext ctx, PoolCreateRequest request, CancellationToken ct)
    {
        var client = new PlasmiteClient(ctx.PoolDir);
        var created = new List<PoolInfoView>();
        foreach (var pool in request.Pools)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var p = client.CreatePool(pool.Path, request.SizeBytes, request.IndexCapacity);
                created.Add(View(p.Info(), pool.Typed));
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.AlreadyExists)
            {
                throw Hints.PoolAlreadyExists(pool);
            }
        }
        ulong now = Rfc3339.NowNs();
        if (request.Json) JsonEmit.Write(ctx, PoolViews.CreatedJson(created, now));
        else ctx.Terminal.Out.Write(PoolViews.CreatedHuman(created, ctx.PoolDir, ctx.Terminal.StdoutIsTerminal));
        return Task.FromResult(0);
    }

    public Task<int> PoolInfoAsync(CliContext ctx, PoolInfoRequest request, CancellationToken ct)
    {
        PoolInfo info;
        try
        {
            info = PoolDirectory.Info(request.Pool.Path);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw Hints.PoolNotFound(request.Pool);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.Corrupt && e.Path is not null && e.Offset is null && e.Hint is null)
        {
            // A file too short for a header: the original reports the kind's default message with the path.
            throw new PlasmiteException(ErrorKind.Corrupt, null, path: e.Path, inner: e);
        }
        var view = View(info, request.Pool.Typed);
        ulong now = Rfc3339.NowNs();
        if (request.Json) JsonEmit.Write(ctx, PoolViews.InfoJson(view));
        else if (ctx.Terminal.StdoutIsTerminal)
            ctx.Terminal.Out.Write(PoolViews.InfoTerminal(view, request.Pool.Typed, PoolViews.RelativeToDir(info.Path, ctx.PoolDir), now));
        else ctx.Terminal.Out.Write(PoolViews.InfoPlain(view, request.Pool.Typed, now));
        return Task.FromResult(0);
    }

    public Task<int> PoolListAsync(CliContext ctx, PoolListRequest request, CancellationToken ct)
    {
        var entries = new List<Output.PoolListRow>();
        IReadOnlyList<Storage.PoolListEntry> found;
        try
        {
            found = new PlasmiteClient(request.Directory).ListPoolEntries();
        }
        catch (PlasmiteException e) when (e.Kind is ErrorKind.Permission or ErrorKind.Io)
        {
            // An unreadable directory is one failed entry named `pools`, as the original reports it.
            found = [new Storage.PoolListEntry("pools", request.Directory, null, e)];
        }
        foreach (var e in found)
        {
            ulong? mtime = null;
            try
            {
                var t = File.GetLastWriteTimeUtc(e.Path);
                if (t > DateTime.UnixEpoch) mtime = (ulong)(t - DateTime.UnixEpoch).Ticks * 100;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                mtime = null;
            }
            entries.Add(e.Info is { } info
                ? new Output.PoolListRow(e.Name, e.Path, info.FileSize, info.Bounds.Oldest, info.Bounds.Newest, mtime, null)
                : new Output.PoolListRow(e.Name, e.Path, null, null, null, mtime, e.Error));
        }
        if (request.Json) JsonEmit.Write(ctx, PoolViews.ListJson(entries));
        else ctx.Terminal.Out.Write(PoolViews.ListHuman(entries, request.Directory, ctx.Terminal.StdoutIsTerminal, Rfc3339.NowNs()));
        return Task.FromResult(0);
    }

    public Task<int> PoolDeleteAsync(CliContext ctx, PoolDeleteRequest request, CancellationToken ct)
    {
        var client = new PlasmiteClient(ctx.PoolDir);
        var outcomes = new List<PoolDeleteOutcome>();
        foreach (var arg in request.Pools)
        {
            if (PoolRefs.IsUrl(arg))
            {
                outcomes.Add(new PoolDeleteOutcome(arg, null, Hints.DeleteRemote()));
                continue;
            }
            var pool = PoolRefs.ResolveLocal(arg, ctx.PoolDir);
            try
            {
                client.DeletePool(pool.Path);
                outcomes.Add(new PoolDeleteOutcome(arg, pool.Path, null));
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound)
            {
                outcomes.Add(new PoolDeleteOutcome(arg, pool.Path, Hints.DeleteNotFound(pool)));
            }
            catch (PlasmiteException e)
            {
                outcomes.Add(new PoolDeleteOutcome(arg, pool.Path, Hints.DeleteFailed(pool, e)));
            }
        }
        if (request.Json) JsonEmit.Write(ctx, PoolViews.DeleteJson(outcomes));
        else ctx.Terminal.Out.Write(PoolViews.DeleteHuman(outcomes, ctx.PoolDir, ctx.Terminal.StdoutIsTerminal));
        return Task.FromResult(PoolViews.DeleteExitCode(outcomes));
    }

    public async Task<int> FetchAsync(CliContext ctx, FetchRequest request, CancellationToken ct)
    {
        if (request.Pool is RemotePoolRef remote)
        {
            using var remotePool = await RemotePools.OpenAsync(remote, request.Auth, ct).ConfigureAwait(false);
            Message message;
            try
            {
                message = await remotePool.GetAsync(request.Seq, ct).ConfigureAwait(false);
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound && e.Seq is not null)
            {
                throw Hints.MessageNotFound(remote, request.Seq);
            }
            using var remoteDoc = System.Text.Json.JsonDocument.Parse(message.Raw);
            JsonEmit.Write(ctx, remoteDoc.RootElement);
            return 0;
        }
        var local = (LocalPoolRef)request.Pool;
        using var pool = OpenLocal(ctx, local, create: false, 0, () => Hints.PoolNotFound(local, withPath: true));
        var buffer = new ArrayBufferWriter<byte>(512);
        try
        {
            pool.GetJson(request.Seq, buffer, EnvelopeKeyOrder.Sorted);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw Hints.MessageNotFound(local, request.Seq);
        }
        using var doc = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory);
        JsonEmit.Write(ctx, doc.RootElement);
        return 0;
    }
}
