// Test support: temp pool directories and the child processes (consumer worker, plasmite CLI) located by path.
using System.Diagnostics;
using System.Reflection;

namespace Plasmite.Consumers.Tests;

internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "plasmite-consumers-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

internal static class Children
{
    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Plasmite.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found");
        }
    }

    private static string Config =>
        typeof(Children).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static string Find(string project, string dll, string folder)
    {
        foreach (string c in new[] { Config, "Release", "Debug" })
        {
            string path = System.IO.Path.Combine(RepoRoot, folder, project, "bin", c, "net10.0", dll);
            if (System.IO.File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"{project} is not built; build the solution first");
    }

    public static string WorkerDll => Find("Plasmite.Consumers.Worker", "Plasmite.Consumers.Worker.dll", "tests");

    public static string CliDll => Find("Plasmite.Cli", "plasmite.dll", "src");

    /// <summary>Starts a consumer worker (see tests/Plasmite.Consumers.Worker/Program.cs for the arguments).</summary>
    public static Process StartWorker(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(WorkerDll);
        psi.ArgumentList.Add("consume");
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_TieredPGO"] = "0";
        var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEndAsync();
        return p;
    }

    /// <summary>Runs the plasmite CLI with every stream redirected (stdout is not a terminal: compact JSON).</summary>
    public static ProcessResult Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("plasmite " + string.Join(' ', args));
        }
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static void Kill(Process p)
    {
        if (!p.HasExited) p.Kill(); // SIGKILL on Unix
        p.WaitForExit();
    }
}

/// <summary>A worker log: runs split at "start PID" lines, handled seqs in order.</summary>
internal sealed class WorkerLog
{
    public List<List<ulong>> Runs { get; } = [];

    public bool Hung { get; private set; }

    public static WorkerLog Read(string path)
    {
        var log = new WorkerLog();
        if (!System.IO.File.Exists(path)) return log;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(fs);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("start ", StringComparison.Ordinal)) log.Runs.Add([]);
            else if (line.StartsWith("hang ", StringComparison.Ordinal)) log.Hung = true;
            else if (line.Length > 0) log.Runs[^1].Add(ulong.Parse(line.AsSpan(0, line.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture));
        }
        return log;
    }

    public IEnumerable<ulong> All => Runs.SelectMany(r => r);
}
