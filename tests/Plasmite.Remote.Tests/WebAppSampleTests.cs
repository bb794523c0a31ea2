// Runs samples/Plasmite.Samples.WebApp as a real process: append through its API, see its tailer, the mapped protocol,
// its health check and its console metrics, then stop it with SIGTERM (graceful shutdown, exit code 0).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Process")]
public sealed class WebAppSampleTests
{
    [Fact]
    public async Task Sample_web_app_runs_end_to_end()
    {
        using var dir = new TempDir();
        string dll = SampleDll();
        using var process = ChildProcess.StartDll(dll, ["--urls", "http://127.0.0.1:0", "--dir", dir.Path],
            new Dictionary<string, string> { ["Logging__Console__LogLevel__Default"] = "Warning" });
        var lines = new BlockingCollection<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Add("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var seen = new List<string>();
        string WaitFor(string prefix)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (lines.TryTake(out var line, TimeSpan.FromMilliseconds(200)))
                {
                    seen.Add(line);
                    if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
                }
                else if (process.HasExited) break;
            }
            Assert.Fail($"no line starting with '{prefix}'; output so far:\n" + string.Join("\n", seen));
            return "";
        }
        try
        {
            var baseUrl = new Uri(WaitFor("listening ")["listening ".Length..].TrimEnd('/') + "/");
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
            using (var r = await http.PostAsync("/orders?item=tea&quantity=2", null))
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("{\"seq\":1}", await r.Content.ReadAsStringAsync());
            }
            using (var r = await http.GetAsync("/plasmite/v0/pools/orders/messages/1"))
            {
                string body = await r.Content.ReadAsStringAsync();
                Assert.Contains("\"item\":\"tea\"", body, StringComparison.Ordinal);
                Assert.Contains("\"order\"", body, StringComparison.Ordinal);
            }
            var wait = Stopwatch.StartNew();
            while (await http.GetStringAsync("/orders/seen") != "1")
            {
                Assert.True(wait.Elapsed < TimeSpan.FromSeconds(20), "the background tailer did not see the order");
                await Task.Delay(50);
            }
            using (var r = await http.GetAsync("/health"))
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            WaitFor("metric messaging.client.sent.messages = 1");
        }
        finally
        {
            Stop(process);
        }
        Assert.True(process.WaitForExit(20_000), "the sample did not stop");
        if (OperatingSystem.IsLinux()) Assert.Equal(0, process.ExitCode);
    }

    private static void Stop(Process process)
    {
        if (!ChildProcess.Terminate(process, TimeSpan.FromSeconds(20))) ChildProcess.KillTree(process);
    }

    private static string SampleDll() => RepositoryRoot.BuildOutput(Path.Combine("samples", "Plasmite.Samples.WebApp"), "Plasmite.Samples.WebApp.dll");
}
