// Compares generated text with checked-in baselines; PLASMITE_UPDATE_BASELINES=1 rewrites them.
using System.Runtime.CompilerServices;

namespace Plasmite.Generators.Tests.Infrastructure;

internal static class Baseline
{
    public static bool Updating => Environment.GetEnvironmentVariable("PLASMITE_UPDATE_BASELINES") == "1";

    private static string Directory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "Baselines");

    /// <summary>Asserts that <paramref name="actual"/> equals <c>Baselines/{test}/{hint-without-.g.cs}.verified.cs</c>.</summary>
    public static void Verify(string test, string hintName, string actual)
    {
        string name = hintName.EndsWith(".g.cs", StringComparison.Ordinal) ? hintName[..^".g.cs".Length] : hintName;
        string path = Path.Combine(Directory(), test, name + ".verified.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Updating)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Missing baseline {path}; run the tests with PLASMITE_UPDATE_BASELINES=1 and review the file.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
        {
            string[] e = expected.Split('\n'), a = actual.Split('\n');
            int line = 0;
            while (line < Math.Min(e.Length, a.Length) && e[line] == a[line]) line++;
            Assert.Fail($"Generated {hintName} differs from {path} at line {line + 1}:\n expected: {(line < e.Length ? e[line] : "<end>")}\n actual:   {(line < a.Length ? a[line] : "<end>")}\nRun with PLASMITE_UPDATE_BASELINES=1 to accept.");
        }
    }
}
