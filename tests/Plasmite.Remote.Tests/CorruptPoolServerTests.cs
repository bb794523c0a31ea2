// Regression (issue #20.1) through the server: a JSON tail and the UI's event stream over a pool with a damaged frame
// end (by timeout_ms or with an in-band Corrupt line) instead of pinning a core, and the server stays healthy.
using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Plasmite.Remote.Tests.Support;
using Plasmite.Storage;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class CorruptPoolServerTests
{
    [Fact]
    public async Task Tails_over_a_damaged_frame_end_and_the_server_stays_up()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("bad", 64 * 1024);
        for (int i = 1; i <= 10; i++) await s.AppendAsync("bad", $"{{\"i\":{i}}}");
        string path = Path.Combine(s.PoolDir, "bad.plasmite");
        ulong frame;
        ulong ring;
        using (var file = PoolFile.Open(path))
        {
            ring = file.RingOffset;
            var c = file.CreateCursor();
            frame = 0;
            while (c.Step() == CursorStatus.Message)
            {
                if (c.Seq == 4) frame = c.Offset;
            }
        }
        // Edit in place (the server has the file mapped: never truncate it).
        using (SafeFileHandle h = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0x00FF_FFFF);
            RandomAccess.Write(h, bytes, (long)(ring + frame + 32));
        }
        foreach (string url in new[] { "/v0/pools/bad/tail?timeout_ms=1500", "/v0/ui/pools/bad/events?timeout_ms=1500" })
        {
            var sw = Stopwatch.StartNew();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var r = await s.Http.GetAsync(url, cts.Token);
            string body = await r.Content.ReadAsStringAsync(cts.Token);
            Assert.Equal(200, (int)r.StatusCode);
            Assert.Contains("\"i\":3", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"i\":5", body, StringComparison.Ordinal);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"{url} took {sw.Elapsed}");
        }
        using var health = await s.Http.GetAsync("/healthz");
        Assert.Equal(200, (int)health.StatusCode);
    }
}
