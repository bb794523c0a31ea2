// The async forms of IPlasmitePool for a local pool: memory-mapped I/O completes synchronously, so they return completed tasks.
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Plasmite.Lite3;
using Plasmite.Local;

namespace Plasmite;

public sealed partial class PlasmitePool
{
    /// <inheritdoc />
    public ValueTask<AppendReceipt> AppendJsonAsync(ReadOnlyMemory<byte> json, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default) =>
        Completed.Run((this, json, tags, durability), static s => s.Item1.AppendJson(s.json.Span, s.tags, s.durability), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Message> AppendAsync(JsonElement data, IReadOnlyList<string>? tags = null, Durability durability = Durability.Fast,
        CancellationToken cancellationToken = default) =>
        Completed.Run((this, data, tags, durability), static s => s.Item1.Append(s.data, s.tags, s.durability), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Message<T>> AppendAsync<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default) =>
        Completed.Run((this, value, typeInfo, tags, durability), static s => s.Item1.Append(s.value, s.typeInfo, s.tags, s.durability), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Message<T>> AppendAsync<T>(T value, JsonTypeInfo<T> typeInfo, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default) =>
        Completed.Run((this, value, typeInfo, writeData, tags, durability),
            static s => s.Item1.Append(s.value, s.typeInfo, s.writeData, s.tags, s.durability), cancellationToken);

    /// <inheritdoc />
    public ValueTask<ulong> AppendLite3Async(ReadOnlyMemory<byte> payload, Durability durability = Durability.Fast,
        CancellationToken cancellationToken = default) =>
        Completed.Run((this, payload, durability), static s => s.Item1.AppendLite3(s.payload.Span, s.durability), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Message> GetAsync(ulong seq, CancellationToken cancellationToken = default) =>
        Completed.Run((this, seq), static s => s.Item1.Get(s.seq), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Message?> TryGetAsync(ulong seq, CancellationToken cancellationToken = default) =>
        Completed.Run((this, seq), static s => s.Item1.TryGet(s.seq), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Message<T>> GetAsync<T>(ulong seq, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        Completed.Run((this, seq, typeInfo), static s => s.Item1.Get(s.seq, s.typeInfo), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Message<T>?> TryGetAsync<T>(ulong seq, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        Completed.Run((this, seq, typeInfo), static s => s.Item1.TryGet(s.seq, s.typeInfo), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Lite3Frame> GetLite3Async(ulong seq, CancellationToken cancellationToken = default) =>
        Completed.Run((this, seq), static s => s.Item1.GetLite3(s.seq), cancellationToken);

    /// <inheritdoc />
    public ValueTask<AppendReceipt> AppendLite3Async<T>(T value, Lite3DataWriter<T> writeData, IReadOnlyList<string>? tags = null,
        Durability durability = Durability.Fast, CancellationToken cancellationToken = default) =>
        Completed.Run((this, value, writeData, tags, durability),
            static s => s.Item1.AppendLite3(s.value, s.writeData, s.tags, s.durability), cancellationToken);

    /// <inheritdoc />
    public ValueTask<TResult?> ReadFrameAsync<TResult>(ulong seq, Lite3FrameReader<TResult> read, CancellationToken cancellationToken = default) =>
        Completed.Run((this, seq, read), static s => s.Item1.ReadFrame(s.seq, s.read), cancellationToken);

    /// <inheritdoc />
    public ValueTask<PoolInfo> InfoAsync(CancellationToken cancellationToken = default) =>
        Completed.Run(this, static p => p.Info(), cancellationToken);

    /// <summary>Closes the pool (as <see cref="Dispose"/>; nothing to await).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
