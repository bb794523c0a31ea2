// Regression (issue #20.2): a failed pool create removes what it wrote — its file and the parent directories it
// made — and keeps directories that were there before.
using Plasmite.Storage;

namespace Plasmite.Tests.Reliability;

[Trait("Category", "Unit")]
public class CreateCleanupTests
{
    // 1 PiB: more than any test machine's disk (fallocate: no space) and above ext4's largest file (ftruncate: too
    // large); either way the create fails with Io after it made its directories and its file.
    private const ulong Impossible = 1UL << 50;

    [Fact]
    public void A_failed_create_removes_its_file_and_the_parent_directories_it_made()
    {
        if (!OperatingSystem.IsLinux()) return; // other systems keep sparse files: a 1 PiB create may succeed there
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "made", "deeper", "p.plasmite");
        var e = Assert.Throws<PlasmiteException>(() => PoolFile.Create(path, Impossible));
        Assert.Equal(ErrorKind.Io, e.Kind);
        Assert.False(File.Exists(path), "a failed create left its file behind");
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "made")), "a failed create left the directories it made");
        Assert.True(Directory.Exists(dir.Path));
    }

    [Fact]
    public void A_failed_create_keeps_directories_that_existed_before()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        string existing = Directory.CreateDirectory(Path.Combine(dir.Path, "existing")).FullName;
        File.WriteAllText(Path.Combine(existing, "other.txt"), "keep");
        using var client = new PlasmiteClient(Path.Combine(existing, "pools", "inner"));
        Assert.Equal(ErrorKind.Io, Assert.Throws<PlasmiteException>(() => client.CreatePool("p", Impossible)).Kind);
        Assert.False(Directory.Exists(Path.Combine(existing, "pools")), "the SDK's failed create left the pool directory it made");
        Assert.Equal("keep", File.ReadAllText(Path.Combine(existing, "other.txt")));

        // A create that works afterwards makes the directories again.
        using var ok = client.CreatePool("p", 64 * 1024);
        ok.AppendJson("{\"x\":1}"u8);
        Assert.True(File.Exists(Path.Combine(existing, "pools", "inner", "p.plasmite")));
    }

    [Fact]
    public void A_create_refused_before_the_file_system_makes_no_directory()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "never", "p.plasmite");
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => PoolFile.Create(path, 100)).Kind);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "never")));
    }
}
