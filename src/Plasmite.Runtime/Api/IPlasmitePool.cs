// The pool operations shared by local and remote pools; generated typed handles use only this.
using System.Text.Json.Serialization.Metadata;
using Plasmite.Lite3;

namespace Plasmite;

/// <summary>
/// A pool handle: implemented by the local <see cref="PlasmitePool"/> and the remote <c>RemotePool</c>.
/// Generated typed pool handles are written against this interface, so they work over both.
/// Every operation has an <c>…Async</c> form: remote pools do real asynchronous HTTP (no sync-over-async); local
/// pools complete synchronously (the engine does memory-mapped I/O) and return completed tasks.
/// </summary>
public interface IPlasmitePool : IDisposable, IAsyncDisposable
{
    /// <summary>The pool reference this handle was opened with.</summary>
    string Name { get; }

    /// <summary>Appends <paramref name="json"/> (UTF-8 text of a JSON object) with the given tags.</summary>
    /// <returns>The committed seq and timestamp. Allocation-free once warm.</returns>
    /// <exception cref="PlasmiteException">Usage "invalid json" / "data must be object".</exception>
    AppendReceipt AppendJson(ReadOnlySpan<byte> json, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast);

    /// <summary>Appends <paramref name="data"/> (a JSON object) and returns the committed message.</summary>
    Message Append(System.Text.Json.JsonElement data, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast);

    /// <summary>Serializes <paramref name="value"/> with <paramref name="typeInfo"/> and appends it.</summary>
    Message<T> Append<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast);

    /// <summary>
    /// Appends <paramref name="value"/> whose <c>data</c> object is written straight into Lite3 by
    /// <paramref name="writeData"/> (the generator's fast path; the callback must write members in
    /// UTF-8 byte order of their keys, as the original stores them).
    /// </summary>
    Message<T> Append<T>(T value, JsonTypeInfo<T> typeInfo, Lite3DataWriter<T> writeData,
        IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast);

    /// <summary>Appends a pre-encoded, validated Lite3 message document; returns its seq.</summary>
    ulong AppendLite3(ReadOnlySpan<byte> payload, Durability durability = Durability.Fast);

    /// <summary>Reads message <paramref name="seq"/>.</summary>
    /// <exception cref="PlasmiteException">NotFound (with <see cref="PlasmiteException.Seq"/>) when it is not retained.</exception>
    Message Get(ulong seq);

    /// <summary>Reads message <paramref name="seq"/>, or returns null when it is not retained.</summary>
    Message? TryGet(ulong seq);

    /// <summary>Reads message <paramref name="seq"/> as <typeparamref name="T"/>.</summary>
    Message<T> Get<T>(ulong seq, JsonTypeInfo<T> typeInfo);

    /// <summary>Reads message <paramref name="seq"/> as <typeparamref name="T"/>, or null when it is not retained.</summary>
    Message<T>? TryGet<T>(ulong seq, JsonTypeInfo<T> typeInfo);

    /// <summary>
    /// The envelope of message <paramref name="seq"/> as compact JSON bytes (keys <c>seq, time, meta, data</c>, or
    /// sorted with <see cref="EnvelopeKeyOrder.Sorted"/>), as the original SDKs' <c>getJson</c>.
    /// </summary>
    /// <exception cref="PlasmiteException">NotFound (with <see cref="PlasmiteException.Seq"/>) when it is not retained.</exception>
    byte[] GetJson(ulong seq, EnvelopeKeyOrder order = EnvelopeKeyOrder.Api);

    /// <summary>Reads the stored Lite3 frame of message <paramref name="seq"/>.</summary>
    Lite3Frame GetLite3(ulong seq);

    /// <summary>Streams messages in seq order (see <see cref="TailOptions"/> for the timing rules).</summary>
    IAsyncEnumerable<Message> Tail(TailOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Streams messages as <typeparamref name="T"/>.</summary>
    IAsyncEnumerable<Message<T>> Tail<T>(JsonTypeInfo<T> typeInfo, TailOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the stored Lite3 frames (no JSON work) with the <see cref="Tail(TailOptions?, CancellationToken)"/> rules.
    /// A frame's <see cref="Lite3Frame.Payload"/> is valid only until the enumerator advances: copy it to keep it.
    /// Local pools borrow the tail's buffer and allocate nothing per retained message; remote pools read
    /// <c>…/tail_lite3</c>, copy each payload, and refuse <see cref="GapPolicy.Error"/> (Usage), which that stream
    /// cannot express.
    /// </summary>
    IAsyncEnumerable<Lite3Frame> TailLite3(TailOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="value"/> whose <c>data</c> is written straight into Lite3 by <paramref name="writeData"/>
    /// and returns only the receipt (local pools: allocation-free once warm). For generated code.
    /// </summary>
    AppendReceipt AppendLite3<T>(T value, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast);

    /// <summary>
    /// Reads message <paramref name="seq"/> and hands its stored Lite3 document to <paramref name="read"/> (valid only
    /// during the call); returns default when the message is not retained. For generated code.
    /// </summary>
    TResult? ReadFrame<TResult>(ulong seq, Lite3FrameReader<TResult> read);

    /// <summary>
    /// Streams stored frames through <paramref name="read"/>; a null result skips the message (local pools do not count
    /// skipped messages for <see cref="TailOptions.MaxMessages"/>). For generated code.
    /// </summary>
    IAsyncEnumerable<TResult> TailFrames<TResult>(Lite3FrameReader<TResult?> read, TailOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : class;

    /// <summary>Replays a range (see <see cref="ReplayOptions"/>) through <paramref name="read"/>; null skips. For generated code.</summary>
    IAsyncEnumerable<TResult> ReplayFrames<TResult>(Lite3FrameReader<TResult?> read, ReplayOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : class;

    /// <summary>Pool metadata and metrics.</summary>
    PoolInfo Info();

    /// <summary>Asynchronous <see cref="AppendJson"/>.</summary>
    ValueTask<AppendReceipt> AppendJsonAsync(ReadOnlyMemory<byte> json, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast,
        CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Append(System.Text.Json.JsonElement, IReadOnlyList{string}?, Durability)"/>.</summary>
    ValueTask<Message> AppendAsync(System.Text.Json.JsonElement data, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast,
        CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Append{T}(T, JsonTypeInfo{T}, IReadOnlyList{string}?, Durability)"/>.</summary>
    ValueTask<Message<T>> AppendAsync<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Append{T}(T, JsonTypeInfo{T}, Lite3DataWriter{T}, IReadOnlyList{string}?, Durability)"/>.</summary>
    ValueTask<Message<T>> AppendAsync<T>(T value, JsonTypeInfo<T> typeInfo, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="AppendLite3"/>.</summary>
    ValueTask<ulong> AppendLite3Async(ReadOnlyMemory<byte> payload, Durability durability = Durability.Fast, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Get(ulong)"/>.</summary>
    ValueTask<Message> GetAsync(ulong seq, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="TryGet(ulong)"/>.</summary>
    ValueTask<Message?> TryGetAsync(ulong seq, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Get{T}(ulong, JsonTypeInfo{T})"/>.</summary>
    ValueTask<Message<T>> GetAsync<T>(ulong seq, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="TryGet{T}(ulong, JsonTypeInfo{T})"/>.</summary>
    ValueTask<Message<T>?> TryGetAsync<T>(ulong seq, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="GetLite3"/>.</summary>
    ValueTask<Lite3Frame> GetLite3Async(ulong seq, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="AppendLite3{T}(T, Lite3DataWriter{T}, IReadOnlyList{string}?, Durability)"/>. For generated code.</summary>
    ValueTask<AppendReceipt> AppendLite3Async<T>(T value, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asynchronous <see cref="ReadFrame{TResult}"/>: the frame is handed to <paramref name="read"/> once it has arrived
    /// (remote pools await the HTTP response). For generated code.
    /// </summary>
    ValueTask<TResult?> ReadFrameAsync<TResult>(ulong seq, Lite3FrameReader<TResult> read, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Info"/>.</summary>
    ValueTask<PoolInfo> InfoAsync(CancellationToken cancellationToken = default);
}

/// <summary>Opens pools by reference: implemented by <see cref="PlasmiteClient"/> and <c>RemoteClient</c>.</summary>
public interface IPlasmiteClient : IDisposable, IAsyncDisposable
{
    /// <summary>Creates a pool of <paramref name="sizeBytes"/> bytes (default 1 MiB) and opens it.</summary>
    /// <exception cref="PlasmiteException">AlreadyExists when it exists; Usage when the size is too small.</exception>
    IPlasmitePool CreatePool(string poolRef, ulong sizeBytes = PlasmiteDefaults.PoolSizeBytes);

    /// <summary>Opens an existing pool.</summary>
    /// <exception cref="PlasmiteException">NotFound (with <see cref="PlasmiteException.Path"/>) when it does not exist.</exception>
    IPlasmitePool OpenPool(string poolRef);

    /// <summary>Opens the pool, creating it (with <paramref name="sizeBytes"/>, default 1 MiB) when it does not exist.
    /// The size is ignored for an existing pool.</summary>
    IPlasmitePool Pool(string poolRef, ulong? sizeBytes = null);

    /// <summary>Metadata of every pool in the client's directory.</summary>
    IReadOnlyList<PoolInfo> ListPools();

    /// <summary>Metadata and metrics of one pool.</summary>
    PoolInfo PoolInfo(string poolRef);

    /// <summary>Deletes a pool.</summary>
    /// <exception cref="PlasmiteException">NotFound (with path) when it does not exist.</exception>
    void DeletePool(string poolRef);

    /// <summary>Asynchronous <see cref="CreatePool"/>.</summary>
    ValueTask<IPlasmitePool> CreatePoolAsync(string poolRef, ulong sizeBytes = PlasmiteDefaults.PoolSizeBytes, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="OpenPool"/>.</summary>
    ValueTask<IPlasmitePool> OpenPoolAsync(string poolRef, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Pool"/>.</summary>
    ValueTask<IPlasmitePool> PoolAsync(string poolRef, ulong? sizeBytes = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="ListPools"/>.</summary>
    ValueTask<IReadOnlyList<PoolInfo>> ListPoolsAsync(CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="PoolInfo"/>.</summary>
    ValueTask<PoolInfo> PoolInfoAsync(string poolRef, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="DeletePool"/>.</summary>
    ValueTask DeletePoolAsync(string poolRef, CancellationToken cancellationToken = default);
}

/// <summary>Defaults shared with the original implementation.</summary>
public static class PlasmiteDefaults
{
    /// <summary>Default pool size: 1 MiB.</summary>
    public const ulong PoolSizeBytes = 1_048_576;

    /// <summary>The default pool directory: <c>$HOME/.plasmite/pools</c>.</summary>
    public static string PoolDirectory => Storage.PoolDirectory.DefaultDirectory;
}
