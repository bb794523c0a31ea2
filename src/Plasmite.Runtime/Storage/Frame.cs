// Read-side results: a frame's metadata, a frame with its payload copy, and the outcomes of reads and probes.
namespace Plasmite.Storage;

/// <summary>A committed frame's metadata.</summary>
/// <param name="Seq">Message sequence number.</param>
/// <param name="TimestampNs">Append time, ns since the Unix epoch.</param>
/// <param name="Flags">Frame flags (no defined meaning).</param>
/// <param name="Offset">Ring offset of the frame header.</param>
/// <param name="PayloadLength">Payload bytes.</param>
public readonly record struct FrameInfo(ulong Seq, ulong TimestampNs, uint Flags, ulong Offset, int PayloadLength);

/// <summary>A committed frame with a private copy of its payload.</summary>
internal readonly struct Frame
{
    /// <summary>Creates a frame.</summary>
    public Frame(FrameInfo info, byte[] payload)
    {
        Info = info;
        Payload = payload;
    }

    /// <summary>The frame metadata.</summary>
    public FrameInfo Info { get; }

    /// <summary>Message sequence number.</summary>
    public ulong Seq => Info.Seq;

    /// <summary>Append time, ns since the Unix epoch.</summary>
    public ulong TimestampNs => Info.TimestampNs;

    /// <summary>The payload bytes (a copy; safe to keep).</summary>
    public byte[] Payload { get; }
}

/// <summary>The outcome of <see cref="PoolFile.TryRead"/>.</summary>
internal enum ReadStatus
{
    /// <summary>The message was found and copied.</summary>
    Found,

    /// <summary>No retained message has that seq.</summary>
    NotFound,

    /// <summary>The message exists but the destination is shorter than <see cref="FrameInfo.PayloadLength"/>.</summary>
    BufferTooSmall,
}

/// <summary>The outcome of one cursor step (spec §9.3).</summary>
public enum CursorStatus
{
    /// <summary>A message was read; see the cursor's <c>Seq</c>, <c>Payload</c> and friends.</summary>
    Message,

    /// <summary>Nothing new yet: wait (notifier or poll) and step again.</summary>
    WouldBlock,

    /// <summary>The cursor was overtaken by writers and now sits at the tail; step again (messages in between
    /// may be gone: compare seqs, see <see cref="RetentionGapTracker"/>).</summary>
    FellBehind,
}

/// <summary>Frame probe outcomes (spec §9.1).</summary>
internal enum ProbeKind
{
    Message,
    Wrap,
    WouldBlock,
    FellBehind,
}
