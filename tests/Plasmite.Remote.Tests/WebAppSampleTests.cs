// Runs samples/Plasmite.Samples.WebApp as a real process: append through its API, see its tailer, the mapped protocol,
// its health check and its console metrics, then stop it with SIGTERM (graceful shutdown, exit code 0).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Plasmite.Remote.Tests;

public sealed class WebAppSampleTests
{
    [Fact]
    public async Task Sample_web_app_runs_end_to_end()
    {
        using var dir = new TempDir();
        string dll = SampleDll();
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { dll, "--urls", "http://127.0.0.1:0", "--dir", dir.Path }) psi.ArgumentList.Add(a);
        psi.Environment["Logging__Console__LogLevel__Default"] = "Warning";
        using var process = Process.Start(psi)!;
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
        if (process.HasExited) return;
        if (OperatingSystem.IsLinux())
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            if (process.WaitForExit(20_000)) return;
        }
        process.Kill(entireProcessTree: true);
    }

    private static string SampleDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        string tfm = dir.Name;
        string config = dir.Parent!.Name;
        var root = dir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Plasmite.sln"))) root = root.Parent;
        Assert.NotNull(root);
        string dll = Path.Combine(root!.FullName, "samples", "Plasmite.Samples.WebApp", "bin", config, tfm, "Plasmite.Samples.WebApp.dll");
        Assert.True(File.Exists(dll), "sample not built: " + dll);
        return dll;
    }
}
