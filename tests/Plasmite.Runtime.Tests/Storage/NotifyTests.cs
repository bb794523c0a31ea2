// The named-semaphore wake-up channel (spec §10).
using System.Security.Cryptography;
using System.Text;
using Plasmite.Storage;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class NotifyTests
{
    [Fact]
    public void Semaphore_name_is_sha256_of_the_realpath()
    {
        using var dir = new TempDir();
        string path = dir.File("n.plasmite");
        using (PoolFile.Create(path, 65_536))
        {
        }
        string real = new FileInfo(path).ResolveLinkTarget(true)?.FullName ?? Path.GetFullPath(path);
        string expected = "/plsm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(real)));
        Assert.Equal(expected, PoolNotifier.SemaphoreName(path));
        Assert.Equal(70, expected.Length);
        // Relative spellings of the same file give the same name.
        string viaDots = Path.Combine(dir.Path, ".", "n.plasmite");
        Assert.Equal(expected, PoolNotifier.SemaphoreName(viaDots));
    }

    [Fact]
    public void Semaphore_name_fallback_uses_the_path_as_given()
    {
        const string missing = "/definitely/not/here.plasmite";
        string expected = "/plsm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(missing)));
        Assert.Equal(expected, PoolNotifier.SemaphoreName(missing));
        Assert.Equal(expected, PoolNotifier.SemaphoreName(missing));
    }

    [Fact]
    public void Wait_times_out_then_observes_a_post_from_another_handle()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("w.plasmite"), 65_536);
        using var waiter = pool.OpenNotifier();
        Assert.NotNull(waiter);
        while (waiter!.TryConsume())
        {
        }
        Assert.Equal(NotifyWaitResult.TimedOut, waiter.Wait(TimeSpan.FromMilliseconds(20)));
        using var other = PoolFile.Open(pool.Path);
        other.Append("x"u8, 1);
        Assert.Equal(NotifyWaitResult.Signaled, waiter.Wait(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Wait_async_observes_a_post()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("a.plasmite"), 65_536);
        using var waiter = pool.OpenNotifier()!;
        while (waiter.TryConsume())
        {
        }
        Assert.Equal(NotifyWaitResult.TimedOut, await waiter.WaitAsync(TimeSpan.FromMilliseconds(10)));
        var pending = waiter.WaitAsync(TimeSpan.FromSeconds(5));
        pool.Append("x"u8, 1);
        Assert.Equal(NotifyWaitResult.Signaled, await pending);
    }

    [Fact]
    public void Polling_fallback_sleeps_without_a_notifier()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(NotifyWaitResult.TimedOut, PoolNotifier.WaitOrSleep(null, TimeSpan.FromMilliseconds(20)));
        Assert.True(sw.ElapsedMilliseconds >= 15);
        using var cts = new CancellationTokenSource(10);
        Assert.Throws<OperationCanceledException>(() => PoolNotifier.WaitOrSleep(null, TimeSpan.FromSeconds(10), cts.Token));
    }

    [Fact]
    public void Wait_is_cancellable()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("c.plasmite"), 65_536);
        using var waiter = pool.OpenNotifier()!;
        while (waiter.TryConsume())
        {
        }
        using var cts = new CancellationTokenSource(50);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<OperationCanceledException>(() => waiter.Wait(TimeSpan.FromSeconds(10), cts.Token));
        Assert.True(sw.ElapsedMilliseconds < 2000);
    }
}
