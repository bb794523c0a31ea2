// The error of a remote operation: a PlasmiteException plus the HTTP status it arrived with.
namespace Plasmite.Remote;

/// <summary>
/// A failure reported by a remote server (or while talking to it). <see cref="Status"/> is the HTTP status;
/// 200 when the error arrived in-band in a tail stream; 0 for network failures (connection refused, TLS,
/// dropped connection), which are reported with <see cref="ErrorKind.Io"/>.
/// </summary>
public sealed class RemotePlasmiteException : PlasmiteException
{
    /// <summary>Creates a remote error.</summary>
    public RemotePlasmiteException(int status, ErrorKind kind, string? message, string? path = null, ulong? seq = null,
        long? offset = null, string? hint = null, Exception? inner = null)
        : base(kind, message, path, seq, offset, hint, inner)
    {
        Status = status;
    }

    /// <summary>The HTTP status (200 for in-band tail errors, 0 for network failures).</summary>
    public int Status { get; }

    internal static RemotePlasmiteException Network(Exception inner, string what) =>
        new(0, ErrorKind.Io, $"{what}: {inner.Message}", inner: inner);
}
