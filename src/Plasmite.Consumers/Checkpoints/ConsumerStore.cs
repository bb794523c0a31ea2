// A consumer's files on disk: the blocking flock on `<name>.lock` and the atomic (temp + fsync + rename) state writes.
using Plasmite.Consumers.Interop;

namespace Plasmite.Consumers.Checkpoints;

/// <summary>
/// Reads and writes one consumer's state file under its lock. The lock is a separate, never-replaced file because
/// every write replaces the state file (rename), and a flock on a replaced inode would lock nothing.
/// The pool file and its own locking are never touched.
/// </summary>
internal sealed class ConsumerStore : IDisposable
{
    private readonly int _lockFd;
    private bool _disposed;

    public ConsumerStore(string poolPath, string name)
    {
        ConsumerPaths.CheckName(name);
        PoolPath = poolPath;
        Name = name;
        StatePath = ConsumerPaths.StatePath(poolPath, name);
        string dir = ConsumerPaths.DirectoryFor(poolPath);
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlasmiteException(e is UnauthorizedAccessException ? ErrorKind.Permission : ErrorKind.Io,
                "failed to create the consumer directory", path: dir, inner: e);
        }
        string lockPath = ConsumerPaths.LockPath(poolPath, name);
        _lockFd = Native.Open(lockPath, Native.O_RDWR | Native.O_CREAT | Native.O_CLOEXEC, 0x1A4 /* 0644 */);
        if (_lockFd < 0) throw IoError("failed to open the consumer lock file", lockPath, Native.Errno);
    }

    public string PoolPath { get; }

    public string Name { get; }

    public string StatePath { get; }

    /// <summary>Runs <paramref name="action"/> holding the consumer's exclusive lock (blocking; holders keep it for
    /// one read-modify-write).</summary>
    public T Locked<T>(Func<ConsumerStore, T> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (Native.Flock(_lockFd, Native.LOCK_EX) != 0)
        {
            int errno = Native.Errno;
            if (errno != Native.EINTR) throw IoError("failed to lock the consumer state", ConsumerPaths.LockPath(PoolPath, Name), errno);
        }
        try
        {
            return action(this);
        }
        finally
        {
            Native.Flock(_lockFd, Native.LOCK_UN);
        }
    }

    /// <summary>The current state, or null when the consumer has none (new, or reset).</summary>
    public ConsumerState? Read() => TryRead(StatePath);

    /// <summary>Reads a state file without the lock (the file is only ever replaced whole); null when missing.</summary>
    public static ConsumerState? TryRead(string statePath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(statePath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PlasmiteException(ErrorKind.Permission, "failed to read the consumer checkpoint", path: statePath, inner: e);
        }
        catch (IOException e)
        {
            throw new PlasmiteException(ErrorKind.Io, "failed to read the consumer checkpoint", path: statePath, inner: e);
        }
        return ConsumerStateJson.Decode(bytes, statePath);
    }

    /// <summary>Replaces the state file atomically: write a temp file, fsync it, rename it over, fsync the folder.</summary>
    public void Write(ConsumerState state)
    {
        byte[] bytes = ConsumerStateJson.Encode(state);
        string tmp = StatePath + ".tmp";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, StatePath, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PlasmiteException(ErrorKind.Permission, "failed to write the consumer checkpoint", path: StatePath, inner: e);
        }
        catch (IOException e)
        {
            throw new PlasmiteException(ErrorKind.Io, "failed to write the consumer checkpoint", path: StatePath, inner: e);
        }
        FsyncDirectory(Path.GetDirectoryName(StatePath)!);
    }

    /// <summary>Deletes the state file (the consumer starts over); true when there was one.</summary>
    public bool Delete()
    {
        if (!File.Exists(StatePath)) return false;
        File.Delete(StatePath);
        FsyncDirectory(Path.GetDirectoryName(StatePath)!);
        return true;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Native.Close(_lockFd);
    }

    private static void FsyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = Native.Open(dir, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC, 0);
        if (fd < 0) return; // best effort: the rename itself is atomic
        Native.Fsync(fd);
        Native.Close(fd);
    }

    private static PlasmiteException IoError(string message, string path, int errno) =>
        new(errno is 1 or 13 ? ErrorKind.Permission : ErrorKind.Io, message + ": " + System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno), path: path);
}
