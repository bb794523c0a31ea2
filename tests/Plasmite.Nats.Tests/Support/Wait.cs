// Bounded waits for conditions that another process makes true (a deadline, not a timing assertion).
namespace Plasmite.Nats.Tests.Support;

internal static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("gave up waiting: " + describe());
            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan limit, Func<string> describe) =>
        UntilAsync(() => Task.FromResult(condition()), limit, describe);

    /// <summary>Soak iterations: PLASMITE_SOAK (a number) or the CI-sized default.</summary>
    public static int Iterations(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("PLASMITE_SOAK"), out int n) && n > 0 ? n : ciDefault;
}
