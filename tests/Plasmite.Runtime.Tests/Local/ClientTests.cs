using System.Text;
using Plasmite.Tests.Support;

namespace Plasmite.Tests.Local;

[Trait("Category", "Unit")]
public class ClientTests
{
    [Fact]
    public void Create_open_and_pool_resolve_names_like_the_original()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using (var created = client.CreatePool("events", 65536))
        {
            Assert.Equal(dir.File("events.plasmite"), created.Path);
            Assert.Equal("events", created.Name);
        }
        using (var byFileName = client.OpenPool("events.plasmite")) Assert.Equal(dir.File("events.plasmite"), byFileName.Path);
        using (var byPath = client.OpenPool(dir.File("events.plasmite"))) Assert.Equal(dir.File("events.plasmite"), byPath.Path);
        Assert.Equal(dir.File("x.plasmite"), client.ResolvePath("x"));
    }

    [Fact]
    public void Create_existing_is_AlreadyExists_with_path_and_keeps_data()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using (var p = client.CreatePool("a", 65536)) p.AppendJson("{\"x\":1}"u8);
        var e = Assert.Throws<PlasmiteException>(() => client.CreatePool("a", 65536));
        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
        Assert.Equal(dir.File("a.plasmite"), e.Path);
        using var again = client.OpenPool("a");
        Assert.Equal(1, again.Get(1).Data.GetProperty("x").GetInt32());
    }

    [Fact]
    public void Open_missing_is_NotFound_with_path()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        var e = Assert.Throws<PlasmiteException>(() => client.OpenPool("missing"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal(dir.File("missing.plasmite"), e.Path);
        Assert.Null(e.Seq);
    }

    [Fact]
    public void Pool_opens_first_and_creates_only_when_missing()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        using (var p = client.Pool("p", 65536))
        {
            Assert.Equal(65536UL, p.Info().FileSize);
            p.AppendJson("{\"n\":1}"u8);
        }
        using var again = client.Pool("p", 1 << 20); // size ignored for an existing pool
        Assert.Equal(65536UL, again.Info().FileSize);
        Assert.Equal(1UL, again.Info().Bounds.Newest);
    }

    [Fact]
    public void List_info_and_delete()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        client.CreatePool("beta", 65536).Dispose();
        client.CreatePool("alpha", 1 << 20).Dispose();
        File.WriteAllText(dir.File("broken.plasmite"), "NOPE");
        File.WriteAllText(dir.File("notes.txt"), "x");

        var pools = client.ListPools();
        Assert.Equal(["alpha", "beta"], pools.Select(p => Path.GetFileNameWithoutExtension(p.Path)).ToArray());
        var entries = client.ListPoolEntries();
        Assert.Equal(3, entries.Count);
        Assert.Equal(ErrorKind.Corrupt, entries.Single(e => e.Name == "broken").Error!.Kind);

        var info = client.PoolInfo("alpha");
        Assert.Equal("alpha", info.Name);
        Assert.Equal(1048576UL, info.FileSize);
        Assert.Null(info.Bounds.Oldest);
        Assert.Null(info.Bounds.Newest);

        client.DeletePool("beta");
        Assert.False(File.Exists(dir.File("beta.plasmite")));
        var e = Assert.Throws<PlasmiteException>(() => client.DeletePool("beta"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal(dir.File("beta.plasmite"), e.Path);
        var i = Assert.Throws<PlasmiteException>(() => client.PoolInfo("beta"));
        Assert.Equal(ErrorKind.NotFound, i.Kind);
        Assert.NotNull(i.Path);
    }

    [Fact]
    public void List_of_missing_directory_is_empty_and_not_created()
    {
        using var dir = new TempDir();
        string missing = dir.File("nope");
        using var client = new PlasmiteClient(missing);
        Assert.Empty(client.ListPools());
        Assert.False(Directory.Exists(missing));
    }

    [Theory]
    [InlineData("http://localhost:9700/events")]
    [InlineData("")]
    public void Bad_references_are_usage_errors(string poolRef)
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => client.OpenPool(poolRef)).Kind);
    }

    [Fact]
    public void Too_small_size_is_usage_and_creates_nothing()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        var e = Assert.Throws<PlasmiteException>(() => client.CreatePool("tiny", 1024));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.False(File.Exists(dir.File("tiny.plasmite")));
    }

    [Fact]
    public void Closed_client_and_pool_fail_with_usage()
    {
        using var dir = new TempDir();
        var client = new PlasmiteClient(dir.Path);
        var pool = client.CreatePool("c", 65536);
        pool.Dispose();
        pool.Dispose();
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => pool.AppendJson("{}"u8)).Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => pool.Get(1)).Kind);
        client.Dispose();
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => client.OpenPool("c")).Kind);
    }

    [Fact]
    public void Default_directory_is_under_home()
    {
        using var client = new PlasmiteClient();
        string home = Environment.GetEnvironmentVariable("HOME")!;
        Assert.Equal(Path.Combine(home, ".plasmite", "pools"), client.Directory);
    }

    [Fact]
    public void Corrupt_pool_reports_corrupt_with_path()
    {
        using var dir = new TempDir();
        using var client = new PlasmiteClient(dir.Path);
        client.CreatePool("bad", 65536).Dispose();
        File.WriteAllBytes(dir.File("bad.plasmite"), Encoding.ASCII.GetBytes("NOPE"));
        var e = Assert.Throws<PlasmiteException>(() => client.OpenPool("bad"));
        Assert.Equal(ErrorKind.Corrupt, e.Kind);
        Assert.Equal(dir.File("bad.plasmite"), e.Path);
    }
}
