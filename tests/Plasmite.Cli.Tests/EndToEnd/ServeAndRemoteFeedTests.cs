// `plasmite serve` as a real process, fed through a remote ref by another `plasmite` process.

namespace Plasmite.Cli.Tests.EndToEnd;

[Trait("Category", "Process")]
public class ServeAndRemoteFeedTests
{
    [Fact]
    public void Serve_accepts_remote_feed_and_stops_on_sigterm()
    {
        using var sandbox = new WiredSandbox();
        using var server = new ServeProcess(sandbox.Dir);
        string address = server.Address;

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

        Assert.Equal(0, server.Stop()); // SIGTERM: a clean exit
    }
}

[Trait("Category", "Process")]
public class ServeCheckAndInitProcessTests
{
    [Fact]
    public void Serve_check_reports_the_resolved_configuration_and_rejects_unsafe_binds()
    {
        using var sandbox = new WiredSandbox();
        var ok = sandbox.Run("serve", "--bind", "127.0.0.1:9811", "--access", "read-only", "check", "--json");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        var check = WiredSandbox.Json(ok.Stdout.Trim()).GetProperty("check");
        Assert.Equal("read-only", check.GetProperty("access").GetString());
        Assert.Equal("http://127.0.0.1:9811", check.GetProperty("base_url").GetString());

        var exposed = sandbox.Run("serve", "--bind", "0.0.0.0:9811", "check");
        Assert.Equal(2, exposed.ExitCode);
        Assert.Equal("Usage", WiredSandbox.ErrorOf(exposed).GetProperty("kind").GetString());
    }

    [Fact]
    public void Serve_init_writes_token_and_tls_material()
    {
        using var sandbox = new WiredSandbox();
        string output = Path.Combine(sandbox.Root, "serve");
        var init = sandbox.Run("serve", "init", "--output-dir", output);
        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.True(File.Exists(Path.Combine(output, "plasmite-auth-token.txt")));
        Assert.Contains("BEGIN CERTIFICATE", File.ReadAllText(Path.Combine(output, "plasmite-tls-cert.pem")));
        Assert.Contains("PRIVATE KEY", File.ReadAllText(Path.Combine(output, "plasmite-tls-key.pem")));
        var again = sandbox.Run("serve", "init", "--output-dir", output);
        Assert.NotEqual(0, again.ExitCode); // existing artifacts need --force
    }
}
