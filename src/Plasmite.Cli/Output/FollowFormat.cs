// How follow and duplex print each message: pretty JSON or one compact line.
namespace Plasmite.Cli.Output;

/// <summary>Output format of follow/duplex.</summary>
internal enum FollowFormat
{
    /// <summary>Indented JSON per message (even when piped).</summary>
    Pretty,

    /// <summary>One compact line per message.</summary>
    Jsonl,
}
