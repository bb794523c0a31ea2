// PlasmitePool.CreateCursor / WaitForAppend: the low-level follow support the CLI builds on.
using System.Diagnostics;
using Plasmite.Storage;
using Plasmite.Tests.Support;

namespace Plasmite.Tests.Local;

[Trait("Category", "Unit")]
public class CursorAccessTests
{
    [Fact]
    public void Cursor_starts_at_the_oldest_message_and_sees_later_appends()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.CreatePool("c", 65536);
        pool.AppendJson("{\"x\":1}"u8);
        var cursor = pool.CreateCursor();
        Assert.Equal(CursorStatus.Message, cursor.Step());
        Assert.Equal(1UL, cursor.Seq);
        Assert.Equal(CursorStatus.WouldBlock, cursor.Step());
        pool.AppendJson("{\"x\":2}"u8);
        Assert.Equal(CursorStatus.Message, cursor.Step());
        Assert.Equal(2UL, cursor.Seq);
    }

    [Fact]
    public void WaitForAppend_wakes_on_an_append_or_sleeps_out_the_timeout()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.CreatePool("w", 65536);
        var sw = Stopwatch.StartNew();
        Assert.False(pool.WaitForAppend(TimeSpan.FromMilliseconds(30), useNotify: false));
        Assert.True(sw.ElapsedMilliseconds >= 25);
        if (pool.CanWaitForAppend)
        {
            using var writer = client.OpenPool("w");
            writer.AppendJson("{\"x\":1}"u8);
            Assert.True(pool.WaitForAppend(TimeSpan.FromSeconds(5)));
        }
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => pool.WaitForAppend(TimeSpan.FromSeconds(5), useNotify: false, cts.Token));
        pool.Dispose();
        Assert.Throws<PlasmiteException>(() => pool.WaitForAppend(TimeSpan.Zero));
    }
}
