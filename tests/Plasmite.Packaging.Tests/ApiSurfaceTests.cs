// Every public type each package declares (its PublicAPI.*.txt) has its line in docs/api-surface.md, and back.
using System.Text.RegularExpressions;

namespace Plasmite.Packaging.Tests;

[Trait("Category", "Unit")]
public partial class ApiSurfaceTests
{
    // Project folder under src/ → the package id that heads its section in docs/api-surface.md.
    public static TheoryData<string, string> Packages => new()
    {
        { "Plasmite.Runtime", "Plasmite" },
        { "Plasmite.AspNetCore", "Plasmite.AspNetCore" },
        { "Plasmite.Consumers", "Plasmite.Consumers" },
        { "Plasmite.Nats", "Plasmite.Nats" },
        { "Plasmite.Mcp", "Plasmite.Mcp" },
        { "Plasmite.Cli", "Plasmite.Cli" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_public_type_is_explained_in_docs_api_surface(string project, string packageId)
    {
        string section = Section(packageId);
        var undocumented = DeclaredTypes(project).Where(t => !Mentions(section, t)).ToArray();
        Assert.True(undocumented.Length == 0,
            $"public types of {packageId} missing from its section of docs/api-surface.md: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void Every_packable_project_tracks_its_public_api()
    {
        var packable = Directory.GetFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => File.ReadAllText(p).Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Packages.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToArray(), packable);
        foreach (string project in packable)
        {
            Assert.True(File.Exists(RepositoryRoot.Combine("src", project, "PublicAPI.Shipped.txt")), project + " lacks PublicAPI.Shipped.txt");
            Assert.True(File.Exists(RepositoryRoot.Combine("src", project, "PublicAPI.Unshipped.txt")), project + " lacks PublicAPI.Unshipped.txt");
        }
    }

    [Fact]
    public void Engine_internals_are_not_public()
    {
        var runtime = DeclaredTypes("Plasmite.Runtime").ToHashSet(StringComparer.Ordinal);
        foreach (string name in new[] { "Plasmite.Storage.PoolFile", "Plasmite.Storage.PoolHeader", "Plasmite.Storage.FrameHeader",
                     "Plasmite.Storage.Frame", "Plasmite.Storage.ReadStatus", "Plasmite.Storage.IndexSlot", "Plasmite.Storage.AppendResult",
                     "Plasmite.Storage.RetentionGapTracker", "Plasmite.Storage.PoolFormat", "Plasmite.Remote.PoolWire",
                     "Plasmite.Remote.WireError", "Plasmite.Remote.PoolInfoJson", "Plasmite.Text.JsonText", "Plasmite.Text.Rfc3339" })
            Assert.DoesNotContain(name, runtime);
    }

    // Top-level type names a project declares public (a line without a member part; nested types are left to their parent).
    private static IEnumerable<string> DeclaredTypes(string project)
    {
        var lines = new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" }
            .SelectMany(f => File.ReadAllLines(RepositoryRoot.Combine("src", project, f)))
            .Select(l => l.Trim().TrimStart('~'))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.Contains('(') && !l.Contains("->", StringComparison.Ordinal))
            .Select(l => Generic().Replace(l, ""))
            .ToHashSet(StringComparer.Ordinal);
        return lines.Where(t => !lines.Any(parent => t.StartsWith(parent + ".", StringComparison.Ordinal))).Order(StringComparer.Ordinal);
    }

    private static bool Mentions(string section, string qualifiedType)
    {
        string simple = qualifiedType[(qualifiedType.LastIndexOf('.') + 1)..];
        return Regex.IsMatch(section, "`(?:[A-Za-z0-9_.]+\\.)?" + Regex.Escape(simple) + "(?:<[^`]*>)?`");
    }

    private static string Section(string packageId)
    {
        string doc = File.ReadAllText(RepositoryRoot.Combine("docs", "api-surface.md"));
        string heading = "## `" + packageId + "`";
        int start = doc.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (start < 0) start = doc.IndexOf(heading + " ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/api-surface.md has no section {heading}");
        int end = doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? doc[start..] : doc[start..end];
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Generic();
}
