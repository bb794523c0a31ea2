// End-to-end: `dotnet pack` produces a .NET tool package that `dotnet tool install` turns into a working `plasmite`.
namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class ToolPackageTests
{
    private static (int Code, string Out) Run(string file, string workDir, params string[] args)
    {
        var r = ChildProcess.Run(file, args, workingDirectory: workDir, timeout: TimeSpan.FromMinutes(9));
        return (r.ExitCode, r.Output);
    }

    [Fact]
    public void PackedToolInstallsAndRuns()
    {
        var config = CliProcess.DllPath.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var work = Directory.CreateTempSubdirectory("plasmite-tool-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var tools = Path.Combine(work.FullName, "tools");
            var pack = Run("dotnet", RepositoryRoot.Path, "pack", Path.Combine("src", "Plasmite.Cli"), "-c", config, "--no-build", "-o", feed);
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
