// Runs the built `plasmite` tool as a real process (piped, or under `script` for a pseudo-terminal).
using System.Diagnostics;

namespace Plasmite.Cli.Tests.EndToEnd;

internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

internal static class CliProcess
{
    /// <summary>plasmite.dll copied next to the tests (the project references the CLI), else the CLI's own output.</summary>
    public static string DllPath
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "plasmite.dll");
            if (File.Exists(local)) return local;
            var config = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Plasmite.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "src", "Plasmite.Cli", "bin", config, "net10.0", "plasmite.dll");
        }
    }

    /// <summary>Runs with stdin, stdout and stderr all redirected (none is a terminal).</summary>
    public static ProcessResult Run(params string[] args) => RunProcess("dotnet", [DllPath, .. args], stdin: "");

    /// <summary>Runs with stdin fed from <paramref name="stdin"/>.</summary>
    public static ProcessResult RunWithStdin(string stdin, params string[] args) => RunProcess("dotnet", [DllPath, .. args], stdin);

    /// <summary>Runs a bash snippet (with <c>$PLASMITE</c> set to the command that starts the tool).</summary>
    public static ProcessResult Bash(string script) =>
        RunProcess("bash", ["-c", script], stdin: "", env: new() { ["PLASMITE"] = $"dotnet {DllPath}" });

    /// <summary>
    /// Runs under <c>script -qec</c> so stdin/stdout/stderr are a pseudo-terminal; stdout and stderr arrive merged.
    /// </summary>
    public static ProcessResult RunOnTerminal(params string[] args) => RunOnTerminalWithStdin("", args);

    /// <summary>As <see cref="RunOnTerminal"/>, typing <paramref name="stdin"/> into the terminal (its end is an EOF).</summary>
    public static ProcessResult RunOnTerminalWithStdin(string stdin, params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", DllPath }.Concat(args).Select(ShellQuote));
        return RunProcess("script", ["-qec", command, "/dev/null"], stdin, env: new() { ["TERM"] = "xterm" });
    }

    /// <summary>Runs any program (for wrappers such as <c>setpriv</c>) with all streams redirected.</summary>
    public static ProcessResult RunProgram(string file, string[] args, Dictionary<string, string>? env = null) =>
        RunProcess(file, args, stdin: "", env);

    public static bool HasTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, name)));

    private static string ShellQuote(string s) => "'" + s.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";

    private static ProcessResult RunProcess(string file, string[] args, string stdin, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
