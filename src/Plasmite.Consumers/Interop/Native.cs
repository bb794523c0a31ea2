// The few POSIX calls consumer state needs: a raw open + flock for the lock file, fsync, statx (pool identity).
using System.Runtime.InteropServices;

namespace Plasmite.Consumers.Interop;

/// <summary>
/// libc entry points. The lock file is opened with <c>open(2)</c> rather than <see cref="FileStream"/>:
/// .NET takes its own non-blocking <c>flock</c> on managed handles, and we need a blocking one.
/// </summary>
internal static unsafe partial class Native
{
    private const string Lib = "libc";

    private static readonly bool IsMacOS = OperatingSystem.IsMacOS();

    internal static int O_RDONLY => 0;
    internal static int O_RDWR => 2;
    internal static int O_CREAT => IsMacOS ? 0x200 : 0x40;
    internal static int O_CLOEXEC => IsMacOS ? 0x1000000 : 0x80000;
    internal static int O_DIRECTORY => IsMacOS ? 0x100000 : 0x10000;

    internal const int LOCK_EX = 2;
    internal const int LOCK_UN = 8;
    internal const int EINTR = 4;
    internal const int ESRCH = 3;
    internal const int EPERM = 1;

    internal const int AT_FDCWD = -100;
    internal const uint STATX_INO = 0x100;
    internal const uint STATX_BTIME = 0x800;

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    [LibraryImport(Lib, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    [LibraryImport(Lib, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The errno of the last call made with <c>SetLastError</c>.</summary>
    internal static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Byte offsets in <c>struct statx</c> (Linux UAPI, stable).</summary>
    internal const int StatxMaskOff = 0, StatxInoOff = 32, StatxBtimeSecOff = 80, StatxBtimeNsecOff = 88, StatxSize = 256;
}
