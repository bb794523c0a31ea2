// The checkpoint files kept beside a pool: where an exporter (pool identity, last acked seq) or an importer
// (last applied stream seq, local seq) stopped. Written atomically (AtomicFile); JSON without reflection.
using System.Buffers;
using System.Text.Json;

namespace Plasmite.Nats;

/// <summary>An exporter's state beside its pool: <c>POOL.nats-export.STREAM.json</c>.</summary>
/// <param name="PoolId">The identity exported in headers and message ids (random per pool creation).</param>
/// <param name="FileId">The pool file's identity when the checkpoint was made (<see cref="FileIdentity"/>).</param>
/// <param name="LastSeq">The last pool seq the stream acknowledged (0 = none yet).</param>
/// <param name="LastTimeNs">That message's timestamp: a second check that the pool is the same one.</param>
internal sealed record ExportCheckpoint(string PoolId, string? FileId, ulong LastSeq, ulong LastTimeNs)
{
    public static string PathFor(string poolPath, string stream) => $"{poolPath}.nats-export.{stream}.json";

    public void Save(string path)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteString("pool_id", PoolId);
            if (FileId is not null) w.WriteString("file_id", FileId);
            w.WriteNumber("last_seq", LastSeq);
            w.WriteNumber("last_time_ns", LastTimeNs);
            w.WriteEndObject();
        }
        AtomicFile.Write(path, buffer.WrittenSpan);
    }

    /// <summary>The checkpoint at <paramref name="path"/>, or null when absent or unreadable (then the pool counts as new).</summary>
    public static ExportCheckpoint? Load(string path)
    {
        var bytes = AtomicFile.Read(path);
        if (bytes is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var r = doc.RootElement;
            return new ExportCheckpoint(
                r.GetProperty("pool_id").GetString() ?? throw new JsonException("pool_id"),
                r.TryGetProperty("file_id", out var f) ? f.GetString() : null,
                r.GetProperty("last_seq").GetUInt64(),
                r.GetProperty("last_time_ns").GetUInt64());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>An importer's state beside its pool: <c>POOL.nats-import.STREAM.DURABLE.json</c>.</summary>
/// <param name="StreamSeq">The last stream sequence applied to the pool (0 = none).</param>
/// <param name="LocalSeq">The pool's seq of that message (or the pool's newest seq when the import started).</param>
/// <param name="FileId">The pool file's identity when the checkpoint was made.</param>
internal sealed record ImportCheckpoint(ulong StreamSeq, ulong LocalSeq, string? FileId)
{
    public static string PathFor(string poolPath, string stream, string durable) => $"{poolPath}.nats-import.{stream}.{durable}.json";

    public void Save(string path)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteNumber("stream_seq", StreamSeq);
            w.WriteNumber("local_seq", LocalSeq);
            if (FileId is not null) w.WriteString("file_id", FileId);
            w.WriteEndObject();
        }
        AtomicFile.Write(path, buffer.WrittenSpan);
    }

    /// <exception cref="PlasmiteException">Corrupt when the file exists but cannot be read (never silently restart an import).</exception>
    public static ImportCheckpoint? Load(string path)
    {
        var bytes = AtomicFile.Read(path);
        if (bytes is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var r = doc.RootElement;
            return new ImportCheckpoint(r.GetProperty("stream_seq").GetUInt64(), r.GetProperty("local_seq").GetUInt64(),
                r.TryGetProperty("file_id", out var f) ? f.GetString() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new PlasmiteException(ErrorKind.Corrupt, "unreadable import checkpoint", path: path,
                hint: "Delete it to import the stream again from the start (messages already in the pool would be appended again).", inner: e);
        }
    }
}
