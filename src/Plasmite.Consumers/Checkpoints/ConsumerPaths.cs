// Where a consumer's files live: `<pool file>.consumers/<name>.json` (state) and `<name>.lock` (coordination).
namespace Plasmite.Consumers.Checkpoints;

/// <summary>Consumer file names and the consumer-name rule.</summary>
internal static class ConsumerPaths
{
    internal const string DirectorySuffix = ".consumers";
    internal const string StateExtension = ".json";
    internal const string LockExtension = ".lock";
    internal const int MaxNameLength = 100;

    /// <summary>The folder beside the pool file that holds its consumers.</summary>
    public static string DirectoryFor(string poolPath) => poolPath + DirectorySuffix;

    public static string StatePath(string poolPath, string name) => Path.Combine(DirectoryFor(poolPath), name + StateExtension);

    public static string LockPath(string poolPath, string name) => Path.Combine(DirectoryFor(poolPath), name + LockExtension);

    /// <summary>The problem with a consumer name, or null when it is valid (it becomes a file name).</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "consumer name is required";
        if (name.Length > MaxNameLength) return $"consumer name must be at most {MaxNameLength} characters";
        if (name[0] == '.') return "consumer name must not start with '.'";
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') continue;
            return "consumer name may contain only letters, digits, '.', '_' and '-'";
        }
        return null;
    }

    /// <summary>Throws Usage for an invalid name.</summary>
    public static void CheckName(string name)
    {
        if (NameProblem(name) is { } p) throw new PlasmiteException(ErrorKind.Usage, p, hint: "Use a name such as `billing` or `email-sender.v2`.");
    }
}
