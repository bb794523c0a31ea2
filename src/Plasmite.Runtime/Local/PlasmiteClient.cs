// The local entry point: resolves pool references in a directory and opens, creates, lists and deletes pools.
using Plasmite.Storage;

namespace Plasmite;

/// <summary>
/// Opens pools in a directory (default <c>~/.plasmite/pools</c>). References resolve as the original
/// does: a name (<c>events</c> → <c>DIR/events.plasmite</c>), a file name (<c>events.plasmite</c>), or a
/// path containing <c>/</c> used as-is. Creating the client touches nothing on disk.
/// </summary>
public sealed class PlasmiteClient : IPlasmiteClient
{
    private volatile bool _closed;

    /// <summary>Binds the client to <paramref name="directory"/> (default <c>~/.plasmite/pools</c>).</summary>
    public PlasmiteClient(string? directory = null) => Directory = directory ?? PoolDirectory.DefaultDirectory;

    /// <summary>The pool directory.</summary>
    public string Directory { get; }

    /// <summary>The file path a pool reference resolves to.</summary>
    /// <exception cref="PlasmiteException">Usage for remote refs (<c>http://…</c>) or empty names.</exception>
    public string ResolvePath(string poolRef)
    {
        ThrowIfClosed();
        ArgumentNullException.ThrowIfNull(poolRef);
        return PoolDirectory.ResolveRef(poolRef, Directory);
    }

    /// <summary>Creates a pool (and any missing parent directories) and opens it.</summary>
    /// <param name="poolRef">Name, file name or path.</param>
    /// <param name="sizeBytes">Total file size; default 1 MiB.</param>
    /// <param name="indexCapacity">Index slots; default the original's automatic rule.</param>
    /// <exception cref="PlasmiteException">AlreadyExists (with path); Usage when the size cannot hold header and index.</exception>
    public PlasmitePool CreatePool(string poolRef, ulong sizeBytes = PlasmiteDefaults.PoolSizeBytes, uint? indexCapacity = null) =>
        new(PoolFile.Create(ResolvePath(poolRef), sizeBytes, indexCapacity), poolRef);

    /// <summary>Opens an existing pool.</summary>
    /// <exception cref="PlasmiteException">NotFound (with path); Corrupt for a damaged header; Usage for another format version.</exception>
    public PlasmitePool OpenPool(string poolRef) => new(PoolFile.Open(ResolvePath(poolRef)), poolRef);

    /// <summary>Opens the pool, or creates it with <paramref name="sizeBytes"/> when it does not exist (size ignored otherwise).</summary>
    public PlasmitePool Pool(string poolRef, ulong? sizeBytes = null)
    {
        string path = ResolvePath(poolRef);
        try
        {
            return new PlasmitePool(PoolFile.Open(path), poolRef);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound)
        {
            try
            {
                return new PlasmitePool(PoolFile.Create(path, sizeBytes ?? PlasmiteDefaults.PoolSizeBytes), poolRef);
            }
            catch (PlasmiteException c) when (c.Kind == ErrorKind.AlreadyExists)
            {
                // Another process created it between our open and create.
                return new PlasmitePool(PoolFile.Open(path), poolRef);
            }
        }
    }

    /// <summary>
    /// Metadata of every readable pool in the directory, sorted by name. Unreadable pools are left out
    /// (the original fails the whole call on one bad file); <see cref="ListPoolEntries"/> reports them.
    /// A missing directory is an empty list (and is not created).
    /// </summary>
    public IReadOnlyList<PoolInfo> ListPools()
    {
        var list = new List<PoolInfo>();
        foreach (var entry in ListPoolEntries())
            if (entry.Info is { } info) list.Add(info);
        return list;
    }

    /// <summary>Every <c>*.plasmite</c> file in the directory, sorted by name, with its info or the error opening it.</summary>
    internal IReadOnlyList<PoolListEntry> ListPoolEntries()
    {
        ThrowIfClosed();
        return PoolDirectory.List(Directory);
    }

    /// <summary>Metadata and metrics of one pool.</summary>
    /// <exception cref="PlasmiteException">NotFound (with path) when it does not exist.</exception>
    public PoolInfo PoolInfo(string poolRef) => PoolDirectory.Info(ResolvePath(poolRef)) with { Name = poolRef };

    /// <summary>Deletes a pool file. Processes that have it open keep their mapping.</summary>
    /// <exception cref="PlasmiteException">NotFound (with path) when it does not exist; Permission; Io.</exception>
    public void DeletePool(string poolRef) => PoolDirectory.Delete(ResolvePath(poolRef));

    /// <summary>Releases the client; later calls fail with <see cref="ErrorKind.Usage"/>. Open pools stay usable.</summary>
    public void Dispose() => _closed = true;

    IPlasmitePool IPlasmiteClient.CreatePool(string poolRef, ulong sizeBytes) => CreatePool(poolRef, sizeBytes);

    IPlasmitePool IPlasmiteClient.OpenPool(string poolRef) => OpenPool(poolRef);

    IPlasmitePool IPlasmiteClient.Pool(string poolRef, ulong? sizeBytes) => Pool(poolRef, sizeBytes);

    /// <summary>Releases the client (as <see cref="Dispose"/>).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // Local pool administration is file I/O that completes synchronously: the async forms return completed tasks.
    ValueTask<IPlasmitePool> IPlasmiteClient.CreatePoolAsync(string poolRef, ulong sizeBytes, CancellationToken cancellationToken) =>
        Local.Completed.Run((this, poolRef, sizeBytes), static s => (IPlasmitePool)s.Item1.CreatePool(s.poolRef, s.sizeBytes), cancellationToken);

    ValueTask<IPlasmitePool> IPlasmiteClient.OpenPoolAsync(string poolRef, CancellationToken cancellationToken) =>
        Local.Completed.Run((this, poolRef), static s => (IPlasmitePool)s.Item1.OpenPool(s.poolRef), cancellationToken);

    ValueTask<IPlasmitePool> IPlasmiteClient.PoolAsync(string poolRef, ulong? sizeBytes, CancellationToken cancellationToken) =>
        Local.Completed.Run((this, poolRef, sizeBytes), static s => (IPlasmitePool)s.Item1.Pool(s.poolRef, s.sizeBytes), cancellationToken);

    ValueTask<IReadOnlyList<PoolInfo>> IPlasmiteClient.ListPoolsAsync(CancellationToken cancellationToken) =>
        Local.Completed.Run(this, static c => c.ListPools(), cancellationToken);

    ValueTask<PoolInfo> IPlasmiteClient.PoolInfoAsync(string poolRef, CancellationToken cancellationToken) =>
        Local.Completed.Run((this, poolRef), static s => s.Item1.PoolInfo(s.poolRef), cancellationToken);

    ValueTask IPlasmiteClient.DeletePoolAsync(string poolRef, CancellationToken cancellationToken) =>
        Local.Completed.Run((this, poolRef), static s => s.Item1.DeletePool(s.poolRef), cancellationToken);

    private void ThrowIfClosed()
    {
        if (_closed) throw PlasmiteException.Usage("client is closed");
    }
}
