// Syntax tree of the jq subset; each node maps an input value to a lazy stream of outputs (jq's generators).
namespace Plasmite.Cli.Jq;

/// <summary>A compiled jq expression.</summary>
internal abstract class JqNode
{
    /// <summary>Runs the expression on <paramref name="input"/>; may throw <see cref="JqRuntimeException"/>.</summary>
    public abstract IEnumerable<JqValue> Eval(JqValue input);
}

internal sealed class IdentityNode : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input) { yield return input; }
}

internal sealed class LiteralNode(JqValue value) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input) { yield return value; }
}

internal sealed class RecurseNode : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        yield return input;
        IEnumerable<JqValue> children = input.Kind switch
        {
            JqKind.Array => input.Items,
            JqKind.Object => input.SortedKeys().Select(k => input.Members[k]),
            _ => [],
        };
        foreach (var child in children)
            foreach (var v in Eval(child)) yield return v;
    }
}

internal sealed class PipeNode(JqNode left, JqNode right) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var l in left.Eval(input))
            foreach (var r in right.Eval(l)) yield return r;
    }
}

internal sealed class CommaNode(JqNode left, JqNode right) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input) => left.Eval(input).Concat(right.Eval(input));
}

/// <summary><c>a // b</c>: the truthy outputs of <c>a</c> (errors ignored), or else the outputs of <c>b</c>.</summary>
internal sealed class AlternativeNode(JqNode left, JqNode right) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        bool any = false;
        foreach (var v in JqEval.Safe(left.Eval(input)))
        {
            if (!v.IsTruthy) continue;
            any = true;
            yield return v;
        }
        if (any) yield break;
        foreach (var v in right.Eval(input)) yield return v;
    }
}

internal sealed class AndNode(JqNode left, JqNode right) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var l in left.Eval(input))
        {
            if (!l.IsTruthy) { yield return JqValue.False; continue; }
            foreach (var r in right.Eval(input)) yield return JqValue.Bool(r.IsTruthy);
        }
    }
}

internal sealed class OrNode(JqNode left, JqNode right) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var l in left.Eval(input))
        {
            if (l.IsTruthy) { yield return JqValue.True; continue; }
            foreach (var r in right.Eval(input)) yield return JqValue.Bool(r.IsTruthy);
        }
    }
}

/// <summary>Comparisons and arithmetic; like jq, the right operand varies slowest.</summary>
internal sealed class BinaryNode(string op, JqNode left, JqNode right) : JqNode
{
    public string Op => op;

    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var r in right.Eval(input))
            foreach (var l in left.Eval(input)) yield return JqEval.Binary(op, l, r);
    }
}

internal sealed class NegateNode(JqNode operand) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var v in operand.Eval(input))
        {
            if (v.Kind != JqKind.Number) throw new JqRuntimeException($"{v.TypeName} ({JqEval.Short(v)}) cannot be negated");
            yield return JqValue.Num(-v.Number);
        }
    }
}

/// <summary><c>t[i]</c>, <c>t.name</c>, <c>t["name"]</c>: the index is evaluated against the same input as the target.</summary>
internal sealed class IndexNode(JqNode target, JqNode index) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var t in target.Eval(input))
            foreach (var i in index.Eval(input)) yield return JqEval.Index(t, i);
    }
}

internal sealed class SliceNode(JqNode target, JqNode? from, JqNode? to) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var t in target.Eval(input))
            foreach (var f in from is null ? [JqValue.Null] : from.Eval(input))
                foreach (var e in to is null ? [JqValue.Null] : to.Eval(input))
                    yield return JqEval.Slice(t, f, e);
    }
}

internal sealed class IterateNode(JqNode target) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var t in target.Eval(input))
            foreach (var v in JqEval.Iterate(t)) yield return v;
    }
}

/// <summary><c>try body [catch handler]</c> and postfix <c>?</c>: an error ends the stream quietly (or runs the handler).</summary>
internal sealed class TryNode(JqNode body, JqNode? handler) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        using var e = body.Eval(input).GetEnumerator();
        while (true)
        {
            JqValue current;
            string? error = null;
            try
            {
                if (!e.MoveNext()) yield break;
                current = e.Current;
            }
            catch (JqRuntimeException ex)
            {
                current = JqValue.Null;
                error = ex.Message;
            }
            if (error is not null)
            {
                if (handler is not null)
                    foreach (var h in handler.Eval(JqValue.Str(error))) yield return h;
                yield break;
            }
            yield return current;
        }
    }
}

internal sealed class ArrayNode(JqNode? body) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        yield return JqValue.Arr(body is null ? [] : body.Eval(input).ToList());
    }
}

internal sealed class IfNode(JqNode cond, JqNode then, JqNode? otherwise) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input)
    {
        foreach (var c in cond.Eval(input))
        {
            var branch = c.IsTruthy ? then : otherwise;
            if (branch is null) { yield return input; continue; }
            foreach (var v in branch.Eval(input)) yield return v;
        }
    }
}

internal sealed class CallNode(string name, List<JqNode> args) : JqNode
{
    public override IEnumerable<JqValue> Eval(JqValue input) => JqBuiltins.Call(name, args, input);
}
