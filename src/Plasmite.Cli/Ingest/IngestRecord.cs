// Records produced by splitting feed input, and the option enums of feed's stream ingest.
namespace Plasmite.Cli.Ingest;

/// <summary><c>feed --in</c>.</summary>
internal enum IngestMode
{
    /// <summary>Detect seq / event stream / JSON Lines with multi-line values.</summary>
    Auto,

    /// <summary>One JSON value per non-blank line.</summary>
    Jsonl,

    /// <summary>The whole input is one JSON value.</summary>
    Json,

    /// <summary>RFC 7464 JSON text sequences.</summary>
    Seq,

    /// <summary>JSON values separated by any whitespace (jq output).</summary>
    Jq,
}

/// <summary><c>feed --errors</c>.</summary>
internal enum ErrorPolicy
{
    /// <summary>Abort on the first bad record.</summary>
    Stop,

    /// <summary>Skip bad records with a notice; exit 1 at the end.</summary>
    Skip,
}

/// <summary>Why a record was rejected before any append.</summary>
internal enum IngestFailureKind
{
    /// <summary>Not valid JSON.</summary>
    Parse,

    /// <summary>Larger than the 1 MiB record limit.</summary>
    Oversize,
}

/// <summary>A rejected record: the reason, the parser's message, and a ≤ 200-byte snippet.</summary>
internal sealed record IngestFailure(IngestFailureKind Kind, string Message, string Snippet);

/// <summary>
/// One record of a feed stream: <see cref="Index"/> is 1-based over all records (good and bad),
/// <see cref="Line"/> the 1-based line where it starts (null for modes without lines), and exactly one
/// of <see cref="Json"/> (the record's JSON text as UTF-8, syntactically valid) and <see cref="Failure"/>.
/// </summary>
internal sealed record IngestRecord(int Index, long? Line, ReadOnlyMemory<byte> Json, IngestFailure? Failure)
{
    /// <summary>True when the record parsed.</summary>
    public bool IsOk => Failure is null;
}
