// `plasmite serve` as a child process for end-to-end tests.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Plasmite.Cli.Tests.EndToEnd;

/// <summary>
/// Runs <c>plasmite --dir DIR serve --bind 127.0.0.1:0 …</c> and waits until it has written its address to
/// <c>PLASMITE_SERVE_READY_FILE</c>. Disposing stops it with SIGTERM (killing it if it does not stop).
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    public ServeProcess(string root, string poolDir, params string[] serveOptions)
    {
        string ready = Path.Combine(root, $"ready-{Guid.NewGuid():N}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliProcess.DllPath, "--dir", poolDir, "serve", "--bind", "127.0.0.1:0" }.Concat(serveOptions))
            psi.ArgumentList.Add(a);
        psi.Environment["PLASMITE_SERVE_READY_FILE"] = ready;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(ready) && !_process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        if (!File.Exists(ready))
        {
            Dispose();
            throw new InvalidOperationException("plasmite serve never became ready: " + Stderr);
        }
        Address = File.ReadAllText(ready).Trim();
    }

    /// <summary><c>host:port</c> the server listens on.</summary>
    public string Address { get; }

    /// <summary>What the server printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code, or null when the server did not stop within 20 s.</summary>
    public int? Stop()
    {
        if (!_process.HasExited) kill(_process.Id, 15);
        return _process.WaitForExit(TimeSpan.FromSeconds(20)) ? _process.ExitCode : null;
    }

    public void Dispose()
    {
        if (Stop() is null) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
