// Locates the data files (vectors, manifests) copied into tests/data and shipped beside the test assembly.
namespace Plasmite.Tests.Support;

internal static class TestData
{
    /// <summary>The folder holding the copied vectors and manifests.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Full path of a file under the data folder.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
