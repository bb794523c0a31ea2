// The probe's own LockFileEx call: an independent writer taking the original's lock range (fs2 lock_exclusive).
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Plasmite.Windows.Probe;

internal static unsafe partial class Native
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Overlapped
    {
        public nint Internal;
        public nint InternalHigh;
        public uint Offset;
        public uint OffsetHigh;
        public nint EventHandle;
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool LockFileEx(SafeFileHandle file, uint flags, uint reserved, uint low, uint high, Overlapped* o);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool UnlockFile(SafeFileHandle file, uint offLow, uint offHigh, uint low, uint high);

    public static bool Lock(SafeFileHandle h)
    {
        Overlapped o = default;
        return LockFileEx(h, 0x2, 0, 0xFFFFFFFF, 0xFFFFFFFF, &o);
    }

    public static void Unlock(SafeFileHandle h) => UnlockFile(h, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF);
}
