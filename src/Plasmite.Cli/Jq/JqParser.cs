// Recursive-descent parser for the jq subset, with jq's operator precedence.
namespace Plasmite.Cli.Jq;

/// <summary>
/// Parses a jq program into <see cref="JqNode"/>s. Precedence, loosest first: <c>|</c>, <c>,</c>, <c>//</c>,
/// <c>or</c>, <c>and</c>, comparisons, <c>+ -</c>, <c>* / %</c>, unary minus, postfix (<c>.a</c>, <c>[i]</c>, <c>[]</c>, <c>?</c>).
/// Constructs outside the subset raise <see cref="JqCompileException"/> naming the construct.
/// </summary>
internal sealed class JqParser
{
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "reduce", "foreach", "def", "as", "label", "import", "include", "__loc__", "limit", "until", "while",
        "repeat", "path", "paths", "getpath", "setpath", "delpaths", "del", "to_entries", "from_entries",
        "with_entries", "env", "input", "inputs", "debug", "stderr", "input_filename", "splits", "sub", "gsub",
        "match", "capture", "scan", "now", "mktime", "gmtime", "strftime", "strptime", "todate", "fromdate",
        "dateadd", "datesub", "date", "leaf_paths", "walk", "range", "recurse", "halt", "halt_error",
        "error", "input_line_number", "tostream", "fromstream", "truncate_stream",
        "group_by", "unique_by", "sort_by", "min_by", "max_by", "combinations", "ascii", "implode",
        "explode", "fromjson", "infinite", "nan", "isinfinite", "isnan", "isnormal", "significand", "gamma",
        "builtins", "SQL", "INDEX", "IN", "GROUP_BY", "UNIQUE_BY",
    };

    private readonly List<JqToken> _tokens;
    private int _pos;

    private JqParser(List<JqToken> tokens) => _tokens = tokens;

    /// <summary>Compiles <paramref name="source"/> or throws <see cref="JqCompileException"/>.</summary>
    public static JqNode Parse(string source)
    {
        var parser = new JqParser(JqLexer.Tokenize(source));
        if (parser.Peek.Kind == JqTokenKind.End) throw new JqCompileException("empty expression");
        var node = parser.ParsePipe();
        if (parser.Peek.Kind != JqTokenKind.End) throw parser.Unexpected();
        return node;
    }

    private JqToken Peek => _tokens[_pos];

    private JqToken PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private JqToken Next() => _tokens[_pos++];

    private bool IsOp(string op) => Peek.Kind == JqTokenKind.Op && Peek.Text == op;

    private bool IsKeyword(string kw) => Peek.Kind == JqTokenKind.Ident && Peek.Text == kw;

    private void Expect(string op)
    {
        if (!IsOp(op)) throw Unexpected($"expected '{op}'");
        _pos++;
    }

    private void ExpectKeyword(string kw)
    {
        if (!IsKeyword(kw)) throw Unexpected($"expected '{kw}'");
        _pos++;
    }

    private JqCompileException Unexpected(string? expected = null)
    {
        var t = Peek;
        var what = t.Kind == JqTokenKind.End ? "unexpected end of input" : $"unexpected token '{t.Text}' at position {t.Position}";
        return new JqCompileException(expected is null ? what : $"{what} ({expected})");
    }

    private JqNode ParsePipe()
    {
        var left = ParseComma();
        if (IsKeyword("as")) throw new JqCompileException("unsupported jq construct 'as' (variable binding)");
        if (IsOp("|"))
        {
            _pos++;
            return new PipeNode(left, ParsePipe());
        }
        return left;
    }

    private JqNode ParseComma()
    {
        var left = ParseAlternative();
        while (IsOp(","))
        {
            _pos++;
            left = new CommaNode(left, ParseAlternative());
        }
        return left;
    }

    private JqNode ParseAlternative()
    {
        var left = ParseOr();
        if (Peek.Kind == JqTokenKind.Op && Peek.Text is "=" or "|=" or "+=" or "-=" or "*=" or "/=" or "%=" or "//=")
            throw new JqCompileException($"unsupported jq construct '{Peek.Text}' (assignment)");
        if (IsOp("//"))
        {
            _pos++;
            return new AlternativeNode(left, ParseAlternative());
        }
        return left;
    }

    private JqNode ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("or"))
        {
            _pos++;
            left = new OrNode(left, ParseAnd());
        }
        return left;
    }

    private JqNode ParseAnd()
    {
        var left = ParseComparison();
        while (IsKeyword("and"))
        {
            _pos++;
            left = new AndNode(left, ParseComparison());
        }
        return left;
    }

    private JqNode ParseComparison()
    {
        var left = ParseAdditive();
        if (Peek.Kind == JqTokenKind.Op && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Next().Text;
            var right = ParseAdditive();
            if (Peek.Kind == JqTokenKind.Op && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
                throw Unexpected("comparisons do not chain; use parentheses");
            return new BinaryNode(op, left, right);
        }
        return left;
    }

    private JqNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.Kind == JqTokenKind.Op && Peek.Text is "+" or "-")
        {
            var op = Next().Text;
            left = new BinaryNode(op, left, ParseMultiplicative());
        }
        return left;
    }

    private JqNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek.Kind == JqTokenKind.Op && Peek.Text is "*" or "/" or "%")
        {
            var op = Next().Text;
            left = new BinaryNode(op, left, ParseUnary());
        }
        return left;
    }

    private JqNode ParseUnary()
    {
        if (IsOp("-"))
        {
            _pos++;
            return new NegateNode(ParseUnary());
        }
        return ParsePostfix();
    }

    private JqNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            var t = Peek;
            if (t.Kind == JqTokenKind.Field)
            {
                _pos++;
                node = new IndexNode(node, new LiteralNode(JqValue.Str(t.Text)));
            }
            else if (t.Kind == JqTokenKind.Dot && PeekAt(1).Kind == JqTokenKind.String)
            {
                _pos++;
                node = new IndexNode(node, new LiteralNode(JqValue.Str(Next().Text)));
            }
            else if (t.Kind == JqTokenKind.Dot && PeekAt(1).Kind == JqTokenKind.Op && PeekAt(1).Text == "[")
            {
                _pos++;
            }
            else if (IsOp("["))
            {
                node = ParseBracketSuffix(node);
            }
            else if (IsOp("?"))
            {
                _pos++;
                node = new TryNode(node, null);
            }
            else
            {
                return node;
            }
        }
    }

    private JqNode ParseBracketSuffix(JqNode target)
    {
        Expect("[");
        if (IsOp("]"))
        {
            _pos++;
            return new IterateNode(target);
        }
        if (IsOp(":"))
        {
            _pos++;
            var to = ParsePipe();
            Expect("]");
            return new SliceNode(target, null, to);
        }
        var index = ParsePipe();
        if (IsOp(":"))
        {
            _pos++;
            JqNode? to = IsOp("]") ? null : ParsePipe();
            Expect("]");
            return new SliceNode(target, index, to);
        }
        Expect("]");
        return new IndexNode(target, index);
    }

    private JqNode ParsePrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case JqTokenKind.Dot:
                _pos++;
                if (Peek.Kind == JqTokenKind.String) return new IndexNode(new IdentityNode(), new LiteralNode(JqValue.Str(Next().Text)));
                return new IdentityNode();
            case JqTokenKind.Field:
                _pos++;
                return new IndexNode(new IdentityNode(), new LiteralNode(JqValue.Str(t.Text)));
            case JqTokenKind.DotDot:
                _pos++;
                return new RecurseNode();
            case JqTokenKind.Number:
                _pos++;
                return new LiteralNode(JqValue.Num(t.Number));
            case JqTokenKind.String:
                _pos++;
                return new LiteralNode(JqValue.Str(t.Text));
            case JqTokenKind.Variable:
                throw new JqCompileException($"unsupported jq construct '{t.Text}' (variables)");
            case JqTokenKind.End:
                throw Unexpected();
        }
        if (t.Kind == JqTokenKind.Op)
        {
            switch (t.Text)
            {
                case "(":
                {
                    _pos++;
                    var inner = ParsePipe();
                    Expect(")");
                    return inner;
                }
                case "[":
                {
                    _pos++;
                    if (IsOp("]"))
                    {
                        _pos++;
                        return new ArrayNode(null);
                    }
                    var body = ParsePipe();
                    Expect("]");
                    return new ArrayNode(body);
                }
                case "{":
                    throw new JqCompileException("unsupported jq construct '{...}' (object construction)");
                default:
                    throw Unexpected();
            }
        }
        // Identifiers: literals, keywords, function calls.
        switch (t.Text)
        {
            case "true": _pos++; return new LiteralNode(JqValue.True);
            case "false": _pos++; return new LiteralNode(JqValue.False);
            case "null": _pos++; return new LiteralNode(JqValue.Null);
            case "if": return ParseIf();
            case "try":
            {
                _pos++;
                var body = ParsePostfix();
                JqNode? handler = null;
                if (IsKeyword("catch"))
                {
                    _pos++;
                    handler = ParsePostfix();
                }
                return new TryNode(body, handler);
            }
            case "and" or "or" or "then" or "elif" or "else" or "end" or "catch":
                throw Unexpected();
        }
        if (Unsupported.Contains(t.Text))
            throw new JqCompileException($"unsupported jq construct '{t.Text}'");
        _pos++;
        var args = new List<JqNode>();
        if (IsOp("("))
        {
            _pos++;
            args.Add(ParsePipe());
            while (IsOp(";"))
            {
                _pos++;
                args.Add(ParsePipe());
            }
            Expect(")");
        }
        if (!JqBuiltins.IsKnown(t.Text, args.Count))
            throw new JqCompileException($"unsupported jq function '{t.Text}/{args.Count}'");
        return new CallNode(t.Text, args);
    }

    // Parses `if c then t [elif …] [else e] end`; `elif` becomes a nested `if` sharing the same `end`.
    private JqNode ParseIf()
    {
        ExpectKeyword("if");
        var cond = ParsePipe();
        ExpectKeyword("then");
        var then = ParsePipe();
        JqNode? otherwise = null;
        if (IsKeyword("elif"))
        {
            _tokens[_pos] = new JqToken(JqTokenKind.Ident, "if", Peek.Position);
            otherwise = ParseIf();
            return new IfNode(cond, then, otherwise);
        }
        if (IsKeyword("else"))
        {
            _pos++;
            otherwise = ParsePipe();
        }
        ExpectKeyword("end");
        return new IfNode(cond, then, otherwise);
    }
}
