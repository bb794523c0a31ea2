// Spectre.Console progress bars on stderr for long file feeds and `doctor --all` (terminals only; nothing when piped).
using System.Text;
using Plasmite.Cli.Output;
using Spectre.Console;

namespace Plasmite.Cli.Execution;

/// <summary>A progress bar on the terminal's stderr while other output is routed above it.</summary>
internal static class ProgressDisplay
{
    /// <summary>Files at least this large get a progress bar when fed on a terminal.</summary>
    public const long MinFeedBytes = 1 << 20;

    /// <summary>Only when both stdout and stderr are terminals: anything redirected gets plain output only.</summary>
    public static bool Wanted(CliContext ctx) => ctx.Terminal.StdoutIsTerminal && ctx.Terminal.StderrIsTerminal;

    /// <summary>
    /// Runs <paramref name="work"/> under a progress bar of <paramref name="max"/> units. The work gets a context whose
    /// stdout/stderr lines are printed above the bar, and the bar's task to advance.
    /// </summary>
    public static T Run<T>(CliContext ctx, string description, double max, Func<CliContext, ProgressTask, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ctx.ColorStderr ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(ctx.Terminal.Error),
        });
        var lines = new ConsoleLineWriter(console);
        var routed = new CliContext(new RoutedTerminal(ctx.Terminal, lines), ctx.Backend) { Color = ctx.Color, PoolDir = ctx.PoolDir, Args = ctx.Args };
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(pc =>
            {
                var task = pc.AddTask(Markup.Escape(description), maxValue: Math.Max(max, 1));
                var result = work(routed, task);
                lines.Flush();
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>The caller's terminal with stdout and stderr text going through the progress console.</summary>
    private sealed class RoutedTerminal(ITerminal inner, TextWriter lines) : ITerminal
    {
        public TextWriter Out => lines;
        public TextWriter Error => lines;
        public Stream OpenStdin() => inner.OpenStdin();
        public bool StdoutIsTerminal => inner.StdoutIsTerminal;
        public bool StderrIsTerminal => inner.StderrIsTerminal;
        public bool StdinIsTerminal => inner.StdinIsTerminal;
    }

    /// <summary>Collects text into lines and writes each complete line through the console (so it lands above the bar).</summary>
    private sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly object _gate = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                if (value == '\n')
                {
                    console.WriteLine(_line.ToString());
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            foreach (var c in value) Write(c);
        }

        public override void Flush()
        {
            lock (_gate)
            {
                if (_line.Length == 0) return;
                console.WriteLine(_line.ToString());
                _line.Clear();
            }
        }
    }
}

/// <summary>A read-only pass-through stream that reports how many bytes were read.</summary>
internal sealed class CountingStream(Stream inner, Action<long> onRead) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = inner.Read(buffer, offset, count);
        if (n > 0) onRead(n);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
