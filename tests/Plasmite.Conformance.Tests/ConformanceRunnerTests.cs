// The conformance runner: shared and own manifests pass locally and against our server; broken manifests fail at the right step.
using Plasmite.Conformance;

namespace Plasmite.Conformance.Tests;

[Trait("Category", "Process")]
[Trait("Category", "Process")]
public class ConformanceRunnerTests
{
    static ConformanceRunnerTests()
    {
        // spawn_poke runs our CLI's `feed` as separate processes; the CLI is built next to these tests.
        string cli = Path.Combine(AppContext.BaseDirectory, "plasmite.dll");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PLASMITE_BIN")) && File.Exists(cli))
            Environment.SetEnvironmentVariable("PLASMITE_BIN", cli);
    }

    public static TheoryData<string> SharedManifests()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestData.PathOf("conformance"), "*.json").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    public static TheoryData<string> OwnManifests()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "conformance"), "*.json").Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    private static ManifestResult RunCopy(string sourcePath, bool remote = false)
    {
        using var dir = new TempDir();
        string manifest = dir.File(Path.GetFileName(sourcePath));
        File.Copy(sourcePath, manifest);
        var runner = remote
            ? new ConformanceRunner(d =>
            {
                var server = OwnedServer.Start(d);
                return new RemoteTarget(server.BaseUrl, d, server);
            })
            : new ConformanceRunner(d => new LocalTarget(d));
        return runner.Run(ManifestParser.Load(manifest));
    }

    private static ManifestResult RunText(string json)
    {
        using var dir = new TempDir();
        string manifest = dir.File("m.json");
        File.WriteAllText(manifest, json);
        return new ConformanceRunner(d => new LocalTarget(d)).Run(ManifestParser.Load(manifest));
    }

    [Theory]
    [MemberData(nameof(SharedManifests))]
    public void Shared_manifests_pass_locally(string name)
    {
        var result = RunCopy(TestData.PathOf("conformance", name));
        Assert.True(result.Passed, $"{result.Failure?.Step.Label}: {result.Failure?.Reason}");
        Assert.DoesNotContain(result.Steps, s => s.Status == StepStatus.Skipped);
    }

    [Theory]
    [MemberData(nameof(OwnManifests))]
    public void Own_manifests_pass_locally(string name)
    {
        var result = RunCopy(Path.Combine(AppContext.BaseDirectory, "conformance", name));
        Assert.True(result.Passed, $"{result.Failure?.Step.Label}: {result.Failure?.Reason}");
    }

    [Theory]
    [MemberData(nameof(SharedManifests))]
    public void Shared_manifests_pass_against_our_server(string name)
    {
        var result = RunCopy(TestData.PathOf("conformance", name), remote: true);
        Assert.True(result.Passed, $"{result.Failure?.Step.Label}: {result.Failure?.Reason}");
        Assert.Equal("remote", result.Mode);
        Assert.DoesNotContain(result.Steps, s => s.Status == StepStatus.Skipped);
    }

    [Theory]
    [MemberData(nameof(OwnManifests))]
    public void Own_manifests_pass_against_our_server(string name)
    {
        var result = RunCopy(Path.Combine(AppContext.BaseDirectory, "conformance", name), remote: true);
        Assert.True(result.Passed, $"{result.Failure?.Step.Label}: {result.Failure?.Reason}");
    }

    [Fact]
    public void Local_only_ops_are_skipped_not_passed_against_a_foreign_server()
    {
        using var dir = new TempDir();
        using var server = OwnedServer.Start(dir.Path);
        File.WriteAllText(dir.File("m.json"), """
            {"conformance_version":0,"name":"t","workdir":"w","steps":[
              {"op":"create_pool","pool":"x","input":{"size_bytes":65536}},
              {"op":"corrupt_pool_header","id":"corrupt","pool":"x"},
              {"op":"chmod_path","id":"chmod","input":{"path":"x.plasmite","mode":"600"}}]}
            """);
        var runner = new ConformanceRunner(_ => new RemoteTarget(server.BaseUrl, poolDirectory: null, server: null));
        var r = runner.Run(ManifestParser.Load(dir.File("m.json")));
        Assert.True(r.Passed);
        Assert.Equal([StepStatus.Passed, StepStatus.Skipped, StepStatus.Skipped], r.Steps.Select(s => s.Status).ToArray());
    }

    private const string Prefix = """
        {"conformance_version":0,"name":"t","workdir":"w","steps":[
          {"op":"create_pool","id":"create","pool":"p","input":{"size_bytes":65536}},
          {"op":"append","id":"append","pool":"p","input":{"data":{"a":1},"tags":["x"]},"expect":{"seq":1}},
        """;

    [Fact]
    public void Wrong_expected_seq_fails_at_that_step()
    {
        var r = RunText(Prefix + """{"op":"append","id":"second","pool":"p","input":{"data":{"a":2}},"expect":{"seq":5}}]}""");
        Assert.False(r.Passed);
        Assert.Equal(2, r.Failure!.Step.Index);
        Assert.Equal("second", r.Failure.Step.Id);
        Assert.Contains("expected seq 5, got 2", r.Failure.Reason);
    }

    [Fact]
    public void Wrong_error_kind_fails()
    {
        var r = RunText(Prefix + """{"op":"get","id":"missing","pool":"p","input":{"seq":9},"expect":{"error":{"kind":"Corrupt"}}}]}""");
        Assert.Equal(2, r.Failure!.Step.Index);
        Assert.Contains("expected error kind Corrupt", r.Failure.Reason);
    }

    [Fact]
    public void Error_context_flags_are_enforced()
    {
        var r = RunText(Prefix + """{"op":"get","pool":"p","input":{"seq":9},"expect":{"error":{"kind":"NotFound","has_path":true}}}]}""");
        Assert.Contains("has_path", r.Failure!.Reason);
        var ok = RunText(Prefix + """{"op":"get","pool":"p","input":{"seq":9},"expect":{"error":{"kind":"NotFound","has_seq":true,"has_path":false,"message_contains":"not found"}}}]}""");
        Assert.True(ok.Passed, ok.Failure?.Reason);
    }

    [Fact]
    public void Missing_message_in_tail_fails()
    {
        var r = RunText(Prefix + """{"op":"tail","id":"tail","pool":"p","input":{"since_seq":1,"max":2},"expect":{"messages":[{"data":{"a":1}},{"data":{"a":2}}]}}]}""");
        Assert.Equal("tail", r.Failure!.Step.Id);
        Assert.Contains("expected 2 messages, got 1", r.Failure.Reason);
    }

    [Fact]
    public void Data_and_tag_mismatches_fail()
    {
        var data = RunText(Prefix + """{"op":"get","pool":"p","input":{"seq":1},"expect":{"data":{"a":2}}}]}""");
        Assert.Contains("data mismatch", data.Failure!.Reason);
        var tags = RunText(Prefix + """{"op":"get","pool":"p","input":{"seq":1},"expect":{"tags":["y"]}}]}""");
        Assert.Contains("tags mismatch", tags.Failure!.Reason);
        var unordered = RunText(Prefix + """{"op":"tail","pool":"p","input":{"max":1},"expect":{"messages_unordered":[{"data":{"a":3}}]}}]}""");
        Assert.Contains("no message matches", unordered.Failure!.Reason);
    }

    [Fact]
    public void Unexpected_success_fails()
    {
        var r = RunText(Prefix + """{"op":"create_pool","pool":"q","expect":{"error":{"kind":"AlreadyExists"}}}]}""");
        Assert.Contains("but the operation succeeded", r.Failure!.Reason);
    }

    [Theory]
    [InlineData("""{"conformance_version":1,"name":"t","steps":[]}""", "conformance_version")]
    [InlineData("""{"conformance_version":0,"name":"t","steps":[{"op":"explode","pool":"p"}]}""", "unknown op 'explode'")]
    [InlineData("""{"conformance_version":0,"name":"t","steps":[{"op":"get","pool":"p","input":{"seq":1},"expect":{"dat":{}}}]}""", "unknown field 'dat'")]
    [InlineData("""{"conformance_version":0,"name":"t","steps":[{"op":"get","pool":"p","input":{"seq":1},"expect":{"error":{"kind":"Nope"}}}]}""", "error kind")]
    [InlineData("""{"conformance_version":0,"name":"t","extra":1,"steps":[]}""", "unknown field 'extra'")]
    public void Malformed_manifests_are_rejected(string json, string message)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("m.json"), json);
        var e = Assert.Throws<ManifestException>(() => ManifestParser.Load(dir.File("m.json")));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Workdir_is_fresh_for_each_run()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("m.json"), Prefix.TrimEnd().TrimEnd(',') + "]}");
        var m = ManifestParser.Load(dir.File("m.json"));
        var runner = new ConformanceRunner(d => new LocalTarget(d));
        Assert.True(runner.Run(m).Passed);
        Assert.True(runner.Run(m).Passed); // create_pool would fail with AlreadyExists if the workdir were reused
        Assert.Equal(dir.File("w"), m.WorkDir);
    }
}
