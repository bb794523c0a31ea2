// Shared helpers for storage tests: raw pools, deterministic payloads (temporary directories: Plasmite.Testing.TempDir).
using Plasmite.Storage;

namespace Plasmite.Tests.Storage;

internal static class StorageTestSupport
{
    /// <summary>A deterministic payload for (seq-independent) key <paramref name="key"/>.</summary>
    public static byte[] Payload(ulong key, int length)
    {
        var bytes = new byte[length];
        ulong x = key * 0x9E3779B97F4A7C15UL + 1;
        for (int i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes[i] = (byte)x;
        }
        return bytes;
    }

    /// <summary>Creates a pool whose ring is exactly <paramref name="ringSize"/> bytes with no index.</summary>
    public static PoolFile CreateRing(TempDir dir, ulong ringSize, string name = "ring.plasmite") =>
        PoolFile.Create(dir.File(name), PoolFormat.HeaderSize + ringSize, 0);

    /// <summary>All retained frames walked with a fresh cursor from the tail.</summary>
    public static List<Frame> Dump(PoolFile pool)
    {
        var list = new List<Frame>();
        var cursor = pool.CreateCursor();
        for (int guard = 0; guard < 1_000_000; guard++)
        {
            var st = cursor.Step();
            if (st == CursorStatus.WouldBlock) break;
            if (st == CursorStatus.FellBehind) throw new InvalidOperationException("fell behind on a quiescent pool");
            list.Add(new Frame(new FrameInfo(cursor.Seq, cursor.TimestampNs, cursor.Flags, cursor.Offset, cursor.PayloadLength), cursor.Payload.ToArray()));
        }
        return list;
    }

    public static void AssertValid(PoolFile pool)
    {
        var report = PoolValidator.Validate(pool);
        Assert.True(report.IsOk, string.Join("; ", report.Issues.Select(i => $"{i.Code}: {i.Message} @ {i.Offset} seq {i.Seq}")));
    }
}
