// Starts the Plasmite.TestHelper executable (built with the solution) as a real child process.
using System.Diagnostics;
using System.Reflection;

namespace Plasmite.Tests.Storage;

internal static class HelperProcess
{
    private static readonly Lazy<string> HelperDll = new(() =>
    {
        string config = typeof(HelperProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        foreach (string c in new[] { config, "Release", "Debug" })
        {
            string dll = Path.Combine(StorageTestSupport.RepoRoot, "tests", "Plasmite.TestHelper", "bin", c, "net10.0", "Plasmite.TestHelper.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new FileNotFoundException("Plasmite.TestHelper is not built; build the solution first");
    });

    public static Process Start(params string[] args)
    {
        string dll = HelperDll.Value;
        string apphost = Path.Combine(Path.GetDirectoryName(dll)!, "Plasmite.TestHelper");
        ProcessStartInfo psi;
        if (File.Exists(apphost))
        {
            psi = new ProcessStartInfo(apphost);
        }
        else
        {
            psi = new ProcessStartInfo("dotnet");
            psi.ArgumentList.Add("exec");
            psi.ArgumentList.Add(dll);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(psi)!;
    }
}
