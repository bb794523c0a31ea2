// A tiny indenting text writer for emitted C#.
using System.Text;

namespace Plasmite.Generators.Emit;

/// <summary>Appends lines at the current indentation; braces open and close blocks.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length == 0)
        {
            _sb.Append('\n');
            return this;
        }
        _sb.Append(' ', _indent * 4).Append(text).Append('\n');
        return this;
    }

    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public SourceWriter Indent() { _indent++; return this; }

    public SourceWriter Dedent() { _indent--; return this; }

    public override string ToString() => _sb.ToString();
}
