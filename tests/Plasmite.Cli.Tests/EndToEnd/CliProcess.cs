// Runs the built `plasmite` tool as a real process (piped, or under `script` for a pseudo-terminal) through Plasmite.Testing.
namespace Plasmite.Cli.Tests.EndToEnd;

internal static class CliProcess
{
    /// <summary>plasmite.dll copied next to the tests (the project references the CLI), else the CLI's own output.</summary>
    public static string DllPath => PlasmiteCli.DllPath;

    /// <summary>Runs with stdin, stdout and stderr all redirected (none is a terminal).</summary>
    public static ProcessResult Run(params string[] args) => RunProcess(ChildProcess.Dotnet, [DllPath, .. args], stdin: "");

    /// <summary>Runs with stdin fed from <paramref name="stdin"/>.</summary>
    public static ProcessResult RunWithStdin(string stdin, params string[] args) => RunProcess(ChildProcess.Dotnet, [DllPath, .. args], stdin);

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

    public static bool HasTool(string name) => ChildProcess.OnPath(name);

    private static string ShellQuote(string s) => "'" + s.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";

    private static ProcessResult RunProcess(string file, string[] args, string stdin, Dictionary<string, string>? env = null) =>
        ChildProcess.Run(file, args, stdin, env);
}
