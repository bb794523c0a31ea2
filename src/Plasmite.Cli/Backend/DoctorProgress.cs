// The progress display of `doctor --all` on a terminal (nothing when piped).
namespace Plasmite.Cli.Backend;

/// <summary>Progress of <c>doctor --all</c>: pools checked out of the total.</summary>
internal sealed class DoctorProgress : IDisposable
{
    private DoctorProgress()
    {
    }

    /// <summary>A progress display, or null when none is wanted (stderr not a terminal, no pools).</summary>
    public static DoctorProgress? Start(CliContext ctx, int total)
    {
        _ = ctx;
        _ = total;
        return null;
    }

    /// <summary>Names the pool being checked.</summary>
    public void Checking(string name) => _ = name;

    /// <summary>One more pool checked.</summary>
    public void Advance()
    {
    }

    public void Dispose()
    {
    }
}
