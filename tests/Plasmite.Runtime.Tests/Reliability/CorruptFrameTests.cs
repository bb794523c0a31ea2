// Regression (issue #20.1): a single damaged frame (state, payload_len or header_len) used to make every tail-style
// reader re-walk from the tail forever at 100 % CPU. Each reader must now end with Corrupt or by its own timeout.
using System.Buffers.Binary;
using Plasmite.Storage;

namespace Plasmite.Tests.Reliability;

[Trait("Category", "Unit")]
public class CorruptFrameTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public enum Edit { StateEmpty, StateWrap, StateInvalid, PayloadLen, HeaderLen, Magic }

    /// <summary>Ten JSON messages in a pool, then one field of frame <paramref name="victimSeq"/> edited in the file.</summary>
    internal static string DamagedPool(TempDir dir, Edit edit, ulong victimSeq)
    {
        using (var client = new PlasmiteClient(dir.Path))
        using (var pool = client.CreatePool("p", 64 * 1024))
        {
            for (int i = 1; i <= 10; i++) pool.AppendJson(System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i},\"pad\":\"{new string('x', 40)}\"}}"));
        }
        string path = dir.File("p.plasmite");
        ulong ringOffset, frameOff = 0;
        using (var file = PoolFile.Open(path))
        {
            ringOffset = file.RingOffset;
            var c = file.CreateCursor();
            while (c.Step() == CursorStatus.Message)
            {
                if (c.Seq == victimSeq) frameOff = c.Offset;
            }
        }
        var bytes = File.ReadAllBytes(path);
        var f = bytes.AsSpan((int)(ringOffset + frameOff));
        switch (edit)
        {
            case Edit.StateEmpty: BinaryPrimitives.WriteUInt32LittleEndian(f[FrameHeader.StateOff..], 0); break;
            case Edit.StateWrap: BinaryPrimitives.WriteUInt32LittleEndian(f[FrameHeader.StateOff..], 3); break;
            case Edit.StateInvalid: BinaryPrimitives.WriteUInt32LittleEndian(f[FrameHeader.StateOff..], 9); break;
            case Edit.PayloadLen: BinaryPrimitives.WriteUInt32LittleEndian(f[FrameHeader.PayloadLenOff..], 0x00FF_FFFF); break;
            case Edit.HeaderLen: BinaryPrimitives.WriteUInt32LittleEndian(f[FrameHeader.HeaderLenOff..], 65); break;
            case Edit.Magic: f[0] ^= 0x20; break;
        }
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<Edit, ulong> Cases()
    {
        var data = new TheoryData<Edit, ulong>();
        foreach (var e in Enum.GetValues<Edit>())
        {
            data.Add(e, 1);
            data.Add(e, 4);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cursor_stepped_as_documented_reports_corrupt_without_spinning(Edit edit, ulong victim)
    {
        using var dir = new TempDir();
        string path = DamagedPool(dir, edit, victim);
        using var file = PoolFile.Open(path);
        var cursor = file.CreateCursor();
        long steps = 0;
        ulong delivered = 0;
        PlasmiteException? error = null;
        Bounded.Run(Limit, () =>
        {
            try
            {
                while (steps++ < 100_000)
                {
                    var st = cursor.Step();
                    if (st == CursorStatus.Message) delivered++;
                    else if (st == CursorStatus.WouldBlock) Thread.Sleep(2);
                    // FellBehind: the documented reaction is to step again at once.
                }
            }
            catch (PlasmiteException e)
            {
                error = e;
            }
        }, "cursor");
        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Corrupt, error!.Kind);
        Assert.Equal(path, error.Path);
        Assert.Equal(victim - 1, delivered);
        Assert.True(steps < 2_000, $"{steps} steps: the cursor made its caller spin");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sdk_tail_and_stream_end_with_corrupt(Edit edit, ulong victim)
    {
        using var dir = new TempDir();
        DamagedPool(dir, edit, victim);
        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.OpenPool("p");
        Bounded.Run(Limit, () =>
        {
            var seen = new List<ulong>();
            var e = Assert.Throws<PlasmiteException>(() =>
            {
                var task = Task.Run(async () =>
                {
                    await foreach (var m in pool.Tail()) seen.Add(m.Seq);
                });
                task.GetAwaiter().GetResult();
            });
            Assert.Equal(ErrorKind.Corrupt, e.Kind);
            Assert.Equal((int)victim - 1, seen.Count);

            using var stream = pool.OpenStream();
            var e2 = Assert.Throws<PlasmiteException>(() =>
            {
                while (stream.NextJson() is not null)
                {
                }
            });
            Assert.Equal(ErrorKind.Corrupt, e2.Kind);
        }, "tail and stream");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Readers_with_a_timeout_end_by_it_and_get_of_the_damaged_seq_is_corrupt(Edit edit, ulong victim)
    {
        using var dir = new TempDir();
        DamagedPool(dir, edit, victim);
        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.OpenPool("p");
        Bounded.Run(Limit, () =>
        {
            Task.Run(async () =>
            {
                await foreach (var _ in pool.Tail(new TailOptions { Deadline = TimeSpan.FromMilliseconds(100) }))
                {
                }
                await foreach (var _ in pool.Replay(new ReplayOptions { Timeout = TimeSpan.FromMilliseconds(100), Speed = 0 }))
                {
                }
            }).GetAwaiter().GetResult();
            using var stream = pool.OpenStream(timeout: TimeSpan.FromMilliseconds(100));
            while (stream.NextJson() is not null)
            {
            }
            // get: the damaged seq is Corrupt (issue #20: every reader ends with Corrupt); the others are read (the
            // index leads past the damage).
            for (ulong s = 1; s <= 10; s++)
            {
                if (s == victim)
                {
                    var e = Assert.Throws<PlasmiteException>(() => pool.TryGet(s));
                    Assert.Equal(ErrorKind.Corrupt, e.Kind);
                    Assert.Equal(s, e.Seq);
                }
                else
                {
                    Assert.Equal(s, pool.TryGet(s)?.Seq);
                }
            }
            Assert.Null(pool.TryGet(11));
        }, "timed readers and get");
    }
}
