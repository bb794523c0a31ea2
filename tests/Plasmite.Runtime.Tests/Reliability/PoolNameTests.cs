// The one pool-name rule (issue #20.3): portable names the original accepts still work; names some file system
// cannot store are Usage before any file is touched.
using Plasmite.Storage;

namespace Plasmite.Tests.Reliability;

[Trait("Category", "Unit")]
public class PoolNameTests
{
    [Theory]
    [InlineData("chat")]
    [InlineData("chat.plasmite")]
    [InlineData("chat.PLASMITE")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("a.")]
    [InlineData("a ")]
    [InlineData(" a b ")]
    [InlineData("événements-été")]
    [InlineData("日本語")]
    [InlineData("emoji-\U0001F600")]
    [InlineData("con-log")]
    [InlineData("console")]
    [InlineData("COM10")]
    [InlineData("lpt")]
    [InlineData("a%2Fb")]
    [InlineData("with#hash&amp;=+,;[]{}'!@$^~`")]
    public void Portable_names_are_accepted_and_make_working_pools(string name)
    {
        Assert.Null(PoolName.Problem(name));
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using (var pool = client.CreatePool(name, 64 * 1024)) pool.AppendJson("{\"x\":1}"u8);
        using var again = client.OpenPool(name);
        Assert.Equal(1UL, again.Get(1).Seq);
        Assert.Equal(Path.Combine(dir.Path, PoolName.FileName(name)), again.Path);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a\u0000b", "NUL")]
    [InlineData("\u0000", "NUL")]
    [InlineData("tab\there", "control")]
    [InlineData("line\nbreak", "control")]
    [InlineData("a\\b", "separators")]
    [InlineData("a<b", "< >")]
    [InlineData("a>b", "< >")]
    [InlineData("c:drive", "< >")]
    [InlineData("say\"hi\"", "< >")]
    [InlineData("pipe|", "< >")]
    [InlineData("what?", "< >")]
    [InlineData("star*", "< >")]
    [InlineData("CON", "device")]
    [InlineData("con", "device")]
    [InlineData("nul.plasmite", "device")]
    [InlineData("Aux.log", "device")]
    [InlineData("PRN ", "device")]
    [InlineData("com1", "device")]
    [InlineData("LPT9.x", "device")]
    [InlineData("COM\u00B9", "device")]
    public void Names_a_file_system_refuses_are_usage(string name, string reason)
    {
        var problem = PoolName.Problem(name);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        var e = Assert.Throws<PlasmiteException>(() => client.CreatePool(name, 64 * 1024));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.NotNull(e.Hint);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => client.OpenPool(name)).Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => client.Pool(name)).Kind);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_lone_surrogate_is_usage()
    {
        // Built at run time: attribute arguments would turn it into U+FFFD.
        string name = "lone" + (char)0xD800;
        Assert.Contains("Unicode", PoolName.Problem(name), StringComparison.Ordinal);
        Assert.Contains("Unicode", PoolName.Problem((char)0xDC00 + "x"), StringComparison.Ordinal);
        Assert.Null(PoolName.Problem("ok\U0001F600"));
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => PoolDirectory.PathForName(name, "/d")).Kind);
    }

    [Fact]
    public void Slash_keeps_its_meaning_of_a_path_in_refs_and_is_refused_in_names()
    {
        Assert.Equal("pool name must not contain path separators", PoolName.Problem("a/b"));
        Assert.Equal("pool name must not contain path separators",
            Assert.Throws<PlasmiteException>(() => PoolDirectory.PathForName("a/b", "/d")).Message);
        Assert.Equal("./x.plasmite", PoolDirectory.ResolveRef("./x.plasmite", "/d"));
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => PoolDirectory.ResolveRef("./x\0y", "/d")).Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => PoolFile.Open("/tmp\0")).Kind);
    }

    [Fact]
    public void Length_is_counted_in_utf8_bytes_of_the_file_name()
    {
        Assert.Null(PoolName.Problem(new string('a', 255 - 9)));
        Assert.Contains("too long", PoolName.Problem(new string('a', 255 - 8)), StringComparison.Ordinal);
        Assert.Null(PoolName.Problem(new string('a', 246) + ".plasmite")); // 255 bytes, used as the file name
        Assert.NotNull(PoolName.Problem(new string('é', 124))); // 248 bytes + 9
        Assert.Null(PoolName.Problem(new string('é', 123))); // 246 bytes + 9
        Assert.NotNull(PoolName.Problem(new string('a', 300)));

        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using (client.CreatePool(new string('a', 246), 64 * 1024))
        {
        }
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => client.CreatePool(new string('a', 300), 64 * 1024)).Kind);
    }
}
