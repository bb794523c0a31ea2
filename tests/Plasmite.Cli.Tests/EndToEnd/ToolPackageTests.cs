// End-to-end: `dotnet pack` produces a .NET tool package that `dotnet tool install` turns into a working `plasmite`.
using System.Diagnostics;

namespace Plasmite.Cli.Tests.EndToEnd;

public class ToolPackageTests
{
    private static (int Code, string Out) Run(string file, string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workDir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(540_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void PackedToolInstallsAndRuns()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Plasmite.sln"))) repo = repo.Parent;
        Assert.NotNull(repo);
        var config = CliProcess.DllPath.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var work = Directory.CreateTempSubdirectory("plasmite-tool-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var tools = Path.Combine(work.FullName, "tools");
            var pack = Run("dotnet", repo!.FullName, "pack", Path.Combine("src", "Plasmite.Cli"), "-c", config, "--no-build", "-o", feed);
            Assert.True(pack.Code == 0, pack.Out);
            var nupkg = Directory.GetFiles(feed, "Plasmite.Cli.*.nupkg");
            Assert.Single(nupkg);

            var install = Run("dotnet", work.FullName, "tool", "install", "--tool-path", tools, "--add-source", feed, "Plasmite.Cli");
            Assert.True(install.Code == 0, install.Out);
            var exe = Path.Combine(tools, "plasmite");
            Assert.True(File.Exists(exe), install.Out);

            var pools = Path.Combine(work.FullName, "pools");
            var version = Run(exe, work.FullName, "version");
            Assert.Equal(0, version.Code);
            Assert.StartsWith("{\"name\":\"plasmite\",\"version\":", version.Out, StringComparison.Ordinal);
            Assert.Equal(0, Run(exe, work.FullName, "--dir", pools, "feed", "demo", "--create", "{\"hello\":\"tool\"}").Code);
            var fetched = Run(exe, work.FullName, "--dir", pools, "fetch", "demo", "1");
            Assert.Equal(0, fetched.Code);
            Assert.StartsWith("{\"data\":{\"hello\":\"tool\"},\"meta\":{\"tags\":[]},\"seq\":1,", fetched.Out, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
