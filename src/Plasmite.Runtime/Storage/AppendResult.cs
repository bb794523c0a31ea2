// What an append returns: the assigned seq, the timestamp stored, and where the frame went.
namespace Plasmite.Storage;

/// <summary>The outcome of one append.</summary>
/// <param name="Seq">The message's sequence number.</param>
/// <param name="TimestampNs">The frame timestamp (ns since the Unix epoch).</param>
/// <param name="Offset">Ring offset of the frame.</param>
internal readonly record struct AppendResult(ulong Seq, ulong TimestampNs, ulong Offset);

/// <summary>Test-only crash points inside an append (spec §14.2).</summary>
internal enum AppendCrashPhase
{
    /// <summary>Complete the append.</summary>
    None,

    /// <summary>Steps 1–4: wrap marker, Writing header, full payload, commit marker.</summary>
    Write,

    /// <summary>Steps 1–5: also the Committed state.</summary>
    Commit,

    /// <summary>Steps 1–2 plus the first floor(P/2) payload bytes, no marker.</summary>
    Partial,
}
