// Corners of the CLI run as real processes: permission errors, --retry against a busy server, --no-notify
// follows, and duplex typing on a terminal.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plasmite.Cli.Tests.EndToEnd;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", "Process")]
public class PermissionProcessTests
{
    /// <summary>
    /// Runs the tool as an unprivileged user. Root ignores file modes, so as root the tool runs as `nobody`
    /// through `setpriv`, from a world-readable copy of its build output.
    /// </summary>
    private sealed class Unprivileged : IDisposable
    {
        private readonly string? _copy;
        private readonly string _dll;

        public Unprivileged()
        {
            if (!IsRoot())
            {
                _dll = CliProcess.DllPath;
                return;
            }
            Assert.True(CliProcess.HasTool("setpriv"), "setpriv (util-linux) is needed to drop root for permission tests");
            _copy = Directory.CreateTempSubdirectory("plasmite-nobody-").FullName;
            CopyTree(Path.GetDirectoryName(CliProcess.DllPath)!, _copy);
            MakeWorldReadable(_copy);
            _dll = Path.Combine(_copy, "plasmite.dll");
        }

        public ProcessResult Run(params string[] args)
        {
            var env = new Dictionary<string, string> { ["HOME"] = Path.GetTempPath(), ["DOTNET_NOLOGO"] = "1" };
            return _copy is null
                ? CliProcess.RunProgram("dotnet", [_dll, .. args], env)
                : CliProcess.RunProgram("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", _dll, .. args], env);
        }

        public void Dispose()
        {
            if (_copy is not null) Directory.Delete(_copy, recursive: true);
        }

        private static bool IsRoot() => CliProcess.RunProgram("id", ["-u"]).Stdout.Trim() == "0";

        private static void CopyTree(string from, string to)
        {
            foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }

        private static void MakeWorldReadable(string root)
        {
            const UnixFileMode Dir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(root, Dir);
            foreach (var dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(dir, Dir);
            foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private const UnixFileMode ReadExecuteAll = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Issue #20.4: a 0444 pool is readable by another user (fetch, info, follow, doctor); feed is Permission.</summary>
    [Fact]
    public void A_read_only_pool_can_be_read_by_another_user()
    {
        using var sandbox = new WiredSandbox();
        using var user = new Unprivileged();
        Assert.Equal(0, sandbox.Run("pool", "create", "ro").ExitCode);
        for (int i = 1; i <= 3; i++) Assert.Equal(0, sandbox.Run("feed", "ro", $"{{\"x\":{i}}}").ExitCode);
        string ro = Path.Combine(sandbox.Dir, "ro.plasmite");
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(sandbox.Root, ReadExecuteAll);
        File.SetUnixFileMode(sandbox.Dir, ReadExecuteAll);
        try
        {
            var fetch = user.Run("--dir", sandbox.Dir, "fetch", "ro", "2");
            Assert.True(fetch.ExitCode == 0, fetch.Stderr);
            Assert.Equal(2, WiredSandbox.Json(fetch.Stdout.Trim()).GetProperty("data").GetProperty("x").GetInt32());
            var info = user.Run("--dir", sandbox.Dir, "pool", "info", "ro", "--json");
            Assert.True(info.ExitCode == 0, info.Stderr);
            var follow = user.Run("--dir", sandbox.Dir, "follow", "ro", "--tail", "2", "--jsonl", "--timeout", "200ms");
            var lines = follow.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(follow.ExitCode == 124 && lines.Length == 2, $"exit {follow.ExitCode}: {follow.Stdout} {follow.Stderr}");
            Assert.Equal(3, WiredSandbox.Json(lines[1]).GetProperty("data").GetProperty("x").GetInt32());
            var doctor = user.Run("--dir", sandbox.Dir, "doctor", "ro");
            Assert.True(doctor.ExitCode == 0, doctor.Stdout + doctor.Stderr);
            var feed = user.Run("--dir", sandbox.Dir, "feed", "ro", "{\"y\":2}");
            Assert.True(feed.ExitCode == 6, $"exit {feed.ExitCode}: {feed.Stderr}");
            Assert.Equal("Permission", WiredSandbox.ErrorOf(feed).GetProperty("kind").GetString());
        }
        finally
        {
            const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            File.SetUnixFileMode(sandbox.Dir, Owner);
            File.SetUnixFileMode(sandbox.Root, Owner);
        }
    }

    [Fact]
    public void Permission_failures_have_their_kinds_exit_codes_and_paths()
    {
        using var sandbox = new WiredSandbox();
        using var user = new Unprivileged();
        Assert.Equal(0, sandbox.Run("pool", "create", "ro", "sealed").ExitCode);
        Assert.Equal(0, sandbox.Run("feed", "ro", "{\"x\":1}").ExitCode);
        string ro = Path.Combine(sandbox.Dir, "ro.plasmite");
        string sealedPool = Path.Combine(sandbox.Dir, "sealed.plasmite");
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(sealedPool, UnixFileMode.None);
        File.SetUnixFileMode(sandbox.Root, ReadExecuteAll);
        File.SetUnixFileMode(sandbox.Dir, ReadExecuteAll);
        try
        {
            void AssertPermission(ProcessResult r, string path)
            {
                Assert.True(r.ExitCode == 6, $"exit {r.ExitCode}: {r.Stderr}");
                var error = WiredSandbox.ErrorOf(r);
                Assert.Equal("Permission", error.GetProperty("kind").GetString());
                Assert.Equal(path, error.GetProperty("path").GetString());
                Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("hint").GetString()));
            }

            AssertPermission(user.Run("--dir", sandbox.Dir, "pool", "create", "fresh"), Path.Combine(sandbox.Dir, "fresh.plasmite"));
            AssertPermission(user.Run("--dir", sandbox.Dir, "feed", "ro", "{\"y\":2}"), ro);
            AssertPermission(user.Run("--dir", sandbox.Dir, "pool", "info", "sealed"), sealedPool);
            AssertPermission(user.Run("--dir", sandbox.Dir, "follow", "sealed", "--timeout", "100ms"), sealedPool);

            var delete = user.Run("--dir", sandbox.Dir, "pool", "delete", "ro", "--json");
            Assert.Equal(8, delete.ExitCode); // the original reports a refused delete as Io (spec cli.md §5.4)
            var failed = WiredSandbox.Json(delete.Stdout.Trim()).GetProperty("failed")[0].GetProperty("error");
            Assert.Equal("Io", failed.GetProperty("kind").GetString());
            Assert.Equal("failed to delete pool", failed.GetProperty("message").GetString());
            Assert.True(File.Exists(ro));

            var list = user.Run("--dir", sandbox.Dir, "pool", "list", "--json");
            Assert.True(list.ExitCode == 0, list.Stderr); // a bad pool does not fail the listing
            var pools = WiredSandbox.Json(list.Stdout.Trim()).GetProperty("pools");
            Assert.Equal(["ro", "sealed"], pools.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            Assert.Equal("Permission", pools[1].GetProperty("error").GetProperty("error").GetProperty("kind").GetString());

            File.SetUnixFileMode(sandbox.Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var unreadable = user.Run("--dir", sandbox.Dir, "pool", "list", "--json");
            Assert.True(unreadable.ExitCode == 0, unreadable.Stderr);
            var entry = WiredSandbox.Json(unreadable.Stdout.Trim()).GetProperty("pools")[0];
            Assert.Equal(sandbox.Dir, entry.GetProperty("path").GetString());
            Assert.Equal("failed to read pool directory", entry.GetProperty("error").GetProperty("error").GetProperty("message").GetString());
        }
        finally
        {
            const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            File.SetUnixFileMode(sandbox.Dir, Owner);
            File.SetUnixFileMode(sandbox.Root, Owner);
        }
    }
}

[Trait("Category", "Process")]
public class RetryProcessTests
{
    /// <summary>
    /// A minimal HTTP/1.1 server speaking just enough remote v0 for `feed`: <c>POST /v0/pools/open</c> succeeds, and
    /// the first <c>busyAppends</c> appends fail with 423 Busy (as a saturated server does) before one succeeds.
    /// </summary>
    private sealed class BusyServer : IDisposable
    {
        private const string PoolJson =
            "{\"pool\":{\"bounds\":{},\"file_size\":1048576,\"index_capacity\":4096,\"index_offset\":4096,\"index_size_bytes\":65536," +
            "\"metrics\":{\"age\":{\"newest_age_ms\":null,\"newest_time\":null,\"oldest_age_ms\":null,\"oldest_time\":null},\"message_count\":0," +
            "\"seq_span\":0,\"utilization\":{\"free_bytes\":978944,\"used_bytes\":0,\"used_percent\":0.0}},\"name\":\"busy\"," +
            "\"path\":\"/srv/busy.plasmite\",\"ring_offset\":69632,\"ring_size\":978944}}";

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _busyAppends;
        private readonly Task _loop;
        private int _appends;

        public BusyServer(int busyAppends)
        {
            _busyAppends = busyAppends;
            _listener.Start();
            _loop = Task.Run(AcceptLoop);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/busy";

        public int Appends => Volatile.Read(ref _appends);

        private async Task AcceptLoop()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                while (await reader.ReadLineAsync() is { Length: > 0 } requestLine)
                {
                    int length = 0;
                    string? header;
                    while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync()))
                    {
                        if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(header[15..].Trim());
                    }
                    var body = new char[length];
                    int read = 0;
                    while (read < length) read += await reader.ReadAsync(body, read, length - read);

                    string status, json;
                    if (requestLine.StartsWith("POST /v0/pools/open", StringComparison.Ordinal))
                    {
                        (status, json) = ("200 OK", PoolJson);
                    }
                    else if (requestLine.StartsWith("POST /v0/pools/busy/append", StringComparison.Ordinal))
                    {
                        int n = Interlocked.Increment(ref _appends);
                        (status, json) = n <= _busyAppends
                            ? ("423 Locked", "{\"error\":{\"kind\":\"Busy\",\"message\":\"server storage executor is saturated\"}}")
                            : ("200 OK", "{\"message\":{\"data\":{\"a\":1},\"meta\":{\"tags\":[]},\"seq\":" + n + ",\"time\":\"2026-11-27T10:00:00Z\"}}");
                    }
                    else
                    {
                        (status, json) = ("404 Not Found", "{\"error\":{\"kind\":\"NotFound\",\"message\":\"not found\"}}");
                    }
                    var bytes = Encoding.UTF8.GetBytes(json);
                    var head = $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nplasmite-version: 0\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                    await stream.WriteAsync(bytes);
                }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public void Feed_retries_busy_appends_up_to_the_limit()
    {
        using (var server = new BusyServer(busyAppends: 2))
        {
            var ok = CliProcess.Run("feed", server.Url, "{\"a\":1}", "--retry", "3", "--retry-delay", "10ms");
            Assert.True(ok.ExitCode == 0, ok.Stderr);
            Assert.Equal(3, server.Appends);
            Assert.Equal(3UL, WiredSandbox.Json(ok.Stdout.Trim()).GetProperty("seq").GetUInt64());
        }

        using (var server = new BusyServer(busyAppends: 5))
        {
            var exhausted = CliProcess.Run("feed", server.Url, "{\"a\":1}", "--retry", "1", "--retry-delay", "10ms");
            Assert.Equal(5, exhausted.ExitCode); // Busy
            Assert.Equal("Busy", WiredSandbox.ErrorOf(exhausted).GetProperty("kind").GetString());
            Assert.Equal(2, server.Appends); // the first try plus one retry
        }

        using (var server = new BusyServer(busyAppends: 1))
        {
            var noRetry = CliProcess.Run("feed", server.Url, "{\"a\":1}");
            Assert.Equal(5, noRetry.ExitCode);
            Assert.Equal(1, server.Appends);
        }
    }
}

[Trait("Category", "Process")]
public class NotifyAndTerminalProcessTests
{
    [Fact]
    public async Task Follow_with_no_notify_polls_and_still_sees_appends_from_another_process()
    {
        using var sandbox = new WiredSandbox();
        Assert.Equal(0, sandbox.Run("pool", "create", "polled").ExitCode);
        using var follower = sandbox.Start("follow", "polled", "--no-notify", "--one", "--jsonl", "--timeout", "30s");
        var stdout = follower.StandardOutput.ReadToEndAsync();
        for (int i = 0; i < 300 && !follower.HasExited; i++)
        {
            Assert.Equal(0, sandbox.Run("feed", "polled", "{\"polled\":true}").ExitCode);
            await Task.Delay(100);
        }
        Assert.True(follower.WaitForExit(30_000), "follow --no-notify did not exit");
        Assert.Equal(0, follower.ExitCode);
        Assert.True(WiredSandbox.Json(Assert.Single(WiredSandbox.Lines(await stdout))).GetProperty("data").GetProperty("polled").GetBoolean());
    }

    [Fact]
    public void Duplex_on_a_terminal_appends_each_typed_line_as_from_and_msg()
    {
        using var sandbox = new WiredSandbox();
        Assert.True(CliProcess.HasTool("script"), "util-linux `script` is needed for pseudo-terminal tests");
        Assert.Equal(0, sandbox.Run("pool", "create", "chat").ExitCode);

        var typed = CliProcess.RunOnTerminalWithStdin("hello there\n\n   \nsecond \"quoted\" line\n",
            "--dir", sandbox.Dir, "duplex", "chat", "--me", "alice", "--timeout", "20s");
        Assert.True(typed.ExitCode == 0, typed.Stdout);

        var stored = sandbox.Run("follow", "chat", "--tail", "10", "--jsonl", "--timeout", "200ms");
        var data = WiredSandbox.Lines(stored.Stdout).Select(l => WiredSandbox.Json(l).GetProperty("data")).ToArray();
        Assert.Equal(["hello there", "second \"quoted\" line"], data.Select(d => d.GetProperty("msg").GetString()));
        Assert.All(data, d => Assert.Equal("alice", d.GetProperty("from").GetString()));

        // The send side ending first used to unmap the pool under the still-running receive side (SIGSEGV, exit 139).
        for (int i = 0; i < 5; i++)
        {
            var piped = sandbox.RunWithStdin("{\"from\":\"bob\",\"msg\":\"m\"}\n", "duplex", "chat", "--me", "bob", "--timeout", "20s");
            Assert.True(piped.ExitCode == 0, $"run {i}: exit {piped.ExitCode} {piped.Stderr}");
        }

        var noMe = CliProcess.RunOnTerminalWithStdin("hi\n", "--dir", sandbox.Dir, "duplex", "chat");
        Assert.Equal(2, noMe.ExitCode);
        Assert.Contains("TTY input requires --me for duplex", noMe.Stdout); // stdout and stderr share the terminal
    }
}
