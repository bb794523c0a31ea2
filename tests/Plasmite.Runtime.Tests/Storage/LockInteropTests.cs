// The append lock is flock(LOCK_EX) on the pool file itself, with no .NET-owned flock (spec §7, §15.1).
using System.Diagnostics;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Process")]
public class LockInteropTests
{
    private static bool HasFlockTool => File.Exists("/usr/bin/flock") || File.Exists("/bin/flock");

    private static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    [Fact]
    public void Another_process_can_take_lock_ex_while_our_pool_is_open()
    {
        if (!OperatingSystem.IsLinux() || !HasFlockTool) return;
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("l.plasmite"), 65_536);
        pool.Append("x"u8, 1);
        using var reader = PoolFile.Open(pool.Path);
        var c = reader.CreateCursor();
        Assert.Equal(CursorStatus.Message, c.Step());
        using var p = Start("flock", "-n", "-x", pool.Path, "true");
        Assert.True(p.WaitForExit(10_000));
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public void A_managed_file_stream_would_block_that_lock()
    {
        // Control experiment: proves the test above would catch a .NET-owned flock.
        if (!OperatingSystem.IsLinux() || !HasFlockTool) return;
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled) && disabled) return;
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true") return;
        using var dir = new TempDir();
        string path = dir.File("fs.plasmite");
        using (PoolFile.Create(path, 65_536))
        {
        }
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        using var p = Start("flock", "-n", "-x", path, "true");
        Assert.True(p.WaitForExit(10_000));
        Assert.NotEqual(0, p.ExitCode);
    }

    [Fact]
    public void Append_waits_while_another_process_holds_the_lock()
    {
        if (!OperatingSystem.IsLinux() || !HasFlockTool) return;
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("w.plasmite"), 65_536);
        using var holder = Start("flock", "-x", pool.Path, "-c", "echo locked; sleep 0.6");
        Assert.Equal("locked", holder.StandardOutput.ReadLine());
        var sw = Stopwatch.StartNew();
        pool.Append("y"u8, 1);
        long waited = sw.ElapsedMilliseconds;
        Assert.True(holder.WaitForExit(10_000));
        Assert.True(waited >= 300, $"append returned after {waited} ms while the lock was held");
        Assert.Equal(1UL, pool.ReadHeader().NewestSeq);
    }

    [Fact]
    public void In_process_writers_on_one_and_two_handles_are_serialised()
    {
        using var dir = new TempDir();
        using var a = PoolFile.Create(dir.File("t.plasmite"), 262_144);
        using var b = PoolFile.Open(a.Path);
        const int PerThread = 2000;
        var threads = new[] { a, a, b, b }.Select((pool, k) => new Thread(() =>
        {
            for (int i = 0; i < PerThread; i++) pool.Append(Payload((ulong)(k * PerThread + i), 40 + (i % 200)), (ulong)k);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var h = a.ReadHeader();
        Assert.Equal((ulong)(4 * PerThread), h.NewestSeq);
        AssertValid(a);
        var dump = Dump(b);
        Assert.Equal(h.MessageCount, (ulong)dump.Count);
    }
}
