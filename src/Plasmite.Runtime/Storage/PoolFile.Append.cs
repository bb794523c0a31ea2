// Appends: lock, plan (pure), apply in the normative write order (spec §8.3), flush (§8.4), unlock, notify (§10).
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Plasmite.Diagnostics;
using Plasmite.Interop;

namespace Plasmite.Storage;

internal sealed unsafe partial class PoolFile
{
    /// <summary>Test hook: when set, a flush of the named part fails as an msync error would.</summary>
    internal string? FailFlushForTest { get; set; }

    /// <summary>
    /// Appends one already-encoded payload (spec §8): takes the append lock, plans, writes frame, index slot and
    /// header, flushes when asked, releases the lock and posts the notification. Allocation-free.
    /// </summary>
    /// <param name="payload">The stored bytes (a Lite3 message document for public pools).</param>
    /// <param name="timestampNs">Frame timestamp, ns since the Unix epoch.</param>
    /// <param name="durability">Whether to msync before returning.</param>
    /// <exception cref="PlasmiteException">Usage (too large), Corrupt, Io (lock or flush; the message is then already
    /// appended in memory), Permission.</exception>
    public AppendResult Append(ReadOnlySpan<byte> payload, ulong timestampNs, Durability durability = Durability.Fast)
    {
        if (PlasmiteTelemetry.AppendObserved) return AppendObserved(payload, timestampNs, durability);
        return AppendCore(payload, timestampNs, durability);
    }

    // The telemetry path (only when a listener is attached): a span, duration, counts and errors around AppendCore.
    private AppendResult AppendObserved(ReadOnlySpan<byte> payload, ulong timestampNs, Durability durability)
    {
        long start = Stopwatch.GetTimestamp();
        using var activity = PlasmiteTelemetry.Start("append", "send", ActivityKind.Producer, DestinationName);
        try
        {
            var r = AppendCore(payload, timestampNs, durability);
            PlasmiteTelemetry.Appended(DestinationName, 1, payload.Length, start, r.Seq, activity);
            return r;
        }
        catch (Exception e) when (PlasmiteTelemetry.Failed(e, "append", DestinationName, activity))
        {
            throw;
        }
    }

    private AppendResult AppendCore(ReadOnlySpan<byte> payload, ulong timestampNs, Durability durability)
    {
        using var use = Use();
        if (IsReadOnly) throw ReadOnlyError();
        lock (_appendLock)
        {
            AppendPlan plan;
            LockFile();
            try
            {
                plan = AppendLocked(payload, timestampNs, AppendCrashPhase.None);
                if (durability == Durability.Flush) FlushAppend(plan);
            }
            finally
            {
                UnlockFile();
            }
            // After the flock: the header is already published, so a woken follower sees the message; posting
            // here keeps sem_post (a futex wake when a follower sleeps) out of other writers' way (spec §10).
            PostNotify();
            PrefaultAhead(plan.NewHead);
            return new AppendResult(plan.Seq, timestampNs, plan.FrameOffset);
        }
    }

    /// <summary>Appends with the current wall-clock time.</summary>
    public AppendResult Append(ReadOnlySpan<byte> payload, Durability durability = Durability.Fast) =>
        Append(payload, Text.Rfc3339.NowNs(), durability);

    /// <summary>
    /// Appends many payloads under one lock acquisition with a single flush at the end (when
    /// <paramref name="durability"/> is Flush) and a single notification. Each message is still framed and
    /// committed on its own; sizes are checked for every payload before anything is written.
    /// </summary>
    /// <param name="payloads">The encoded payloads, in order.</param>
    /// <param name="timestampNs">The timestamp given to every frame.</param>
    /// <param name="durability">Flush once after the last frame.</param>
    /// <param name="results">Receives one result per payload; at least <c>payloads.Length</c> long.</param>
    /// <returns>The number of messages appended (all of them, unless an exception is thrown).</returns>
    public int AppendBatch(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, ulong timestampNs, Durability durability, Span<AppendResult> results)
    {
        if (!PlasmiteTelemetry.AppendObserved) return AppendBatchCore(payloads, timestampNs, durability, results);
        long start = Stopwatch.GetTimestamp();
        using var activity = PlasmiteTelemetry.Start("append", "send", ActivityKind.Producer, DestinationName);
        try
        {
            int n = AppendBatchCore(payloads, timestampNs, durability, results);
            long bytes = 0;
            foreach (var p in payloads) bytes += p.Length;
            PlasmiteTelemetry.Appended(DestinationName, n, bytes, start, n > 0 ? results[0].Seq : 0, activity);
            return n;
        }
        catch (Exception e) when (PlasmiteTelemetry.Failed(e, "append", DestinationName, activity))
        {
            throw;
        }
    }

    private int AppendBatchCore(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, ulong timestampNs, Durability durability, Span<AppendResult> results)
    {
        using var use = Use();
        if (IsReadOnly) throw ReadOnlyError();
        if (results.Length < payloads.Length) throw new ArgumentException("results is shorter than payloads", nameof(results));
        ulong maxPayload = MaxPayload;
        foreach (var p in payloads)
        {
            if ((ulong)p.Length > maxPayload)
                throw PlasmiteException.Usage((ulong)p.Length > PoolFormat.MaxPayload(_ringSize) ? "payload exceeds ring capacity" : "frame larger than ring");
        }
        if (payloads.IsEmpty) return 0;
        lock (_appendLock)
        {
            ulong newHead = 0;
            LockFile();
            try
            {
                var tracker = new BatchRange();
                ulong firstSeq = 0, lastSeq = 0;
                for (int i = 0; i < payloads.Length; i++)
                {
                    var plan = AppendLocked(payloads[i].Span, timestampNs, AppendCrashPhase.None);
                    tracker.Add(plan);
                    if (i == 0) firstSeq = plan.Seq;
                    lastSeq = plan.Seq;
                    newHead = plan.NewHead;
                    results[i] = new AppendResult(plan.Seq, timestampNs, plan.FrameOffset);
                }
                if (durability == Durability.Flush) FlushBatch(tracker, firstSeq, lastSeq);
            }
            finally
            {
                UnlockFile();
            }
            PostNotify();
            PrefaultAhead(newHead);
            return payloads.Length;
        }
    }

    /// <summary>Convenience overload of <see cref="AppendBatch(ReadOnlySpan{ReadOnlyMemory{byte}}, ulong, Durability, Span{AppendResult})"/>.</summary>
    public AppendResult[] AppendBatch(IReadOnlyList<ReadOnlyMemory<byte>> payloads, ulong timestampNs, Durability durability = Durability.Fast)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var array = new ReadOnlyMemory<byte>[payloads.Count];
        for (int i = 0; i < array.Length; i++) array[i] = payloads[i];
        var results = new AppendResult[array.Length];
        AppendBatch(array, timestampNs, durability, results);
        return results;
    }

    /// <summary>Test hook (pool vectors' <c>crash_append</c>, spec §14.2): performs the append up to
    /// <paramref name="phase"/> and stops, as a crashed writer would. Returns the planned seq.</summary>
    internal ulong CrashAppendForTest(ReadOnlySpan<byte> payload, ulong timestampNs, AppendCrashPhase phase)
    {
        if (IsReadOnly) throw ReadOnlyError();
        lock (_appendLock)
        {
            LockFile();
            try
            {
                return AppendLocked(payload, timestampNs, phase).Seq;
            }
            finally
            {
                UnlockFile();
            }
        }
    }

    /// <summary>Plans the append on the header read under the lock (for tests: the plan without applying it).</summary>
    internal AppendPlan PlanForTest(ulong payloadLength, List<PlanDrop>? drops)
    {
        var h = ReadHeaderChecked(retry: false);
        return AppendPlanner.Plan(h, payloadLength, Ring, drops);
    }

    private AppendPlan AppendLocked(ReadOnlySpan<byte> payload, ulong timestampNs, AppendCrashPhase crash)
    {
        var h = ReadHeaderLocked();
        var plan = AppendPlanner.Plan(h, (ulong)payload.Length, Ring);
        // Once per opened pool, and on every append only where the disk could not hold the whole file.
        if (_space != SpaceState.Reserved) ReserveForAppend(plan);

        if (plan.DropCount > 0 && HardenDrops)
        {
            // [harden] §14.3: make the drops visible first, so a crash while overwriting them leaves a valid pool.
            WriteHeaderFields(h.HeadOff, plan.MidTail, plan.MidTailNext, plan.MidOldest, h.NewestSeq);
            StoreStoreFence();
        }

        byte* ring = _ring;
        if (plan.WrapAt >= 0) FrameHeader.EncodeWrapMarker(new Span<byte>(ring + plan.WrapAt, PoolFormat.FrameHeaderLength));

        byte* frame = ring + plan.FrameOffset;
        uint p = (uint)payload.Length;
        var fh = FrameHeader.Committed(plan.Seq, timestampNs, p) with { State = (uint)FrameState.Writing };
        fh.Encode(new Span<byte>(frame, PoolFormat.FrameHeaderLength));
        if (crash == AppendCrashPhase.Partial)
        {
            payload[..(payload.Length / 2)].CopyTo(new Span<byte>(frame + PoolFormat.FrameHeaderLength, payload.Length / 2));
            return plan;
        }
        payload.CopyTo(new Span<byte>(frame + PoolFormat.FrameHeaderLength, payload.Length));
        BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(frame + PoolFormat.FrameHeaderLength + p, 8), PoolFormat.CommitMarker);
        if (crash == AppendCrashPhase.Write) return plan;
        // §8.3 step 4 → 5: the release store orders header, payload and marker before the Committed state (stlr on
        // ARM64; on x64 ordinary stores are never reordered with older stores). Copies beyond the managed vector
        // range go to the C library's memmove, which may use string or non-temporal stores that TSO does not order:
        // those get a full fence.
        if (payload.Length > ManagedCopyLimit) Interlocked.MemoryBarrier();
        Volatile.Write(ref *(uint*)(frame + FrameHeader.StateOff), (uint)FrameState.Committed);
        if (crash == AppendCrashPhase.Commit) return plan;

        if (_indexCapacity != 0)
        {
            ulong* slot = (ulong*)(_base + PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * (plan.Seq % _indexCapacity));
            Volatile.Write(ref slot[0], plan.Seq);
            Volatile.Write(ref slot[1], plan.FrameOffset);
        }
        // §8.3 step 6 → 7: the header fields are release stores too, so the frame and slot are visible first.
        WriteHeaderFields(plan.NewHead, plan.NewTail, plan.NewTailNext, plan.NewOldest, plan.NewNewest);
        return plan;
    }

    private PlasmiteException ReadOnlyError() =>
        new(ErrorKind.Permission, "pool is read-only for this process", path: Path,
            hint: "Appends need write access to the pool file; reading works without it.");

    // Largest copy .NET performs with ordinary (vector) stores before handing over to the native memmove.
    private const int ManagedCopyLimit = 2048;

    /// <summary>
    /// Faults in, writable, the ring chunk after the one <paramref name="head"/> is in, once per chunk and lap, with
    /// one <c>madvise(MADV_POPULATE_WRITE)</c> instead of a page fault per 4 KiB page on the append path (first lap
    /// of a fresh or newly opened large pool, and pages write-protected again by writeback). Runs after the flock
    /// is released: it changes no byte, so it needs no lock, and it stays out of other writers' way. Best effort:
    /// unsupported kernels (before Linux 5.14) or file systems turn it off; other errors are ignored.
    /// </summary>
    private void PrefaultAhead(ulong head)
    {
        if (_prefaultOff) return;
        long chunk = (long)(head / PrefaultChunk);
        long next = (ulong)(chunk + 1) * PrefaultChunk >= _ringSize ? 0 : chunk + 1;
        if (next == _prefaultedChunk) return;
        bool first = _prefaultedChunk < 0;
        _prefaultedChunk = next;
        // The first call of this instance also covers the chunk the head is in.
        if (first && next != chunk) Populate((ulong)chunk);
        Populate((ulong)next);
    }

    private void Populate(ulong chunk)
    {
        ulong page = (ulong)Environment.SystemPageSize;
        ulong start = (_ringOffset + chunk * PrefaultChunk) & ~(page - 1);
        ulong end = Math.Min(_ringOffset + (chunk + 1) * PrefaultChunk, _fileSize);
        if (Libc.Madvise((nint)(_base + start), (nuint)(end - start), Libc.MADV_POPULATE_WRITE) == 0) return;
        int errno = Libc.Errno;
        if (errno == Libc.EINVAL || errno == Libc.ENOSYS || errno == Libc.EPERM) _prefaultOff = true;
    }

    /// <summary>
    /// Orders the stores before it ahead of the stores after it, as seen by other processes. x86/x64 never reorder
    /// a store with an older store (TSO), so there it compiles to nothing; elsewhere (ARM64) it is a full fence.
    /// Only needed where later plain stores must not overtake release stores (the §14.3 intermediate header).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreStoreFence()
    {
        if (!X86Base.IsSupported) Interlocked.MemoryBarrier();
    }

    private void FlushAppend(in AppendPlan plan)
    {
        Msync(_ringOffset + plan.FrameOffset, plan.FrameLength, "frame");
        if (plan.WrapAt >= 0) Msync(_ringOffset + (ulong)plan.WrapAt, PoolFormat.FrameHeaderLength, "wrap marker");
        if (_indexCapacity != 0)
            Msync(PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * (plan.Seq % _indexCapacity), PoolFormat.IndexSlotSize, "index slot");
        Msync(0, PoolFormat.HeaderSize, "header");
    }

    private void FlushBatch(in BatchRange range, ulong firstSeq, ulong lastSeq)
    {
        if (range.WholeRing)
        {
            Msync(_ringOffset, _ringSize, "frame");
        }
        else
        {
            Msync(_ringOffset + range.Start, range.FirstEnd - range.Start, "frame");
            if (range.SecondEnd > 0) Msync(_ringOffset, range.SecondEnd, "frame");
        }
        if (_indexCapacity != 0)
        {
            ulong a = firstSeq % _indexCapacity, b = lastSeq % _indexCapacity;
            if (lastSeq - firstSeq + 1 >= _indexCapacity || b < a)
                Msync(PoolFormat.IndexOffset, PoolFormat.IndexSlotSize * (ulong)_indexCapacity, "index slot");
            else
                Msync(PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * a, PoolFormat.IndexSlotSize * (b - a + 1), "index slot");
        }
        Msync(0, PoolFormat.HeaderSize, "header");
    }

    /// <summary>Synchronous msync of a file range, start rounded down to the page size (spec §15.4).</summary>
    private void Msync(ulong fileOffset, ulong length, string what)
    {
        ulong page = (ulong)Environment.SystemPageSize;
        ulong start = fileOffset & ~(page - 1);
        ulong end = fileOffset + length;
        bool failed = FailFlushForTest == what || (OperatingSystem.IsWindows()
            ? !Win32.Flush((nint)(_base + start), (nuint)(end - start), _handle)
            : Libc.Msync((nint)(_base + start), (nuint)(end - start), Libc.MS_SYNC) != 0);
        if (failed) throw new PlasmiteException(ErrorKind.Io, "failed to flush " + what, path: Path);
    }

    /// <summary>The ring bytes a batch touched: [Start, FirstEnd) plus [0, SecondEnd) after one wrap.</summary>
    private struct BatchRange()
    {
        private ulong _pos;
        private bool _started;
        private int _wraps;

        public ulong Start { get; private set; }

        public ulong FirstEnd { get; private set; }

        public ulong SecondEnd { get; private set; }

        public readonly bool WholeRing => _wraps > 1 || (_wraps == 1 && SecondEnd > Start);

        public void Add(in AppendPlan plan)
        {
            ulong begin = plan.WrapAt >= 0 ? (ulong)plan.WrapAt : plan.FrameOffset;
            if (!_started)
            {
                _started = true;
                Start = begin;
                _pos = begin;
            }
            if (plan.FrameOffset != _pos)
            {
                // The frame went to ring offset 0: the previous stretch ends at the marker or the old head.
                if (_wraps == 0) FirstEnd = plan.WrapAt >= 0 ? (ulong)plan.WrapAt + PoolFormat.FrameHeaderLength : _pos;
                _wraps++;
            }
            _pos = plan.FrameOffset + plan.FrameLength;
            if (_wraps == 0) FirstEnd = _pos;
            else SecondEnd = _pos;
        }
    }
}
