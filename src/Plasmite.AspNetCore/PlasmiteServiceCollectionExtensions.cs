// AddPlasmite: registers PlasmiteClient / IPlasmiteClient as singletons over PlasmiteOptions, validated at start.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Plasmite.AspNetCore;

/// <summary>Options of the local Plasmite client registered by <see cref="PlasmiteServiceCollectionExtensions.AddPlasmite"/>.</summary>
public sealed class PlasmiteOptions
{
    /// <summary>Pool directory; default <c>~/.plasmite/pools</c>. Created on first pool creation, not at start.</summary>
    public string? Directory { get; set; }
}

/// <summary>Registers Plasmite with the Generic Host's service collection.</summary>
public static class PlasmiteServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PlasmiteClient"/> and <see cref="IPlasmiteClient"/> (the same singleton) over
    /// <see cref="PlasmiteOptions"/>. The options are validated when the host starts (<c>ValidateOnStart</c>): the
    /// directory, when given, must not be blank, must not be a remote URL and must not name an existing file.
    /// Calling it twice keeps the first client registration and adds the second configuration.
    /// </summary>
    public static IServiceCollection AddPlasmite(this IServiceCollection services, Action<PlasmiteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<PlasmiteOptions>();
        if (configure is not null) builder.Configure(configure);
        builder.Validate(o => Problem(o) is null, "invalid Plasmite options: the directory must be a local directory path (not blank, not a URL, not a file)")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new PlasmiteClient(sp.GetRequiredService<IOptions<PlasmiteOptions>>().Value.Directory));
        services.TryAddSingleton<IPlasmiteClient>(sp => sp.GetRequiredService<PlasmiteClient>());
        return services;
    }

    internal static string? Problem(PlasmiteOptions o)
    {
        if (o.Directory is null) return null;
        if (string.IsNullOrWhiteSpace(o.Directory)) return "blank";
        if (o.Directory.Contains("://", StringComparison.Ordinal)) return "url";
        if (File.Exists(o.Directory)) return "file";
        return null;
    }
}
