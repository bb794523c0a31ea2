// The 8 MCP tools and the pool resources (mcp.md §4–§7), run through the SDK's PlasmiteClient/PlasmitePool.
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Plasmite.Remote;
using Plasmite.Text;

namespace Plasmite.Mcp;

internal sealed class McpTools(McpServerOptions options)
{
    internal const string DeniedRead = "forbidden: access mode disallows read operations";
    internal const string DeniedWrite = "forbidden: access mode disallows write operations";
    internal const string AccessHint = "Adjust --access to permit this operation.";

    private sealed class ArgError(string field, string detail) : Exception(detail)
    {
        public string Field { get; } = field;
    }

    private sealed class Batch
    {
        public List<Message> Messages { get; } = [];
        public ulong? Next, Oldest, Newest;
        public bool FellBehind;
    }

    private PlasmiteClient Client() => new(options.Directory);

    /// <summary>Writes the tool result; false for an unknown tool.</summary>
    internal bool Call(Utf8JsonWriter w, string tool, JsonElement? args)
    {
        int index = Array.FindIndex(McpText.Tools, t => t.Name == tool);
        if (options.EnforceAccess && index >= 0)
        {
            bool write = McpText.Tools[index].Write;
            if (!options.Access.HasFlag(write ? McpAccess.Write : McpAccess.Read))
            {
                Failure(w, write ? DeniedWrite : DeniedRead, s =>
                {
                    s.WriteString("error_kind", "Permission");
                    s.WriteString("hint", AccessHint);
                    s.WriteString("tool", tool);
                });
                return true;
            }
        }
        if (index < 0) return false;
        IDisposable? permit = null;
        if (tool == "plasmite_wait" && options.AcquireWaitPermit is { } acquire)
        {
            permit = acquire();
            if (permit is null)
            {
                Failure(w, "busy: too many concurrent tail or MCP wait requests", s =>
                {
                    s.WriteString("error_kind", "Busy");
                    s.WriteString("hint", "Try again later or reduce long-lived read concurrency.");
                    s.WriteString("tool", tool);
                });
                return true;
            }
        }
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            string text;
            using (var s = new Utf8JsonWriter(buffer, McpServer.WriterOptions))
                text = Run(s, tool, args is { } a ? a : default);
            w.WriteStartObject();
            WriteContent(w, text);
            w.WritePropertyName("structuredContent");
            w.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
            w.WriteEndObject();
        }
        catch (ArgError e)
        {
            Failure(w, $"Invalid `{e.Field}` for {tool}: {e.Message}", s =>
            {
                s.WriteString("detail", e.Message);
                s.WriteString("error_kind", "Usage");
                s.WriteString("field", e.Field);
                s.WriteString("tool", tool);
            });
        }
        catch (PlasmiteException e)
        {
            string message = string.IsNullOrEmpty(e.Message) ? e.Kind.ToString() : e.Message;
            Failure(w, e.Hint is { } h ? message + ". " + h : message, s =>
            {
                s.WriteString("error_kind", e.Kind.ToString());
                if (e.Hint is { } hint) s.WriteString("hint", hint);
                s.WriteString("message", message);
                if (e.Offset is { } o) s.WriteNumber("offset", o);
                if (e.Path is { } p) s.WriteString("path", p);
                if (e.Seq is { } q) s.WriteNumber("seq", q);
                s.WriteString("tool", tool);
            });
        }
        finally
        {
            permit?.Dispose();
        }
        return true;
    }

    private static void WriteContent(Utf8JsonWriter w, string text)
    {
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("text", text);
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void Failure(Utf8JsonWriter w, string text, Action<Utf8JsonWriter> structured)
    {
        w.WriteStartObject();
        WriteContent(w, text);
        w.WriteBoolean("isError", true);
        w.WriteStartObject("structuredContent");
        structured(w);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // ---- arguments (§4.2 a, §4.4) ----

    private static void CheckKnown(JsonElement args, params string[] known)
    {
        if (args.ValueKind != JsonValueKind.Object) return;
        string? first = null;
        foreach (var p in args.EnumerateObject())
            if (Array.IndexOf(known, p.Name) < 0 && (first is null || string.CompareOrdinal(p.Name, first) < 0)) first = p.Name;
        if (first is not null) throw new ArgError(first, "unknown argument");
    }

    private static bool TryGet(JsonElement args, string key, out JsonElement value)
    {
        value = default;
        return args.ValueKind == JsonValueKind.Object && args.TryGetProperty(key, out value);
    }

    private static string RequiredString(JsonElement args, string key)
    {
        if (!TryGet(args, key, out var v) || v.ValueKind == JsonValueKind.Null) throw new ArgError(key, $"missing required `{key}` argument");
        if (v.ValueKind != JsonValueKind.String) throw new ArgError(key, $"`{key}` must be a string");
        return v.GetString()!;
    }

    private static string? OptionalString(JsonElement args, string key)
    {
        if (!TryGet(args, key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new ArgError(key, $"`{key}` must be a string");
        return v.GetString();
    }

    private static ulong? OptionalInteger(JsonElement args, string key, bool required = false)
    {
        if (!TryGet(args, key, out var v))
        {
            if (required) throw new ArgError(key, $"missing required `{key}` argument");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetUInt64(out ulong n))
            throw new ArgError(key, $"`{key}` must be a non-negative integer");
        foreach (char c in v.GetRawText())
            if (c is '.' or 'e' or 'E' or '-') throw new ArgError(key, $"`{key}` must be a non-negative integer");
        return n;
    }

    private static List<string> Tags(JsonElement args)
    {
        var tags = new List<string>();
        if (!TryGet(args, "tags", out var v)) return tags;
        if (v.ValueKind != JsonValueKind.Array) throw new ArgError("tags", "`tags` must be an array of strings");
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) throw new ArgError("tags", "`tags` must be an array of strings");
            string t = e.GetString()!.Trim();
            if (t.Length == 0) throw new ArgError("tags", "`tags` entries must not be empty");
            tags.Add(t);
        }
        return tags;
    }

    private static int Count(JsonElement args)
    {
        ulong? c = OptionalInteger(args, "count");
        if (c is { } n && (n == 0 || n > 200)) throw new ArgError("count", "count must be between 1 and 200");
        return (int)(c ?? 20);
    }

    private static ulong ParseSince(string text)
    {
        string s = text.Trim();
        const string error = "since must be RFC 3339 (2026-02-02T23:45:00Z) or relative like 5m";
        if (s.Length >= 2 && char.IsAsciiLetter(s[^1]))
        {
            bool digits = true;
            for (int i = 0; i < s.Length - 1; i++) digits &= char.IsAsciiDigit(s[i]);
            if (digits)
            {
                ulong unit = char.ToLowerInvariant(s[^1]) switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
                if (unit != 0)
                {
                    ulong now = Rfc3339.NowNs();
                    if (!ulong.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n)) return 0;
                    UInt128 back = (UInt128)n * unit * 1_000_000_000UL;
                    return back >= now ? 0 : now - (ulong)back;
                }
            }
        }
        if (Rfc3339.TryParse(s, out ulong ns)) return ns;
        if (s.Length >= 20 && s[10] is 'T' or 't'
            && DateTimeOffset.TryParseExact(s, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var dto))
        {
            long ticks = (dto.UtcDateTime - DateTime.UnixEpoch).Ticks;
            return ticks <= 0 ? 0 : (ulong)ticks * 100;
        }
        throw new ArgError("since", error);
    }

    private string PoolPath(PlasmiteClient client, string pool)
    {
        if (pool.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && pool.Contains('\\', StringComparison.Ordinal)))
            throw new PlasmiteException(ErrorKind.Usage, "pool name must not contain path separators");
        return client.ResolvePath(pool);
    }

    private PlasmitePool Open(PlasmiteClient client, string pool, string? missingHint = null)
    {
        string path = PoolPath(client, pool);
        try
        {
            return client.OpenPool(path);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound && e.Hint is null)
        {
            throw new PlasmiteException(ErrorKind.NotFound, e.Message, e.Path ?? path, e.Seq, e.Offset, missingHint ?? MissingPool(pool));
        }
    }

    private static string MissingPool(string pool) => $"Pool `{pool}` does not exist; check the name or call plasmite_pool_list when available.";

    // ---- tools ----

    private string Run(Utf8JsonWriter s, string tool, JsonElement args)
    {
        using var client = Client();
        switch (tool)
        {
            case "plasmite_pool_list":
            {
                CheckKnown(args);
                var pools = List(client);
                s.WriteStartObject();
                s.WriteStartArray("pools");
                foreach (var info in pools) WritePool(s, info, info.Name);
                s.WriteEndArray();
                s.WriteEndObject();
                return pools.Count == 0
                    ? "No pools exist yet. Create one with plasmite_pool_create, or feed with create: true."
                    : $"Listed {pools.Count} pool(s).";
            }
            case "plasmite_pool_create":
            {
                CheckKnown(args, "name", "size");
                string name = RequiredString(args, "name");
                ulong size = OptionalInteger(args, "size") ?? PlasmiteDefaults.PoolSizeBytes;
                string path = PoolPath(client, name);
                PoolInfo info;
                try
                {
                    using var pool = client.CreatePool(path, size);
                    info = pool.Info();
                }
                catch (PlasmiteException e) when (e.Kind == ErrorKind.AlreadyExists)
                {
                    throw new PlasmiteException(ErrorKind.AlreadyExists, e.Message, e.Path ?? path,
                        hint: $"Pool `{name}` already exists and its messages are unchanged; use it as-is.");
                }
                s.WriteStartObject();
                s.WritePropertyName("pool");
                WritePool(s, info, name);
                s.WriteEndObject();
                return $"Created pool `{name}`.";
            }
            case "plasmite_pool_info":
            {
                CheckKnown(args, "pool");
                string name = RequiredString(args, "pool");
                using var pool = Open(client, name);
                var info = pool.Info();
                s.WriteStartObject();
                s.WritePropertyName("pool");
                WritePool(s, info, name);
                s.WriteEndObject();
                return $"Fetched metadata for pool `{name}`.";
            }
            case "plasmite_pool_delete":
            {
                CheckKnown(args, "pool");
                string name = RequiredString(args, "pool");
                string path = PoolPath(client, name);
                try
                {
                    client.DeletePool(path);
                }
                catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound && e.Hint is null)
                {
                    throw new PlasmiteException(ErrorKind.NotFound, "failed to delete pool", e.Path ?? path, hint: MissingPool(name));
                }
                s.WriteStartObject();
                s.WriteStartObject("deleted");
                s.WriteString("pool", name);
                s.WriteEndObject();
                s.WriteEndObject();
                return $"Deleted pool `{name}`.";
            }
            case "plasmite_feed": return Feed(s, client, args);
            case "plasmite_fetch":
            {
                CheckKnown(args, "pool", "seq");
                string name = RequiredString(args, "pool");
                ulong seq = OptionalInteger(args, "seq", required: true)!.Value;
                using var pool = Open(client, name);
                var message = pool.TryGet(seq) ?? throw new PlasmiteException(ErrorKind.NotFound, "message not found", seq: seq,
                    hint: $"Sequence {seq} is not retained in `{name}`; call plasmite_read to inspect the available range.");
                s.WriteStartObject();
                s.WritePropertyName("message");
                WriteMessage(s, message);
                s.WriteEndObject();
                return $"Fetched sequence {seq} from `{name}`.";
            }
            case "plasmite_read":
            {
                if (TryGet(args, "where", out _)) throw new ArgError("where", "where filtering is not implemented on the MCP surface");
                CheckKnown(args, "pool", "count", "after_seq", "since", "tags");
                string name = RequiredString(args, "pool");
                int count = Count(args);
                ulong? after = OptionalInteger(args, "after_seq");
                string? sinceText = OptionalString(args, "since");
                var tags = Tags(args);
                ulong? since = sinceText is null ? null : ParseSince(sinceText);
                using var pool = Open(client, name);
                var batch = Read(pool, count, after, since, tags);
                WriteBatch(s, batch, null);
                return $"Read {batch.Messages.Count} message(s) from `{name}`.";
            }
            case "plasmite_wait": return Wait(s, client, args);
            default: throw new UnreachableException();
        }
    }

    private string Feed(Utf8JsonWriter s, PlasmiteClient client, JsonElement args)
    {
        CheckKnown(args, "pool", "data", "tags", "create");
        string name = RequiredString(args, "pool");
        if (!TryGet(args, "data", out var data)) throw new ArgError("data", "missing required `data` argument");
        var tags = Tags(args);
        bool create = false;
        if (TryGet(args, "create", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new ArgError("create", "`create` must be a boolean");
            create = c.GetBoolean();
        }
        string hint = $"Pool `{name}` does not exist; retry plasmite_feed with create: true, or call plasmite_pool_create first.";
        string path = PoolPath(client, name);
        PlasmitePool pool;
        try
        {
            pool = client.OpenPool(path);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound && create)
        {
            try
            {
                client.CreatePool(path).Dispose();
            }
            catch (PlasmiteException a) when (a.Kind == ErrorKind.AlreadyExists)
            {
                // A racing creator made it; open it below.
            }
            pool = Open(client, name, hint);
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound && e.Hint is null)
        {
            throw new PlasmiteException(ErrorKind.NotFound, e.Message, e.Path ?? path, hint: hint);
        }
        using (pool)
        {
            if (data.ValueKind != JsonValueKind.Object) throw new PlasmiteException(ErrorKind.Usage, "data must be object");
            var message = pool.Append(data, tags, Durability.Fast);
            s.WriteStartObject();
            s.WritePropertyName("message");
            WriteMessage(s, message);
            s.WriteEndObject();
            return $"Appended message {message.Seq} to `{name}`.";
        }
    }

    private string Wait(Utf8JsonWriter s, PlasmiteClient client, JsonElement args)
    {
        CheckKnown(args, "pool", "after_seq", "count", "timeout_ms", "tags");
        string name = RequiredString(args, "pool");
        ulong? after = OptionalInteger(args, "after_seq");
        int count = Count(args);
        ulong timeout = OptionalInteger(args, "timeout_ms") ?? 10000;
        if (timeout > 60000) throw new ArgError("timeout_ms", "timeout_ms must be <= 60000");
        var tags = Tags(args);
        using var pool = Open(client, name);
        ulong cursor = after ?? pool.Info().Bounds.Newest ?? 0;
        var clock = Stopwatch.StartNew();
        bool fellBehind = false, notify = true;
        while (true)
        {
            var batch = Read(pool, count, cursor, null, tags);
            fellBehind |= batch.FellBehind;
            batch.FellBehind = fellBehind;
            cursor = batch.Next ?? cursor;
            long remaining = (long)timeout - clock.ElapsedMilliseconds;
            if (batch.Messages.Count > 0 || remaining <= 0)
            {
                bool timedOut = batch.Messages.Count == 0;
                WriteBatch(s, batch, timedOut);
                return timedOut ? $"No new messages arrived in `{name}` before the timeout." : $"Received {batch.Messages.Count} message(s) from `{name}`.";
            }
            if (notify && pool.CanWaitForAppend) pool.WaitForAppend(TimeSpan.FromMilliseconds(Math.Min(remaining, 250)));
            else
            {
                notify = false;
                Thread.Sleep((int)Math.Min(remaining, 50));
            }
        }
    }

    private static Batch Read(PlasmitePool pool, int count, ulong? after, ulong? sinceNs, List<string> tags)
    {
        var bounds = pool.Info().Bounds;
        var batch = new Batch { Next = after, Oldest = bounds.Oldest, Newest = bounds.Newest };
        if (bounds.Oldest is not { } oldest || bounds.Newest is not { } newest) return batch;
        batch.FellBehind = after is { } a0 && a0 != ulong.MaxValue && a0 + 1 < oldest;
        if (after == ulong.MaxValue) return batch;
        ulong start = after is { } a ? Math.Max(oldest, a + 1) : oldest;
        for (ulong seq = start; seq <= newest && seq >= start; seq++)
        {
            batch.Next = seq;
            var m = pool.TryGet(seq);
            if (m is not null && HasTags(m, tags) && (sinceNs is not { } since || m.TimestampNs >= since))
            {
                batch.Messages.Add(m);
                if (after is not null)
                {
                    if (batch.Messages.Count >= count) break;
                }
                else if (batch.Messages.Count > count) batch.Messages.RemoveAt(0);
            }
            if (seq == ulong.MaxValue) break;
        }
        return batch;
    }

    private static bool HasTags(Message m, List<string> tags)
    {
        foreach (string t in tags)
        {
            bool found = false;
            foreach (string mt in m.Tags) found |= string.Equals(mt, t, StringComparison.Ordinal);
            if (!found) return false;
        }
        return true;
    }

    private static void WriteBatch(Utf8JsonWriter s, Batch b, bool? timedOut)
    {
        s.WriteStartObject();
        s.WriteBoolean("fell_behind", b.FellBehind);
        WriteSeq(s, "last_returned_seq", b.Messages.Count > 0 ? b.Messages[^1].Seq : null);
        s.WriteStartArray("messages");
        foreach (var m in b.Messages) WriteMessage(s, m);
        s.WriteEndArray();
        WriteSeq(s, "newest_available_seq", b.Newest);
        WriteSeq(s, "next_after_seq", b.Next);
        WriteSeq(s, "oldest_available_seq", b.Oldest);
        if (timedOut is { } t) s.WriteBoolean("timed_out", t);
        s.WriteEndObject();
    }

    private static void WriteSeq(Utf8JsonWriter s, string key, ulong? value)
    {
        if (value is { } v) s.WriteNumber(key, v);
        else s.WriteNull(key);
    }

    private static void WriteMessage(Utf8JsonWriter s, Message m) => s.WriteRawValue(m.ToJson(EnvelopeKeyOrder.Sorted), skipInputValidation: true);

    private static void WritePool(Utf8JsonWriter s, PoolInfo info, string? name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PoolInfoJson.Write(buffer, info, name);
        s.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }

    private static List<PoolInfo> List(PlasmiteClient client)
    {
        var pools = new List<PoolInfo>();
        foreach (var entry in client.ListPoolEntries())
        {
            if (entry.Error is { } e) throw e;
            if (entry.Info is { } info) pools.Add(info with { Name = entry.Name });
        }
        return pools;
    }

    // ---- resources (§7) ----

    internal void WriteResourceList(Utf8JsonWriter w)
    {
        if (options.EnforceAccess && !options.Access.HasFlag(McpAccess.Read)) throw new PlasmiteException(ErrorKind.Permission, DeniedRead);
        using var client = Client();
        var pools = List(client);
        pools.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        w.WriteStartObject();
        w.WriteStartArray("resources");
        foreach (var p in pools)
        {
            w.WriteStartObject();
            w.WriteString("description", $"Latest messages from pool {p.Name}; reading returns up to 20 messages ({p.FileSize} bytes fixed capacity; oldest messages are overwritten when full)");
            w.WriteString("mimeType", "application/json");
            w.WriteString("name", p.Name);
            w.WriteString("uri", "plasmite:///pools/" + p.Name);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal void WriteResourceRead(Utf8JsonWriter w, string uri, string name)
    {
        if (options.EnforceAccess && !options.Access.HasFlag(McpAccess.Read)) throw new PlasmiteException(ErrorKind.Permission, DeniedRead);
        using var client = Client();
        string path = PoolPath(client, name);
        using var pool = client.OpenPool(path);
        var batch = Read(pool, 20, null, null, []);
        var buffer = new ArrayBufferWriter<byte>();
        using (var s = new Utf8JsonWriter(buffer, McpServer.WriterOptions)) WriteBatch(s, batch, null);
        w.WriteStartObject();
        w.WriteStartArray("contents");
        w.WriteStartObject();
        w.WriteString("mimeType", "application/json");
        w.WriteString("text", McpServer.Utf8(buffer.WrittenSpan));
        w.WriteString("uri", uri);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
