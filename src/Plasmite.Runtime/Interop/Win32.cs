// Windows storage primitives: the writer lock as the original takes it (fs2 lock_exclusive), flushes, and Win32 error kinds.
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Plasmite.Interop;

/// <summary>kernel32 calls for the Windows pool backend (LibraryImport: AOT-safe, no runtime marshalling stubs).</summary>
internal static unsafe partial class Win32
{
    private const string Kernel32 = "kernel32.dll";
    internal const uint LOCKFILE_EXCLUSIVE_LOCK = 0x2;

    internal const int ERROR_FILE_NOT_FOUND = 2;
    internal const int ERROR_PATH_NOT_FOUND = 3;
    internal const int ERROR_ACCESS_DENIED = 5;
    internal const int ERROR_WRITE_PROTECT = 19;
    internal const int ERROR_SHARING_VIOLATION = 32;
    internal const int ERROR_LOCK_VIOLATION = 33;
    internal const int ERROR_HANDLE_DISK_FULL = 39;
    internal const int ERROR_FILE_EXISTS = 80;
    internal const int ERROR_DISK_FULL = 112;
    internal const int ERROR_ALREADY_EXISTS = 183;
    internal const int ERROR_USER_MAPPED_FILE = 1224;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Overlapped
    {
        public nint Internal;
        public nint InternalHigh;
        public uint Offset;
        public uint OffsetHigh;
        public nint EventHandle;
    }

    [LibraryImport(Kernel32, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool LockFileEx(SafeFileHandle file, uint flags, uint reserved, uint lengthLow, uint lengthHigh, Overlapped* overlapped);

    [LibraryImport(Kernel32, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool UnlockFile(SafeFileHandle file, uint offsetLow, uint offsetHigh, uint lengthLow, uint lengthHigh);

    [LibraryImport(Kernel32, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool FlushViewOfFile(nint baseAddress, nuint length);

    [LibraryImport(Kernel32, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool FlushFileBuffers(SafeFileHandle file);

    /// <summary>Blocking exclusive lock over offset 0, length 0xFFFFFFFF_FFFFFFFF (what fs2's <c>lock_exclusive</c> takes).</summary>
    /// <returns>0 on success, else the Win32 error.</returns>
    internal static int LockExclusive(SafeFileHandle file)
    {
        Overlapped o = default;
        return LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK, 0, 0xFFFFFFFF, 0xFFFFFFFF, &o) ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Releases the range <see cref="LockExclusive"/> took (fs2's <c>unlock</c>: UnlockFile, same range).</summary>
    internal static void Unlock(SafeFileHandle file) => UnlockFile(file, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF);

    /// <summary>FlushViewOfFile over the range, then FlushFileBuffers (data and metadata reach the disk).</summary>
    internal static bool Flush(nint address, nuint length, SafeFileHandle file) =>
        FlushViewOfFile(address, length) && FlushFileBuffers(file);

    /// <summary>The stable kind for a Win32 error (or an HRESULT carrying one).</summary>
    internal static ErrorKind KindOf(int error)
    {
        if ((error & unchecked((int)0xFFFF0000)) == unchecked((int)0x80070000)) error &= 0xFFFF; // HRESULT_FROM_WIN32
        return error switch
        {
            ERROR_FILE_NOT_FOUND or ERROR_PATH_NOT_FOUND => ErrorKind.NotFound,
            ERROR_ACCESS_DENIED or ERROR_WRITE_PROTECT => ErrorKind.Permission,
            ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION or ERROR_USER_MAPPED_FILE => ErrorKind.Busy,
            ERROR_FILE_EXISTS or ERROR_ALREADY_EXISTS => ErrorKind.AlreadyExists,
            _ => ErrorKind.Io,
        };
    }

    /// <summary>The kind for an exception a .NET file API threw on Windows.</summary>
    internal static ErrorKind KindOf(Exception e) => e switch
    {
        UnauthorizedAccessException => ErrorKind.Permission,
        FileNotFoundException or DirectoryNotFoundException => ErrorKind.NotFound,
        IOException io => KindOf(io.HResult),
        _ => ErrorKind.Io,
    };

    /// <summary>Whether the error is "disk full".</summary>
    internal static bool IsDiskFull(int error)
    {
        error &= 0xFFFF;
        return error is ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL;
    }
}
