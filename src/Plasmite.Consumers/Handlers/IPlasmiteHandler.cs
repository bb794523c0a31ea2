// The handler contract consumers call once per message (untyped over Message, or typed through a decode function).
namespace Plasmite.Consumers;

/// <summary>
/// Handles one message of a consumer. A handler that returns normally has handled the message (it will be
/// checkpointed); one that throws is retried and then given to the poison policy. Delivery is at least once:
/// after a crash the messages of the unfinished batch are delivered again, so handlers should be idempotent.
/// </summary>
/// <typeparam name="TMessage"><see cref="Message"/> for the untyped variant, or the type a decode function produces
/// (e.g. the generated <c>EventsMessage</c>, through <c>EventsMessage.From</c>).</typeparam>
public interface IPlasmiteHandler<in TMessage>
{
    /// <summary>Handles <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Signalled when the consumer stops (host shutdown).</param>
    ValueTask HandleAsync(TMessage message, CancellationToken cancellationToken);
}
