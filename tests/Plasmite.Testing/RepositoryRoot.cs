// The one walk up from the test output directory to the folder holding Plasmite.sln, and paths of built projects.
namespace Plasmite.Testing;

/// <summary>The repository root (the directory holding <c>Plasmite.sln</c>) and the build outputs under it.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Find);

    /// <summary>Absolute path of the repository root.</summary>
    public static string Path => s_path.Value;

    /// <summary>The configuration the running tests were built in (<c>Debug</c> or <c>Release</c>), from <c>bin/CONFIG/TFM/</c>.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";

    /// <summary>The target framework folder of the running tests (<c>net10.0</c>).</summary>
    public static string TargetFramework { get; } = new DirectoryInfo(AppContext.BaseDirectory).Name;

    /// <summary>A path below the root, e.g. <c>Combine("tests", "data", "pools")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// The built <paramref name="fileName"/> of the project in <paramref name="projectDir"/> (relative to the root),
    /// in the running configuration first, then Release, then Debug.
    /// </summary>
    /// <exception cref="FileNotFoundException">The project is not built.</exception>
    public static string BuildOutput(string projectDir, string fileName)
    {
        foreach (string config in new[] { Configuration, "Release", "Debug" })
        {
            string candidate = System.IO.Path.Combine(Path, projectDir, "bin", config, TargetFramework, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{projectDir} is not built ({fileName} not found); build the solution first");
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Plasmite.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Plasmite.sln not found above " + AppContext.BaseDirectory);
    }
}
