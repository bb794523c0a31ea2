// A stored frame as raw Lite3 bytes with its frame metadata.
using Plasmite.Text;

namespace Plasmite;

/// <summary>A stored message as the raw Lite3 document plus its frame metadata.</summary>
/// <param name="Seq">The message's sequence number.</param>
/// <param name="TimestampNs">Append time, nanoseconds since the Unix epoch (UTC).</param>
/// <param name="Flags">The frame's flags word (always 0 today).</param>
/// <param name="Payload">The stored Lite3 document.</param>
public readonly record struct Lite3Frame(ulong Seq, ulong TimestampNs, uint Flags, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The append time as a UTC <see cref="DateTimeOffset"/> (100 ns resolution).</summary>
    public DateTimeOffset Time => Rfc3339.ToDateTimeOffset(TimestampNs);
}
