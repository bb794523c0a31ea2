// An open pool file: raw open(2) + shared mapping, lifecycle (create/open), header access and the append lock.
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Plasmite.Interop;

namespace Plasmite.Storage;

/// <summary>
/// One open pool file (format v3), mapped shared read/write. Appends are serialised across processes by
/// <c>flock(LOCK_EX)</c> on the file and within this instance by an in-process lock; reads take no lock.
/// All members are thread-safe, including <see cref="Dispose"/>: it may race other calls, which then either
/// complete (the unmap waits for every operation in flight) or throw <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed unsafe partial class PoolFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly int _fd;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly byte* _ring;
    private readonly ulong _fileSize;
    private readonly ulong _ringOffset;
    private readonly ulong _ringSize;
    private readonly uint _indexCapacity;
    private readonly Lock _appendLock = new();
    private PoolNotifier? _notifier;
    private bool _notifierOpened;

    // Pre-faulting ahead of the head (see PrefaultAhead): chunk size, last chunk done, and the off switch.
    private const ulong PrefaultChunk = 256 * 1024;
    private long _prefaultedChunk = -1;
    private bool _prefaultOff = !OperatingSystem.IsLinux();
    private readonly UseCounter _uses;

    private PoolFile(string path, SafeFileHandle handle, int fd, ulong fileSize, in PoolHeader header, bool writable = true)
    {
        Path = path;
        IsReadOnly = !writable;
        var access = writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read;
        _uses = new UseCounter(nameof(PoolFile), Release);
        _handle = handle;
        _fd = fd;
        _fileSize = fileSize;
        _ringOffset = header.RingOffset;
        _ringSize = header.RingSize;
        _indexCapacity = header.IndexCapacity;
        try
        {
            _map = MemoryMappedFile.CreateFromFile(handle, null, 0, access, HandleInheritability.None, leaveOpen: true);
            _view = _map.CreateViewAccessor(0, 0, access);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _map?.Dispose();
            throw new PlasmiteException(ErrorKind.Io, "failed to mmap pool file", path: path, inner: e);
        }
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset;
        _ring = _base + _ringOffset;
    }

    /// <summary>The pool file path as given (not canonicalised).</summary>
    public string Path { get; }

    /// <summary>
    /// True when the file was not writable by this process (mode 0444, another owner, a read-only mount): it is then
    /// opened and mapped read-only, takes no writer lock, and every read works; appends throw Permission.
    /// </summary>
    public bool IsReadOnly { get; }

    /// <summary>The pool's name in telemetry (<c>messaging.destination.name</c>): the file name without <c>.plasmite</c>.</summary>
    internal string DestinationName => _destinationName ??= PoolName.FromPath(Path);

    private string? _destinationName;

    /// <summary>Total file length.</summary>
    public ulong FileSize => _fileSize;

    /// <summary>Number of index slots (0 = no index).</summary>
    public uint IndexCapacity => _indexCapacity;

    /// <summary>File offset of the ring.</summary>
    public ulong RingOffset => _ringOffset;

    /// <summary>Ring bytes.</summary>
    public ulong RingSize => _ringSize;

    /// <summary>Largest payload an append accepts for this pool.</summary>
    public ulong MaxPayload => PoolFormat.MaxAppendPayload(_ringSize);

    /// <summary>[harden] §14.3: publish an intermediate header before overwriting dropped frames (default on).
    /// Internal so tests can compare with the original's behaviour.</summary>
    internal bool HardenDrops { get; set; } = true;

    /// <summary>Whether appends post the notification semaphore (default on).</summary>
    public bool NotifyOnAppend { get; set; } = true;

    internal byte* BasePointer => _base;

    internal RingView Ring => new(_ring, _ringSize);

    /// <summary>
    /// Creates a new pool file (spec §11.1): checks the layout before touching the file system, creates missing
    /// parent directories, creates the file exclusively, sizes it, writes the header and zeroes the index. A create that
    /// fails removes what it wrote: its file and the parent directories it made.
    /// </summary>
    /// <param name="path">File path.</param>
    /// <param name="sizeBytes">Total file size.</param>
    /// <param name="indexCapacity">Index slots; null = automatic (spec §4.1); 0 = no index.</param>
    /// <exception cref="PlasmiteException">Usage, AlreadyExists, NotFound, Permission, Io.</exception>
    public static PoolFile Create(string path, ulong sizeBytes, uint? indexCapacity = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        EnsurePlatform();
        RefuseNul(path);
        uint capacity = indexCapacity ?? PoolFormat.AutoIndexCapacity(sizeBytes);
        ulong ringOffset = PoolFormat.RingOffsetFor(capacity);
        if (sizeBytes <= ringOffset)
            throw new PlasmiteException(ErrorKind.Usage, "file_size must exceed header and index size",
                hint: $"Choose a file size greater than {ringOffset} bytes.");
        if (sizeBytes > long.MaxValue) throw PlasmiteException.Usage("pool size is too large");

        // The missing ancestors, outermost first: a failed create removes the ones it made (and its file).
        var madeDirs = MissingAncestors(path);
        if (madeDirs.Count > 0)
        {
            try
            {
                Directory.CreateDirectory(madeDirs[^1]);
            }
            catch (UnauthorizedAccessException e)
            {
                RemoveMadeDirs(madeDirs);
                throw new PlasmiteException(ErrorKind.Permission, "failed to create pool directory (permission denied)", path: madeDirs[^1], inner: e);
            }
            catch (IOException e)
            {
                RemoveMadeDirs(madeDirs);
                throw new PlasmiteException(ErrorKind.Io, "failed to create pool directory", path: madeDirs[^1], inner: e);
            }
        }
        try
        {
            return OperatingSystem.IsWindows() ? CreateWindows(path, sizeBytes, capacity) : CreateUnix(path, sizeBytes, capacity);
        }
        catch
        {
            RemoveMadeDirs(madeDirs);
            throw;
        }
    }

    private static PoolFile CreateUnix(string path, ulong sizeBytes, uint capacity)
    {
        int fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0x1B6 /* 0666 */);
        if (fd < 0)
        {
            int errno = Libc.Errno;
            throw Libc.KindOf(errno) switch
            {
                ErrorKind.AlreadyExists => new PlasmiteException(ErrorKind.AlreadyExists, "pool already exists", path: path,
                    hint: "Choose a different name or delete the existing pool first."),
                ErrorKind.NotFound => new PlasmiteException(ErrorKind.NotFound, "parent directory not found", path: path),
                ErrorKind.Permission => new PlasmiteException(ErrorKind.Permission, "failed to create pool file (permission denied)", path: path),
                _ => new PlasmiteException(ErrorKind.Io, $"failed to create pool file ({Libc.Describe(errno)})", path: path),
            };
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (Libc.Ftruncate(fd, (long)sizeBytes) != 0)
            {
                int errno = Libc.Errno;
                throw errno == Libc.ENOSPC || errno == Libc.EFBIG || errno == Libc.EDQUOT
                    ? NoSpace(path, errno, "failed to size pool file")
                    : new PlasmiteException(ErrorKind.Io, $"failed to size pool file ({Libc.Describe(errno)})", path: path);
            }
            // Reserve every block now: a sparse pool on a full disk would die of SIGBUS on its first append.
            if (Reserve(fd, 0, sizeBytes, fresh: true, out int reserveErrno) == Reservation.Failed)
                throw NoSpace(path, reserveErrno, "failed to reserve pool file space");
            return FinishCreate(path, handle, fd, sizeBytes, capacity, SpaceState.Reserved);
        }
        catch
        {
            // A failed create leaves nothing behind: the file is ours (O_EXCL), headerless or unbacked.
            handle.Dispose();
            Libc.Unlink(path);
            throw;
        }
    }

    /// <summary>The directories above <paramref name="path"/> that do not exist yet, outermost first.</summary>
    private static List<string> MissingAncestors(string path)
    {
        var missing = new List<string>();
        for (string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
             !string.IsNullOrEmpty(dir) && !Directory.Exists(dir);
             dir = System.IO.Path.GetDirectoryName(dir))
        {
            missing.Insert(0, dir);
        }
        return missing;
    }

    /// <summary>Removes the directories a failed create made, innermost first; one that is no longer empty (another
    /// process put something there meanwhile) stays, and so do its ancestors.</summary>
    private static void RemoveMadeDirs(List<string> made)
    {
        for (int i = made.Count - 1; i >= 0; i--)
        {
            try
            {
                if (Directory.Exists(made[i])) Directory.Delete(made[i], recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    /// <summary>Writes the header of a freshly sized file, maps it and zeroes the index (both platforms).</summary>
    private static PoolFile FinishCreate(string path, SafeFileHandle handle, int fd, ulong sizeBytes, uint capacity, SpaceState space)
    {
        var header = PoolHeader.CreateNew(sizeBytes, capacity);
        byte[] bytes = new byte[PoolFormat.HeaderSize];
        header.Encode(bytes);
        try
        {
            RandomAccess.Write(handle, bytes, 0);
        }
        catch (IOException e)
        {
            throw new PlasmiteException(ErrorKind.Io, "failed to write pool header", path: path, inner: e);
        }
        var pool = new PoolFile(path, handle, fd, sizeBytes, header) { _space = space };
        // Zero the index region (already zero in a fresh file: only pages holding other bytes are written).
        ulong indexBytes = (ulong)PoolFormat.IndexSlotSize * capacity;
        for (ulong done = 0; done < indexBytes;)
        {
            int chunk = (int)Math.Min(indexBytes - done, 1UL << 20);
            var part = new Span<byte>(pool._base + PoolFormat.IndexOffset + done, chunk);
            if (part.IndexOfAnyExcept((byte)0) >= 0) part.Clear();
            done += (ulong)chunk;
        }
        return pool;
    }

    // Windows: every process opens with FileShare.ReadWrite and never FileShare.Delete, so a delete while any
    // process holds the pool fails with a sharing violation (Busy) instead of leaving a half-deleted pool.
    private const FileShare WindowsShare = FileShare.ReadWrite;

    private static PoolFile CreateWindows(string path, ulong sizeBytes, uint capacity)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, WindowsShare);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Win32.KindOf(e) switch
            {
                ErrorKind.AlreadyExists => new PlasmiteException(ErrorKind.AlreadyExists, "pool already exists", path: path,
                    hint: "Choose a different name or delete the existing pool first."),
                ErrorKind.NotFound => new PlasmiteException(ErrorKind.NotFound, "parent directory not found", path: path),
                ErrorKind.Permission => new PlasmiteException(ErrorKind.Permission, "failed to create pool file (permission denied)", path: path),
                ErrorKind.Busy => new PlasmiteException(ErrorKind.Busy, "pool file is in use", path: path),
                _ => new PlasmiteException(ErrorKind.Io, $"failed to create pool file ({e.Message})", path: path, inner: e),
            };
        }
        try
        {
            try
            {
                // SetEndOfFile allocates the whole length on NTFS (no sparse file): a full disk fails here, not later.
                RandomAccess.SetLength(handle, (long)sizeBytes);
            }
            catch (IOException e)
            {
                throw Win32.IsDiskFull(e.HResult)
                    ? new PlasmiteException(ErrorKind.Io, "failed to size pool file (no space left on device)", path: path, inner: e)
                    : new PlasmiteException(ErrorKind.Io, $"failed to size pool file ({e.Message})", path: path, inner: e);
            }
            return FinishCreate(path, handle, -1, sizeBytes, capacity, SpaceState.Reserved);
        }
        catch
        {
            handle.Dispose();
            try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    private static SafeFileHandle OpenWindows(string path, out bool writable)
    {
        writable = true;
        try
        {
            try
            {
                return File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, WindowsShare);
            }
            catch (UnauthorizedAccessException)
            {
                // Read-only attribute or ACL: readers still work on a read-only handle and mapping.
                writable = false;
                return File.OpenHandle(path, FileMode.Open, FileAccess.Read, WindowsShare);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Win32.KindOf(e) switch
            {
                ErrorKind.NotFound => new PlasmiteException(ErrorKind.NotFound, "not found", path: path),
                ErrorKind.Permission => new PlasmiteException(ErrorKind.Permission, "permission denied", path: path),
                ErrorKind.Busy => new PlasmiteException(ErrorKind.Busy, "pool file is in use", path: path),
                _ => new PlasmiteException(ErrorKind.Io, $"failed to open pool file ({e.Message})", path: path, inner: e),
            };
        }
    }

    /// <summary>Opens an existing pool (spec §11.2): every §12.1 check in order, errors carry the path.</summary>
    /// <exception cref="PlasmiteException">NotFound, Permission, Io, Corrupt, Usage (version).</exception>
    public static PoolFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        EnsurePlatform();
        RefuseNul(path);
        bool writable = true;
        int fd = -1;
        SafeFileHandle handle;
        if (OperatingSystem.IsWindows())
        {
            handle = OpenWindows(path, out writable);
        }
        else
        {
        fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        if (fd < 0 && Libc.Errno is var denied && (denied == Libc.EACCES || denied == Libc.EPERM || denied == Libc.EROFS))
        {
            // Not writable by us: readers still work on a read-only descriptor and mapping.
            fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            if (fd >= 0) writable = false;
        }
        if (fd < 0)
        {
            int errno = Libc.Errno;
            var kind = Libc.KindOf(errno);
            throw kind switch
            {
                ErrorKind.NotFound => new PlasmiteException(ErrorKind.NotFound, "not found", path: path),
                ErrorKind.Permission => new PlasmiteException(ErrorKind.Permission, "permission denied", path: path),
                _ => new PlasmiteException(ErrorKind.Io, $"failed to open pool file ({Libc.Describe(errno)})", path: path),
            };
        }
        handle = new SafeFileHandle(fd, ownsHandle: true);
        }
        try
        {
            long length;
            byte[] bytes = new byte[PoolFormat.HeaderSize];
            int read = 0;
            try
            {
                length = RandomAccess.GetLength(handle);
                while (read < bytes.Length)
                {
                    int n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                    if (n <= 0) break;
                    read += n;
                }
            }
            catch (IOException e)
            {
                throw new PlasmiteException(ErrorKind.Io, "failed to read pool header", path: path, inner: e);
            }
            if (read < PoolFormat.HeaderSize || length < PoolFormat.HeaderSize)
                throw new PlasmiteException(ErrorKind.Corrupt, "pool file is too short for a header", path: path);
            var error = PoolHeader.Validate(bytes, (ulong)length, out var header);
            if (error is not null)
                throw new PlasmiteException(error.Kind, error.Message, path: path, offset: error.Offset, hint: error.Hint);
            return new PoolFile(path, handle, fd, (ulong)length, header, writable);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Decodes the header from the shared mapping (retrying briefly while a writer is mid-update)
    /// and runs the per-operation checks ([harden] §12.2).</summary>
    /// <exception cref="PlasmiteException">Corrupt (with path) or Usage (version changed).</exception>
    public PoolHeader ReadHeader() => ReadHeaderChecked(retry: true);

    internal PoolHeader ReadHeaderChecked(bool retry)
    {
        using var use = Use();
        return ReadHeaderInUse(retry);
    }

    /// <summary><see cref="ReadHeaderChecked"/> for callers that already hold a <see cref="Use"/> scope (the read
    /// hot paths: a second scope would cost two more interlocked operations per get or cursor step).</summary>
    internal PoolHeader ReadHeaderInUse(bool retry)
    {
        for (int attempt = 0; ; attempt++)
        {
            var h = ReadHeaderRaw(out bool stable);
            PlasmiteException? error = CheckStatic(h);
            if (error is not null) throw error;
            if (stable) error = h.ValidateDynamic();
            if (stable && error is null) return h;
            if (!retry || attempt >= 200)
            {
                error ??= PlasmiteException.Corrupt("header keeps changing");
                throw new PlasmiteException(error.Kind, error.Message, path: Path, offset: error.Offset, hint: error.Hint);
            }
            if (attempt < 20) Thread.SpinWait(20);
            else Thread.Sleep(attempt < 100 ? 0 : 1);
        }
    }

    /// <summary>
    /// The header as the append lock holder sees it: the dynamic fields are read once (only lock holders write
    /// them, so the double read of <see cref="ReadHeaderRaw"/> cannot disagree) and the same checks as
    /// <see cref="ReadHeaderChecked"/> run ([harden] §12.2).
    /// </summary>
    /// <exception cref="PlasmiteException">Corrupt (with path) or Usage (version changed).</exception>
    private PoolHeader ReadHeaderLocked()
    {
        var h = ReadHeaderOnce();
        PlasmiteException? error = CheckStatic(h) ?? h.ValidateDynamic();
        if (error is null) return h;
        if (error.Path is not null) throw error;
        throw new PlasmiteException(error.Kind, error.Message, path: Path, offset: error.Offset, hint: error.Hint);
    }

    private PlasmiteException? CheckStatic(in PoolHeader h)
    {
        uint magic = Unsafe.ReadUnaligned<uint>(_base);
        if (magic != PoolFormat.PoolMagic) return new PlasmiteException(ErrorKind.Corrupt, "bad magic", path: Path, offset: 0);
        if (h.Version != PoolFormat.FormatVersion)
        {
            var e = PoolHeader.UnsupportedVersion(h.Version);
            return new PlasmiteException(e.Kind, e.Message, path: Path, hint: e.Hint);
        }
        if (_base[PoolHeader.EndiannessOff] != PoolFormat.EndiannessLittle)
            return new PlasmiteException(ErrorKind.Corrupt, "unsupported endianness", path: Path, offset: PoolHeader.EndiannessOff);
        if (h.FileSize != _fileSize || h.RingOffset != _ringOffset || h.RingSize != _ringSize || h.IndexCapacity != _indexCapacity)
            return new PlasmiteException(ErrorKind.Corrupt, "header layout changed", path: Path, offset: PoolHeader.FileSizeOff);
        return null;
    }

    /// <summary>Reads every header field once (the dynamic ones with acquire semantics).</summary>
    private PoolHeader ReadHeaderOnce()
    {
        byte* b = _base;
        return new PoolHeader
        {
            HeadOff = Volatile.Read(ref *(ulong*)(b + PoolHeader.HeadField)),
            TailOff = Volatile.Read(ref *(ulong*)(b + PoolHeader.TailField)),
            TailNextOff = Volatile.Read(ref *(ulong*)(b + PoolHeader.TailNextField)),
            OldestSeq = Volatile.Read(ref *(ulong*)(b + PoolHeader.OldestOff)),
            NewestSeq = Volatile.Read(ref *(ulong*)(b + PoolHeader.NewestOff)),
            Version = *(uint*)(b + PoolHeader.VersionOff),
            FileSize = *(ulong*)(b + PoolHeader.FileSizeOff),
            IndexOffset = *(ulong*)(b + PoolHeader.IndexOffsetOff),
            IndexCapacity = *(uint*)(b + PoolHeader.IndexCapacityOff),
            RingOffset = *(ulong*)(b + PoolHeader.RingOffsetOff),
            RingSize = *(ulong*)(b + PoolHeader.RingSizeOff),
            Flags = *(ulong*)(b + PoolHeader.FlagsOff),
        };
    }

    /// <summary>Reads every header field; <paramref name="stable"/> = a second read of the dynamic fields (in reverse
    /// order) agrees, i.e. no writer was mid-update.</summary>
    private PoolHeader ReadHeaderRaw(out bool stable)
    {
        var h = ReadHeaderOnce();
        byte* b = _base;
        stable = h.NewestSeq == Volatile.Read(ref *(ulong*)(b + PoolHeader.NewestOff))
            && h.OldestSeq == Volatile.Read(ref *(ulong*)(b + PoolHeader.OldestOff))
            && h.TailNextOff == Volatile.Read(ref *(ulong*)(b + PoolHeader.TailNextField))
            && h.TailOff == Volatile.Read(ref *(ulong*)(b + PoolHeader.TailField))
            && h.HeadOff == Volatile.Read(ref *(ulong*)(b + PoolHeader.HeadField));
        return h;
    }

    /// <summary>Writes <c>head_off … newest_seq</c> in field order with release stores, <c>newest_seq</c> last.</summary>
    private void WriteHeaderFields(ulong head, ulong tail, ulong tailNext, ulong oldest, ulong newest)
    {
        byte* b = _base;
        Volatile.Write(ref *(ulong*)(b + PoolHeader.HeadField), head);
        Volatile.Write(ref *(ulong*)(b + PoolHeader.TailField), tail);
        Volatile.Write(ref *(ulong*)(b + PoolHeader.TailNextField), tailNext);
        Volatile.Write(ref *(ulong*)(b + PoolHeader.OldestOff), oldest);
        Volatile.Write(ref *(ulong*)(b + PoolHeader.NewestOff), newest);
    }

    /// <summary>Test hook: overwrite header fields through the mapping (spec test write_pool_header_partial_updates).</summary>
    internal void WriteHeaderForTest(in PoolHeader h)
    {
        *(ulong*)(_base + PoolHeader.FlagsOff) = h.Flags;
        WriteHeaderFields(h.HeadOff, h.TailOff, h.TailNextOff, h.OldestSeq, h.NewestSeq);
    }

    /// <summary>The whole mapped file (tests and diagnostics).</summary>
    internal Span<byte> MappedBytes => new(_base, checked((int)_fileSize));

    private void LockFile()
    {
        if (OperatingSystem.IsWindows())
        {
            int error = Win32.LockExclusive(_handle);
            if (error == 0) return;
            var wkind = Win32.KindOf(error);
            if (wkind is not (ErrorKind.Permission or ErrorKind.Busy)) wkind = ErrorKind.Io;
            throw new PlasmiteException(wkind, $"failed to lock pool file (Win32 error {error})", path: Path);
        }
        // Fast path without errno marshalling; flock only fails for EINTR or a persistent cause, so a failure
        // is simply retried below where errno is captured.
        if (Libc.FlockNoErrno(_fd, Libc.LOCK_EX) == 0) return;
        while (Libc.Flock(_fd, Libc.LOCK_EX) != 0)
        {
            int errno = Libc.Errno;
            if (errno == Libc.EINTR) continue;
            var kind = Libc.KindOf(errno);
            if (kind is not (ErrorKind.Permission or ErrorKind.Busy)) kind = ErrorKind.Io;
            throw new PlasmiteException(kind, $"failed to lock pool file ({Libc.Describe(errno)})", path: Path);
        }
    }

    private void UnlockFile()
    {
        if (OperatingSystem.IsWindows()) Win32.Unlock(_handle);
        else FlockUnlock(_fd);
    }

    // [SuppressGCTransition] P/Invokes are bound when the calling method is compiled, so they live in methods of
    // their own: on Windows (no libc) a method that merely contains one would fail with DllNotFoundException.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FlockUnlock(int fd) => Libc.FlockUnlock(fd, Libc.LOCK_UN);

    private void PostNotify()
    {
        if (!NotifyOnAppend) return;
        if (!_notifierOpened)
        {
            _notifierOpened = true;
            _notifier = PoolNotifier.TryOpen(Path);
        }
        _notifier?.PostOwned();
    }

    /// <summary>Opens a notifier for waiting on this pool's appends, or null when notification is unavailable.</summary>
    public PoolNotifier? OpenNotifier() => PoolNotifier.TryOpen(Path);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_uses.IsClosed, this);

    /// <summary>
    /// Keeps the mapping and the descriptor alive for one operation (<c>using var use = Use();</c>): a concurrent
    /// <see cref="Dispose"/> unmaps only after the last operation has left, so no thread ever touches unmapped
    /// memory or a reused descriptor number.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The pool has been disposed.</exception>
    internal UseCounter.Scope Use() => _uses.Use();

    // The C library would open the path up to the NUL: a different file (or the pool directory itself).
    private static void RefuseNul(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal)) throw PlasmiteException.Usage("pool path must not contain NUL");
    }

    private static void EnsurePlatform()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the Plasmite storage engine supports little-endian hosts only");
    }

    /// <summary>Unmaps and closes the file without flushing it (dirty pages reach the disk through normal writeback,
    /// as with Fast appends). Operations already running finish first; later calls throw
    /// <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _uses.Close();

    private void Release()
    {
        _notifier?.Dispose();
        var viewHandle = _view.SafeMemoryMappedViewHandle;
        viewHandle.ReleasePointer();
        // Unmap first: MemoryMappedViewAccessor.Dispose of an open view msyncs (MS_SYNC) the whole file, i.e. writes
        // every dirty page to disk before returning. Upstream never flushes on close and Fast means no flush.
        viewHandle.Dispose();
        _view.Dispose();
        _map.Dispose();
        _handle.Dispose();
    }
}
