// `tap POOL -- CMD...` (spec cli.md §5.9): run a child, record its output lines and lifecycle into a pool.
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Execution;

internal sealed partial class SdkBackend
{
    public Task<int> TapAsync(CliContext ctx, TapRequest request, CancellationToken ct)
    {
        var local = request.Pool;
        using var pool = OpenLocal(ctx, local, request.Create, request.CreateSize, () => new PlasmiteException(ErrorKind.NotFound, "not found",
            path: local.Path,
            hint: local.IsPathLike ? Hints.PathNotFound : $"Pool is missing. Re-run with --create, e.g. plasmite tap {local.Typed} --create -- {string.Join(' ', request.Command)}"));
        var durability = ToDurability(request.Durability);
        var gate = new object();

        var psi = new ProcessStartInfo(request.Command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var a in request.Command.Skip(1)) psi.ArgumentList.Add(a);

        var started = Stopwatch.StartNew();
        Process child;
        try
        {
            child = Process.Start(psi) ?? throw new PlasmiteException(ErrorKind.Io, "failed to start wrapped command");
        }
        catch (Win32Exception e) when (e.NativeErrorCode == 2)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"wrapped command not found: {request.Command[0]}",
                hint: "Check the command name and your PATH.", inner: e);
        }
        catch (Win32Exception e)
        {
            throw new PlasmiteException(ErrorKind.Io, $"failed to start wrapped command: {request.Command[0]}", inner: e);
        }

        using (child)
        {
            int forwarded = 0;
            void Forward(PosixSignalContext sc)
            {
                sc.Cancel = true;
                int sig = sc.Signal == PosixSignal.SIGINT ? 2 : 15;
                Volatile.Write(ref forwarded, sig);
                try
                {
                    if (!child.HasExited) _ = Kill(child.Id, sig);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward);

            lock (gate) pool.AppendJson(Encoding.UTF8.GetBytes(TapViews.Start(request.Command)), TapViews.LifecycleTags, durability);
            if (ctx.Terminal.StderrIsTerminal) ctx.Terminal.Error.Write(TapViews.StartBanner(local.Typed, request.Command));

            ulong lines = 0;
            void Pump(Stream source, string stream, TextWriter passthrough)
            {
                foreach (var line in ReadLines(source))
                {
                    lock (gate)
                    {
                        pool.AppendJson(Encoding.UTF8.GetBytes(TapViews.Line(stream, line)), request.Tags, durability);
                        lines++;
                        if (!request.Quiet)
                        {
                            passthrough.Write(line);
                            passthrough.Write('\n');
                            passthrough.Flush();
                        }
                    }
                }
            }

            var outTask = Task.Run(() => Pump(child.StandardOutput.BaseStream, "stdout", ctx.Terminal.Out), CancellationToken.None);
            var errTask = Task.Run(() => Pump(child.StandardError.BaseStream, "stderr", ctx.Terminal.Error), CancellationToken.None);
            child.WaitForExit();
            Task.WaitAll(outTask, errTask);
            started.Stop();

            int exit = child.ExitCode;
            int sig = Volatile.Read(ref forwarded);
            // .NET reports a child killed by signal N as exit code 128 + N; only a signal we forwarded is taken as one.
            int? signal = sig != 0 && exit == 128 + sig ? sig : null;
            int? code = signal is null ? exit : null;
            pool.AppendJson(Encoding.UTF8.GetBytes(TapViews.Exit(code, signal, (ulong)started.ElapsedMilliseconds)), TapViews.LifecycleTags, durability);
            if (ctx.Terminal.StderrIsTerminal) ctx.Terminal.Error.Write(TapViews.EndBanner(local.Typed, lines, started.Elapsed, code, signal));
            return Task.FromResult(TapViews.ExitCode(code, signal));
        }
    }

    /// <summary>Lines of <paramref name="source"/> split on <c>\n</c> (a final line without newline included), decoded as UTF-8.</summary>
    private static IEnumerable<string> ReadLines(Stream source)
    {
        var buffer = new byte[16 * 1024];
        var pending = new MemoryStream();
        while (true)
        {
            int n = source.Read(buffer, 0, buffer.Length);
            if (n <= 0) break;
            int start = 0;
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                pending.Write(buffer, start, i - start);
                yield return Decode(pending);
                pending.SetLength(0);
                start = i + 1;
            }
            pending.Write(buffer, start, n - start);
        }
        if (pending.Length > 0) yield return Decode(pending);

        static string Decode(MemoryStream m)
        {
            var s = Encoding.UTF8.GetString(m.GetBuffer(), 0, (int)m.Length);
            return s.EndsWith('\r') ? s[..^1] : s;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
