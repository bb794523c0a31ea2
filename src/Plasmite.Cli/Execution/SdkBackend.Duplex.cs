// `duplex` (spec cli.md §5.8): follow a pool on stdout while appending from stdin, in one process.
using System.Text;
using System.Text.Json;
using Plasmite.Cli.Jq;
using Plasmite.Cli.Ingest;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Execution;

internal sealed partial class SdkBackend
{
    public async Task<int> DuplexAsync(CliContext ctx, DuplexRequest request, CancellationToken ct)
    {
        IPlasmitePool pool;
        Func<FollowOptions, CancellationToken, Task<int>> receiveSide;
        if (request.Pool is RemotePoolRef remote)
        {
            // Remote duplex has no auth/TLS flags (spec cli.md §5.8): plain connection options.
            var remotePool = await RemotePools.OpenAsync(remote, RemoteAuth.None, ct).ConfigureAwait(false);
            pool = remotePool;
            receiveSide = (options, token) => new RemoteFollowRunner(ctx, remotePool, options).RunAsync(token);
        }
        else
        {
            var local = (LocalPoolRef)request.Pool;
            var localPool = OpenLocal(ctx, local, request.Create, PlasmiteDefaults.PoolSizeBytes, () => Hints.MissingPool(local,
                local.IsPathLike ? Hints.PathNotFound : $"Pool is missing. Re-run with --create, e.g. plasmite duplex {local.Typed} --create."));
            if (request.SinceNs is { } since && since > Rfc3339.NowNs())
            {
                localPool.Dispose();
                return 0;
            }
            pool = localPool;
            // Runs on the thread-pool thread that starts the receive side below.
            receiveSide = (options, token) => Task.FromResult(new FollowRunner(ctx, localPool, local.Typed, options).Run(token));
        }

        Func<JsonElement, bool>? filter = null;
        if (request.Me is { } me && !request.EchoSelf)
        {
            filter = env => !(env.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String && from.ValueEquals(me));
        }
        var options = new FollowOptions(request.Tail, request.SinceNs, One: false, request.Timeout, request.TimeoutText, request.Format,
            DataOnly: false, Tags: [], filter, QuietDrops: false, NoNotify: false, ReplaySpeed: null);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = Task.Run(() => receiveSide(options, stop.Token), CancellationToken.None);
        var send = Task.Run(() => Send(ctx, pool, request, stop.Token), CancellationToken.None);
        var first = await Task.WhenAny(receive, send).ConfigureAwait(false);
        stop.Cancel();
        try
        {
            return await first.ConfigureAwait(false);
        }
        finally
        {
            _ = receive.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            _ = send.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            // The pool may only be disposed once neither side can touch it (disposing unmaps the file under a running
            // cursor). The receive side stops within milliseconds of the cancel; the send side may stay blocked in a
            // stdin read, in which case the pool is left to the process exit that follows.
            var both = Task.WhenAll(receive, send);
            if (await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false) == both)
                pool.Dispose();
        }
    }

    private static int Send(CliContext ctx, IPlasmitePool pool, DuplexRequest request, CancellationToken ct)
    {
        using var stdin = ctx.Terminal.OpenStdin();
        if (ctx.Terminal.StdinIsTerminal)
        {
            var source = new ByteSource(stdin);
            while (source.TryReadLine(out var line))
            {
                ct.ThrowIfCancellationRequested();
                var text = Encoding.UTF8.GetString(line);
                if (string.IsNullOrWhiteSpace(text)) continue;
                var json = $"{{\"from\":{JsonText.Quote(request.Me!)},\"msg\":{JsonText.Quote(text)}}}";
                pool.AppendJson(Encoding.UTF8.GetBytes(json));
            }
            return 0;
        }

        int ok = 0;
        foreach (var record in new RecordReader(stdin, IngestMode.Auto).ReadAll())
        {
            ct.ThrowIfCancellationRequested();
            if (record.Failure is { } failure)
            {
                throw failure.Kind == IngestFailureKind.Oversize
                    ? new PlasmiteException(ErrorKind.Usage, "record exceeds size limit", hint: $"Record {record.Index} is larger than {RecordReader.MaxRecordBytes} bytes.")
                    : new PlasmiteException(ErrorKind.Usage, "invalid json input", hint: $"Record {record.Index} is not valid JSON ({failure.Message}).");
            }
            try
            {
                pool.AppendJson(record.Json.Span);
            }
            catch (PlasmiteException ex) when (ex.Kind != ErrorKind.Usage)
            {
                throw new PlasmiteException(ErrorKind.Usage, ex.Message, ex.Path, ex.Seq, ex.Offset, ex.Hint, ex);
            }
            ok++;
        }
        if (ok == 0) throw FeedIngest.MissingDataInput();
        return 0;
    }
}
