using System.IO.Compression;

namespace Plasmite.Packaging.Tests;

[Trait("Category", "Process")]
public sealed class PackageTests : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "plasmite-pack", Guid.NewGuid().ToString("N"));

    public PackageTests() => Directory.CreateDirectory(_tmp);

    public void Dispose()
    {
        try { Directory.Delete(_tmp, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string Pack(string version)
    {
        string feed = Path.Combine(_tmp, "feed");
        var (code, output) = Dotnet.Dot("pack", "src/Plasmite.Runtime", "-c", "Release", "-o", feed, $"-p:PackageVersion={version}");
        Assert.True(code == 0, output);
        return Path.Combine(feed, $"Plasmite.{version}.nupkg");
    }

    [Fact]
    public void Packing_the_repository_root_makes_exactly_the_shipped_packages()
    {
        string feed = Path.Combine(_tmp, "root-feed");
        var (code, output) = Dotnet.Dot("pack", "Plasmite.sln", "-c", "Release", "-o", feed, "-p:PackageVersion=0.0.0-ci.root");
        Assert.True(code == 0, output);
        var ids = Directory.GetFiles(feed, "*.nupkg").Select(f => Path.GetFileName(f).Replace(".0.0.0-ci.root.nupkg", "", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ShippedPackages, ids);
        foreach (var id in ids)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(feed, $"{id}.0.0.0-ci.root.nupkg"));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            string spec = nuspec.ReadToEnd();
            Assert.Contains("<license type=\"expression\">MIT</license>", spec);
            Assert.Contains("<projectUrl>", spec);
        }
    }

    // Every package we publish; anything else at the root (generator, analyzers, tests, samples, bench) must not pack.
    private static readonly string[] ShippedPackages =
        ["Plasmite", "Plasmite.AspNetCore", "Plasmite.Cli", "Plasmite.Consumers", "Plasmite.Mcp", "Plasmite.Nats"];

    [Fact]
    public void One_package_holds_runtime_generator_and_analyzers()
    {
        string nupkg = Pack("0.0.0-ci.layout");
        using var zip = ZipFile.OpenRead(nupkg);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/Plasmite.Runtime.dll", names);
        Assert.Contains("lib/net10.0/Plasmite.Runtime.xml", names);
        Assert.Contains("analyzers/dotnet/cs/Plasmite.Generators.dll", names);
        Assert.Contains("analyzers/dotnet/cs/Plasmite.Analyzers.dll", names);
        Assert.Contains("README.md", names);
        // The generator and analyzers must not leak into lib/ or become package dependencies.
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal) && n.Contains("Generators", StringComparison.Ordinal));
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        string spec = nuspec.ReadToEnd();
        Assert.DoesNotContain("Plasmite.Generators", spec);
        Assert.DoesNotContain("Plasmite.Analyzers", spec);
    }

    [Fact]
    public void A_project_referencing_the_package_gets_typed_pools()
    {
        string version = "0.0.0-ci." + Guid.NewGuid().ToString("N")[..8];
        string nupkg = Pack(version);
        string app = Path.Combine(_tmp, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{Path.GetDirectoryName(nupkg)}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Plasmite" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Plasmite;

            using var client = new PlasmiteClient(args[0]);
            using var chat = client.Chat();
            var m = chat.AppendPing(new Ping(42, "hello"));
            Console.WriteLine($"{m.Seq} {chat.GetPing(m.Seq)!.Data.Text} {string.Join(",", m.Tags)}");

            [PlasmiteMessage("chat")]
            public partial record Ping(int N, string Text);
            """);
        // Isolated package cache: the test package never pollutes (or is served stale from) the user's cache.
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_tmp, "packages") };
        // Outside the repository so the repo's Directory.Build.props and central versions do not apply.
        var (code, output) = Dotnet.Run("dotnet", ["run", "--project", app, "--", Path.Combine(_tmp, "pools")], app, env);
        Assert.True(code == 0, output);
        Assert.Contains("1 hello ping", output);
    }
}
