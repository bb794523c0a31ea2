// Runs programs as real child processes: stdin fed, stdout/stderr captured, bounded by a timeout, killed as a tree.
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Plasmite.Testing;

/// <summary>What a finished child process returned.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Stdout">Everything written to standard output.</param>
/// <param name="Stderr">Everything written to standard error.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output followed by standard error (for assertion messages).</summary>
    public string Output => Stdout + Stderr;
}

/// <summary>The one child-process runner of the test projects.</summary>
public static class ChildProcess
{
    /// <summary>The <c>dotnet</c> host running the tests (<c>DOTNET_HOST_PATH</c>), else <c>dotnet</c> from PATH.</summary>
    public static string Dotnet { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The default bound of <see cref="Run"/>.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="file"/> to completion with every stream redirected: <paramref name="stdin"/> is written and
    /// closed, output is captured. After <paramref name="timeout"/> (default 60 s) the process tree is killed and a
    /// <see cref="TimeoutException"/> carries what it printed so far.
    /// </summary>
    public static ProcessResult Run(string file, IEnumerable<string> args, string stdin = "",
        IDictionary<string, string>? env = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var argList = args.ToList();
        using var p = Start(file, argList, env, workingDirectory, redirectStdin: true);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading its input; its exit code tells the rest.
        }
        if (!p.WaitForExit(timeout ?? DefaultTimeout))
        {
            KillTree(p);
            throw new TimeoutException($"{file} {string.Join(' ', argList)} did not finish within {timeout ?? DefaultTimeout}:\n"
                + stdout.Result + stderr.Result);
        }
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <c>dotnet DLL args…</c> (see <see cref="Run"/>).</summary>
    public static ProcessResult RunDll(string dll, IEnumerable<string> args, string stdin = "",
        IDictionary<string, string>? env = null, TimeSpan? timeout = null) =>
        Run(Dotnet, [dll, .. args], stdin, env, timeout: timeout);

    /// <summary>
    /// Starts a long-running child with stdout and stderr redirected (the caller reads or drains them) and,
    /// when <paramref name="redirectStdin"/>, stdin too. Stop it with <see cref="KillTree"/>.
    /// </summary>
    public static Process Start(string file, IEnumerable<string> args, IDictionary<string, string>? env = null,
        string? workingDirectory = null, bool redirectStdin = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null)
        {
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
    }

    /// <summary>Starts <c>dotnet DLL args…</c> (see <see cref="Start"/>).</summary>
    public static Process StartDll(string dll, IEnumerable<string> args, IDictionary<string, string>? env = null, bool redirectStdin = false) =>
        Start(Dotnet, [dll, .. args], env, redirectStdin: redirectStdin);

    /// <summary>Kills the process and its descendants (SIGKILL on Unix) and waits for it to exit.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
        process.WaitForExit();
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM on Unix) and waits up to <paramref name="grace"/>; returns false when it is
    /// still running then (the caller decides whether to <see cref="KillTree"/>).
    /// </summary>
    public static bool Terminate(Process process, TimeSpan grace)
    {
        if (process.HasExited) return true;
        if (OperatingSystem.IsWindows()) return false;
        _ = kill(process.Id, 15);
        return process.WaitForExit(grace);
    }

    /// <summary>Whether <paramref name="name"/> is an executable file in a PATH directory.</summary>
    public static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(System.IO.Path.Combine(d, name)));

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
