// Which pool file a checkpoint belongs to: geometry plus the file's inode and birth time, so a re-created pool is noticed.
using Plasmite.Consumers.Interop;

namespace Plasmite.Consumers.Checkpoints;

/// <summary>
/// The identity of a pool file as a checkpoint records it. The pool header (format v3) holds no unique id,
/// so geometry comes from the header and uniqueness from the file system: the inode and the birth time
/// (statx). Deleting and re-creating a pool gives a new birth time even when the inode number is reused.
/// Fields the file system cannot report are null and are not compared.
/// </summary>
internal sealed record PoolIdentity(ulong FileSize, uint IndexCapacity, ulong? Inode, long? BirthNs)
{
    /// <summary>Reads the identity of the pool at <paramref name="poolPath"/> whose header gave <paramref name="info"/>.</summary>
    public static PoolIdentity Of(string poolPath, PoolInfo info)
    {
        var (inode, birth) = Stat(poolPath);
        return new PoolIdentity(info.FileSize, info.IndexCapacity, inode, birth);
    }

    /// <summary>Why <paramref name="current"/> is not the pool this identity was taken from, or null when it is.</summary>
    public string? Mismatch(PoolIdentity current)
    {
        if (FileSize != current.FileSize || IndexCapacity != current.IndexCapacity)
            return $"pool geometry changed (size {FileSize} → {current.FileSize}, index capacity {IndexCapacity} → {current.IndexCapacity})";
        if (Inode is { } a && current.Inode is { } b && a != b) return $"pool file changed (inode {a} → {b})";
        if (BirthNs is { } x && current.BirthNs is { } y && x != y) return "pool file was re-created (its birth time changed)";
        return null;
    }

    private static unsafe (ulong? Inode, long? BirthNs) Stat(string path)
    {
        if (!OperatingSystem.IsLinux()) return (null, BirthFallback(path));
        byte* buf = stackalloc byte[Native.StatxSize];
        new Span<byte>(buf, Native.StatxSize).Clear();
        try
        {
            if (Native.Statx(Native.AT_FDCWD, path, 0, Native.STATX_INO | Native.STATX_BTIME, buf) != 0) return (null, null);
        }
        catch (EntryPointNotFoundException)
        {
            return (null, null); // glibc older than 2.28
        }
        uint mask = *(uint*)(buf + Native.StatxMaskOff);
        ulong? inode = (mask & Native.STATX_INO) != 0 ? *(ulong*)(buf + Native.StatxInoOff) : null;
        long? birth = null;
        if ((mask & Native.STATX_BTIME) != 0)
            birth = *(long*)(buf + Native.StatxBtimeSecOff) * 1_000_000_000L + *(uint*)(buf + Native.StatxBtimeNsecOff);
        return (inode, birth);
    }

    // macOS and Windows report a real creation time; 100 ns resolution.
    private static long? BirthFallback(string path)
    {
        try
        {
            return (File.GetCreationTimeUtc(path) - DateTime.UnixEpoch).Ticks * 100;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
