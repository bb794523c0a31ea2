// Bearer auth, access modes, body limit, CORS allow-list and TLS (remote-v0 §4, §8, §11, §13.3).
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Plasmite.AspNetCore.Server;
using Plasmite.Cli.Server;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class SecurityTests
{
    [Fact]
    public async Task Bearer_token_missing_malformed_wrong_and_right()
    {
        await using var s = await TestServer.StartAsync(o => o.Token = "secret");
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools"))
        {
            await Responses.ErrorAsync(r, 401, "Permission", "missing bearer token");
            Assert.False(r.Headers.Contains("WWW-Authenticate"));
        }
        foreach (string bad in (string[])["", "Token secret", "bearer secret", "Bearer  secret", "Bearer secre", "Bearer secret, Bearer evil", "Bearer secretX", "Basic c2VjcmV0"])
        {
            using var r = await s.SendAsync(HttpMethod.Get, "/v0/pools", bad);
            await Responses.ErrorAsync(r, 401, "Permission", "invalid bearer token");
        }
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools", "Bearer secret"))
            await Responses.OkJsonAsync(r);
        using (var r = await s.SendAsync(HttpMethod.Get, "/healthz"))
            await Responses.OkJsonAsync(r);
        foreach (string path in (string[])["/v0/pools/x/info", "/v0/pools/x/messages/1", "/v0/pools/x/messages/1/lite3", "/v0/pools/x/tail", "/v0/pools/x/tail_lite3", "/v0/ui/pools"])
        {
            using var r = await s.SendAsync(HttpMethod.Get, path);
            await Responses.ErrorAsync(r, 401, "Permission", "missing bearer token");
        }
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"x\"}", token: "wrong"))
            await Responses.ErrorAsync(r, 401, "Permission", "invalid bearer token");
        Assert.False(File.Exists(Path.Combine(s.PoolDir, "x.plasmite")));
    }

    [Fact]
    public async Task Token_file_is_read_and_trimmed()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("token.txt"), "  from-file \n");
        await using var s = await TestServer.StartAsync(o => o.TokenFile = dir.File("token.txt"));
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools", "Bearer from-file"))
            await Responses.OkJsonAsync(r);
        using (var r = await s.SendAsync(HttpMethod.Get, "/v0/pools", "Bearer   from-file "))
            await Responses.ErrorAsync(r, 401, "Permission");
    }

    [Fact]
    public async Task Read_only_server_forbids_writes()
    {
        await using var s = await TestServer.StartAsync(o => o.Access = "read-only");
        using (s.Local().CreatePool("demo")) { }
        using (var r = await s.PostJsonAsync("/v0/pools", "{\"pool\":\"x\"}"))
            await Responses.ErrorAsync(r, 403, "Permission", "forbidden: access mode disallows write operations");
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":{}}"))
            await Responses.ErrorAsync(r, 403, "Permission", "forbidden: access mode disallows write operations");
        using (var r = await s.Http.PostAsync("/v0/pools/demo/append_lite3", new ByteArrayContent([1])))
            await Responses.ErrorAsync(r, 403, "Permission");
        using (var r = await s.SendAsync(HttpMethod.Delete, "/v0/pools/demo"))
            await Responses.ErrorAsync(r, 403, "Permission");
        using (var r = await s.PostJsonAsync("/v0/pools/open", "{\"pool\":\"demo\"}"))
            await Responses.OkJsonAsync(r);
        using (var r = await s.Http.GetAsync("/v0/pools/demo/tail?timeout_ms=0"))
            Assert.Equal(200, (int)r.StatusCode);
    }

    [Fact]
    public async Task Write_only_server_forbids_reads_including_open()
    {
        await using var s = await TestServer.StartAsync(o => o.Access = "write-only");
        await s.CreatePoolAsync("demo");
        await s.AppendAsync("demo", "{\"a\":1}");
        foreach (string path in (string[])["/v0/pools", "/v0/pools/demo/info", "/v0/pools/demo/messages/1", "/v0/pools/demo/messages/1/lite3",
                     "/v0/pools/demo/tail", "/v0/pools/demo/tail_lite3", "/v0/ui/pools", "/v0/ui/pools/demo/events"])
        {
            using var r = await s.Http.GetAsync(path);
            await Responses.ErrorAsync(r, 403, "Permission", "forbidden: access mode disallows read operations");
        }
        using (var r = await s.PostJsonAsync("/v0/pools/open", "{\"pool\":\"demo\"}"))
            await Responses.ErrorAsync(r, 403, "Permission", "forbidden: access mode disallows read operations");
        // The RemotePool constructor does no I/O, so appends work against a write-only server.
        using var client = s.Client();
        var pool = new RemotePool(client, "demo");
        Assert.Equal(2UL, pool.AppendJson("{\"a\":2}"u8).Seq);
        var e = Assert.Throws<RemotePlasmiteException>(() => client.OpenPool("demo"));
        Assert.Equal(403, e.Status);
        Assert.Equal(ErrorKind.Permission, e.Kind);
    }

    [Fact]
    public async Task Body_limit_answers_413()
    {
        await using var s = await TestServer.StartAsync(o => o.MaxBodyBytes = 1024);
        await s.CreatePoolAsync("demo");
        string big = "{\"data\":{\"pad\":\"" + new string('x', 2000) + "\"}}";
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", big))
            await Responses.ErrorAsync(r, 413, "Usage");
        using (var content = new ByteArrayContent(new byte[5000]))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-plasmite-lite3");
            using var r = await s.Http.PostAsync("/v0/pools/demo/append_lite3", content);
            await Responses.ErrorAsync(r, 413, "Usage");
        }
        // Chunked (no Content-Length) bodies are limited while reading.
        using (var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big))))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v0/pools/demo/append") { Content = content };
            request.Headers.TransferEncodingChunked = true;
            using var r = await s.Http.SendAsync(request);
            Assert.Equal(413, (int)r.StatusCode);
        }
        using (var r = await s.PostJsonAsync("/v0/pools/demo/append", "{\"data\":{\"ok\":1}}"))
            await Responses.OkJsonAsync(r);
    }

    [Fact]
    public async Task Cors_preflight_allowed_and_denied()
    {
        await using var s = await TestServer.StartAsync(o => o.CorsOrigins = ["https://app.example.com/", "http://localhost:3000"]);
        using (var request = new HttpRequestMessage(HttpMethod.Options, "/v0/pools"))
        {
            request.Headers.Add("Origin", "https://app.example.com");
            request.Headers.Add("Access-Control-Request-Method", "POST");
            using var r = await s.Http.SendAsync(request);
            Assert.Equal(200, (int)r.StatusCode);
            Assert.Equal("https://app.example.com", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal("GET,POST,DELETE,OPTIONS", r.Headers.GetValues("Access-Control-Allow-Methods").Single());
            Assert.Equal("authorization,content-type", r.Headers.GetValues("Access-Control-Allow-Headers").Single());
            Assert.Contains("origin", string.Join(",", r.Headers.GetValues("Vary")));
            Assert.False(r.Headers.Contains("Access-Control-Allow-Credentials"));
        }
        using (var request = new HttpRequestMessage(HttpMethod.Options, "/v0/pools"))
        {
            request.Headers.Add("Origin", "https://evil.example.com");
            request.Headers.Add("Access-Control-Request-Method", "POST");
            using var r = await s.Http.SendAsync(request);
            Assert.False(r.Headers.Contains("Access-Control-Allow-Origin"));
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/v0/pools"))
        {
            request.Headers.Add("Origin", "http://localhost:3000");
            using var r = await s.Http.SendAsync(request);
            Assert.Equal(200, (int)r.StatusCode);
            Assert.Equal("http://localhost:3000", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
        foreach (string origin in (string[])["https://evil.example.com", "*"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v0/pools");
            request.Headers.Add("Origin", origin);
            using var r = await s.Http.SendAsync(request);
            Assert.Equal(200, (int)r.StatusCode);
            Assert.False(r.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public void Cors_origins_are_normalized_and_wildcards_refused()
    {
        Assert.Equal(["https://a.example", "http://localhost:3000"],
            CorsOrigins.Normalize([" https://A.example:443/ ", "http://localhost:3000", "https://a.example"]));
        Assert.Contains("wildcard", Assert.Throws<PlasmiteException>(() => CorsOrigins.Normalize(["*"])).Message);
        foreach (string bad in (string[])["", "ftp://x", "https://u:p@x", "https://x/path", "https://x/?q=1", "not a url"])
            Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => CorsOrigins.Normalize([bad])).Kind);
    }

    [Fact]
    public async Task Tls_from_pem_files_with_pinned_self_signed_certificate()
    {
        using var dir = new TempDir();
        var init = ServeInit.Run(new ServeInitOptions { OutputDir = dir.Path, Bind = "127.0.0.1:9700" }, null, stdoutIsTerminal: false);
        Assert.Equal(0, init.ExitCode);
        string certPath = dir.File("plasmite-tls-cert.pem");
        string token = File.ReadAllText(dir.File("plasmite-auth-token.txt")).Trim();
        Assert.Matches("^[0-9a-f]{64}$", token);
        await using var s = await TestServer.StartAsync(o =>
        {
            o.TlsCert = certPath;
            o.TlsKey = dir.File("plasmite-tls-key.pem");
            o.TokenFile = dir.File("plasmite-auth-token.txt");
        });
        Assert.Equal("https", s.BaseUrl.Scheme);
        using var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is not null && cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) ==
            pinned.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using (var r = await http.GetAsync(new Uri(s.BaseUrl, "/healthz")))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var client = new RemoteClient(s.BaseUrl, token, http);
        var pool = client.CreatePool("secure");
        Assert.Equal(1UL, pool.AppendJson("{\"tls\":true}"u8).Seq);
        Assert.True(pool.Get(1).Data.GetProperty("tls").GetBoolean());
        // Without the pin the default validation rejects the self-signed certificate.
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var e = Assert.Throws<RemotePlasmiteException>(() => new RemoteClient(s.BaseUrl, token, plain).ListPools());
        Assert.Equal(0, e.Status);
        Assert.Equal(ErrorKind.Io, e.Kind);
    }

    [Fact]
    public async Task Tls_self_signed_flag_serves_https()
    {
        await using var s = await TestServer.StartAsync(o => o.TlsSelfSigned = true);
        Assert.Equal("self-signed", s.Server.Config.TlsMode);
        Assert.StartsWith("SHA256:", s.Server.Config.TlsFingerprint);
        var handler = new SocketsHttpHandler();
        string expected = s.Server.Config.TlsFingerprint!;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is not null && TlsMaterial.Fingerprint(X509CertificateLoader.LoadCertificate(cert.GetRawCertData())) == expected;
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var r = await http.GetAsync(new Uri(s.BaseUrl, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }
}
