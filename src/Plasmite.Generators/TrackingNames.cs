// Names of the tracked incremental pipeline steps (asserted by the caching tests).
namespace Plasmite.Generators;

/// <summary>Tracking names of the generator's pipeline steps.</summary>
public static class TrackingNames
{
    /// <summary>One model per <c>[PlasmiteMessage]</c> type.</summary>
    public const string Messages = "PlasmiteMessages";

    /// <summary>All message models collected.</summary>
    public const string Collected = "PlasmiteMessagesCollected";

    /// <summary>One model per pool (the unit of output).</summary>
    public const string Pools = "PlasmitePools";

    /// <summary>Whether the compilation references <c>IServiceCollection</c>.</summary>
    public const string HasDependencyInjection = "PlasmiteHasDependencyInjection";

    /// <summary>The pools that get a <c>services.Add{Pool}Pool()</c> extension.</summary>
    public const string InjectablePools = "PlasmiteInjectablePools";
}
