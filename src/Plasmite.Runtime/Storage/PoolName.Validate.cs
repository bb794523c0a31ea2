// The pool-name rule as the runtime's error: Usage with a hint (the rule itself lives in PoolName.cs).
namespace Plasmite.Storage;

internal static partial class PoolName
{
    /// <summary>Throws when <paramref name="name"/> cannot be a pool name (see <see cref="Problem"/>).
    /// Every front end (SDK, CLI, HTTP server, MCP) calls this, so a bad name is always a client mistake.</summary>
    /// <exception cref="PlasmiteException">Usage, with the reason as the message and a hint.</exception>
    public static void Validate(string? name)
    {
        if (Problem(name) is { } problem)
            throw new PlasmiteException(ErrorKind.Usage, problem,
                hint: "Pool names are file names: no / \\ NUL control characters < > : \" | ? *, no Windows device names (CON, NUL, COM1, …), at most 255 bytes with .plasmite.");
    }
}
