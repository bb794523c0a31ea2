// What a manifest runs against: the local SDK on a directory, or a remote server through RemoteClient.
using Plasmite.Remote;
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

/// <summary>Runs against a server through <see cref="RemoteClient"/>.</summary>
internal sealed class RemoteTarget : IConformanceTarget
{
    private readonly RemoteClient _client;
    private readonly Uri _baseUrl;
    private readonly IDisposable? _server;

    /// <param name="baseUrl">The server's base URL.</param>
    /// <param name="poolDirectory">The server's pool directory when the runner started it (local-only ops then work on it).</param>
    /// <param name="server">The server to stop on dispose, when the runner started it.</param>
    public RemoteTarget(Uri baseUrl, string? poolDirectory, IDisposable? server)
    {
        _baseUrl = baseUrl;
        _client = new RemoteClient(baseUrl);
        PoolDirectory = poolDirectory;
        _server = server;
    }

    public string Mode => "remote";

    public IPlasmiteClient Client => _client;

    public string? PoolDirectory { get; }

    // With the server's directory at hand the CLI writes the file directly; otherwise it goes through the server.
    public string FeedRef(string pool) => PoolDirectory is not null ? pool : new Uri(_baseUrl, pool).ToString();

    public void Dispose()
    {
        _client.Dispose();
        _server?.Dispose();
    }
}
