// What a manifest runs against: the local SDK on a directory, or a remote server through RemoteClient.
namespace Plasmite.Conformance;

/// <summary>A client plus what the runner may do to the files behind it.</summary>
internal interface IConformanceTarget : IDisposable
{
    /// <summary>"local" or "remote".</summary>
    string Mode { get; }

    /// <summary>The pool client every op goes through.</summary>
    IPlasmiteClient Client { get; }

    /// <summary>The pool directory on this machine, or null when the pools are out of reach
    /// (a remote server the runner did not start): local-only ops are then skipped.</summary>
    string? PoolDirectory { get; }

    /// <summary>A pool reference the CLI's <c>feed</c> accepts for <paramref name="pool"/>.</summary>
    string FeedRef(string pool);
}

/// <summary>Runs against the local SDK on the manifest's working directory.</summary>
internal sealed class LocalTarget(string directory) : IConformanceTarget
{
    public string Mode => "local";

    public IPlasmiteClient Client { get; } = new PlasmiteClient(directory);

    public string? PoolDirectory => directory;

    public string FeedRef(string pool) => pool;

    public void Dispose() => Client.Dispose();
}
