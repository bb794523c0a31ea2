// Async forms of local operations: the engine's calls complete synchronously, so they return completed ValueTasks.
namespace Plasmite.Local;

internal static class Completed
{
    /// <summary>Runs <paramref name="operation"/> now and returns its result (or its exception) as a completed task,
    /// after checking <paramref name="cancellationToken"/>. Static lambdas plus a state argument: no closure.</summary>
    public static ValueTask<T> Run<TState, T>(TState state, Func<TState, T> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<T>(cancellationToken);
        try
        {
            return ValueTask.FromResult(operation(state));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<T>(e);
        }
    }

    /// <inheritdoc cref="Run{TState, T}"/>
    public static ValueTask Run<TState>(TState state, Action<TState> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        try
        {
            operation(state);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }
}
