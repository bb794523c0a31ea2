// Turns the client's "connection (re)opened" event into a token per connection generation: after a reconnect,
// acks and deliveries in flight before it may never arrive, so the bridge re-synchronises at once.
using NATS.Client.Core;

namespace Plasmite.Nats;

internal sealed class ReconnectSignal
{
    private CancellationTokenSource _current = new();

    public ReconnectSignal(NatsConnection conn) =>
        conn.ConnectionOpened += (_, _) =>
        {
            Interlocked.Exchange(ref _current, new CancellationTokenSource()).Cancel();
            return default;
        };

    /// <summary>Cancelled by the next reconnect.</summary>
    public CancellationToken Token => Volatile.Read(ref _current).Token;
}
