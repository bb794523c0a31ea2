// Regression (issue #20.4): a pool this process cannot write (mode 0444, another owner, a read-only mount) used to fail
// every read with Permission. It now opens read-only: reads, tails and notifications work; appends fail with Permission.
using System.Diagnostics;
using Plasmite.Storage;

namespace Plasmite.Tests.Reliability;

/// <summary>A [Fact] that needs a read-only bind mount (root bypasses file modes, so the test makes the file system
/// read-only instead); skipped with the reason where mounting is refused.</summary>
public sealed class BindMountFactAttribute : FactAttribute
{
    public BindMountFactAttribute()
    {
        if (ReadOnlyView.Unavailable is { } reason) Skip = reason;
    }
}

/// <summary>A read-only bind mount of a directory.</summary>
internal sealed class ReadOnlyView : IDisposable
{
    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "read-only bind mounts need Linux";
        using var dir = new TempDir();
        try
        {
            using var view = new ReadOnlyView(dir.Path);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return "cannot make a read-only bind mount here (needs root and mount rights): " + e.Message;
        }
    });

    public static string? Unavailable => Probe.Value;

    public ReadOnlyView(string source)
    {
        Path = Directory.CreateTempSubdirectory("plasmite-ro-").FullName;
        var r = Run("mount", "--bind", "-o", "ro", source, Path);
        if (r.Code == 0 && Writable(Path)) r = Run("mount", "-o", "remount,ro,bind", Path); // older util-linux
        if (r.Code != 0 || Writable(Path))
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path);
            throw new InvalidOperationException(r.Code != 0 ? r.Output.Trim() : "the bind mount stayed writable");
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private static bool Writable(string dir)
    {
        try
        {
            string probe = System.IO.Path.Combine(dir, ".probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}

[Trait("Category", "Process")]
public class ReadOnlyPoolTests
{
    [BindMountFact]
    public void A_pool_on_a_read_only_mount_is_readable_and_refuses_appends_with_permission()
    {
        using var dir = new TempDir();
        using var writerClient = new PlasmiteClient(dir.Path);
        using var writer = writerClient.CreatePool("p", 256 * 1024);
        for (int i = 1; i <= 20; i++) writer.AppendJson(System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"));
        using var view = new ReadOnlyView(dir.Path);

        using var file = PoolFile.Open(System.IO.Path.Combine(view.Path, "p.plasmite"));
        Assert.True(file.IsReadOnly);
        Assert.Equal(20UL, file.ReadHeader().NewestSeq);
        Assert.True(PoolValidator.Validate(file).IsOk);
        var e = Assert.Throws<PlasmiteException>(() => file.Append("x"u8, 1));
        Assert.Equal(ErrorKind.Permission, e.Kind);
        Assert.Equal(file.Path, e.Path);
        Assert.NotNull(e.Hint);

        using var readerClient = new PlasmiteClient(view.Path);
        using var reader = readerClient.OpenPool("p");
        Assert.Equal((ulong?)20, reader.Info().Bounds.Newest);
        Assert.Equal(7UL, reader.Get(7).Seq);
        Assert.Equal(ErrorKind.Permission, Assert.Throws<PlasmiteException>(() => reader.AppendJson("{}"u8)).Kind);
        Assert.Equal((ulong?)20, readerClient.Pool("p").Info().Bounds.Newest); // open-or-create opens it too

        // A follower on the read-only view sees what the writer appends afterwards (same inode, shared pages).
        Bounded.Run(TimeSpan.FromSeconds(30), () =>
        {
            var got = new List<ulong>();
            var tail = Task.Run(async () =>
            {
                await foreach (var m in reader.Tail(new TailOptions { SinceSeq = 19, MaxMessages = 3 })) got.Add(m.Seq);
            });
            writer.AppendJson("{\"i\":21}"u8);
            tail.GetAwaiter().GetResult();
            Assert.Equal([19UL, 20UL, 21UL], got);
        }, "read-only tail");
        Assert.True(reader.CanWaitForAppend || !OperatingSystem.IsLinux(), "the read-only follower has no append signal");
    }
}
