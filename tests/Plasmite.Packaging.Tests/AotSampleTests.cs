namespace Plasmite.Packaging.Tests;

[Trait("Category", "Process")]
public sealed class AotSampleTests : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "plasmite-aot", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_tmp, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public void QuickStart_publishes_with_native_aot_without_warnings_and_runs()
    {
        string publish = Path.Combine(_tmp, "publish");
        // PublishAot and IlcTreatWarningsAsErrors are set in the sample's csproj; any trim/AOT warning fails the publish.
        var (code, output) = Dotnet.Dot("publish", "samples/Plasmite.Samples.QuickStart", "-c", "Release", "-r", "linux-x64",
            "-o", publish, "-p:TreatWarningsAsErrors=true");
        Assert.True(code == 0, output);
        Assert.DoesNotContain("warning IL", output);
        string binary = Path.Combine(publish, "Plasmite.Samples.QuickStart");
        Assert.True(File.Exists(binary), output);
        Assert.False(File.Exists(Path.Combine(publish, "Plasmite.Runtime.dll")), "a native binary carries no managed assemblies");

        var (runCode, runOutput) = Dotnet.Run(binary, [Path.Combine(_tmp, "pools")], _tmp);
        Assert.True(runCode == 0, runOutput);
        Assert.Contains("signup  #1 alice", runOutput);
        Assert.Contains("deploy  #2 4f2a9c1 (attempt 1) to web-1, web-2", runOutput);
        Assert.Contains("signup  #3 bob", runOutput);
        Assert.Contains("signups: #3 bob", runOutput);
    }
}
