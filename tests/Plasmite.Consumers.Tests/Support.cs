// Test support: the consumer worker and CLI child processes (through Plasmite.Testing) and the worker log reader.
using System.Diagnostics;

namespace Plasmite.Consumers.Tests;

internal static class Children
{
    /// <summary>Starts a consumer worker: the test helper's <c>consume</c> verb (tests/Plasmite.TestHelper/ConsumeVerb.cs), output drained.</summary>
    public static Process StartWorker(params string[] args)
    {
        var p = TestHelper.Start(["consume", .. args]);
        p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEndAsync();
        return p;
    }

    /// <summary>Runs the plasmite CLI with every stream redirected (stdout is not a terminal: compact JSON).</summary>
    public static ProcessResult Cli(params string[] args) => PlasmiteCli.Run(args);

    /// <summary>SIGKILL (no chance to release leases) and wait.</summary>
    public static void Kill(Process p) => ChildProcess.KillTree(p);
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
