// The errors (message + hint) the original prints for missing pools and messages, in one place.
namespace Plasmite.Cli.Execution;

/// <summary>Factories for the spec's recurring errors, so the SDK wiring reports them word for word.</summary>
internal static class Hints
{
    public const string PathNotFound = "Pool path not found. Check the path or pass --dir for a different pool directory.";

    /// <summary><c>pool info</c>/<c>fetch</c> on a missing pool: <c>not found</c>, no path (the spec omits it for info).</summary>
    public static PlasmiteException PoolNotFound(LocalPoolRef pool, bool withPath = false) => new(ErrorKind.NotFound, "not found",
        path: withPath ? pool.Path : null,
        hint: pool.IsPathLike ? PathNotFound : $"Create it first: plasmite pool create {pool.Typed} (or pass --dir for a different pool directory).");

    /// <summary><c>fetch</c> of a seq that is not retained.</summary>
    public static PlasmiteException MessageNotFound(PoolRef pool, ulong seq) => new(ErrorKind.NotFound, "message not found", seq: seq,
        hint: $"Check available messages: plasmite pool info {pool.Typed} (or plasmite follow {pool.Typed} --tail 10).");

    /// <summary><c>pool create</c> over an existing file.</summary>
    public static PlasmiteException PoolAlreadyExists(LocalPoolRef pool) => new(ErrorKind.AlreadyExists, "pool already exists", path: pool.Path,
        hint: "Choose a different name or remove the existing pool file.");

    /// <summary><c>pool delete</c> of a missing pool.</summary>
    public static PlasmiteException DeleteNotFound(LocalPoolRef pool) => new(ErrorKind.NotFound, "pool not found", path: pool.Path,
        hint: "Create the pool first or check --dir.");

    /// <summary><c>pool delete</c> given a URL.</summary>
    public static PlasmiteException DeleteRemote() => new(ErrorKind.Usage, "pool delete accepts local pool names or paths only",
        hint: "Delete remote pools with server-side tooling.");

    /// <summary><c>pool delete</c> denied by the filesystem: reported as <c>Io</c> (exit 8), as the original does.</summary>
    public static PlasmiteException DeleteFailed(LocalPoolRef pool, Exception inner) => new(ErrorKind.Io, "failed to delete pool", path: pool.Path,
        inner: inner);

    /// <summary>Missing pool for feed/follow without <c>--create</c> (the hint was prepared by the command).</summary>
    public static PlasmiteException MissingPool(PoolRef pool, string hint) =>
        new(ErrorKind.NotFound, "not found", path: (pool as LocalPoolRef)?.Path, hint: hint);
}
