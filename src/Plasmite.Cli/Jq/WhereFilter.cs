// `follow --where`: compiled jq predicates over the message envelope, combined with AND.
using System.Text.Json;

namespace Plasmite.Cli.Jq;

/// <summary>One compiled <c>--where</c> predicate.</summary>
internal sealed class WherePredicate
{
    private readonly JqNode _node;

    private WherePredicate(string source, JqNode node)
    {
        Source = source;
        _node = node;
    }

    /// <summary>The expression as typed.</summary>
    public string Source { get; }

    /// <summary>Compiles <paramref name="expression"/>; a syntax error or unsupported construct is a <c>Usage</c> error.</summary>
    public static WherePredicate Compile(string expression)
    {
        try
        {
            return new WherePredicate(expression, JqParser.Parse(expression));
        }
        catch (JqCompileException ex)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"invalid filter expression: {ex.Message}",
                hint: "Use a jq-style predicate such as '.data.ok == true' or 'any(.meta.tags[]; . == \"x\")'; see docs/cli.md for the supported subset.");
        }
    }

    /// <summary>
    /// True when some output is <c>true</c>. Outputs are checked in order: <c>true</c> matches, <c>false</c> goes on,
    /// a non-boolean is a <c>Usage</c> error, a runtime error (type mismatch…) ends evaluation as no match.
    /// </summary>
    public bool Matches(JqValue envelope)
    {
        using var e = _node.Eval(envelope).GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext()) return false;
            }
            catch (JqRuntimeException)
            {
                return false;
            }
            switch (e.Current.Kind)
            {
                case JqKind.True: return true;
                case JqKind.False: continue;
                default:
                    throw new PlasmiteException(ErrorKind.Usage, "filter expression must yield booleans",
                        hint: $"'{Source}' produced {e.Current.TypeName}; compare it explicitly, e.g. '({Source}) != null'.");
            }
        }
    }
}

/// <summary>All <c>--where</c> predicates of one invocation; a message must satisfy every one.</summary>
internal sealed class WhereFilter
{
    private readonly List<WherePredicate> _predicates;

    public WhereFilter(IEnumerable<string> expressions) => _predicates = expressions.Select(WherePredicate.Compile).ToList();

    /// <summary>True when there are no predicates.</summary>
    public bool IsEmpty => _predicates.Count == 0;

    /// <summary>Whether the envelope (<c>{data, meta, seq, time}</c>) passes every predicate.</summary>
    public bool Matches(JsonElement envelope)
    {
        if (_predicates.Count == 0) return true;
        var value = JqValue.From(envelope);
        foreach (var p in _predicates)
            if (!p.Matches(value)) return false;
        return true;
    }
}
