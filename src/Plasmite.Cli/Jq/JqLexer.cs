// Tokenizer for the jq subset used by `follow --where`.
using System.Globalization;
using System.Text;

namespace Plasmite.Cli.Jq;

internal enum JqTokenKind
{
    Dot,          // .
    DotDot,       // ..
    Field,        // .name  (Text = name)
    Ident,        // name, keywords included
    Variable,     // $name
    Number,
    String,
    Op,           // punctuation and operators (Text = the operator)
    End,
}

internal readonly record struct JqToken(JqTokenKind Kind, string Text, int Position, double Number = 0);

/// <summary>Splits a jq program into tokens; rejects what the subset never supports (string interpolation, formats).</summary>
internal static class JqLexer
{
    private static readonly string[] Operators =
    [
        "|=", "+=", "-=", "*=", "/=", "%=", "//=", "==", "!=", "<=", ">=", "//",
        "|", ",", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", "?", ":", ";", "=",
    ];

    public static List<JqToken> Tokenize(string src)
    {
        var tokens = new List<JqToken>();
        int i = 0;
        while (true)
        {
            while (i < src.Length && (char.IsWhiteSpace(src[i]) || src[i] == '#'))
            {
                if (src[i] == '#') { while (i < src.Length && src[i] != '\n') i++; }
                else i++;
            }
            if (i >= src.Length) { tokens.Add(new JqToken(JqTokenKind.End, "end of input", i)); return tokens; }
            char c = src[i];
            int start = i;
            if (c == '.')
            {
                if (i + 1 < src.Length && src[i + 1] == '.') { tokens.Add(new JqToken(JqTokenKind.DotDot, "..", start)); i += 2; continue; }
                if (i + 1 < src.Length && IsIdentStart(src[i + 1]))
                {
                    i++;
                    int s = i;
                    while (i < src.Length && IsIdentPart(src[i])) i++;
                    tokens.Add(new JqToken(JqTokenKind.Field, src[s..i], start));
                    continue;
                }
                if (i + 1 < src.Length && char.IsAsciiDigit(src[i + 1])) { tokens.Add(ReadNumber(src, ref i)); continue; }
                tokens.Add(new JqToken(JqTokenKind.Dot, ".", start));
                i++;
                continue;
            }
            if (c == '$')
            {
                i++;
                int s = i;
                while (i < src.Length && (IsIdentPart(src[i]) || src[i] == ':')) i++;
                tokens.Add(new JqToken(JqTokenKind.Variable, "$" + src[s..i], start));
                continue;
            }
            if (c == '@') throw new JqCompileException($"unsupported jq construct '@format' at position {start}");
            if (char.IsAsciiDigit(c)) { tokens.Add(ReadNumber(src, ref i)); continue; }
            if (c == '"') { tokens.Add(ReadString(src, ref i)); continue; }
            if (IsIdentStart(c))
            {
                while (i < src.Length && (IsIdentPart(src[i]) || (src[i] == ':' && i + 1 < src.Length && src[i + 1] == ':'))) i += src[i] == ':' ? 2 : 1;
                tokens.Add(new JqToken(JqTokenKind.Ident, src[start..i], start));
                continue;
            }
            string? op = null;
            foreach (var o in Operators)
            {
                if (string.CompareOrdinal(src, i, o, 0, o.Length) == 0) { op = o; break; }
            }
            if (op is null) throw new JqCompileException($"unexpected character '{c}' at position {start}");
            tokens.Add(new JqToken(JqTokenKind.Op, op, start));
            i += op.Length;
        }
    }

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static JqToken ReadNumber(string src, ref int i)
    {
        int start = i;
        while (i < src.Length && char.IsAsciiDigit(src[i])) i++;
        if (i < src.Length && src[i] == '.') { i++; while (i < src.Length && char.IsAsciiDigit(src[i])) i++; }
        if (i < src.Length && (src[i] == 'e' || src[i] == 'E'))
        {
            int save = i;
            i++;
            if (i < src.Length && (src[i] == '+' || src[i] == '-')) i++;
            if (i < src.Length && char.IsAsciiDigit(src[i])) { while (i < src.Length && char.IsAsciiDigit(src[i])) i++; }
            else i = save;
        }
        var text = src[start..i];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            throw new JqCompileException($"invalid number '{text}' at position {start}");
        return new JqToken(JqTokenKind.Number, text, start, d);
    }

    private static JqToken ReadString(string src, ref int i)
    {
        int start = i;
        i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= src.Length) throw new JqCompileException($"unterminated string starting at position {start}");
            char c = src[i++];
            if (c == '"') break;
            if (c != '\\') { sb.Append(c); continue; }
            if (i >= src.Length) throw new JqCompileException($"unterminated string starting at position {start}");
            char e = src[i++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (i + 4 > src.Length || !int.TryParse(src.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp))
                        throw new JqCompileException($"invalid \\u escape at position {i - 2}");
                    sb.Append((char)cp);
                    i += 4;
                    break;
                case '(':
                    throw new JqCompileException($"unsupported jq construct 'string interpolation \\(...)' at position {i - 2}");
                default:
                    throw new JqCompileException($"invalid escape '\\{e}' at position {i - 2}");
            }
        }
        return new JqToken(JqTokenKind.String, sb.ToString(), start);
    }
}
