// Deterministic message contents shared by the helper processes and the tests that check them.
using System.Buffers.Binary;

/// <summary>Deterministic message contents shared with the tests.</summary>
internal static class Messages
{
    /// <summary>Writes the payload for (id, counter) into <paramref name="buffer"/>; returns its length.</summary>
    public static int Fill(Span<byte> buffer, uint id, uint counter)
    {
        ulong x = ((ulong)id << 32 | counter) * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        // 10 B – 20 KiB for the crash loop's 20 KiB buffer, 10–509 B for smaller buffers.
        int len = 10 + (int)(x % (ulong)Math.Min(buffer.Length - 10, buffer.Length >= 20_000 ? 20_470 : 500));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, id);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[4..], counter);
        for (int i = 8; i < len; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buffer[i] = (byte)x;
        }
        return len;
    }
}
