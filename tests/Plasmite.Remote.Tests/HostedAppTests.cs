// MapPlasmite inside an application of its own: RemoteClient at the root, raw protocol under a prefix, the conformance
// runner's remote mode, DI registration with validation at start, health checks, conventions and server metrics.
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Plasmite.AspNetCore;
using Plasmite.Conformance;
using Plasmite.Diagnostics;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Process")]
public sealed class HostedAppTests
{
    static HostedAppTests()
    {
        // spawn_poke runs our CLI's `feed` as separate processes; the CLI is built next to these tests.
        string cli = Path.Combine(AppContext.BaseDirectory, "plasmite.dll");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PLASMITE_BIN")) && File.Exists(cli))
            Environment.SetEnvironmentVariable("PLASMITE_BIN", cli);
    }

    [Fact]
    public async Task Remote_client_works_against_MapPlasmite_at_the_root_beside_the_apps_own_endpoints()
    {
        using var dir = new TempDir();
        await using var app = await HostedApp.StartAsync(dir.Path);
        using var client = new RemoteClient(app.BaseUrl);
        var pool = client.CreatePool("events");
        Assert.Equal(1UL, pool.AppendJson("{\"n\":1}"u8, ["a"]).Seq);
        Assert.Equal(2UL, (await pool.AppendAsync(System.Text.Json.JsonDocument.Parse("{\"n\":2}").RootElement)).Seq);
        Assert.Equal(["a"], pool.Get(1).Tags);
        var tailed = new List<ulong>();
        await foreach (var m in pool.Tail(new TailOptions { SinceSeq = 1, MaxMessages = 2, Timeout = TimeSpan.FromSeconds(5) })) tailed.Add(m.Seq);
        Assert.Equal([1UL, 2UL], tailed);
        Assert.Equal(["events"], client.ListPools().Select(p => p.Name));

        using (var hello = await app.Http.GetAsync("/hello"))
        {
            Assert.Equal("hi from the app", await hello.Content.ReadAsStringAsync());
            Assert.False(hello.Headers.Contains("plasmite-version")); // the protocol's pipeline is scoped to its endpoints
        }
        using (var healthz = await app.Http.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
            Assert.Equal("0", healthz.Headers.GetValues("plasmite-version").Single());
        }
        // The DI client serves the same directory.
        Assert.Equal(2UL, app.App.Services.GetRequiredService<PlasmiteClient>().OpenPool("events").Info().Bounds.Newest);
    }

    [Fact]
    public async Task The_protocol_works_under_a_prefix()
    {
        using var dir = new TempDir();
        await using var app = await HostedApp.StartAsync(dir.Path, "/plasmite");
        using (var r = await Post(app, "/plasmite/v0/pools", "{\"pool\":\"p\",\"size_bytes\":65536}"))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await Post(app, "/plasmite/v0/pools/p/append", "{\"data\":{\"x\":1},\"tags\":[\"t\"]}"))
            Assert.Contains("\"seq\":1", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var r = await app.Http.GetAsync("/plasmite/v0/pools/p/messages/1"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("\"x\":1", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var r = await app.Http.GetAsync("/plasmite/v0/pools/p/tail?since_seq=1&max=1&timeout_ms=2000"))
            Assert.Contains("\"seq\":1", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var r = await app.Http.GetAsync("/plasmite/v0/pools/missing/info"))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Contains("\"kind\":\"NotFound\"", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var r = await app.Http.GetAsync("/plasmite/v0/pools/a%2Fb/info"))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await app.Http.GetAsync("/v0/pools"))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode); // nothing at the root
        using (var r = await app.Http.GetAsync("/hello"))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Returned_builder_takes_the_apps_conventions_and_protocol_options_apply()
    {
        using var dir = new TempDir();
        await using var app = await HostedApp.StartAsync(dir.Path, services: s => s.AddAuthorization(), map: a =>
        {
            a.MapPlasmite("/secured").RequireAuthorization();
            a.MapPlasmite("/ro", o => { o.Access = ServerAccess.ReadOnly; o.Token = "k"; });
        });
        var endpoints = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/secured/", StringComparison.Ordinal)).ToList();
        Assert.True(endpoints.Count >= 10, $"{endpoints.Count} endpoints");
        Assert.All(endpoints, e => Assert.NotNull(e.Metadata.GetMetadata<IAuthorizeData>()));
        // Protocol-level token and access mode on another mapping.
        using (var r = await Post(app, "/ro/v0/pools", "{\"pool\":\"p\"}"))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await Post(app, "/ro/v0/pools", "{\"pool\":\"p\"}", "k"))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task AddPlasmite_registers_one_client_and_validates_options_at_start()
    {
        using var dir = new TempDir();
        await using (var app = await HostedApp.StartAsync(dir.Path))
        {
            var client = app.App.Services.GetRequiredService<PlasmiteClient>();
            Assert.Same(client, app.App.Services.GetRequiredService<IPlasmiteClient>());
            Assert.Equal(dir.Path, client.Directory);
        }
        string file = dir.File("not-a-dir");
        File.WriteAllText(file, "x");
        await Assert.ThrowsAsync<OptionsValidationException>(() => HostedApp.StartAsync(file));
    }

    [Fact]
    public async Task Health_checks_report_directory_and_named_pools()
    {
        using var dir = new TempDir();
        await using (var app = await HostedApp.StartAsync(dir.Path))
        using (var r = await app.Http.GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await using (var app = await HostedApp.StartAsync(dir.Path, services: s => s.AddHealthChecks().AddPlasmite(["needed"], name: "pools")))
        {
            using (var r = await app.Http.GetAsync("/health"))
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            app.App.Services.GetRequiredService<PlasmiteClient>().CreatePool("needed", 65_536).Dispose();
            using (var r = await app.Http.GetAsync("/health"))
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
    }

    [Fact]
    public async Task Server_requests_are_counted_on_the_Plasmite_meter()
    {
        using var dir = new TempDir();
        await using var app = await HostedApp.StartAsync(dir.Path);
        int counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == PlasmiteTelemetry.MeterName && i.Name == "plasmite.server.requests") l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) =>
        {
            foreach (var t in tags)
                if (t.Key == "http.route" && Equals(t.Value, "/v0/pools/{pool}/info")) Interlocked.Add(ref counted, (int)v);
        });
        listener.Start();
        using (var r = await app.Http.GetAsync("/v0/pools/none/info"))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        // The request is counted once the server has finished it, which can be just after the client has the response.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref counted) < 1 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.True(Volatile.Read(ref counted) >= 1);
    }

    public static TheoryData<string> SharedManifests()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(ConformanceDir(), "*.json").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(SharedManifests))]
    public void Conformance_runner_remote_mode_passes_against_a_hosted_app(string name)
    {
        using var dir = new TempDir();
        string manifest = dir.File(name);
        File.Copy(Path.Combine(ConformanceDir(), name), manifest);
        var runner = new ConformanceRunner(d =>
        {
            var app = HostedApp.StartAsync(d).GetAwaiter().GetResult();
            return new RemoteTarget(app.BaseUrl, d, app);
        });
        var result = runner.Run(ManifestParser.Load(manifest));
        Assert.True(result.Passed, $"{result.Failure?.Step.Label}: {result.Failure?.Reason}");
        Assert.Equal("remote", result.Mode);
    }

    private static string ConformanceDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "data", "conformance");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/data/conformance");
    }

    private static async Task<HttpResponseMessage> Post(HostedApp app, string path, string json, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await app.Http.SendAsync(request);
    }
}
