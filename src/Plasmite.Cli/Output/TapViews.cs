// The messages `tap` records and the lines it prints on a terminal (spec cli.md §5.9).
using System.Globalization;
using System.Text;

namespace Plasmite.Cli.Output;

internal static class TapViews
{
    /// <summary>Tags of the start/exit lifecycle messages.</summary>
    public static readonly IReadOnlyList<string> LifecycleTags = ["lifecycle"];

    /// <summary><c>{"cmd":[…],"kind":"start"}</c>.</summary>
    public static string Start(IReadOnlyList<string> command) =>
        "{\"cmd\":[" + string.Join(",", command.Select(JsonText.Quote)) + "],\"kind\":\"start\"}";

    /// <summary><c>{"kind":"line","line":"…","stream":"stdout"|"stderr"}</c> with a trailing <c>\n</c> / <c>\r\n</c> removed.</summary>
    public static string Line(string stream, string line)
    {
        if (line.EndsWith('\n')) line = line[..^1];
        if (line.EndsWith('\r')) line = line[..^1];
        return $"{{\"kind\":\"line\",\"line\":{JsonText.Quote(line)},\"stream\":{JsonText.Quote(stream)}}}";
    }

    /// <summary><c>{"code":N,"elapsed_ms":M,"kind":"exit"}</c> or, when killed, <c>{"elapsed_ms":M,"kind":"exit","signal":"SIGTERM"}</c>.</summary>
    public static string Exit(int? code, int? signal, ulong elapsedMs) => signal is { } s
        ? $"{{\"elapsed_ms\":{elapsedMs},\"kind\":\"exit\",\"signal\":{JsonText.Quote(SignalName(s))}}}"
        : $"{{\"code\":{(code ?? 0).ToString(CultureInfo.InvariantCulture)},\"elapsed_ms\":{elapsedMs},\"kind\":\"exit\"}}";

    /// <summary>SIGINT, SIGKILL, SIGSEGV, SIGTERM by name, others as <c>SIG&lt;n&gt;</c>.</summary>
    public static string SignalName(int signal) => signal switch
    {
        2 => "SIGINT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "SIG" + signal.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The tap's exit code: the child's, or 128 + signal.</summary>
    public static int ExitCode(int? code, int? signal) => signal is { } s ? 128 + s : code ?? 0;

    /// <summary><c>tapping &lt;pool&gt; &lt;- &lt;cmd&gt;</c> (terminal stderr only).</summary>
    public static string StartBanner(string pool, IReadOnlyList<string> command) => $"tapping {pool} <- {string.Join(' ', command)}\n";

    /// <summary><c>tapped N lines (X.Ys) -&gt; &lt;pool&gt; exit &lt;code&gt;</c> or <c>signal &lt;NAME&gt;</c>.</summary>
    public static string EndBanner(string pool, ulong lines, TimeSpan elapsed, int? code, int? signal)
    {
        var sb = new StringBuilder("tapped ").Append(lines).Append(lines == 1 ? " line (" : " lines (")
            .Append(elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("s) -> ").Append(pool);
        sb.Append(signal is { } s ? $" signal {SignalName(s)}" : $" exit {(code ?? 0).ToString(CultureInfo.InvariantCulture)}");
        return sb.Append('\n').ToString();
    }
}
