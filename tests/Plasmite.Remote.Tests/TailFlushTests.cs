// Tails write a backlog into the response pipe in chunks and flush once caught up: the last backlog line and a later
// live line both arrive without any further append (JSON Lines, SSE, Lite3 frames).
using System.Text;
using System.Text.Json;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class TailFlushTests
{
    private const int Backlog = 1500; // ≈ 100 KiB of lines: several flush chunks plus a partial one

    private static async Task<TestServer> StartWithBacklogAsync()
    {
        var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("f", 8 << 20);
        using var client = s.Client();
        var docs = Enumerable.Range(1, Backlog)
            .Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"i\":{i},\"pad\":\"{new string('p', 40)}\"}}")).ToArray();
        Assert.Equal((ulong)Backlog, client.OpenPool("f").AppendBatch(docs)[^1].Seq);
        return s;
    }

    private static ulong Seq(string line) => JsonDocument.Parse(line).RootElement.GetProperty("seq").GetUInt64();

    [Theory]
    [InlineData("/v0/pools/f/tail?timeout_ms=20000", "")]
    [InlineData("/v0/ui/pools/f/events?timeout_ms=20000", "data: ")]
    public async Task Backlog_end_and_live_line_arrive_without_further_appends(string path, string prefix)
    {
        await using var s = await StartWithBacklogAsync();
        using var r = await s.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)r.StatusCode);
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
        async Task<ulong> NextAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                string? line = await reader.ReadLineAsync(cts.Token);
                Assert.NotNull(line);
                if (line.StartsWith(prefix, StringComparison.Ordinal) && line.Length > prefix.Length && line[prefix.Length] == '{')
                    return Seq(line[prefix.Length..]);
            }
        }
        for (ulong i = 1; i <= Backlog; i++) Assert.Equal(i, await NextAsync());
        await s.AppendAsync("f", "{\"live\":1}");
        Assert.Equal((ulong)Backlog + 1, await NextAsync());
    }

    [Fact]
    public async Task Lite3_tail_backlog_end_and_live_frame_arrive_without_further_appends()
    {
        await using var s = await StartWithBacklogAsync();
        using var client = s.Client();
        var pool = client.OpenPool("f");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        ulong expected = 1;
        await foreach (var frame in pool.TailLite3(new TailOptions { Timeout = TimeSpan.FromSeconds(20) }, cts.Token))
        {
            Assert.Equal(expected, frame.Seq);
            if (expected == Backlog) await s.AppendAsync("f", "{\"live\":1}");
            if (expected == Backlog + 1) break;
            expected++;
        }
        Assert.Equal((ulong)Backlog + 1, expected);
    }
}
