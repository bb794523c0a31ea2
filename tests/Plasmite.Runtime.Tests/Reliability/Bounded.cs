// Runs a piece of work with a hard wall-clock bound, so a reader that spins fails its test instead of hanging the suite.
namespace Plasmite.Tests.Reliability;

internal static class Bounded
{
    /// <summary>Runs <paramref name="work"/> on its own thread; fails when it has not finished after <paramref name="limit"/>.</summary>
    public static void Run(TimeSpan limit, Action work, string what)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                error = e;
            }
        })
        { IsBackground = true, Name = "bounded: " + what };
        thread.Start();
        Assert.True(thread.Join(limit), $"{what} did not finish within {limit.TotalSeconds:0.#} s (spinning or hung)");
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
    }
}
