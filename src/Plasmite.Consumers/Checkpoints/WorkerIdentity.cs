// Who this worker is (host, pid, process start) and whether the owner of a lease is still running.
using System.Globalization;
using Plasmite.Consumers.Interop;

namespace Plasmite.Consumers.Checkpoints;

/// <summary>Process identity for leases. On Linux a process is identified by pid plus its start time
/// (<c>/proc/PID/stat</c> field 22), so a reused pid is not mistaken for the dead worker.</summary>
internal static class WorkerIdentity
{
    public static readonly string Host = Environment.MachineName;

    public static readonly int Pid = Environment.ProcessId;

    public static readonly ulong ProcessStart = StartOf(Environment.ProcessId) ?? 0;

    /// <summary>A claimant for a new consumer instance.</summary>
    public static Claimant NewClaimant() =>
        new($"{Host}/{Pid}/{Guid.NewGuid().ToString("N")[..8]}", Host, Pid, ProcessStart);

    /// <summary>False only when the lease's owner is known to be gone: a process of this host that no longer runs
    /// (or whose pid now belongs to another process). Owners on other hosts count as alive (their leases expire).</summary>
    public static bool IsAlive(Lease lease)
    {
        if (!string.Equals(lease.Host, Host, StringComparison.Ordinal) || lease.Pid <= 0) return true;
        if (lease.Pid == Pid) return lease.ProcessStart == ProcessStart || lease.ProcessStart == 0;
        if (OperatingSystem.IsLinux())
        {
            ulong? start = StartOf(lease.Pid);
            if (start is null) return false;
            return lease.ProcessStart == 0 || start == lease.ProcessStart;
        }
        if (OperatingSystem.IsWindows()) return true;
        return Native.Kill(lease.Pid, 0) == 0 || Native.Errno != Native.ESRCH;
    }

    // Field 22 of /proc/PID/stat (start time in clock ticks after boot); the command name (field 2) may hold
    // spaces and parentheses, so fields are counted after the last ')'.
    private static ulong? StartOf(int pid)
    {
        if (!OperatingSystem.IsLinux()) return null;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        int close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After ')' the first field is field 3 (state): field 22 is index 19.
        if (fields.Length < 20) return null;
        if (fields[0] == "Z" || fields[0] == "X") return null; // a zombie has stopped working
        return ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : null;
    }
}
