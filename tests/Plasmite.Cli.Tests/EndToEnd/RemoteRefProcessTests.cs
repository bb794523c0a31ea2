// Remote refs (http://host:port/<pool>) for follow, fetch and duplex: real `plasmite` processes against a real `plasmite serve`.
using System.Diagnostics;

namespace Plasmite.Cli.Tests.EndToEnd;

/// <summary>One <c>plasmite serve</c> process (loopback, port 0, bearer token) shared by the tests of a class.</summary>
public sealed class ServeProcessFixture : IDisposable
{
    public const string Token = "remote-ref-tests-token";

    private readonly WiredSandbox _sandbox = new();
    private readonly ServeProcess _server;

    public ServeProcessFixture() => _server = new ServeProcess(_sandbox.Dir, "--token", Token);

    /// <summary><c>host:port</c> the server listens on.</summary>
    public string Address => _server.Address;

    /// <summary>Runs the tool against the server's pool directory (local refs see the same files).</summary>
    internal ProcessResult Local(params string[] args) => _sandbox.Run(args);

    internal ProcessResult LocalWithStdin(string stdin, params string[] args) => _sandbox.RunWithStdin(stdin, args);

    internal Process Start(params string[] args) => _sandbox.Start(args);

    /// <summary>Creates a fresh local pool in the served directory and returns its remote ref.</summary>
    internal string NewPool(string name)
    {
        var created = Local("pool", "create", name);
        Assert.True(created.ExitCode == 0, created.Stderr);
        return $"http://{Address}/{name}";
    }

    public void Dispose()
    {
        _server.Dispose();
        _sandbox.Dispose();
    }
}

[Trait("Category", "Process")]
public class RemoteRefProcessTests(ServeProcessFixture server) : IClassFixture<ServeProcessFixture>
{
    private const string Token = ServeProcessFixture.Token;

    private void FeedLocal(string pool, params string[] records)
    {
        var fed = server.LocalWithStdin(string.Join('\n', records) + "\n", "feed", pool);
        Assert.True(fed.ExitCode == 0, fed.Stderr);
    }

    private static ulong[] Seqs(string stdout) =>
        WiredSandbox.Lines(stdout).Select(l => WiredSandbox.Json(l).GetProperty("seq").GetUInt64()).ToArray();

    [Fact]
    public void Follow_tail_prints_the_last_n_then_times_out_with_124()
    {
        string url = server.NewPool("rf-tail");
        FeedLocal("rf-tail", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");

        var r = CliProcess.Run("follow", url, "--token", Token, "--tail", "2", "--jsonl", "--timeout", "700ms");

        Assert.True(r.ExitCode == 124, r.Stderr);
        Assert.Equal([2UL, 3UL], Seqs(r.Stdout));
        var first = WiredSandbox.Json(WiredSandbox.Lines(r.Stdout)[0]);
        Assert.Equal(2, first.GetProperty("data").GetProperty("n").GetInt32());
        Assert.Empty(first.GetProperty("meta").GetProperty("tags").EnumerateArray());
        Assert.StartsWith("{\"data\":", WiredSandbox.Lines(r.Stdout)[0]); // keys sorted as the original prints them
    }

    [Fact]
    public void Follow_applies_where_tag_and_data_only_after_selecting_the_tail()
    {
        string url = server.NewPool("rf-where");
        FeedLocal("rf-where", "{\"n\":1}", "{\"n\":4}", "{\"n\":5}");
        var tagged = server.Local("feed", "rf-where", "{\"n\":9}", "--tag", "keep");
        Assert.True(tagged.ExitCode == 0, tagged.Stderr);

        var where = CliProcess.Run("follow", url, "--token", Token, "--tail", "3", "--where", ".data.n > 4", "--data-only",
            "--jsonl", "--timeout", "500ms");
        Assert.Equal(124, where.ExitCode);
        Assert.Equal(["{\"n\":5}", "{\"n\":9}"], WiredSandbox.Lines(where.Stdout));

        var byTag = CliProcess.Run("follow", url, "--token", Token, "--tail", "10", "--tag", "keep", "--jsonl", "--timeout", "500ms");
        Assert.Equal(124, byTag.ExitCode);
        Assert.Equal([4UL], Seqs(byTag.Stdout));
    }

    [Fact]
    public void Follow_one_with_tail_prints_the_most_recent_match_and_exits_zero()
    {
        string url = server.NewPool("rf-one");
        FeedLocal("rf-one", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");

        var r = CliProcess.Run("follow", url, "--token", Token, "--tail", "2", "--one", "--jsonl", "--timeout", "10s");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([3UL], Seqs(r.Stdout));
    }

    [Fact]
    public async Task Follow_without_tail_shows_only_messages_appended_after_it_starts()
    {
        string url = server.NewPool("rf-live");
        FeedLocal("rf-live", "{\"old\":true}");
        var tokenFile = Path.Combine(Path.GetTempPath(), $"plasmite-token-{Guid.NewGuid():N}");
        File.WriteAllText(tokenFile, Token + "\n");
        try
        {
            using var follower = server.Start("follow", url, "--token-file", tokenFile, "--one", "--jsonl", "--timeout", "30s");
            var stdout = follower.StandardOutput.ReadToEndAsync();
            // Keep appending until the follower (which starts at newest + 1) has printed one and exited.
            for (int i = 0; i < 300 && !follower.HasExited; i++)
            {
                FeedLocal("rf-live", "{\"old\":false}");
                await Task.Delay(100);
            }
            Assert.True(follower.WaitForExit(30_000), "remote follow --one did not exit");
            Assert.True(follower.ExitCode == 0, await follower.StandardError.ReadToEndAsync());
            var line = Assert.Single(WiredSandbox.Lines(await stdout));
            var message = WiredSandbox.Json(line);
            Assert.True(message.GetProperty("seq").GetUInt64() >= 2);
            Assert.False(message.GetProperty("data").GetProperty("old").GetBoolean());
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public void Follow_reports_auth_and_missing_pool_errors_with_their_kinds()
    {
        server.NewPool("rf-errors");
        var noToken = CliProcess.Run("follow", $"http://{server.Address}/rf-errors", "--timeout", "1s");
        Assert.Equal(6, noToken.ExitCode);
        Assert.Equal("Permission", WiredSandbox.ErrorOf(noToken).GetProperty("kind").GetString());

        var missing = CliProcess.Run("follow", $"http://{server.Address}/rf-nope", "--token", Token, "--timeout", "1s");
        Assert.Equal(3, missing.ExitCode);
        Assert.Equal("NotFound", WiredSandbox.ErrorOf(missing).GetProperty("kind").GetString());
    }

    [Fact]
    public void Fetch_reads_one_message_through_the_server()
    {
        string url = server.NewPool("rf-fetch");
        var fed = server.Local("feed", "rf-fetch", "{\"b\":2,\"a\":1}", "--tag", "t1");
        Assert.True(fed.ExitCode == 0, fed.Stderr);

        var r = CliProcess.Run("fetch", url, "1", "--token", Token);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var local = server.Local("fetch", "rf-fetch", "1");
        Assert.Equal(local.Stdout, r.Stdout); // the same bytes as a local fetch

        var missing = CliProcess.Run("fetch", url, "42", "--token", Token);
        Assert.Equal(3, missing.ExitCode);
        var error = WiredSandbox.ErrorOf(missing);
        Assert.Equal("message not found", error.GetProperty("message").GetString());
        Assert.Equal(42UL, error.GetProperty("seq").GetUInt64());

        var unauthorized = CliProcess.Run("fetch", url, "1");
        Assert.Equal(6, unauthorized.ExitCode);

        var localWithToken = server.Local("fetch", "rf-fetch", "1", "--token", Token);
        Assert.Equal(2, localWithToken.ExitCode);
        Assert.Contains("remote auth/TLS flags require a remote", WiredSandbox.ErrorOf(localWithToken).GetProperty("message").GetString());
    }
}

/// <summary>Remote duplex has no auth flags, so it runs against a server without a token.</summary>
[Trait("Category", "Process")]
public class RemoteDuplexProcessTests
{
    [Fact]
    public void Duplex_appends_piped_records_to_a_remote_pool()
    {
        using var sandbox = new WiredSandbox();
        using var serve = new ServeProcess(sandbox.Dir);
        string url = $"http://{serve.Address}/chat";
        Assert.Equal(0, sandbox.Run("pool", "create", "chat").ExitCode);

        var duplex = CliProcess.RunWithStdin("{\"from\":\"bob\",\"msg\":\"hi\"}\n{\"from\":\"bob\",\"msg\":\"again\"}\n",
            "duplex", url, "--me", "bob", "--jsonl");
        Assert.True(duplex.ExitCode == 0, duplex.Stderr);

        var tail = sandbox.Run("follow", "chat", "--tail", "5", "--jsonl", "--timeout", "200ms");
        var messages = WiredSandbox.Lines(tail.Stdout).Select(WiredSandbox.Json).ToArray();
        Assert.Equal(["hi", "again"], messages.Select(m => m.GetProperty("data").GetProperty("msg").GetString()));

        var empty = CliProcess.RunWithStdin("", "duplex", url);
        Assert.Equal(2, empty.ExitCode);
        Assert.Equal("missing data input", WiredSandbox.ErrorOf(empty).GetProperty("message").GetString());

        var create = CliProcess.RunWithStdin("{}\n", "duplex", url, "--create");
        Assert.Equal(2, create.ExitCode);
        Assert.Contains("does not support --create", WiredSandbox.ErrorOf(create).GetProperty("message").GetString());
    }
}

/// <summary><c>--tls-ca</c> and <c>--tls-skip-verify</c> against a TLS server using certificates from <c>serve init</c>.</summary>
[Trait("Category", "Process")]
public class RemoteTlsProcessTests
{
    [Fact]
    public void Tls_ca_trusts_exactly_the_given_certificate_and_skip_verify_warns()
    {
        using var sandbox = new WiredSandbox();
        string material = Path.Combine(sandbox.Root, "tls");
        string other = Path.Combine(sandbox.Root, "other");
        Assert.Equal(0, sandbox.Run("serve", "init", "--output-dir", material).ExitCode);
        Assert.Equal(0, sandbox.Run("serve", "init", "--output-dir", other).ExitCode);
        string cert = Path.Combine(material, "plasmite-tls-cert.pem");
        string token = Path.Combine(material, "plasmite-auth-token.txt");

        using var serve = new ServeProcess(sandbox.Dir, "--token-file", token, "--tls-cert", cert, "--tls-key",
            Path.Combine(material, "plasmite-tls-key.pem"));
        string url = $"https://{serve.Address}/secure";
        Assert.Equal(0, sandbox.Run("pool", "create", "secure").ExitCode);
        Assert.Equal(0, sandbox.Run("feed", "secure", "{\"x\":1}").ExitCode);

        var trusted = CliProcess.Run("fetch", url, "1", "--tls-ca", cert, "--token-file", token);
        Assert.True(trusted.ExitCode == 0, trusted.Stderr);
        Assert.Equal(1, WiredSandbox.Json(trusted.Stdout.Trim()).GetProperty("data").GetProperty("x").GetInt32());

        var wrongCa = CliProcess.Run("fetch", url, "1", "--tls-ca", Path.Combine(other, "plasmite-tls-cert.pem"), "--token-file", token);
        Assert.Equal(8, wrongCa.ExitCode);
        Assert.Equal("Io", WiredSandbox.ErrorOf(wrongCa).GetProperty("kind").GetString());

        var systemStore = CliProcess.Run("fetch", url, "1", "--token-file", token);
        Assert.Equal(8, systemStore.ExitCode);

        var skip = CliProcess.Run("follow", url, "--tail", "1", "--tls-skip-verify", "--token-file", token, "--jsonl", "--timeout", "300ms");
        Assert.Equal(124, skip.ExitCode);
        Assert.Single(WiredSandbox.Lines(skip.Stdout));
        Assert.Contains("warning: --tls-skip-verify disables TLS certificate verification (unsafe)", skip.Stderr);
    }
}
