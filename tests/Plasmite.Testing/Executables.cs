// Where the executables that tests spawn are built: the `plasmite` CLI and the test helper.
using System.Diagnostics;

namespace Plasmite.Testing;

/// <summary>The built <c>plasmite</c> tool (src/Plasmite.Cli).</summary>
public static class PlasmiteCli
{
    /// <summary>plasmite.dll copied next to the tests (when the project references the CLI), else the CLI's own output.</summary>
    public static string DllPath
    {
        get
        {
            string local = Path.Combine(AppContext.BaseDirectory, "plasmite.dll");
            return File.Exists(local) ? local : RepositoryRoot.BuildOutput(Path.Combine("src", "Plasmite.Cli"), "plasmite.dll");
        }
    }

    /// <summary>Runs <c>plasmite args…</c> to completion with every stream redirected (none is a terminal).</summary>
    public static ProcessResult Run(params string[] args) => ChildProcess.RunDll(DllPath, args);
}

/// <summary>The test helper executable (tests/Plasmite.TestHelper): one program, one verb per child-process job.</summary>
public static class TestHelper
{
    /// <summary>Path of Plasmite.TestHelper.dll (built with the solution; test projects reference it without its assembly).</summary>
    public static string DllPath => RepositoryRoot.BuildOutput(Path.Combine("tests", "Plasmite.TestHelper"), "Plasmite.TestHelper.dll");

    /// <summary>Starts <c>helper VERB args…</c> with stdout and stderr redirected.</summary>
    public static Process Start(params string[] args) => ChildProcess.StartDll(DllPath, args, new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" });

    /// <summary>Runs <c>helper VERB args…</c> to completion.</summary>
    public static ProcessResult Run(TimeSpan timeout, params string[] args) =>
        ChildProcess.RunDll(DllPath, args, env: new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" }, timeout: timeout);
}
