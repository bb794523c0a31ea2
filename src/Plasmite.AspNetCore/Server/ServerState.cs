// Per-server shared state: config, the local client over the pool directory, admission semaphores, stop token.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Plasmite.AspNetCore.Server;

internal sealed class ServerState : IDisposable
{
    private readonly SemaphoreSlim _tails;
    private readonly SemaphoreSlim _storage;
    private readonly byte[]? _expectedAuthorization;

    public ServerState(ServerSettings config, CancellationToken stopping, ILogger logger)
    {
        Config = config;
        Client = new PlasmiteClient(config.PoolDirectory);
        _tails = new SemaphoreSlim(config.MaxTailConcurrency, config.MaxTailConcurrency);
        _storage = new SemaphoreSlim(config.MaxTailConcurrency, config.MaxTailConcurrency);
        _expectedAuthorization = config.Token is { } t ? Encoding.UTF8.GetBytes("Bearer " + t) : null;
        Stopping = stopping;
        Logger = logger;
        Pools = new PoolHandles(Client);
    }

    /// <summary>Open pool handles shared by requests.</summary>
    public PoolHandles Pools { get; }

    /// <summary>Closes cached pool handles (and with them their notifier threads) after the host stopped.</summary>
    public void Dispose()
    {
        Pools.Dispose();
    }

    public ServerSettings Config { get; }

    /// <summary>The server's logger (category <c>Plasmite.AspNetCore.Server</c>).</summary>
    public ILogger Logger { get; }

    public PlasmiteClient Client { get; }

    /// <summary>Fires when the server begins shutting down: open tails end.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Checks the bearer token (remote-v0 §4.1): exact, constant-time comparison of the first header.</summary>
    public void Authenticate(HttpContext context)
    {
        if (_expectedAuthorization is null) return;
        var values = context.Request.Headers.Authorization;
        if (values.Count == 0) throw new PlasmiteException(ErrorKind.Permission, "missing bearer token");
        string presented = values[0] ?? "";
        byte[] bytes = Encoding.UTF8.GetBytes(presented);
        if (!CryptographicOperations.FixedTimeEquals(bytes, _expectedAuthorization))
            throw new PlasmiteException(ErrorKind.Permission, "invalid bearer token");
    }

    /// <summary>Auth then access mode (remote-v0 §4.3 steps 2–3).</summary>
    public void Gate(HttpContext context, bool write)
    {
        Authenticate(context);
        if (write && Config.Access == ServerAccess.ReadOnly)
            throw new PlasmiteException(ErrorKind.Permission, "forbidden: access mode disallows write operations");
        if (!write && Config.Access == ServerAccess.WriteOnly)
            throw new PlasmiteException(ErrorKind.Permission, "forbidden: access mode disallows read operations");
    }

    /// <summary>Takes a tail permit or fails with 423 at once.</summary>
    public Permit TailPermit() => _tails.Wait(0) ? new Permit(_tails)
        : throw new PlasmiteException(ErrorKind.Busy, "too many concurrent tail requests");

    /// <summary>Takes a tail permit without queueing, or null when none is free (MCP waits share the tail budget).</summary>
    public Permit? TryTailPermit() => _tails.Wait(0) ? new Permit(_tails) : null;

    /// <summary>Takes a storage permit or fails with 423 at once (no queueing).</summary>
    public Permit StoragePermit() => _storage.Wait(0) ? new Permit(_storage)
        : throw new PlasmiteException(ErrorKind.Busy, "server storage executor is saturated");

    internal sealed class Permit(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? _semaphore = semaphore;

        public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
    }
}
