// The hosted wrapper: runs a PlasmiteConsumer for the host's lifetime, resolving handlers per message in a DI scope.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Plasmite.Consumers.Diagnostics;

namespace Plasmite.Consumers.Hosting;

/// <summary>
/// A <see cref="BackgroundService"/> over <see cref="PlasmiteConsumer"/>. No exception escapes
/// <see cref="ExecuteAsync"/> (that would stop the host): transient failures (I/O, missing pool, busy) are logged and
/// the consumer restarts after <see cref="PlasmiteConsumerOptions.RestartDelay"/>; failures that need a person
/// (corrupt or foreign checkpoint, retention gap under Stop, poison under Stop, bad options) are logged as Critical
/// and this consumer stops while the host keeps running.
/// </summary>
internal sealed class PlasmiteConsumerService<THandler, TMessage> : BackgroundService
    where THandler : class, IPlasmiteHandler<TMessage>
    where TMessage : class
{
    private readonly IServiceProvider _services;
    private readonly PlasmiteConsumerOptions _options;
    private readonly Func<Message, TMessage?> _decode;
    private readonly ILogger _log;

    public PlasmiteConsumerService(IServiceProvider services, string optionsName, Func<Message, TMessage?> decode)
    {
        _services = services;
        _options = services.GetRequiredService<IOptionsMonitor<PlasmiteConsumerOptions>>().Get(optionsName);
        _decode = decode;
        _log = services.GetService<ILoggerFactory>()?.CreateLogger("Plasmite.Consumers." + _options.Name)
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        var shared = _services.GetService<PlasmiteClient>();
        using var own = shared is null ? new PlasmiteClient(_options.Directory) : null;
        var client = shared ?? own!;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var consumer = new PlasmiteConsumer(client, _options, _log);
                await consumer.RunAsync(_decode, HandleAsync, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (PlasmiteException e) when (IsFatal(e))
            {
                ConsumerLog.Fatal(_log, e, _options.Name, _options.Pool, e.Hint ?? e.Message);
                return;
            }
#pragma warning disable CA1031 // nothing may escape ExecuteAsync: log and restart
            catch (Exception e)
#pragma warning restore CA1031
            {
                ConsumerLog.Restarting(_log, e, _options.Name, _options.Pool, (long)_options.RestartDelay.TotalMilliseconds);
                try
                {
                    await Task.Delay(_options.RestartDelay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    internal static bool IsFatal(PlasmiteException e) =>
        e.Kind is ErrorKind.Corrupt or ErrorKind.Usage or ErrorKind.RetentionGap or ErrorKind.Permission
        || (e.Kind == ErrorKind.Internal && e.Seq is not null); // poison under Stop

    private async ValueTask HandleAsync(TMessage message, CancellationToken ct)
    {
        var scope = _services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            await handler.HandleAsync(message, ct).ConfigureAwait(false);
        }
    }
}
