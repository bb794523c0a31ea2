// The layering written in docs/architecture.md is the layering the project files and the CLI's folders declare.
using System.Text.RegularExpressions;

namespace Plasmite.Packaging.Tests;

[Trait("Category", "Unit")]
public partial class ArchitectureTests
{
    [Fact]
    public void Project_references_in_src_are_exactly_those_docs_architecture_lists()
    {
        var documented = DocumentedEdges("references");

        var actual = new List<string>();
        foreach (string csproj in Directory.GetFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories))
        {
            string from = Path.GetFileNameWithoutExtension(csproj);
            foreach (Match m in ProjectReference().Matches(File.ReadAllText(csproj)))
                actual.Add(from + " -> " + Path.GetFileNameWithoutExtension(m.Groups[1].Value.Replace('\\', '/')));
        }
        Assert.Equal(documented, actual.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Cli_folders_depend_on_each_other_only_as_docs_architecture_lists()
    {
        var documented = DocumentedEdges("cli-layers");

        string cli = RepositoryRoot.Combine("src", "Plasmite.Cli");
        var folders = Directory.GetDirectories(cli).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj")).ToArray();
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string from in folders)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(cli, from), "*.cs", SearchOption.AllDirectories))
            {
                string text = File.ReadAllText(file);
                foreach (string to in folders)
                {
                    // A using or a qualified name (`Plasmite.Cli.Output`, `Output.JsonEmit`), not a member access (`x.Values.Count`).
                    if (to != from && Regex.IsMatch(text, $"Plasmite\\.Cli\\.{to}\\b|(?<![.\\w]){to}\\.[A-Z]"))
                        actual.Add(from + " -> " + to);
                }
            }
        }
        Assert.Equal(documented, actual.ToArray());
    }

    // The sorted "A -> B" lines of the ```NAME block in docs/architecture.md.
    private static string[] DocumentedEdges(string blockName)
    {
        string doc = File.ReadAllText(RepositoryRoot.Combine("docs", "architecture.md"));
        var block = Regex.Match(doc, "```" + Regex.Escape(blockName) + "\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, $"docs/architecture.md has no ```{blockName} block");
        return block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Order(StringComparer.Ordinal).ToArray();
    }

    [GeneratedRegex("<ProjectReference Include=\"([^\"]+)\"")]
    private static partial Regex ProjectReference();
}
