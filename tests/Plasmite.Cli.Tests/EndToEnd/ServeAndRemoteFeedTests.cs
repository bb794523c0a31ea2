// `plasmite serve` as a real process, fed through a remote ref by another `plasmite` process.
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Plasmite.Cli.Tests.EndToEnd;

public class ServeAndRemoteFeedTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [Fact]
    public async Task Serve_accepts_remote_feed_and_stops_on_sigterm()
    {
        using var sandbox = new WiredSandbox();
        string ready = Path.Combine(sandbox.Root, "ready");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliProcess.DllPath, "--dir", sandbox.Dir, "serve", "--bind", "127.0.0.1:0" }) psi.ArgumentList.Add(a);
        psi.Environment["PLASMITE_SERVE_READY_FILE"] = ready;
        using var server = Process.Start(psi)!;
        var stderr = server.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(ready) && !server.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(File.Exists(ready), "server never became ready: " + (server.HasExited ? await stderr : "timeout"));
            string address = File.ReadAllText(ready).Trim();

            Assert.Equal(0, sandbox.Run("pool", "create", "events").ExitCode); // remote feed cannot --create (spec)
            var fed = CliProcess.Run("feed", $"http://{address}/events", "{\"from\":\"remote\"}", "--tag", "r");
            Assert.True(fed.ExitCode == 0, fed.Stderr);
            var receipt = WiredSandbox.Json(fed.Stdout.Trim());
            Assert.Equal(1UL, receipt.GetProperty("seq").GetUInt64());

            var fetched = sandbox.Run("fetch", "events", "1");
            Assert.True(fetched.ExitCode == 0, fetched.Stderr);
            var message = WiredSandbox.Json(fetched.Stdout.Trim());
            Assert.Equal("remote", message.GetProperty("data").GetProperty("from").GetString());
            Assert.Equal("r", message.GetProperty("meta").GetProperty("tags")[0].GetString());

            var missing = CliProcess.Run("feed", $"http://{address}/nope", "{}");
            Assert.Equal(3, missing.ExitCode);
        }
        finally
        {
            if (!server.HasExited) kill(server.Id, 15);
            Assert.True(server.WaitForExit(TimeSpan.FromSeconds(20)), "server did not stop on SIGTERM");
        }
        Assert.Equal(0, server.ExitCode);
    }
}
