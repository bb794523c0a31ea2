// The Windows lane: publishes tests/Plasmite.Windows.Probe for win-x64 (self-contained, once), runs it under wine64,
// and exchanges pool files with it both ways (the format is the same on every platform).
using System.Diagnostics;
using System.Text;
using Plasmite.Storage;

namespace Plasmite.Tests.Windows;

/// <summary>Runs when wine64 is installed; skips with the reason otherwise, except under CI=true, where it fails.</summary>
public sealed class WineFactAttribute : FactAttribute
{
    public WineFactAttribute()
    {
        if (Wine.Loader is null && System.Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "wine64 is not installed (apt-get install -y wine64); under CI=true this test fails instead";
    }
}

internal static class Wine
{
    /// <summary>Debian's wine64 loader (not on PATH), or null.</summary>
    public static string? Loader { get; } = new[] { "/usr/lib/wine/wine64", "/usr/lib/x86_64-linux-gnu/wine/wine64", "/usr/bin/wine64" }
        .FirstOrDefault(File.Exists);

    /// <summary>
    /// The environment of a wine64 run: quiet, a private prefix, and the CLR's W^X double mapping off — under wine 8
    /// releasing a collected DynamicMethod's double-mapped code crashes the runtime ("Internal CLR error 0x80131506"
    /// in DynamicResolver.DestroyScout.Finalize); real Windows is not affected, see docs/windows.md.
    /// </summary>
    public static Dictionary<string, string> Environment(string prefix) => new()
    {
        ["WINEDEBUG"] = "-all",
        ["WINEPREFIX"] = prefix,
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };
}

[Trait("Category", "Windows")]
public class WindowsLaneTests
{
    // Reads output line by line as it arrives rather than to EOF: wine's server process may keep the pipes open.
    private static (int Code, string Output) Run(string file, IEnumerable<string> args, IDictionary<string, string>? env, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " did not finish: " + output);
        }
        p.WaitForExit();
        lock (output) return (p.ExitCode, output.ToString());
    }

    [WineFact]
    public void Probe_passes_under_wine64_and_pools_cross_between_Linux_and_Windows()
    {
        Assert.True(Wine.Loader is not null, "CI=true but wine64 is not installed: .ci/run installs it (apt-get install -y wine64)");
        using var dir = new TempDir();
        string publish = dir.File("probe");
        var (code, output) = Run("dotnet", ["publish", RepositoryRoot.Combine("tests", "Plasmite.Windows.Probe"), "-c", "Release",
            "-r", "win-x64", "--self-contained", "-o", publish, "-nologo"], null, TimeSpan.FromMinutes(8));
        Assert.True(code == 0, "publish failed: " + output);

        // Linux side of the exchange: a pool for the Windows probe to read.
        string exchange = dir.File("exchange");
        Directory.CreateDirectory(exchange);
        using (var pool = PoolFile.Create(Path.Combine(exchange, "from-linux.plasmite"), 64 * 1024))
            for (int i = 1; i <= 50; i++) pool.Append(Encoding.UTF8.GetBytes("{\"linux\":" + i + "}"), Durability.Flush);

        var env = Wine.Environment(dir.File("wineprefix"));
        (code, output) = Run(Wine.Loader!, [Path.Combine(publish, "Plasmite.Windows.Probe.exe"), "run", "Z:" + exchange], env, TimeSpan.FromMinutes(8));
        Assert.True(code == 0, "probe failed under wine64:\n" + output);
        Assert.Contains(" passed, 0 failed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("ok   the typed sample: generated append, get and tail", output, StringComparison.Ordinal);

        // The pool the Windows probe wrote reads back here.
        string fromWindows = Path.Combine(exchange, "from-windows.plasmite");
        Assert.True(PoolValidator.Validate(fromWindows).IsOk);
        using var back = PoolFile.Open(fromWindows);
        Assert.Equal(50UL, back.ReadHeader().NewestSeq);
        Assert.Equal("{\"windows\":50}", Encoding.UTF8.GetString(back.Get(50).Payload));
    }

    [WineFact]
    public void Cli_published_self_contained_for_win_x64_runs_under_wine64()
    {
        Assert.True(Wine.Loader is not null, "CI=true but wine64 is not installed: .ci/run installs it (apt-get install -y wine64)");
        using var dir = new TempDir();
        string publish = dir.File("cli");
        var (code, output) = Run("dotnet", ["publish", RepositoryRoot.Combine("src", "Plasmite.Cli"), "-c", "Release",
            "-r", "win-x64", "--self-contained", "-o", publish, "-nologo"], null, TimeSpan.FromMinutes(8));
        Assert.True(code == 0, "publish failed: " + output);
        string pools = dir.File("pools");
        Directory.CreateDirectory(pools);
        var env = Wine.Environment(dir.File("wineprefix"));
        (int, string) Cli(params string[] args) =>
            Run(Wine.Loader!, [Path.Combine(publish, "plasmite.exe"), "--dir", "Z:" + pools.Replace('/', '\\'), .. args], env, TimeSpan.FromMinutes(3));

        (code, output) = Cli("pool", "create", "demo");
        Assert.True(code == 0, "pool create: " + output);
        (code, output) = Cli("feed", "demo", "{\"from\":\"windows\"}", "--tag", "win");
        Assert.True(code == 0, "feed: " + output);
        Assert.Contains("\"seq\":1", output, StringComparison.Ordinal);
        (code, output) = Cli("fetch", "demo", "1");
        Assert.True(code == 0, "fetch: " + output);
        Assert.Contains("\"data\":{\"from\":\"windows\"}", output, StringComparison.Ordinal);
        (code, output) = Cli("follow", "demo", "--tail", "1", "--timeout", "300ms", "--format", "jsonl");
        Assert.True(code == 124, "follow --timeout should exit 124: " + code + " " + output);
        Assert.Contains("\"tags\":[\"win\"]", output, StringComparison.Ordinal);
        (code, output) = Cli("doctor", "demo");
        Assert.True(code == 0, "doctor: " + output);

        // The pool the Windows CLI wrote is a valid pool here, with the same message.
        string path = Path.Combine(pools, "demo.plasmite");
        Assert.True(PoolValidator.Validate(path).IsOk);
        using var client = new PlasmiteClient(pools);
        using var pool = client.OpenPool("demo");
        var message = pool.Get(1);
        Assert.Equal("windows", message.Data.GetProperty("from").GetString());
        Assert.Equal(["win"], message.Tags);
    }
}
