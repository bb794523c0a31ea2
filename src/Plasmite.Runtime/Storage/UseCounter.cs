// Safe disposal of native resources (a mapping, a descriptor, a semaphore) that other threads may be using.
namespace Plasmite.Storage;

/// <summary>
/// Counts the operations in flight on a native resource so that closing it never pulls memory or a descriptor
/// from under a running call: <see cref="Close"/> stops new operations at once, and the release callback runs
/// when the last operation in flight has left. Operations hold the resource with <c>using var use = counter.Use();</c>.
/// </summary>
internal sealed class UseCounter(string ownerName, Action release)
{
    // Operations in flight plus one for "open"; the resource is released when it reaches zero.
    private int _users = 1;
    private int _closed;

    /// <summary>True once <see cref="Close"/> has been called (operations may still be finishing).</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Holds the resource for one operation.</summary>
    /// <exception cref="ObjectDisposedException">The resource has been closed.</exception>
    public Scope Use() => TryUse(out var scope) ? scope : throw new ObjectDisposedException(ownerName);

    /// <summary>As <see cref="Use"/>, but returns false instead of throwing once the resource is closed.</summary>
    public bool TryUse(out Scope scope)
    {
        while (true)
        {
            int n = Volatile.Read(ref _users);
            if (n == 0 || IsClosed)
            {
                scope = default;
                return false;
            }
            if (Interlocked.CompareExchange(ref _users, n + 1, n) == n)
            {
                scope = new Scope(this);
                return true;
            }
        }
    }

    /// <summary>Stops new operations and releases the resource once the ones in flight have left. Idempotent.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) Leave();
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _users) == 0) release();
    }

    /// <summary>One operation's hold; disposing it lets the resource go.</summary>
    public readonly ref struct Scope(UseCounter counter)
    {
        /// <summary>Ends the operation.</summary>
        public void Dispose() => counter?.Leave();
    }
}
