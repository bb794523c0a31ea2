// The layering written in docs/architecture.md is the layering the project files declare.
using System.Text.RegularExpressions;

namespace Plasmite.Packaging.Tests;

[Trait("Category", "Unit")]
public partial class ArchitectureTests
{
    [Fact]
    public void Project_references_in_src_are_exactly_those_docs_architecture_lists()
    {
        string doc = File.ReadAllText(RepositoryRoot.Combine("docs", "architecture.md"));
        var block = ReferencesBlock().Match(doc);
        Assert.True(block.Success, "docs/architecture.md has no ```references block");
        var documented = block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Order(StringComparer.Ordinal).ToArray();

        var actual = new List<string>();
        foreach (string csproj in Directory.GetFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories))
        {
            string from = Path.GetFileNameWithoutExtension(csproj);
            foreach (Match m in ProjectReference().Matches(File.ReadAllText(csproj)))
                actual.Add(from + " -> " + Path.GetFileNameWithoutExtension(m.Groups[1].Value.Replace('\\', '/')));
        }
        Assert.Equal(documented, actual.Order(StringComparer.Ordinal).ToArray());
    }

    [GeneratedRegex("```references\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReferencesBlock();

    [GeneratedRegex("<ProjectReference Include=\"([^\"]+)\"")]
    private static partial Regex ProjectReference();
}
