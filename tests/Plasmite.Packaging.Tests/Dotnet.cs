// Runs `dotnet` (and other programs) as child processes for the packaging tests.
using System.Diagnostics;

namespace Plasmite.Packaging.Tests;

internal static class Dotnet
{
    public static string RepoRoot { get; } = FindRoot();

    public static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} timed out");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static (int ExitCode, string Output) Dot(params string[] args) => Run("dotnet", args);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Plasmite.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Plasmite.sln not found above the test directory");
    }
}
