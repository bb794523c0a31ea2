// A tiny tmpfs mounted for one test (disk-full tests), and a [Fact] skipped with the reason where mounting is refused.
using System.Diagnostics;

namespace Plasmite.Tests.Reliability;

/// <summary>A [Fact] that runs only where this process may mount a tmpfs (root on Linux, not in a locked-down
/// container); elsewhere it is skipped and the reason is printed in the test report.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (SmallTmpfs.Unavailable is { } reason) Skip = reason;
    }
}

internal sealed class SmallTmpfs : IDisposable
{
    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "disk-full tests need Linux (tmpfs)";
        try
        {
            using var t = new SmallTmpfs(64 * 1024);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return "cannot mount a small tmpfs here (needs root and mount rights): " + e.Message;
        }
    });

    /// <summary>Null when a tmpfs can be mounted, else why not.</summary>
    public static string? Unavailable => Probe.Value;

    public SmallTmpfs(long sizeBytes)
    {
        Path = Directory.CreateTempSubdirectory("plasmite-tmpfs-").FullName;
        var r = Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", Path);
        if (r.Code != 0)
        {
            Directory.Delete(Path);
            throw new InvalidOperationException(r.Output.Trim());
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Fills the file system with one file until no byte is left; returns its path.</summary>
    public string FillUp()
    {
        string filler = File("filler");
        var chunk = new byte[4096];
        Array.Fill(chunk, (byte)0x5A);
        using var fs = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        try
        {
            while (true) fs.Write(chunk);
        }
        catch (IOException)
        {
        }
        try
        {
            fs.Dispose();
        }
        catch (IOException)
        {
        }
        return filler;
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
