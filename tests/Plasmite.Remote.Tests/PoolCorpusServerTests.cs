// The pool-file fuzz corpus (tests/data/fuzz/pools) through the server's read routes: JSON and Lite3 tails, UI events,
// get and info over every damaged pool end in bounded time with no 5xx but the spec's 500 Corrupt, and the server
// stays healthy.
using System.Text.Json;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class PoolCorpusServerTests
{
    private static string CorpusDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Plasmite.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir!.FullName, "tests", "data", "fuzz", "pools");
    }

    [Fact]
    public async Task Damaged_pools_of_the_fuzz_corpus_never_get_a_5xx_or_hang_a_server_route()
    {
        var files = Directory.GetFiles(CorpusDir(), "*.plasmite").Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 10, "the pool fuzz corpus is missing");
        await using var s = await TestServer.StartAsync(o => o.MaxTailTimeoutMs = 200);
        var statuses = new SortedDictionary<int, int>();
        for (int i = 0; i < files.Length; i++)
        {
            // A fresh name per file: the server keeps pools it opened.
            string name = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            File.Copy(files[i], Path.Combine(s.PoolDir, name + ".plasmite"));
            foreach (string url in new[]
            {
                $"/v0/pools/{name}/info", $"/v0/pools/{name}/messages/1", $"/v0/pools/{name}/messages/3/lite3",
                $"/v0/pools/{name}/tail?timeout_ms=50", $"/v0/pools/{name}/tail?since_seq=2&timeout_ms=50&tag=t1",
                $"/v0/pools/{name}/tail_lite3?timeout_ms=50", $"/v0/ui/pools/{name}/events?timeout_ms=50", "/v0/pools",
            })
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                int status;
                string body;
                try
                {
                    using var r = await s.Http.GetAsync(url, cts.Token);
                    status = (int)r.StatusCode;
                    body = await r.Content.ReadAsStringAsync(cts.Token);
                }
                catch (HttpRequestException) when (url.Contains("tail_lite3", StringComparison.Ordinal))
                {
                    // A Lite3 tail that fails after its 200 aborts the response (no error frame exists, spec §7).
                    status = -1;
                    body = "";
                }
                catch (OperationCanceledException)
                {
                    throw new Xunit.Sdk.XunitException($"{Path.GetFileName(files[i])}: {url} did not finish within 20 s");
                }
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500)
                {
                    using var doc = JsonDocument.Parse(body);
                    Assert.True(doc.RootElement.GetProperty("error").GetProperty("kind").GetString() == "Corrupt",
                        $"{Path.GetFileName(files[i])}: {url} → {status} {body}");
                }
            }
            using var health = await s.Http.GetAsync("/healthz");
            Assert.Equal(200, (int)health.StatusCode);
        }
        Assert.True(statuses.ContainsKey(200), "no route answered any corpus pool");
    }
}
