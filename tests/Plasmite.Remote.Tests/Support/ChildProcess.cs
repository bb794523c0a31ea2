// Runs the test-only helper executable (tests/Plasmite.Remote.TestHost) as a separate process.
using System.Diagnostics;

namespace Plasmite.Remote.Tests.Support;

internal static class ChildProcess
{
    public static string HelperDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        // .../tests/Plasmite.Remote.Tests/bin/<Config>/net10.0/
        string tfm = dir.Name;
        string config = dir.Parent!.Name;
        var root = dir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Plasmite.sln"))) root = root.Parent;
        Assert.NotNull(root);
        string dll = Path.Combine(root!.FullName, "tests", "Plasmite.Remote.TestHost", "bin", config, tfm, "Plasmite.Remote.TestHost.dll");
        Assert.True(File.Exists(dll), "test helper not built: " + dll);
        return dll;
    }

    /// <summary>Starts <c>dotnet helper.dll args…</c> with redirected output.</summary>
    public static Process Start(params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(HelperDll());
        foreach (string a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }
}
