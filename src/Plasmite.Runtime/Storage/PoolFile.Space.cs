// Disk space for a pool file: blocks are reserved when the pool is created or opened for writing, so an append never
// stores into a page the file system cannot back (a SIGBUS that would kill the process on a full disk).
using Plasmite.Interop;

namespace Plasmite.Storage;

internal sealed unsafe partial class PoolFile
{
    // Whether the file's blocks are known to be reserved. Created pools reserve at once; opened ones on their first
    // append (readers never change the file's allocation). When that reservation fails (disk full, quota), every
    // append reserves the ranges it stores into first.
    private SpaceState _space = SpaceState.Unknown;

    private enum SpaceState { Unknown, Reserved, PerAppend }

    /// <summary>Outcome of a block reservation.</summary>
    private enum Reservation { Done, Unsupported, Failed }

    /// <summary>
    /// Allocates the blocks of a file range (Linux <c>fallocate</c> mode 0: holes get blocks, data is kept). A file
    /// system without fallocate answers Unsupported (the file stays sparse, as the original's files are);
    /// <paramref name="fresh"/> then falls back to <c>posix_fallocate</c>, which writes zeros into the holes and is
    /// only safe on a file no other process writes yet. macOS: Unsupported (no reservation).
    /// </summary>
    private static Reservation Reserve(int fd, ulong offset, ulong length, bool fresh, out int errno)
    {
        errno = 0;
        if (!OperatingSystem.IsLinux() || length == 0) return Reservation.Unsupported;
        while (true)
        {
            if (Libc.Fallocate(fd, 0, (long)offset, (long)length) == 0) return Reservation.Done;
            errno = Libc.Errno;
            if (errno != Libc.EINTR) break;
        }
        if (errno == Libc.ENOTSUP || errno == Libc.ENOSYS || errno == Libc.EINVAL)
        {
            if (!fresh) return Reservation.Unsupported;
            int r = Libc.PosixFallocate(fd, (long)offset, (long)length);
            if (r == 0) return Reservation.Done;
            errno = r;
            if (r == Libc.ENOTSUP || r == Libc.ENOSYS || r == Libc.EINVAL) return Reservation.Unsupported;
        }
        return Reservation.Failed;
    }

    private static PlasmiteException NoSpace(string path, int errno, string what) =>
        new(ErrorKind.Io, $"{what} ({Describe(errno)})", path: path,
            hint: "Free space on the file system (or raise the quota), or choose a smaller pool size.");

    // "no space left on device" in lower case, as the other storage messages are written.
    private static string Describe(int errno)
    {
        string text = Libc.Describe(errno);
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    /// <summary>
    /// Called under the append lock before an append writes anything, while the blocks are not known to be reserved.
    /// The first call reserves the whole file (a sparse file, as the original creates them, gets its blocks now); when
    /// the disk cannot hold them, this and every later append reserve the ranges they are about to store into (frame,
    /// wrap marker, index slot), so a full disk fails the append with Io and leaves the pool as it was.
    /// </summary>
    private void ReserveForAppend(in AppendPlan plan)
    {
        if (_space == SpaceState.Unknown)
        {
            _space = Reserve(_fd, 0, _fileSize, fresh: false, out _) == Reservation.Failed ? SpaceState.PerAppend : SpaceState.Reserved;
            if (_space == SpaceState.Reserved) return;
        }
        ReserveRange(_ringOffset + plan.FrameOffset, plan.FrameLength);
        if (plan.WrapAt >= 0) ReserveRange(_ringOffset + (ulong)plan.WrapAt, PoolFormat.FrameHeaderLength);
        if (_indexCapacity != 0)
            ReserveRange(PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * (plan.Seq % _indexCapacity), PoolFormat.IndexSlotSize);
    }

    private void ReserveRange(ulong offset, ulong length)
    {
        if (Reserve(_fd, offset, length, fresh: false, out int errno) == Reservation.Failed)
            throw NoSpace(Path, errno, "failed to reserve space for the message");
    }
}
