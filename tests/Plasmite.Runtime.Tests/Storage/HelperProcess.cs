// The storage tests' name for the shared test helper executable (Plasmite.Testing.TestHelper, tests/Plasmite.TestHelper).
using System.Diagnostics;

namespace Plasmite.Tests.Storage;

internal static class HelperProcess
{
    /// <summary>Starts <c>Plasmite.TestHelper VERB args…</c> (write, follow, crashloop, …) with stdout and stderr redirected.</summary>
    public static Process Start(params string[] args) => TestHelper.Start(args);
}
