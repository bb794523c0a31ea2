// What tells one creation of a pool file from the next under the same path: inode and birth time (Linux statx).
using System.Globalization;
using System.Runtime.InteropServices;

namespace Plasmite.Nats;

internal static unsafe partial class FileIdentity
{
    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100, StatxBtime = 0x800;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// <c>"ino:btime_ns"</c> (or <c>"ino"</c> where the file system keeps no birth time); null off Linux or when
    /// statx is unavailable. A re-created file gets a new birth time even when the inode number is reused.
    /// </summary>
    public static string? Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        byte* buf = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxIno | StatxBtime, buf) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        uint mask = *(uint*)buf;
        if ((mask & StatxIno) == 0) return null;
        ulong ino = *(ulong*)(buf + 32);
        if ((mask & StatxBtime) == 0) return ino.ToString(CultureInfo.InvariantCulture);
        long sec = *(long*)(buf + 80);
        uint nsec = *(uint*)(buf + 88);
        return string.Create(CultureInfo.InvariantCulture, $"{ino}:{sec}.{nsec:D9}");
    }
}
