// Pool names and directories (spec §11.3, §11.4, §11.6): name → path, list, delete.
using Plasmite.Interop;

namespace Plasmite.Storage;

/// <summary>One entry of <see cref="PoolDirectory.List"/>: the info of a readable pool, or the error.</summary>
/// <param name="Name">File name without the <c>.plasmite</c> extension.</param>
/// <param name="Path">Full path.</param>
/// <param name="Info">Pool info when the pool could be opened.</param>
/// <param name="Error">The failure otherwise.</param>
internal sealed record PoolListEntry(string Name, string Path, PoolInfo? Info, PlasmiteException? Error);

/// <summary>Pool naming and directory operations.</summary>
internal static class PoolDirectory
{
    /// <summary><c>$HOME/.plasmite/pools</c> (<c>%USERPROFILE%\.plasmite\pools</c> on Windows), or the relative <c>.plasmite/pools</c> when HOME is unset.</summary>
    public static string DefaultDirectory
    {
        get
        {
            string? home = Environment.GetEnvironmentVariable(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
            return string.IsNullOrEmpty(home)
                ? System.IO.Path.Combine(".plasmite", "pools")
                : System.IO.Path.Combine(home, ".plasmite", "pools");
        }
    }

    /// <summary>
    /// Resolves a pool reference (spec §11.3): a ref containing <c>://</c> is a remote ref (Usage); one containing
    /// a path separator is a path used as-is; otherwise it is a name in <paramref name="directory"/>
    /// (default <see cref="DefaultDirectory"/>), with <c>.plasmite</c> appended unless already present.
    /// </summary>
    /// <exception cref="PlasmiteException">Usage for remote refs and empty refs.</exception>
    public static string ResolveRef(string poolRef, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(poolRef);
        if (poolRef.Contains("://", StringComparison.Ordinal))
            throw PlasmiteException.Usage("remote pool refs are not supported in v0");
        if (IsPathLike(poolRef))
        {
            // A path is the caller's own; only a NUL is refused (libc would cut the path there).
            if (poolRef.Contains('\0', StringComparison.Ordinal)) throw PlasmiteException.Usage("pool path must not contain NUL");
            return poolRef;
        }
        return PathForName(poolRef, directory);
    }

    /// <summary>Name → path (spec §11.3): the name must pass <see cref="PoolName.Validate"/> (no separators, no
    /// bytes a file system refuses, …); <c>DIR/NAME</c> when NAME ends with <c>.plasmite</c>, else
    /// <c>DIR/NAME.plasmite</c> (case-sensitive).</summary>
    /// <exception cref="PlasmiteException">Usage for invalid names.</exception>
    public static string PathForName(string name, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        PoolName.Validate(name);
        return System.IO.Path.Combine(directory ?? DefaultDirectory, PoolName.FileName(name));
    }

    private static bool IsPathLike(string s) => s.Contains('/') || (OperatingSystem.IsWindows() && s.Contains('\\'));

    /// <summary>The pool files in <paramref name="directory"/> (extension exactly <c>plasmite</c>), sorted by
    /// name; a missing directory gives an empty list and is not created.</summary>
    /// <exception cref="PlasmiteException">Permission or Io for other directory errors.</exception>
    public static IReadOnlyList<string> ListPaths(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) return [];
        try
        {
            var paths = new List<string>();
            foreach (string p in Directory.EnumerateFiles(directory))
            {
                string fileName = System.IO.Path.GetFileName(p);
                if (fileName.Length > PoolFormat.FileExtension.Length && fileName.EndsWith(PoolFormat.FileExtension, StringComparison.Ordinal))
                    paths.Add(p);
            }
            paths.Sort(StringComparer.Ordinal);
            return paths;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PlasmiteException(ErrorKind.Permission, "failed to read pool directory", path: directory, inner: e);
        }
        catch (IOException e)
        {
            throw new PlasmiteException(ErrorKind.Io, "failed to read pool directory", path: directory, inner: e);
        }
    }

    /// <summary>Info for every pool in <paramref name="directory"/>, sorted by name; a pool that cannot be read
    /// yields an entry with its error instead of failing the whole call ([bug] 16.5 not copied).</summary>
    public static IReadOnlyList<PoolListEntry> List(string directory)
    {
        var result = new List<PoolListEntry>();
        foreach (string path in ListPaths(directory))
        {
            string name = PoolName.FromPath(path);
            try
            {
                using var pool = PoolFile.Open(path);
                result.Add(new PoolListEntry(name, path, pool.Info(), null));
            }
            catch (PlasmiteException e)
            {
                result.Add(new PoolListEntry(name, path, null, e));
            }
        }
        return result;
    }

    /// <summary>Deletes a pool file (spec §11.4): no lock; other processes keep their mappings.</summary>
    /// <exception cref="PlasmiteException">"failed to delete pool" with NotFound, Permission or Io, and the path.</exception>
    public static void Delete(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            // Pools are opened without FileShare.Delete: a pool another process holds fails with a sharing violation.
            try
            {
                if (!File.Exists(path)) throw new PlasmiteException(ErrorKind.NotFound, "failed to delete pool", path: path);
                File.Delete(path);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var wkind = Win32.KindOf(e);
                if (wkind is not (ErrorKind.NotFound or ErrorKind.Permission or ErrorKind.Busy)) wkind = ErrorKind.Io;
                throw new PlasmiteException(wkind, wkind == ErrorKind.Busy ? "failed to delete pool (in use by another process)" : "failed to delete pool", path: path, inner: e);
            }
        }
        if (Libc.Unlink(path) == 0) return;
        int errno = Libc.Errno;
        var kind = Libc.KindOf(errno);
        if (kind is not (ErrorKind.NotFound or ErrorKind.Permission)) kind = ErrorKind.Io;
        throw new PlasmiteException(kind, "failed to delete pool", path: path);
    }

    /// <summary>Info of the pool at <paramref name="path"/> (opens, reads, closes).</summary>
    public static PoolInfo Info(string path)
    {
        using var pool = PoolFile.Open(path);
        return pool.Info();
    }
}
