// The jq subset behind `follow --where`: paths, literals, operators, builtins, ordering, errors.
using System.Text.Json;
using Plasmite.Cli.Jq;

namespace Plasmite.Cli.Tests.Jq;

[Trait("Category", "Unit")]
public class JqTests
{
    private const string Envelope = """
        {"data":{"x":1,"name":"alice","ok":true,"n":null,"list":[1,2,3],"nested":{"a":{"b":"deep"}},"key with space":5,"level":"error"},
         "meta":{"tags":["ping","urgent"]},"seq":42,"time":"2026-02-08T12:34:56.5Z"}
        """;

    private static List<string> Eval(string expr, string json = Envelope)
    {
        using var doc = JsonDocument.Parse(json);
        return JqParser.Parse(expr).Eval(JqValue.From(doc.RootElement)).Select(v => v.ToJson()).ToList();
    }

    private static string One(string expr, string json = Envelope) => Assert.Single(Eval(expr, json));

    private static bool Where(string expr, string json = Envelope)
    {
        using var doc = JsonDocument.Parse(json);
        return new WhereFilter([expr]).Matches(doc.RootElement);
    }

    [Theory]
    [InlineData(".data.x", "1")]
    [InlineData(".data.name", "\"alice\"")]
    [InlineData(".data.missing", "null")]
    [InlineData(".data.missing.deeper", "null")]
    [InlineData(".data.nested.a.b", "\"deep\"")]
    [InlineData(".[\"data\"][\"x\"]", "1")]
    [InlineData(".data[\"key with space\"]", "5")]
    [InlineData(".data.\"key with space\"", "5")]
    [InlineData(".data.list[0]", "1")]
    [InlineData(".data.list[-1]", "3")]
    [InlineData(".data.list[10]", "null")]
    [InlineData(".data.list[1:]", "[2,3]")]
    [InlineData(".data.list[:2]", "[1,2]")]
    [InlineData(".meta.tags", "[\"ping\",\"urgent\"]")]
    [InlineData(".seq", "42")]
    [InlineData(".", "{\"data\":{\"key with space\":5,\"level\":\"error\",\"list\":[1,2,3],\"n\":null,\"name\":\"alice\",\"nested\":{\"a\":{\"b\":\"deep\"}},\"ok\":true,\"x\":1},\"meta\":{\"tags\":[\"ping\",\"urgent\"]},\"seq\":42,\"time\":\"2026-02-08T12:34:56.5Z\"}")]
    [InlineData(".data.list.[1]", "2")]
    public void Paths(string expr, string expected) => Assert.Equal(expected, One(expr));

    [Fact]
    public void IterationYieldsEveryElement()
    {
        Assert.Equal(["\"ping\"", "\"urgent\""], Eval(".meta.tags[]"));
        Assert.Equal(["1", "2", "3"], Eval(".data.list[]"));
        Assert.Equal(["1", "2"], Eval("1, 2"));
        Assert.Equal(["2", "3", "4"], Eval(".data.list[] | . + 1"));
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("1e3", "1000")]
    [InlineData("\"a\\tb\\u0041\"", "\"a\\tbA\"")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("[]", "[]")]
    [InlineData("[1, \"a\", null]", "[1,\"a\",null]")]
    [InlineData("[.meta.tags[] | length]", "[4,6]")]
    public void Literals(string expr, string expected) => Assert.Equal(expected, One(expr));

    [Theory]
    [InlineData(".data.x == 1", "true")]
    [InlineData(".data.x == 1.0", "true")]
    [InlineData(".data.x != 1", "false")]
    [InlineData(".data.x < 2", "true")]
    [InlineData(".data.x <= 1", "true")]
    [InlineData(".data.x > 1", "false")]
    [InlineData(".data.x >= 1", "true")]
    [InlineData(".data.name == \"alice\"", "true")]
    [InlineData(".data.list == [1,2,3]", "true")]
    [InlineData(".data.nested == {\"a\":{\"b\":\"deep\"}} ", "x")]
    [InlineData("\"abc\" < \"abd\"", "true")]
    [InlineData("\"Z\" < \"a\"", "true")]
    [InlineData("[1,2] < [1,2,0]", "true")]
    [InlineData("[2] > [1,9]", "true")]
    public void Comparisons(string expr, string expected)
    {
        if (expected == "x")
        {
            // Object construction is outside the subset.
            Assert.Throws<JqCompileException>(() => JqParser.Parse(expr));
            return;
        }
        Assert.Equal(expected, One(expr));
    }

    [Theory]
    [InlineData("null", "false")]
    [InlineData("false", "true")]
    [InlineData("true", "0")]
    [InlineData("0", "\"\"")]
    [InlineData("-1e9", "0")]
    [InlineData("\"\"", "[]")]
    [InlineData("\"zzz\"", "[]")]
    [InlineData("[]", ".meta")]
    [InlineData("[99]", ".meta")]
    public void CrossTypeOrderingIsNullFalseTrueNumbersStringsArraysObjects(string lower, string higher)
    {
        Assert.Equal("true", One($"{lower} < {higher}"));
        Assert.Equal("false", One($"{higher} < {lower}"));
        Assert.Equal("false", One($"{lower} == {higher}"));
    }

    [Fact]
    public void ObjectsCompareByKeysThenValues()
    {
        using var a = JsonDocument.Parse("{\"a\":2}");
        using var b = JsonDocument.Parse("{\"b\":1}");
        using var c = JsonDocument.Parse("{\"a\":3}");
        using var d = JsonDocument.Parse("{\"a\":1,\"b\":0}");
        var va = JqValue.From(a.RootElement);
        Assert.True(JqValue.Compare(va, JqValue.From(b.RootElement)) < 0);
        Assert.True(JqValue.Compare(va, JqValue.From(c.RootElement)) < 0);
        Assert.True(JqValue.Compare(va, JqValue.From(d.RootElement)) < 0); // ["a"] < ["a","b"]
        Assert.Equal(0, JqValue.Compare(va, JqValue.From(a.RootElement)));
    }

    [Theory]
    [InlineData("true and true", "true")]
    [InlineData("true and false", "false")]
    [InlineData("null or 1", "true")]
    [InlineData("false or false", "false")]
    [InlineData(".data.ok and .data.x == 1", "true")]
    [InlineData(".data.x == 1 or .data.missing.x", "true")]
    [InlineData("true | not", "false")]
    [InlineData("null | not", "true")]
    [InlineData("(.data.x == 2) | not", "true")]
    [InlineData("not", "false")]
    [InlineData(".data.n // \"dflt\"", "\"dflt\"")]
    [InlineData(".data.x // \"dflt\"", "1")]
    [InlineData("(false, null) // 3", "3")]
    [InlineData(".data.x + 1 == 2", "true")]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("7 % 3", "1")]
    [InlineData("\"a\" + \"b\"", "\"ab\"")]
    [InlineData("[1] + [2]", "[1,2]")]
    [InlineData("null + 1", "1")]
    [InlineData("-(.data.x)", "-1")]
    [InlineData("[1,2,3] - [2]", "[1,3]")]
    [InlineData("if .data.x == 1 then \"one\" else \"other\" end", "\"one\"")]
    [InlineData("if .data.x == 2 then \"two\" elif .data.x == 1 then \"one\" else \"other\" end", "\"one\"")]
    [InlineData("if false then 1 end", "{\"data\":{\"key with space\":5,\"level\":\"error\",\"list\":[1,2,3],\"n\":null,\"name\":\"alice\",\"nested\":{\"a\":{\"b\":\"deep\"}},\"ok\":true,\"x\":1},\"meta\":{\"tags\":[\"ping\",\"urgent\"]},\"seq\":42,\"time\":\"2026-02-08T12:34:56.5Z\"}")]
    public void Operators(string expr, string expected) => Assert.Equal(expected, One(expr));

    [Fact]
    public void RightOperandVariesSlowestLikeJq()
    {
        Assert.Equal(["11", "12", "21", "22"], Eval("(1,2) + (10,20)"));
        Assert.Equal(["true", "false", "false", "true"], Eval("(1,2) == (1,2)"));
    }

    [Theory]
    [InlineData(".data | has(\"x\")", "true")]
    [InlineData(".data | has(\"nope\")", "false")]
    [InlineData(".data.list | has(2)", "true")]
    [InlineData(".data.list | has(3)", "false")]
    [InlineData(".meta.tags | contains([\"ping\"])", "true")]
    [InlineData(".meta.tags | contains([\"pin\"])", "true")]
    [InlineData(".meta.tags | contains([\"nope\"])", "false")]
    [InlineData(".data.name | contains(\"lic\")", "true")]
    [InlineData(".data | contains({nested:{}}) ", "x")]
    [InlineData(".data.name | test(\"^al\")", "true")]
    [InlineData(".data.name | test(\"ALI\"; \"i\")", "true")]
    [InlineData(".data.name | test(\"ALI\")", "false")]
    [InlineData(".data.name | startswith(\"al\")", "true")]
    [InlineData(".data.name | endswith(\"ce\")", "true")]
    [InlineData(".data.name | length", "5")]
    [InlineData(".meta.tags | length", "2")]
    [InlineData(".data | length", "8")]
    [InlineData("null | length", "0")]
    [InlineData("-3 | length", "3")]
    [InlineData("any(.meta.tags[]; . == \"urgent\")", "true")]
    [InlineData("any(.meta.tags[]; . == \"nope\")", "false")]
    [InlineData("all(.meta.tags[]; length > 3)", "true")]
    [InlineData(".meta.tags | any(. == \"ping\")", "true")]
    [InlineData(".meta.tags | all(. == \"ping\")", "false")]
    [InlineData("[true, false] | any", "true")]
    [InlineData("[true, false] | all", "false")]
    [InlineData(".meta.tags | index(\"urgent\")", "1")]
    [InlineData(".meta.tags | index(\"nope\")", "null")]
    [InlineData(".data.name | index(\"i\")", "2")]
    [InlineData("select(.seq > 40) | .seq", "42")]
    [InlineData(".data | keys", "[\"key with space\",\"level\",\"list\",\"n\",\"name\",\"nested\",\"ok\",\"x\"]")]
    [InlineData(".data.x | type", "\"number\"")]
    [InlineData(".data.name | ascii_upcase", "\"ALICE\"")]
    [InlineData(".data.x | tostring", "\"1\"")]
    [InlineData("\"12\" | tonumber", "12")]
    [InlineData(".data.list | map(. * 2)", "[2,4,6]")]
    [InlineData(".data.list | add", "6")]
    [InlineData("\"a,b\" | split(\",\")", "[\"a\",\"b\"]")]
    [InlineData(".meta.tags | join(\"+\")", "\"ping+urgent\"")]
    [InlineData("\"ping\" | IN_", "x")]
    [InlineData("\"x\" | in({\"x\":1})", "x")]
    [InlineData(".data.name | ltrimstr(\"al\")", "\"ice\"")]
    [InlineData("[3,1,2] | sort", "[1,2,3]")]
    [InlineData("[null, true, 1, \"a\", [], {}] | sort | map(type)", "x")]
    [InlineData("isempty(empty)", "true")]
    [InlineData("first(.meta.tags[])", "\"ping\"")]
    [InlineData("[.. | numbers] | length", "6")]
    public void Builtins(string expr, string expected)
    {
        if (expected == "x")
        {
            Assert.Throws<JqCompileException>(() => JqParser.Parse(expr));
            return;
        }
        Assert.Equal(expected, One(expr));
    }

    [Fact]
    public void SelectAndEmptyCanYieldNothing()
    {
        Assert.Empty(Eval("select(.seq > 100)"));
        Assert.Empty(Eval("empty"));
        Assert.Empty(Eval(".meta.tags[] | select(. == \"none\")"));
    }

    [Theory]
    [InlineData(".data.x.y")]
    [InlineData(".meta.tags.x")]
    [InlineData(".data.x[]")]
    [InlineData(".data.name | test(1)")]
    [InlineData("{} | length")]
    [InlineData("\"a\" - 1")]
    [InlineData("1 / 0")]
    [InlineData(".data.name | startswith(1)")]
    [InlineData("true | length")]
    [InlineData(".data.name | test(\"(\")")]
    public void RuntimeErrorsThrow(string expr)
    {
        if (expr.StartsWith('{'))
        {
            Assert.Throws<JqCompileException>(() => JqParser.Parse(expr));
            return;
        }
        Assert.Throws<JqRuntimeException>(() => Eval(expr));
    }

    [Theory]
    [InlineData(".data.x.y?", new string[0])]
    [InlineData("try .data.x.y", new string[0])]
    [InlineData("try error_not_used catch .", null)]
    [InlineData("(.data.x.y)? // \"fallback\"", new[] { "\"fallback\"" })]
    [InlineData(".data.x.y? // \"fallback\"", new[] { "\"fallback\"" })]
    [InlineData("try (1, .data.x.y, 3)", new[] { "1" })]
    [InlineData("try .data.x.y catch \"caught\"", new[] { "\"caught\"" })]
    public void OptionalAndTrySuppressErrors(string expr, string[]? expected)
    {
        if (expected is null)
        {
            Assert.Throws<JqCompileException>(() => JqParser.Parse(expr));
            return;
        }
        Assert.Equal(expected, Eval(expr));
    }

    [Theory]
    [InlineData("reduce .[] as $x (0; . + $x)", "reduce")]
    [InlineData(".a as $x | $x", "as")]
    [InlineData("$foo", "$foo")]
    [InlineData("def f: 1; f", "def")]
    [InlineData("{a: 1}", "object construction")]
    [InlineData("\"\\(.a)\"", "string interpolation")]
    [InlineData(".a = 1", "assignment")]
    [InlineData(".a |= 1", "assignment")]
    [InlineData("@base64", "@format")]
    [InlineData("foo", "foo/0")]
    [InlineData("ascii_downcase(1)", "ascii_downcase/1")]
    [InlineData("limit(1; .[])", "limit")]
    public void UnsupportedConstructsAreNamed(string expr, string construct)
    {
        var ex = Assert.Throws<JqCompileException>(() => JqParser.Parse(expr));
        Assert.Contains(construct, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".a |")]
    [InlineData("(.a")]
    [InlineData(".a ==")]
    [InlineData("1 == 2 == 3")]
    [InlineData(".[")]
    [InlineData("\"open")]
    [InlineData("and")]
    [InlineData(".a ]")]
    [InlineData("if true then 1")]
    public void SyntaxErrorsAreCompileErrors(string expr) => Assert.Throws<JqCompileException>(() => JqParser.Parse(expr));

    [Theory]
    [InlineData(".data.ok == true", true)]
    [InlineData(".data.ok", true)]
    [InlineData(".data.x == 2", false)]
    [InlineData("any(.meta.tags[]; . == \"ping\")", true)]
    [InlineData(".meta.tags | contains([\"urgent\"])", true)]
    [InlineData(".meta.tags[] == \"urgent\"", true)]   // several outputs: any true matches
    [InlineData(".meta.tags[] == \"zzz\"", false)]
    [InlineData("select(.seq > 100) | true", false)]  // no output: no match
    [InlineData(".data.x.y == 1", false)]              // runtime error counts as false
    [InlineData("(.meta.tags | index(\"urgent\")) != null", true)]
    [InlineData(".data.level | test(\"err\")", true)]
    [InlineData(".data.missing // false", false)]
    public void WherePredicateMatching(string expr, bool expected) => Assert.Equal(expected, Where(expr));

    [Theory]
    [InlineData(".data.x")]
    [InlineData(".data.name")]
    [InlineData(".data.missing")]
    [InlineData(".meta.tags | index(\"urgent\")")]
    public void NonBooleanPredicateIsUsageError(string expr)
    {
        var ex = Assert.Throws<PlasmiteException>(() => Where(expr));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal("filter expression must yield booleans", ex.Message);
    }

    [Fact]
    public void FalseBeforeNonBooleanStillErrorsButTrueFirstMatches()
    {
        Assert.True(Where("true, 1"));
        Assert.Throws<PlasmiteException>(() => Where("false, 1"));
    }

    [Fact]
    public void CompileErrorsAreUsageInvalidFilterExpression()
    {
        var ex = Assert.Throws<PlasmiteException>(() => new WhereFilter([".data.ok ==", ".x"]));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.StartsWith("invalid filter expression", ex.Message, StringComparison.Ordinal);
        var unsupported = Assert.Throws<PlasmiteException>(() => new WhereFilter(["reduce .[] as $x (0; .)"]));
        Assert.Contains("reduce", unsupported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralWhereExpressionsMustAllHold()
    {
        using var doc = JsonDocument.Parse(Envelope);
        Assert.True(new WhereFilter([".data.x == 1", ".data.ok"]).Matches(doc.RootElement));
        Assert.False(new WhereFilter([".data.x == 1", ".data.ok == false"]).Matches(doc.RootElement));
        Assert.True(new WhereFilter([]).Matches(doc.RootElement));
    }

    [Fact]
    public void CommentsAndWhitespaceAreIgnored()
    {
        Assert.Equal("true", One("  .data.x   ==   1  # trailing comment"));
    }
}
