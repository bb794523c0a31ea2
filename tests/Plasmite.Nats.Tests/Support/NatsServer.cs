// A real nats-server (JetStream on) on 127.0.0.1, a free port and a temporary store; stopped and deleted on dispose.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Plasmite.Nats.Tests.Support;

/// <summary>A [Fact] skipped (with the reason) when nats-server is missing, except under CI=true, where the test fails.</summary>
public sealed class NatsFactAttribute : FactAttribute
{
    public NatsFactAttribute()
    {
        if (NatsServer.Executable is null && !NatsServer.InCi)
            Skip = "nats-server is not installed (CI installs it: apt-get install -y nats-server)";
    }
}

internal sealed class NatsServer : IDisposable
{
    private Process? _process;

    private NatsServer(string storeDir, int port)
    {
        StoreDir = storeDir;
        Port = port;
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Executable { get; } = Find();

    public int Port { get; }

    public string StoreDir { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public NatsBridgeOptions Options => new() { Url = Url };

    public static NatsServer Start()
    {
        if (Executable is null)
            throw new InvalidOperationException("nats-server is not installed: the NATS bridge tests need it (apt-get install -y nats-server; .ci/run does this).");
        var dir = Path.Combine(Path.GetTempPath(), "plasmite-nats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var server = new NatsServer(dir, FreePort());
        server.Launch();
        return server;
    }

    /// <summary>Starts the server again on the same port and store (after <see cref="Stop"/>).</summary>
    public void Launch()
    {
        var psi = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", StoreDir })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Stops the server gracefully (SIGTERM), keeping its store.</summary>
    public void Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _ = Libc.Kill(_process.Id, 15);
            if (!_process.WaitForExit(10_000)) _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(StoreDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin"]))
        {
            var path = Path.Combine(dir, "nats-server");
            if (dir.Length > 0 && File.Exists(path)) return path;
        }
        return null;
    }
}

internal static partial class Libc
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    public static partial int Kill(int pid, int signal);
}
