// P/Invoke declarations for the POSIX calls the storage engine needs (open, flock, msync, semaphores).
using System.Runtime.InteropServices;

namespace Plasmite.Interop;

/// <summary>
/// Raw libc entry points. Pool files are opened with <c>open(2)</c> rather than
/// <see cref="FileStream"/> because .NET takes its own <c>flock</c> on every managed file handle,
/// which would block the original's writers (spec §15.1).
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    internal static readonly bool IsMacOS = OperatingSystem.IsMacOS();

    // open(2) flags (Linux values; macOS differs).
    internal const int O_RDONLY = 0;
    internal static int O_RDWR => 2;
    internal static int O_CREAT => IsMacOS ? 0x200 : 0x40;
    internal static int O_EXCL => IsMacOS ? 0x800 : 0x80;
    internal static int O_CLOEXEC => IsMacOS ? 0x1000000 : 0x80000;

    internal const int LOCK_SH = 1;
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int LOCK_UN = 8;

    internal static int MS_SYNC => IsMacOS ? 0x10 : 4;

    // errno values (Linux; macOS where different).
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EBADF = 9;
    internal const int EACCES = 13;
    internal const int EEXIST = 17;
    internal const int ENOTDIR = 20;
    internal const int EINVAL = 22;
    internal const int EFBIG = 27;
    internal const int ENOSPC = 28;
    internal const int EROFS = 30;
    internal static int EDQUOT => IsMacOS ? 69 : 122;
    internal static int EAGAIN => IsMacOS ? 35 : 11;
    internal static int ETIMEDOUT => IsMacOS ? 60 : 110;
    internal static int ENOSYS => IsMacOS ? 78 : 38;
    internal static int ENOTSUP => IsMacOS ? 45 : 95;

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    // The append fast path: no errno capture (a failed lock is retried through Flock to learn errno) and, for
    // LOCK_UN only, no GC transition: releasing a flock never waits for another holder.
    [LibraryImport(Lib, EntryPoint = "flock")]
    internal static partial int FlockNoErrno(int fd, int operation);

    [LibraryImport(Lib, EntryPoint = "flock")]
    [SuppressGCTransition]
    internal static partial int FlockUnlock(int fd, int operation);

    [LibraryImport(Lib, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int Ftruncate(int fd, long length);

    /// <summary>Linux <c>fallocate(2)</c>: with mode 0, allocates the blocks of a range (holes only; data kept).</summary>
    [LibraryImport(Lib, EntryPoint = "fallocate", SetLastError = true)]
    internal static partial int Fallocate(int fd, int mode, long offset, long length);

    /// <summary><c>posix_fallocate(3)</c>: returns the error number (0 on success); glibc emulates it by writing
    /// where the file system has no fallocate, so it is only used on a file no one else writes yet.</summary>
    [LibraryImport(Lib, EntryPoint = "posix_fallocate")]
    internal static partial int PosixFallocate(int fd, long offset, long length);

    [LibraryImport(Lib, EntryPoint = "msync", SetLastError = true)]
    internal static partial int Msync(nint address, nuint length, int flags);

    /// <summary>Linux ≥ 5.14: fault the range in writable (no data change), as a write to every page would.</summary>
    internal const int MADV_POPULATE_WRITE = 23;

    [LibraryImport(Lib, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport(Lib, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint Realpath(string path, nint resolved);

    [LibraryImport(Lib, EntryPoint = "free")]
    internal static partial void Free(nint ptr);

    [LibraryImport(Lib, EntryPoint = "sem_open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint SemOpen(string name, int oflag, uint mode, uint value);

    // sem_post and sem_trywait never block: safe to call without a GC transition (hot path of every append).
    [LibraryImport(Lib, EntryPoint = "sem_post")]
    [SuppressGCTransition]
    internal static partial int SemPost(nint sem);

    [LibraryImport(Lib, EntryPoint = "sem_trywait")]
    [SuppressGCTransition]
    internal static partial int SemTryWait(nint sem);

    [LibraryImport(Lib, EntryPoint = "sem_timedwait", SetLastError = true)]
    internal static partial int SemTimedWait(nint sem, Timespec* absTimeout);

    [LibraryImport(Lib, EntryPoint = "sem_close", SetLastError = true)]
    internal static partial int SemClose(nint sem);

    [LibraryImport(Lib, EntryPoint = "sem_unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SemUnlink(string name);

    [LibraryImport(Lib, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlink(string path);

    /// <summary><c>struct timespec</c> on 64-bit Unix.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>The errno of the last P/Invoke call made with <c>SetLastError</c>.</summary>
    internal static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>The C library's text for an errno value.</summary>
    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>Maps an errno to the stable kind (spec §7, §11): ENOENT NotFound, EACCES/EPERM Permission,
    /// EEXIST AlreadyExists, EAGAIN Busy, anything else Io.</summary>
    internal static ErrorKind KindOf(int errno)
    {
        if (errno == ENOENT) return ErrorKind.NotFound;
        if (errno == EACCES || errno == EPERM) return ErrorKind.Permission;
        if (errno == EEXIST) return ErrorKind.AlreadyExists;
        if (errno == EAGAIN) return ErrorKind.Busy;
        return ErrorKind.Io;
    }
}
