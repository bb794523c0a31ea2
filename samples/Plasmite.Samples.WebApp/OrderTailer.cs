// A BackgroundService that follows the orders pool and logs each order (the durable-consumer package replaces it with a checkpointed consumer).
namespace Plasmite.Samples.WebApp;

internal sealed partial class OrderTailer(OrdersPool orders, ILogger<OrderTailer> logger) : BackgroundService
{
    /// <summary>How many orders this process has seen (shown by GET /orders/seen).</summary>
    public static int Seen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in orders.TailOrder(new TailOptions { SinceSeq = 1 }, stoppingToken))
            {
                Interlocked.Increment(ref Seen);
                Handled(logger, message.Seq, message.Data.Item, message.Data.Quantity);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
        catch (PlasmiteException e)
        {
            // Never let an exception escape ExecuteAsync (it would stop the host): log it and end this worker.
            Failed(logger, e, e.Kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "order {Seq}: {Quantity} x {Item}")]
    private static partial void Handled(ILogger logger, ulong seq, string item, int quantity);

    [LoggerMessage(Level = LogLevel.Error, Message = "order tail stopped: {Kind}")]
    private static partial void Failed(ILogger logger, Exception exception, ErrorKind kind);
}
