// `feed` through the SDK (spec cli.md §5.5): inline DATA or a record stream, retries, receipts, progress.
using System.Text;
using Plasmite.Cli.Ingest;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Execution;

internal sealed partial class SdkBackend
{
    public Task<int> FeedAsync(CliContext ctx, FeedRequest request, CancellationToken ct)
    {
        IPlasmitePool pool;
        string poolPath;
        if (request.Pool is RemotePoolRef remote)
        {
            pool = RemotePools.Open(remote, request.Auth, request.Create, request.CreateSize);
            poolPath = remote.Display;
        }
        else
        {
            var local = (LocalPoolRef)request.Pool;
            var localPool = OpenLocal(ctx, local, request.Create, request.CreateSize, () => Hints.MissingPool(local, request.MissingPoolHint));
            (pool, poolPath) = (localPool, localPool.Path);
        }
        using var _ = pool;
        var durability = ToDurability(request.Durability);
        var tags = request.Tags;

        FeedReceipt Append(ReadOnlyMemory<byte> json)
        {
            ct.ThrowIfCancellationRequested();
            var r = Retry.Run(() => pool.AppendJson(json.Span, tags, durability), request.Retry, request.RetryDelay);
            return new FeedReceipt(r.Seq, r.TimestampNs, tags);
        }

        if (request.Source == FeedSource.Inline)
        {
            ReceiptPrinter.Print(ctx, Append(Encoding.UTF8.GetBytes(request.Data!)));
            return Task.FromResult(0);
        }

        Stream input;
        if (request.Source == FeedSource.File)
        {
            try
            {
                input = new FileStream(request.FilePath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
            }
            catch (FileNotFoundException e)
            {
                throw new PlasmiteException(ErrorKind.NotFound, "input file not found", path: request.FilePath, hint: "Check the --file path.", inner: e);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new PlasmiteException(ErrorKind.NotFound, "input file not found", path: request.FilePath, hint: "Check the --file path.", inner: e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new PlasmiteException(ErrorKind.Permission, "failed to read input file", path: request.FilePath, inner: e);
            }
        }
        else
        {
            input = ctx.Terminal.OpenStdin();
        }
        using (input)
        {
            int Ingest(CliContext c, Stream s) =>
                FeedIngest.Run(c, new RecordReader(s, request.InputMode), request.Errors, Append, request.Pool.Typed, poolPath);

            if (request.Source == FeedSource.File && ProgressDisplay.Wanted(ctx) && input.CanSeek && input.Length >= ProgressDisplay.MinFeedBytes)
            {
                return Task.FromResult(ProgressDisplay.Run(ctx, $"feeding {Path.GetFileName(request.FilePath)}", input.Length,
                    (c, task) => Ingest(c, new CountingStream(input, n => task.Increment(n)))));
            }
            return Task.FromResult(Ingest(ctx, input));
        }
    }
}
