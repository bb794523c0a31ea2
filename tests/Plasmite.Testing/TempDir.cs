// A throwaway directory per test under the system temp folder, deleted on dispose.
namespace Plasmite.Testing;

/// <summary>A fresh directory <c>TMP/plasmite-tests/PREFIXguid</c>, deleted (best effort) on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates the directory.</summary>
    /// <param name="prefix">Prepended to the random name, to tell the owner in the temp folder.</param>
    public TempDir(string prefix = "")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "plasmite-tests", prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes the directory and everything in it; files still held open elsewhere are left behind.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
