// `doctor` through the engine's PoolValidator (spec cli.md §5.11, pool-format §12.3).
using Plasmite.Cli.Output;
using Plasmite.Storage;

namespace Plasmite.Cli.Execution;

internal sealed partial class SdkBackend
{
    public Task<int> DoctorAsync(CliContext ctx, DoctorRequest request, CancellationToken ct)
    {
        var reports = new List<DoctorReport>();
        if (request.Pool is { } pool)
        {
            try
            {
                reports.Add(Diagnose(pool.Path, System.IO.Path.GetFileNameWithoutExtension(pool.Path), pool.Typed));
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound)
            {
                throw Hints.PoolNotFound(pool, withPath: true);
            }
        }
        else
        {
            var paths = PoolDirectory.ListPaths(request.Directory);
            if (ProgressDisplay.Wanted(ctx) && paths.Count > 0)
                reports = ProgressDisplay.Run(ctx, "checking pools", paths.Count, (_, task) => DiagnoseAll(paths, () => task.Increment(1), ct));
            else
                reports = DiagnoseAll(paths, () => { }, ct);
        }

        if (request.Json) JsonEmit.Write(ctx, DoctorViews.Json(reports));
        else if (!ctx.Terminal.StdoutIsTerminal) ctx.Terminal.Out.Write(DoctorViews.Lines(reports));
        else if (request.All) ctx.Terminal.Out.Write(DoctorViews.All(reports));
        else ctx.Terminal.Out.Write(DoctorViews.Single(reports[0]));
        return Task.FromResult(DoctorViews.ExitCode(reports));
    }

    private static List<DoctorReport> DiagnoseAll(IReadOnlyList<string> paths, Action advance, CancellationToken ct)
    {
        var reports = new List<DoctorReport>();
        foreach (var path in paths)
        {
            ct.ThrowIfCancellationRequested();
            var name = System.IO.Path.GetFileNameWithoutExtension(path);
            try
            {
                reports.Add(Diagnose(path, name, name));
            }
            catch (PlasmiteException e)
            {
                // Unreadable (permission, I/O, vanished): reported as an issue of that pool.
                reports.Add(new DoctorReport(name, path, name, [new DoctorIssue("open", e.Message, e.Offset, e.Seq)], null,
                    [e.Hint ?? ErrorReporter.GenericHint(e.Kind) ?? "Check the pool file."], null, 0, null, null));
            }
            advance();
        }
        return reports;
    }

    private static DoctorReport Diagnose(string path, string label, string? poolRef)
    {
        var report = PoolValidator.Validate(path);
        ulong? oldest = null, newest = null;
        try
        {
            var info = PoolDirectory.Info(path);
            oldest = info.Bounds.Oldest;
            newest = info.Bounds.Newest;
        }
        catch (PlasmiteException)
        {
            // A header that cannot be opened: the report already says why.
        }
        ulong count = oldest is { } o && newest is { } n && n >= o ? n - o + 1 : 0;
        var issues = report.Issues.Select(i => new DoctorIssue(i.Code, i.Message, i.Offset, i.Seq)).ToList();
        return new DoctorReport(label, report.Path, poolRef, issues, report.LastGoodSeq, report.RemediationHints, null, count, oldest, newest);
    }
}
