// Remaining upstream test ideas of spec §17: lock error mapping, model-vs-plan on wrap/overwrite, validation reports.
using System.Buffers.Binary;
using Plasmite.Interop;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class SpecParityTests
{
    [Fact]
    public void Errno_maps_to_expected_kinds()
    {
        Assert.Equal(ErrorKind.Busy, Libc.KindOf(Libc.EAGAIN));
        Assert.Equal(ErrorKind.Permission, Libc.KindOf(Libc.EACCES));
        Assert.Equal(ErrorKind.Permission, Libc.KindOf(Libc.EPERM));
        Assert.Equal(ErrorKind.Io, Libc.KindOf(Libc.EBADF));
        Assert.Equal(ErrorKind.NotFound, Libc.KindOf(Libc.ENOENT));
        Assert.Equal(ErrorKind.AlreadyExists, Libc.KindOf(Libc.EEXIST));
    }

    [Theory]
    [InlineData(new[] { 100, 100, 200 })]
    [InlineData(new[] { 100, 100, 100, 120 })]
    public void Written_header_equals_planned_header(int[] payloads)
    {
        using var dir = new TempDir();
        using var pool = CreateRing(dir, 512);
        ulong seq = 0;
        foreach (int p in payloads)
        {
            var before = pool.ReadHeader();
            var plan = pool.PlanForTest((ulong)p, null);
            pool.Append(Payload(++seq, p), seq);
            var after = pool.ReadHeader();
            Assert.Equal(before with
            {
                HeadOff = plan.NewHead,
                TailOff = plan.NewTail,
                TailNextOff = plan.NewTailNext,
                OldestSeq = plan.NewOldest,
                NewestSeq = plan.NewNewest,
            }, after);
            if (plan.WrapAt >= 0)
                Assert.Equal((uint)FrameState.Wrap, FrameHeader.Decode(pool.MappedBytes.Slice((int)(pool.RingOffset + (ulong)plan.WrapAt), 64)).State);
            AssertValid(pool);
        }
    }

    [Fact]
    public void Validation_report_ok_for_empty_pool_and_corrupt_header()
    {
        using var dir = new TempDir();
        string path = dir.File("v.plasmite");
        using (var pool = PoolFile.Create(path, 65_536))
        {
            var ok = PoolValidator.Validate(pool);
            Assert.Equal("ok", ok.Status);
            Assert.Null(ok.LastGoodSeq);
            Assert.Empty(ok.Issues);
        }
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(48), 0); // ring_size 0
        File.WriteAllBytes(path, bytes);
        var report = PoolValidator.Validate(path);
        Assert.Equal("corrupt", report.Status);
        Assert.Single(report.Issues);
        Assert.Equal("header", report.Issues[0].Code);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => PoolValidator.Validate(dir.File("missing.plasmite"))).Kind);
    }

    [Fact]
    public void Header_mutated_after_open_is_reported_as_corrupt_with_path()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("c.plasmite"), 65_536);
        pool.Append("a"u8, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(pool.MappedBytes[4..], 9);
        var ex = Assert.Throws<PlasmiteException>(() => pool.Append("b"u8, 2));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        BinaryPrimitives.WriteUInt32LittleEndian(pool.MappedBytes[4..], 3);
        BinaryPrimitives.WriteUInt64LittleEndian(pool.MappedBytes[64..], 3); // head not aligned
        ex = Assert.Throws<PlasmiteException>(() => pool.Get(1));
        Assert.Equal(ErrorKind.Corrupt, ex.Kind);
        Assert.Equal(pool.Path, ex.Path);
    }
}
