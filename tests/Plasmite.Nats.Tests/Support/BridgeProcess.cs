// The real `plasmite` CLI as a child process (bridge export/import, through Plasmite.Testing), killed with SIGKILL or stopped with SIGTERM.
using System.Diagnostics;
using System.Text;

namespace Plasmite.Nats.Tests.Support;

internal sealed class BridgeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private BridgeProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>plasmite.dll copied beside the tests (the project references the CLI).</summary>
    public static string DllPath => PlasmiteCli.DllPath;

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static BridgeProcess Start(params string[] args)
    {
        var p = ChildProcess.StartDll(DllPath, args, new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" }, redirectStdin: true);
        p.StandardInput.Close();
        return new BridgeProcess(p);
    }

    /// <summary>Runs to completion (with a time limit) and returns exit code and stderr.</summary>
    public static (int ExitCode, string Stderr) Run(TimeSpan limit, params string[] args)
    {
        using var p = Start(args);
        if (!p._process.WaitForExit((int)limit.TotalMilliseconds))
        {
            p.Kill();
            throw new TimeoutException($"plasmite {string.Join(' ', args)} did not finish: {p.Stderr}");
        }
        p._process.WaitForExit();
        return (p.ExitCode, p.Stderr);
    }

    /// <summary>SIGKILL: no cleanup, no flush, no checkpoint.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM and wait: the graceful stop path; returns the exit code.</summary>
    public int Terminate()
    {
        if (!ChildProcess.Terminate(_process, TimeSpan.FromSeconds(20)))
        {
            _process.Kill();
            throw new TimeoutException("the bridge did not stop on SIGTERM: " + Stderr);
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
