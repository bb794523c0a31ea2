// Keeps one open pool handle per pool file for the server's lifetime (opening maps the file: milliseconds per call).
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Plasmite.AspNetCore.Server;

/// <summary>
/// Open pool handles shared by all requests. A cached handle is reused only while the path still names the same
/// file (device + inode via <c>statx</c>), so a pool deleted and recreated by another process is reopened, never
/// written through a stale mapping. Replaced handles are retired and closed when the server stops (in-flight
/// requests may still hold them). Where <c>statx</c> is unavailable nothing is cached.
/// </summary>
internal sealed partial class PoolHandles : IDisposable
{
    private readonly PlasmiteClient _client;
    private readonly ConcurrentDictionary<string, Entry> _open = new(StringComparer.Ordinal);
    private readonly List<PlasmitePool> _retired = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    public PoolHandles(PlasmiteClient client) => _client = client;

    private sealed record Entry(PlasmitePool Pool, FileId Id);

    private readonly record struct FileId(uint DevMajor, uint DevMinor, ulong Inode);

    /// <summary>An open handle for pool <paramref name="name"/>; the caller must not dispose it.</summary>
    /// <exception cref="PlasmiteException">NotFound, Corrupt, … exactly as opening the pool would.</exception>
    public PlasmitePool Open(string name)
    {
        string path = _client.ResolvePath(name);
        bool known = TryGetId(path, out var id);
        if (known && _open.TryGetValue(path, out var entry) && entry.Id == id) return entry.Pool;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_open.TryRemove(path, out var stale)) _retired.Add(stale.Pool);
            var pool = _client.OpenPool(name);
            if (TryGetId(path, out var opened)) _open[path] = new Entry(pool, opened);
            else _retired.Add(pool);
            return pool;
        }
    }

    /// <summary>Forgets the handle of a pool that was just deleted through the server.</summary>
    public void Forget(string name)
    {
        string path = _client.ResolvePath(name);
        lock (_gate)
        {
            if (_open.TryRemove(path, out var stale)) _retired.Add(stale.Pool);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var e in _open.Values) e.Pool.Dispose();
            foreach (var p in _retired) p.Dispose();
            _open.Clear();
            _retired.Clear();
        }
    }

    private static unsafe bool TryGetId(string path, out FileId id)
    {
        id = default;
        if (!OperatingSystem.IsLinux()) return false;
        byte* buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxIno, buffer) != 0) return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        // struct statx: stx_ino at 32, stx_dev_major at 136, stx_dev_minor at 140 (same on every architecture).
        id = new FileId(*(uint*)(buffer + 136), *(uint*)(buffer + 140), *(ulong*)(buffer + 32));
        return true;
    }

    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
