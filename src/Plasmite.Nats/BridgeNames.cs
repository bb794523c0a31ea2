// Default stream, subject and durable names derived from a pool's name.
using System.Text;

namespace Plasmite.Nats;

/// <summary>The names the bridge uses when none are given.</summary>
internal static class BridgeNames
{
    /// <summary>The pool's name: the file name without <c>.plasmite</c>.</summary>
    public static string PoolName(string poolPath) => Storage.PoolName.FromPath(poolPath);

    /// <summary><c>plasmite-NAME</c> (characters other than letters, digits, <c>-</c> and <c>_</c> become <c>_</c>).</summary>
    public static string DefaultStream(string poolName) => "plasmite-" + Token(poolName);

    /// <summary><c>plasmite.NAME</c> (sanitised like <see cref="DefaultStream"/>).</summary>
    public static string DefaultSubject(string poolName) => "plasmite." + Token(poolName);

    /// <summary><c>plasmite-import-NAME</c>: the durable consumer of an importer into pool NAME.</summary>
    public static string DefaultDurable(string poolName) => "plasmite-import-" + Token(poolName);

    private static string Token(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return sb.Length == 0 ? "_" : sb.ToString();
    }
}
