// Kind derivation, JSON names (must equal JsonNamingPolicy.CamelCase), pool identifiers, pool-name rules, UTF-8 ordering.
using System.Text.Json;

namespace Plasmite.Generators.Tests;

[Trait("Category", "Unit")]
public sealed class NamingTests
{
    [Theory]
    [InlineData("Signup", "signup")]
    [InlineData("UserSignedUp", "user-signed-up")]
    [InlineData("HTTPRequest", "http-request")]
    [InlineData("IOError", "io-error")]
    [InlineData("Deploy2", "deploy2")]
    [InlineData("V2Deploy", "v2-deploy")]
    [InlineData("Order_Placed", "order-placed")]
    [InlineData("A", "a")]
    [InlineData("ABC", "abc")]
    public void Default_kind_is_kebab_case(string typeName, string kind) => Assert.Equal(kind, Naming.ToKebabCase(typeName));

    [Theory]
    [InlineData("User")]
    [InlineData("URL")]
    [InlineData("URLValue")]
    [InlineData("IOStream")]
    [InlineData("already")]
    [InlineData("X")]
    [InlineData("ID")]
    [InlineData("Id2Go")]
    [InlineData("ÉclairCount")]
    [InlineData("A_B")]
    [InlineData("")]
    public void Json_names_match_system_text_json_camel_case(string name) =>
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), Naming.ToCamelCase(name));

    [Theory]
    [InlineData("events", "Events")]
    [InlineData("audit-log.v2", "AuditLogV2")]
    [InlineData("2fast", "Pool2fast")]
    [InlineData("my_pool", "MyPool")]
    [InlineData("---", "Pool")]
    public void Pool_identifiers_are_pascal_case(string pool, string identifier) => Assert.Equal(identifier, Naming.ToPascalIdentifier(pool));

    [Theory]
    [InlineData("events", true)]
    [InlineData("events.plasmite", true)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("http://x/y", false)]
    [InlineData("foo://y", false)]
    [InlineData("..", false)]
    public void Pool_name_rules(string pool, bool valid) => Assert.Equal(valid, Naming.PoolNameProblem(pool) is null);

    [Fact]
    public void Keys_sort_by_utf8_bytes_not_utf16()
    {
        string[] keys = { "😀", "\uFF21", "é", "z", "Z", "a", "ab", "" };
        var sorted = Naming.SortByUtf8(keys, k => k);
        Assert.Equal(new[] { "", "Z", "a", "ab", "z", "é", "\uFF21", "😀" }, sorted);
        Assert.True(string.CompareOrdinal("😀", "\uFF21") < 0, "UTF-16 order differs, which is the point");
    }
}
