// The replay timing rule shared by local and remote replays: (t[i] − t[i−1]) / speed, millisecond precision.
namespace Plasmite.Local;

internal static class ReplayPacing
{
    /// <exception cref="PlasmiteException">Usage when the speed is negative, infinite or not a number.</exception>
    public static void Validate(ReplayOptions options)
    {
        if (double.IsNaN(options.Speed) || options.Speed < 0 || double.IsInfinity(options.Speed))
            throw PlasmiteException.Usage("speed must be positive");
    }

    /// <summary>Waits the gap between two messages' timestamps scaled by <paramref name="speed"/> (0 = no wait).</summary>
    public static Task DelayAsync(ulong previousNs, ulong currentNs, double speed, CancellationToken cancellationToken)
    {
        if (speed <= 0) return Task.CompletedTask;
        long deltaMs = (long)(currentNs / 1_000_000) - (long)(previousNs / 1_000_000);
        return deltaMs > 0 ? Task.Delay(TimeSpan.FromMilliseconds(deltaMs / speed), cancellationToken) : Task.CompletedTask;
    }
}
