// Constants and size arithmetic of pool file format v3 (spec §1–§5), named after the spec.
namespace Plasmite.Storage;

/// <summary>The fixed numbers of pool format v3 and the arithmetic built on them.</summary>
internal static class PoolFormat
{
    /// <summary>Pool magic <c>PLSM</c> read as a little-endian u32.</summary>
    public const uint PoolMagic = 0x4D534C50;

    /// <summary>The only accepted format version.</summary>
    public const uint FormatVersion = 3;

    /// <summary>The only accepted endianness byte (1 = little-endian).</summary>
    public const byte EndiannessLittle = 1;

    /// <summary>Bytes of the pool header.</summary>
    public const int HeaderSize = 4096;

    /// <summary>File offset of the index region.</summary>
    public const ulong IndexOffset = 4096;

    /// <summary>Bytes of one index slot (seq u64, ring offset u64).</summary>
    public const int IndexSlotSize = 16;

    /// <summary>Largest automatically chosen index capacity.</summary>
    public const uint MaxAutoIndexCapacity = 65536;

    /// <summary>Ring bytes reserved before an automatic index is granted.</summary>
    public const ulong MinRingForIndex = 1024;

    /// <summary>Frame magic <c>FRM1</c> read as a little-endian u32.</summary>
    public const uint FrameMagic = 0x314D5246;

    /// <summary>Bytes of a frame header (and of a wrap marker).</summary>
    public const int FrameHeaderLength = 64;

    /// <summary>Bytes of the commit marker.</summary>
    public const int CommitMarkerLength = 8;

    /// <summary>Commit marker <c>PLSMCMIT</c> read as a little-endian u64.</summary>
    public const ulong CommitMarker = 0x54494D434D534C50;

    /// <summary>Absolute payload limit (256 MiB).</summary>
    public const ulong AbsoluteMaxPayload = 268_435_456;

    /// <summary>Default pool size used by the CLI and bindings (1 MiB).</summary>
    public const ulong DefaultPoolSize = 1_048_576;

    /// <summary>Pool file extension, with the dot.</summary>
    public const string FileExtension = PoolName.Extension;

    /// <summary>The commit marker bytes.</summary>
    public static ReadOnlySpan<byte> CommitMarkerBytes => "PLSMCMIT"u8;

    /// <summary>Smallest multiple of 8 that is ≥ <paramref name="x"/>.</summary>
    /// <exception cref="PlasmiteException">Usage, on overflow.</exception>
    public static ulong Align8(ulong x)
    {
        if (x > ulong.MaxValue - 7) throw PlasmiteException.Usage("length overflow");
        return (x + 7) & ~7UL;
    }

    /// <summary>Frame length <c>align8(64 + P + 8)</c> for a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <exception cref="PlasmiteException">Usage, on overflow.</exception>
    public static ulong FrameLength(ulong payloadLength)
    {
        if (payloadLength > ulong.MaxValue - 72) throw PlasmiteException.Usage("frame length overflow");
        return Align8(payloadLength + FrameHeaderLength + CommitMarkerLength);
    }

    /// <summary><c>min(saturating_sub(ring_size, 72), 256 MiB)</c>.</summary>
    public static ulong MaxPayload(ulong ringSize) =>
        Math.Min(ringSize > 72 ? ringSize - 72 : 0, AbsoluteMaxPayload);

    /// <summary>Largest payload an append accepts: within <see cref="MaxPayload"/> and with a frame that fits the ring.</summary>
    public static ulong MaxAppendPayload(ulong ringSize)
    {
        ulong floor8 = ringSize & ~7UL;
        return Math.Min(MaxPayload(ringSize), floor8 >= 72 ? floor8 - 72 : 0);
    }

    /// <summary>The automatic index capacity for a file size (spec §4.1).</summary>
    public static uint AutoIndexCapacity(ulong fileSize)
    {
        ulong candidate = Math.Min(fileSize / 256, MaxAutoIndexCapacity);
        if (candidate == 0) return 0;
        ulong reserved = HeaderSize + MinRingForIndex;
        ulong bySpace = fileSize > reserved ? (fileSize - reserved) / IndexSlotSize : 0;
        return (uint)Math.Min(candidate, bySpace);
    }

    /// <summary><c>4096 + 16 * capacity</c>.</summary>
    public static ulong RingOffsetFor(uint indexCapacity) => HeaderSize + (ulong)IndexSlotSize * indexCapacity;

    /// <summary>Live ring bytes (spec §8.2 <c>used</c>): includes wrap and padding waste.</summary>
    public static ulong UsedBytes(ulong ringSize, ulong head, ulong tail, ulong oldest) =>
        head == tail ? (oldest == 0 ? 0 : ringSize) : (head > tail ? head - tail : ringSize - (tail - head));
}
