// Naming rules shared by the generator and the analyzers (linked into both): kinds, JSON names, identifiers, pool names.
using System;
using System.Collections.Generic;
using System.Text;

namespace Plasmite.Generators;

/// <summary>Pure naming functions; the analyzers link this file so both agree.</summary>
internal static class Naming
{
    /// <summary>
    /// The default kind of a message type: its name in kebab case. A hyphen goes before an
    /// upper-case letter that follows a lower-case letter or digit, and before the last upper-case
    /// letter of a run that is followed by a lower-case letter; everything is lower-cased.
    /// <c>Signup</c> → <c>signup</c>, <c>UserSignedUp</c> → <c>user-signed-up</c>,
    /// <c>HTTPRequest</c> → <c>http-request</c>, <c>Deploy2</c> → <c>deploy2</c>.
    /// </summary>
    public static string ToKebabCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '_')
            {
                if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-');
                continue;
            }
            if (char.IsUpper(c) && i > 0 && sb.Length > 0 && sb[sb.Length - 1] != '-')
            {
                char prev = name[i - 1];
                bool nextLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(prev) || char.IsDigit(prev) || (char.IsUpper(prev) && nextLower))
                {
                    sb.Append('-');
                }
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString().Trim('-');
    }

    /// <summary>
    /// The property name System.Text.Json's <c>JsonNamingPolicy.CamelCase</c> produces
    /// (leading upper-case run lower-cased, keeping the last capital before a lower-case letter).
    /// </summary>
    public static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0])) return name;
        char[] chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i])) break;
            bool hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ') chars[i] = char.ToLowerInvariant(chars[i]);
                break;
            }
            chars[i] = char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }

    /// <summary>A pool name as a C# identifier in Pascal case: <c>events</c> → <c>Events</c>, <c>audit-log.v2</c> → <c>AuditLogV2</c>.</summary>
    public static string ToPascalIdentifier(string pool)
    {
        var sb = new StringBuilder(pool.Length);
        bool upper = true;
        foreach (char c in pool)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, "Pool");
        return sb.ToString();
    }

    /// <summary>
    /// Why a <c>[PlasmiteMessage]</c> pool name is invalid, or null. What an attribute adds to the runtime's file-name
    /// rule (src/Plasmite.Runtime/Storage/PoolName.cs, linked here): a blank name, a remote ref (<c>://</c>) and the
    /// relative names <c>.</c>/<c>..</c> are not names of a pool in a directory.
    /// </summary>
    public static string? PoolNameProblem(string? pool)
    {
        if (pool is null || pool.Trim().Length == 0) return "pool name must not be empty";
        if (pool.Contains("://")) return "pool name must not be a remote ref (contains '://')";
        if (pool == "." || pool == "..") return "pool name must not be '.' or '..'";
        return Plasmite.Storage.PoolName.Problem(pool);
    }

    /// <summary>A C# string literal (quoted, escaped) for <paramref name="value"/>.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Sorts in place by UTF-8 bytes of the selected key (stable).</summary>
    public static List<T> SortByUtf8<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var list = new List<T>(items);
        var indexed = new List<KeyValuePair<int, T>>();
        for (int i = 0; i < list.Count; i++) indexed.Add(new KeyValuePair<int, T>(i, list[i]));
        indexed.Sort((p, q) =>
        {
            int c = Plasmite.Text.Utf8Order.Compare(key(p.Value), key(q.Value));
            return c != 0 ? c : p.Key.CompareTo(q.Key);
        });
        list.Clear();
        foreach (var p in indexed) list.Add(p.Value);
        return list;
    }
}
