// Input programs shared by the baseline, compile and run-time tests.
namespace Plasmite.Generators.Tests;

internal static class Scenarios
{
    /// <summary>The example of the issue.</summary>
    /// <remarks>Kept in <c>ScenarioSources/Basic.cs.txt</c> so the Native AOT probe compiles the same program.</remarks>
    public static string Basic { get; } = Source("Basic.cs.txt");

    /// <summary>Nested types, collections, attributes, key ordering, JSON-path fallbacks.</summary>
    /// <remarks>Kept in <c>ScenarioSources/Rich.cs.txt</c> so the Native AOT probe (<c>AotProbe/</c>) compiles the same program.</remarks>
    public static string Rich { get; } = Source("Rich.cs.txt");

    /// <summary>Global namespace, internal and nested types, a struct message, a user JSON context.</summary>
    public const string Odd = """
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using Plasmite;

        internal static partial class Outer
        {
            [PlasmiteMessage("audit-log.v2")]
            internal partial record struct Ping(int Count, string? Note);
        }

        [PlasmiteMessage("audit-log.v2", Kind = "user-note", JsonContext = typeof(NotesContext))]
        internal partial record UserNote(string Text);

        [PlasmiteMessage("audit-log.v2")]
        internal partial class Unknown
        {
            public string Name { get; set; } = "";
        }

        internal sealed class NotesContext : JsonSerializerContext
        {
            public NotesContext() : base(null) { }

            public static NotesContext Default { get; } = new();

            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """;

    // Scenario programs stored as files are embedded resources named after the file (see the .csproj).
    private static string Source(string name)
    {
        using var stream = typeof(Scenarios).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"scenario source {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().TrimEnd('\n');
    }
}
