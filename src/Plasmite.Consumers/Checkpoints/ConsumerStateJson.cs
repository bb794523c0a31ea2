// The state file's JSON text (snake_case, AOT-safe: written with Utf8JsonWriter, read with JsonDocument).
using System.Buffers;
using System.Text.Json;

namespace Plasmite.Consumers.Checkpoints;

/// <summary>Encodes and decodes <see cref="ConsumerState"/>.</summary>
internal static class ConsumerStateJson
{
    public static byte[] Encode(ConsumerState s)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", s.Format);
            w.WriteString("name", s.Name);
            w.WriteString("generation", s.Generation);
            w.WriteStartObject("pool");
            w.WriteString("path", s.PoolPath);
            w.WriteNumber("file_size", s.Pool.FileSize);
            w.WriteNumber("index_capacity", s.Pool.IndexCapacity);
            if (s.Pool.Inode is { } ino) w.WriteNumber("inode", ino); else w.WriteNull("inode");
            if (s.Pool.BirthNs is { } b) w.WriteNumber("birth_ns", b); else w.WriteNull("birth_ns");
            w.WriteEndObject();
            w.WriteNumber("committed_seq", s.Committed);
            w.WriteNumber("next_seq", s.Next);
            w.WriteStartObject("anchor");
            w.WriteNumber("seq", s.AnchorSeq);
            w.WriteNumber("time_ns", s.AnchorTimeNs);
            w.WriteEndObject();
            w.WriteStartArray("done");
            foreach (var r in s.Done)
            {
                w.WriteStartArray();
                w.WriteNumberValue(r.From);
                w.WriteNumberValue(r.To);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("leases");
            foreach (var l in s.Leases)
            {
                w.WriteStartObject();
                w.WriteNumber("seq", l.Seq);
                w.WriteString("owner", l.Owner);
                w.WriteString("host", l.Host);
                w.WriteNumber("pid", l.Pid);
                w.WriteNumber("process_start", l.ProcessStart);
                w.WriteNumber("expires_ns", l.ExpiresNs);
                w.WriteNumber("deliveries", l.Deliveries);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("counters");
            w.WriteNumber("handled", s.Handled);
            w.WriteNumber("lost", s.Lost);
            w.WriteNumber("poisoned", s.Poisoned);
            w.WriteNumber("redelivered", s.Redelivered);
            w.WriteEndObject();
            w.WriteNumber("created_ns", s.CreatedNs);
            w.WriteNumber("updated_ns", s.UpdatedNs);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes and checks a state file's bytes.</summary>
    /// <exception cref="PlasmiteException">Corrupt (with the path and the reset hint) when the text is not a valid state.</exception>
    public static ConsumerState Decode(ReadOnlyMemory<byte> json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var pool = root.GetProperty("pool");
            var anchor = root.GetProperty("anchor");
            var counters = root.GetProperty("counters");
            var s = new ConsumerState
            {
                Format = root.GetProperty("format").GetInt32(),
                Name = root.GetProperty("name").GetString() ?? "",
                Generation = root.GetProperty("generation").GetString() ?? "",
                PoolPath = pool.GetProperty("path").GetString() ?? "",
                Pool = new PoolIdentity(
                    pool.GetProperty("file_size").GetUInt64(),
                    pool.GetProperty("index_capacity").GetUInt32(),
                    pool.GetProperty("inode").ValueKind == JsonValueKind.Null ? null : pool.GetProperty("inode").GetUInt64(),
                    pool.GetProperty("birth_ns").ValueKind == JsonValueKind.Null ? null : pool.GetProperty("birth_ns").GetInt64()),
                Committed = root.GetProperty("committed_seq").GetUInt64(),
                Next = root.GetProperty("next_seq").GetUInt64(),
                AnchorSeq = anchor.GetProperty("seq").GetUInt64(),
                AnchorTimeNs = anchor.GetProperty("time_ns").GetUInt64(),
                Handled = counters.GetProperty("handled").GetUInt64(),
                Lost = counters.GetProperty("lost").GetUInt64(),
                Poisoned = counters.GetProperty("poisoned").GetUInt64(),
                Redelivered = counters.GetProperty("redelivered").GetUInt64(),
                CreatedNs = root.GetProperty("created_ns").GetInt64(),
                UpdatedNs = root.GetProperty("updated_ns").GetInt64(),
            };
            foreach (var r in root.GetProperty("done").EnumerateArray())
            {
                if (r.GetArrayLength() != 2) throw new FormatException("a done range must have two seqs");
                s.Done.Add(new SeqRange(r[0].GetUInt64(), r[1].GetUInt64()));
            }
            foreach (var l in root.GetProperty("leases").EnumerateArray())
            {
                s.Leases.Add(new Lease
                {
                    Seq = l.GetProperty("seq").GetUInt64(),
                    Owner = l.GetProperty("owner").GetString() ?? "",
                    Host = l.GetProperty("host").GetString() ?? "",
                    Pid = l.GetProperty("pid").GetInt32(),
                    ProcessStart = l.GetProperty("process_start").GetUInt64(),
                    ExpiresNs = l.GetProperty("expires_ns").GetInt64(),
                    Deliveries = l.GetProperty("deliveries").GetInt32(),
                });
            }
            if (s.Problem() is { } problem) throw new FormatException(problem);
            return s;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw Corrupt(path, e.Message, e);
        }
    }

    internal static PlasmiteException Corrupt(string path, string detail, Exception? inner = null) =>
        new(ErrorKind.Corrupt, "consumer checkpoint is corrupt: " + detail, path: path,
            hint: "The consumer refuses to guess where it was. Restore the file, or run `plasmite consumer reset POOL NAME` "
                + "(starts over from the oldest message; `--seq N` resumes at N).",
            inner: inner);
}
