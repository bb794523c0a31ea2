// `services.AddPlasmiteConsumer<THandler>(pool, name)`: options (validated at start), the scoped handler, the hosted service.
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Plasmite;
using Plasmite.Consumers;
using Plasmite.Consumers.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers durable Plasmite consumers as hosted services.</summary>
public static class PlasmiteConsumerServiceCollectionExtensions
{
    /// <summary>
    /// Runs a consumer named <paramref name="name"/> over <paramref name="pool"/> for the host's lifetime, calling
    /// <typeparamref name="THandler"/> (registered as scoped if not registered yet; one scope per message) for every
    /// message. The pool is opened through the registered <see cref="PlasmiteClient"/> when there is one, otherwise
    /// through a client on <see cref="PlasmiteConsumerOptions.Directory"/>. Options are validated at host start.
    /// Register several times (different names or pools) for several consumers; run the same registration in several
    /// processes to share the work.
    /// </summary>
    public static IServiceCollection AddPlasmiteConsumer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, string pool, string name,
        Action<PlasmiteConsumerOptions>? configure = null)
        where THandler : class, IPlasmiteHandler<Message> =>
        services.AddPlasmiteConsumer<THandler, Message>(pool, name, static m => m, configure);

    /// <summary>
    /// Typed variant: <paramref name="decode"/> turns each <see cref="Message"/> into <typeparamref name="TMessage"/>
    /// (for a generated pool: <c>EventsMessage.From</c>); null means "not for this handler" and the message is
    /// checkpointed without a call. See <see cref="AddPlasmiteConsumer{THandler}"/>.
    /// </summary>
    public static IServiceCollection AddPlasmiteConsumer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler, TMessage>(this IServiceCollection services, string pool, string name,
        Func<Message, TMessage?> decode, Action<PlasmiteConsumerOptions>? configure = null)
        where THandler : class, IPlasmiteHandler<TMessage>
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(decode);
        string optionsName = "plasmite-consumer:" + pool + ":" + name;
        services.AddOptions<PlasmiteConsumerOptions>(optionsName)
            .Configure(o =>
            {
                o.Pool = pool;
                o.Name = name;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlasmiteConsumerOptions>, ConsumerOptionsValidator>());
        services.TryAddScoped<THandler>();
        // Not AddHostedService: its TryAddEnumerable would keep one service per handler type.
        services.AddSingleton<IHostedService>(sp => new PlasmiteConsumerService<THandler, TMessage>(sp, optionsName, decode));
        return services;
    }

    private sealed class ConsumerOptionsValidator : IValidateOptions<PlasmiteConsumerOptions>
    {
        public ValidateOptionsResult Validate(string? name, PlasmiteConsumerOptions options) =>
            options.Validate() is { } problem
                ? ValidateOptionsResult.Fail($"Plasmite consumer '{options.Name}' on '{options.Pool}': {problem}")
                : ValidateOptionsResult.Success;
    }
}
