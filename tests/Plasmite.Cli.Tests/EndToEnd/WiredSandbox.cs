// A temporary pool directory plus helpers to run the built tool against it.
using System.Diagnostics;
using System.Text.Json;

namespace Plasmite.Cli.Tests.EndToEnd;

internal sealed class WiredSandbox : IDisposable
{
    public WiredSandbox()
    {
        Root = Directory.CreateTempSubdirectory("plasmite-wired-").FullName;
        Dir = Path.Combine(Root, "pools");
    }

    public string Root { get; }

    public string Dir { get; }

    public ProcessResult Run(params string[] args) => CliProcess.Run(["--dir", Dir, .. args]);

    public ProcessResult RunWithStdin(string stdin, params string[] args) => CliProcess.RunWithStdin(stdin, ["--dir", Dir, .. args]);

    public ProcessResult OnTerminal(params string[] args) => CliProcess.RunOnTerminal(["--color", "never", "--dir", Dir, .. args]);

    /// <summary>Starts the tool with stdout/stderr redirected and stdin closed (for long-running follows).</summary>
    public Process Start(params string[] args)
    {
        var p = ChildProcess.StartDll(CliProcess.DllPath, ["--dir", Dir, .. args], redirectStdin: true);
        p.StandardInput.Close();
        return p;
    }

    public static JsonElement Json(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }

    public static JsonElement ErrorOf(ProcessResult r)
    {
        var line = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        return Json(line).GetProperty("error");
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
