// What an append returns when the caller does not need the message object back (allocation-free).
using Plasmite.Text;

namespace Plasmite;

/// <summary>The committed seq and timestamp of an append.</summary>
/// <param name="Seq">The message's sequence number.</param>
/// <param name="TimestampNs">The append time written to the frame (ns since the Unix epoch).</param>
public readonly record struct AppendReceipt(ulong Seq, ulong TimestampNs)
{
    /// <summary>The append time (UTC, 100 ns resolution).</summary>
    public DateTimeOffset Time => Rfc3339.ToDateTimeOffset(TimestampNs);

    /// <summary>The append time as the original renders it.</summary>
    public string TimeRfc3339 => Rfc3339.Format(TimestampNs);
}
