// Everything a command handler needs from the invocation: streams, colour, pool directory, backend.
using Plasmite.Cli.Execution;
using Plasmite.Cli.Output;

namespace Plasmite.Cli;

/// <summary>The per-invocation environment shared by every command handler.</summary>
internal sealed class CliContext
{
    public CliContext(ITerminal terminal, ICliBackend backend)
    {
        Terminal = terminal;
        Backend = backend;
        PoolDir = DefaultPoolDir();
    }

    /// <summary>The standard streams.</summary>
    public ITerminal Terminal { get; }

    /// <summary>The SDK-facing operations (unwired until the SDK lands).</summary>
    public ICliBackend Backend { get; }

    /// <summary>The global <c>--color</c> setting.</summary>
    public ColorMode Color { get; set; } = ColorMode.Auto;

    /// <summary>The pool directory (<c>--dir</c> or the default).</summary>
    public string PoolDir { get; set; }

    /// <summary>The raw arguments as given (after normalization), for "retry with exact command" hints.</summary>
    public IReadOnlyList<string> Args { get; set; } = [];

    /// <summary>For <c>tap</c>: the arguments after <c>--</c> (null when there was no <c>--</c>).</summary>
    public IReadOnlyList<string>? WrappedCommand { get; set; }

    /// <summary>Whether stdout text gets ANSI colour.</summary>
    public bool ColorStdout => Ansi.Enabled(Color, Terminal.StdoutIsTerminal);

    /// <summary>Whether stderr text gets ANSI colour.</summary>
    public bool ColorStderr => Ansi.Enabled(Color, Terminal.StderrIsTerminal);

    /// <summary><c>$HOME/.plasmite/pools</c> (<c>%USERPROFILE%\.plasmite\pools</c> on Windows), or the relative <c>.plasmite/pools</c> when HOME is unset.</summary>
    public static string DefaultPoolDir()
    {
        var home = Environment.GetEnvironmentVariable(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
        return string.IsNullOrEmpty(home)
            ? System.IO.Path.Combine(".plasmite", "pools")
            : System.IO.Path.Combine(home, ".plasmite", "pools");
    }
}
