// The one `plasmite serve` fixture: the real CLI as a child process on 127.0.0.1 with a free port, stopped on dispose.
using System.Diagnostics;
using System.Text;

namespace Plasmite.Testing;

/// <summary>
/// Runs <c>plasmite --dir POOLDIR serve --bind 127.0.0.1:0 OPTIONS…</c> and waits until it has written its address to
/// <c>PLASMITE_SERVE_READY_FILE</c> (a file in a temp directory of its own). Disposing stops it with SIGTERM and kills
/// the process tree when it does not stop within 20 s.
/// </summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDir _scratch = new("serve-");
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();

    /// <summary>Starts the server on <paramref name="poolDir"/> and waits (up to 60 s) until it is ready.</summary>
    /// <exception cref="InvalidOperationException">The server exited or did not become ready; the message holds its stderr.</exception>
    public ServeProcess(string poolDir, params string[] serveOptions)
    {
        string ready = _scratch.File("ready");
        _process = ChildProcess.StartDll(PlasmiteCli.DllPath, ["--dir", poolDir, "serve", "--bind", "127.0.0.1:0", .. serveOptions],
            new Dictionary<string, string> { ["PLASMITE_SERVE_READY_FILE"] = ready });
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_output) _output.AppendLine(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _stderr.AppendLine(e.Data);
                _output.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(ready) && !_process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        string address = File.Exists(ready) ? File.ReadAllText(ready).Trim() : "";
        if (address.Length == 0)
        {
            Dispose();
            throw new InvalidOperationException("plasmite serve never became ready: " + Stderr);
        }
        Address = address;
        BaseUrl = new Uri("http://" + address + "/");
    }

    /// <summary><c>host:port</c> the server listens on.</summary>
    public string Address { get; }

    /// <summary><c>http://host:port/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The server process.</summary>
    public Process Process => _process;

    /// <summary>What the server printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_output) return _stderr.ToString();
        }
    }

    /// <summary>Everything the server printed so far (stdout and stderr lines, interleaved as they arrived).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code, or null when the server did not stop within 20 s.</summary>
    public int? Stop()
    {
        return ChildProcess.Terminate(_process, TimeSpan.FromSeconds(20)) ? _process.ExitCode : null;
    }

    /// <summary>Stops the server (killing it when SIGTERM is not enough) and deletes its scratch directory.</summary>
    public void Dispose()
    {
        if (Stop() is null) ChildProcess.KillTree(_process);
        _process.Dispose();
        _scratch.Dispose();
    }
}
