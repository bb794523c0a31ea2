// The one exception type every Plasmite failure surfaces as: a stable kind plus context.
using System.Text;

namespace Plasmite;

/// <summary>
/// A failure from the Plasmite engine, SDK, CLI or server. <see cref="Kind"/> is stable and
/// machine-readable; <see cref="Path"/>, <see cref="Seq"/>, <see cref="Offset"/> and
/// <see cref="Hint"/> carry the context the original implementation reports.
/// </summary>
public class PlasmiteException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="kind">The stable error category.</param>
    /// <param name="message">What went wrong; defaults to the kind's default message.</param>
    /// <param name="path">The file concerned, if any.</param>
    /// <param name="seq">The sequence number concerned, if any.</param>
    /// <param name="offset">The byte offset concerned, if any.</param>
    /// <param name="hint">What the user can do next, if known.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public PlasmiteException(
        ErrorKind kind,
        string? message = null,
        string? path = null,
        ulong? seq = null,
        long? offset = null,
        string? hint = null,
        Exception? inner = null)
        : base(string.IsNullOrEmpty(message) ? DefaultMessage(kind) : message, inner)
    {
        Kind = kind;
        Path = path;
        Seq = seq;
        Offset = offset;
        Hint = hint;
    }

    /// <summary>The stable error category.</summary>
    public ErrorKind Kind { get; }

    /// <summary>The file concerned, when the failure is about one.</summary>
    public string? Path { get; }

    /// <summary>The sequence number concerned (missing message, first missing seq of a gap).</summary>
    public ulong? Seq { get; }

    /// <summary>The byte offset concerned (corruption diagnostics).</summary>
    public long? Offset { get; }

    /// <summary>A suggestion for what to do next.</summary>
    public string? Hint { get; }

    /// <summary>Returns a copy of this error with <paramref name="path"/> attached when it has none.</summary>
    public PlasmiteException WithPath(string path) =>
        Path is not null ? this : new PlasmiteException(Kind, Message, path, Seq, Offset, Hint, InnerException ?? this);

    /// <summary>The default message the original prints for a kind when none is set.</summary>
    public static string DefaultMessage(ErrorKind kind) => kind switch
    {
        ErrorKind.Internal => "internal error",
        ErrorKind.Usage => "usage error",
        ErrorKind.NotFound => "not found",
        ErrorKind.AlreadyExists => "already exists",
        ErrorKind.Busy => "resource is busy",
        ErrorKind.Permission => "permission denied",
        ErrorKind.Corrupt => "corrupt data",
        ErrorKind.Io => "i/o error",
        ErrorKind.RetentionGap => "retention gap",
        _ => "i/o error",
    };

    /// <summary>
    /// The error in the original's log format:
    /// <c>plasmite error: kind=NotFound; message=not found; path=/p; seq=3; offset=7</c>.
    /// </summary>
    public string ToLogString()
    {
        var sb = new StringBuilder("plasmite error: kind=").Append(Kind).Append("; message=").Append(Message);
        if (Path is not null) sb.Append("; path=").Append(Path);
        if (Seq is { } s) sb.Append("; seq=").Append(s);
        if (Offset is { } o) sb.Append("; offset=").Append(o);
        return sb.ToString();
    }

    internal static PlasmiteException Corrupt(string message, long? offset = null, string? path = null) =>
        new(ErrorKind.Corrupt, message, path: path, offset: offset);

    internal static PlasmiteException Usage(string message, string? hint = null) =>
        new(ErrorKind.Usage, message, hint: hint);
}
