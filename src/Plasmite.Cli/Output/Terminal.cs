// The process's standard streams and whether each one is a terminal, behind an interface for tests.
namespace Plasmite.Cli.Output;

/// <summary>The standard streams the CLI reads and writes, and which of them are terminals.</summary>
internal interface ITerminal
{
    /// <summary>Standard output.</summary>
    TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    TextWriter Error { get; }

    /// <summary>Standard input as bytes.</summary>
    Stream OpenStdin();

    /// <summary>True when standard output is a terminal.</summary>
    bool StdoutIsTerminal { get; }

    /// <summary>True when standard error is a terminal.</summary>
    bool StderrIsTerminal { get; }

    /// <summary>True when standard input is a terminal.</summary>
    bool StdinIsTerminal { get; }
}

/// <summary>
/// The real console. The streams wrap file descriptors 0–2 directly: .NET's console streams initialize the
/// terminal on first write, which prints keypad-mode escape sequences on a TTY.
/// </summary>
internal sealed class ProcessTerminal : ITerminal
{
    private static readonly System.Text.UTF8Encoding Utf8NoBom = new(false);
    private readonly Lazy<TextWriter> _out = new(() => CreateWriter(1));
    private readonly Lazy<TextWriter> _err = new(() => CreateWriter(2));

    public TextWriter Out => _out.Value;
    public TextWriter Error => _err.Value;
    public Stream OpenStdin() => OpenFd(0, FileAccess.Read);
    public bool StdoutIsTerminal => !Console.IsOutputRedirected;
    public bool StderrIsTerminal => !Console.IsErrorRedirected;
    public bool StdinIsTerminal => !Console.IsInputRedirected;

    private static Stream OpenFd(int fd, FileAccess access)
    {
        try
        {
            if (OperatingSystem.IsWindows()) throw new IOException("console streams on Windows");
            return new FdStream(fd, access);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return fd switch
            {
                0 => Console.OpenStandardInput(),
                1 => Console.OpenStandardOutput(),
                _ => Console.OpenStandardError(),
            };
        }
    }

    private static TextWriter CreateWriter(int fd) =>
        new StreamWriter(OpenFd(fd, FileAccess.Write), Utf8NoBom, 4096, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
}

/// <summary>An in-memory terminal for tests: the TTY flags are chosen by the test.</summary>
internal sealed class BufferTerminal : ITerminal
{
    private readonly byte[] _stdin;

    public BufferTerminal(bool stdoutTty = false, bool stderrTty = false, bool stdinTty = false, byte[]? stdin = null)
    {
        StdoutIsTerminal = stdoutTty;
        StderrIsTerminal = stderrTty;
        StdinIsTerminal = stdinTty;
        _stdin = stdin ?? [];
    }

    public StringWriter OutBuffer { get; } = new() { NewLine = "\n" };
    public StringWriter ErrorBuffer { get; } = new() { NewLine = "\n" };
    public TextWriter Out => OutBuffer;
    public TextWriter Error => ErrorBuffer;
    public Stream OpenStdin() => new MemoryStream(_stdin, writable: false);
    public bool StdoutIsTerminal { get; }
    public bool StderrIsTerminal { get; }
    public bool StdinIsTerminal { get; }
}
