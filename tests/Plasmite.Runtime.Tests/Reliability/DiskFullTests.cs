// Regression (issue #20.2): pool files used to be sparse, so an append into a page the disk could not back died of
// SIGBUS. Creating reserves every block; a pool opened sparse reserves before it writes; either way Io, never a crash.
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Reliability;

[Trait("Category", "Unit")]
public class DiskFullTests
{
    [TmpfsFact]
    public void Creating_a_pool_larger_than_the_disk_fails_with_io_and_leaves_no_file()
    {
        using var fs = new SmallTmpfs(2 * 1024 * 1024);
        string path = fs.File("big.plasmite");
        var e = Assert.Throws<PlasmiteException>(() => PoolFile.Create(path, 4 * 1024 * 1024));
        Assert.Equal(ErrorKind.Io, e.Kind);
        Assert.Contains("no space left on device", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.Path);
        Assert.False(File.Exists(path), "a failed create left its file behind");

        // The same through the SDK, and a pool that fits still works afterwards.
        using var client = new PlasmiteClient(fs.Path);
        Assert.Equal(ErrorKind.Io, Assert.Throws<PlasmiteException>(() => client.CreatePool("sdk", 3 * 1024 * 1024)).Kind);
        Assert.False(File.Exists(fs.File("sdk.plasmite")));
        using var ok = client.CreatePool("ok", 1024 * 1024);
        ok.AppendJson("{\"x\":1}"u8);
    }

    [TmpfsFact]
    public void A_created_pool_keeps_appending_and_wrapping_when_the_disk_is_full()
    {
        using var fs = new SmallTmpfs(2 * 1024 * 1024);
        using var pool = PoolFile.Create(fs.File("p.plasmite"), 512 * 1024, 64);
        fs.FillUp();
        ulong last = 0;
        for (ulong i = 1; i <= 3000; i++) last = pool.Append(Payload(i, 500), i).Seq; // ≈ 3 laps of the ring
        Assert.Equal(3000UL, last);
        AssertValid(pool);
        Assert.Equal(Payload(3000, 500), pool.Get(3000).Payload.ToArray());
    }

    [TmpfsFact]
    public void A_sparse_pool_on_a_full_disk_fails_appends_with_io_and_stays_valid()
    {
        using var fs = new SmallTmpfs(2 * 1024 * 1024);
        string path = fs.File("sparse.plasmite");
        const ulong size = 1024 * 1024;
        // As the original creates pools: ftruncate (sparse) and a header, no reservation.
        using (var f = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            f.SetLength((long)size);
            var header = new byte[PoolFormat.HeaderSize];
            PoolHeader.CreateNew(size, 0).Encode(header);
            f.Write(header);
        }
        using (var pool = PoolFile.Open(path))
        {
            for (ulong i = 1; i <= 5; i++) pool.Append(Payload(i, 100), i); // reserves the file on the first append
        }
        // A sparse file again (punch the ring's holes back) and a full disk: appends must fail cleanly.
        using (var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            Assert.Equal(0, PunchHole(f, 8192, (long)size - 8192));
        }
        string filler = fs.FillUp();
        using (var pool = PoolFile.Open(path))
        {
            int failures = 0;
            ulong acknowledged = 5;
            for (ulong i = 6; i <= 200; i++)
            {
                try
                {
                    acknowledged = pool.Append(Payload(i, 900), i).Seq;
                }
                catch (PlasmiteException e)
                {
                    Assert.Equal(ErrorKind.Io, e.Kind);
                    Assert.Contains("no space left on device", e.Message, StringComparison.Ordinal);
                    failures++;
                }
            }
            Assert.True(failures > 0, "the disk was full, yet every append found room");
            AssertValid(pool);
            for (ulong s = 1; s <= acknowledged; s++) Assert.True(pool.TryGet(s, out _), $"acknowledged seq {s} is missing");

            // Room again: appends resume.
            File.Delete(filler);
            Assert.Equal(acknowledged + 1, pool.Append(Payload(999, 900), 999).Seq);
            AssertValid(pool);
        }
    }

    // fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE) through the runtime's libc binding.
    private static int PunchHole(FileStream f, long offset, long length) =>
        Plasmite.Interop.Libc.Fallocate((int)f.SafeFileHandle.DangerousGetHandle(), 0x02 | 0x01, offset, length);
}
