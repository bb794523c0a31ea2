// The stable error kinds shared by the engine, SDK, CLI (exit codes) and server (HTTP status).
namespace Plasmite;

/// <summary>
/// The stable category of a <see cref="PlasmiteException"/>. The numeric values are part of the
/// contract: they equal the original's C ABI codes and the CLI exit codes for each kind.
/// </summary>
public enum ErrorKind
{
    /// <summary>A bug or an impossible state (exit code 1, HTTP 500).</summary>
    Internal = 1,

    /// <summary>Invalid input or arguments (exit code 2, HTTP 400).</summary>
    Usage = 2,

    /// <summary>A pool or message does not exist (exit code 3, HTTP 404).</summary>
    NotFound = 3,

    /// <summary>A pool already exists (exit code 4, HTTP 409).</summary>
    AlreadyExists = 4,

    /// <summary>A resource is busy (exit code 5, HTTP 423).</summary>
    Busy = 5,

    /// <summary>The operating system denied access (exit code 6, HTTP 401/403).</summary>
    Permission = 6,

    /// <summary>A pool file or payload is damaged (exit code 7, HTTP 500).</summary>
    Corrupt = 7,

    /// <summary>Any other input/output failure (exit code 8, HTTP 500).</summary>
    Io = 8,

    /// <summary>A fail-closed tail found messages that are no longer retained (exit code 9, HTTP 410).</summary>
    RetentionGap = 9,
}
