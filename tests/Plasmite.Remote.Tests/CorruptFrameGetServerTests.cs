// Issue #20 through the server: GET of a retained seq whose frame is damaged used to be 404 NotFound; it is the
// spec's 500 Corrupt envelope (JSON and Lite3 routes), the neighbours are still served and the server stays healthy.
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Plasmite.Remote.Tests.Support;
using Plasmite.Storage;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class CorruptFrameGetServerTests
{
    [Fact]
    public async Task Get_of_a_damaged_frame_is_500_corrupt_and_the_rest_is_served()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("bad", 64 * 1024);
        for (int i = 1; i <= 6; i++) await s.AppendAsync("bad", $"{{\"i\":{i}}}");
        string path = Path.Combine(s.PoolDir, "bad.plasmite");
        ulong frame = 0, ring;
        using (var file = PoolFile.Open(path))
        {
            ring = file.RingOffset;
            var c = file.CreateCursor();
            while (c.Step() == CursorStatus.Message)
            {
                if (c.Seq == 3) frame = c.Offset;
            }
        }
        // Edit in place (the server has the file mapped: never truncate it): payload_len without its xor.
        using (SafeFileHandle h = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0x00FF_FFFF);
            RandomAccess.Write(h, bytes, (long)(ring + frame + 32) /* payload_len */);
        }
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools/bad/messages/3"))
            await Responses.ErrorAsync(r, 500, "Corrupt", "damaged frame in the live ring range");
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools/bad/messages/3/lite3"))
            await Responses.ErrorAsync(r, 500, "Corrupt");
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools/bad/messages/4"))
            Assert.Equal(4UL, (await Responses.OkJsonAsync(r)).GetProperty("message").GetProperty("seq").GetUInt64());
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools/bad/messages/7"))
            await Responses.ErrorAsync(r, 404, "NotFound");
        using var health = await s.Http.GetAsync("/healthz");
        Assert.Equal(200, (int)health.StatusCode);
    }
}
