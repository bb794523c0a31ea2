// Crash-safe small-file replace: write a temp file, fsync it, rename over the target, fsync the directory.
using System.Runtime.InteropServices;

namespace Plasmite.Nats;

internal static partial class AtomicFile
{
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> so a crash leaves the old or the new file, whole.</summary>
    /// <exception cref="PlasmiteException">Io or Permission.</exception>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string temp = path + ".tmp";
        try
        {
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PlasmiteException(ErrorKind.Permission, "cannot write checkpoint", path: path, inner: e);
        }
        catch (IOException e)
        {
            throw new PlasmiteException(ErrorKind.Io, "cannot write checkpoint", path: path, inner: e);
        }
    }

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    public static byte[]? Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException e)
        {
            throw new PlasmiteException(ErrorKind.Io, "cannot read checkpoint", path: path, inner: e);
        }
    }

    private static void SyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = Open(dir, 0); // O_RDONLY
        if (fd < 0) return;
        _ = Fsync(fd);
        _ = Close(fd);
    }
}
