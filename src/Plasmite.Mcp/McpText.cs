// Fixed texts of the MCP surface (mcp.md §3.1, §5, §5.10): initialize result, tool definitions and schemas, keys sorted.
using System.Text;
using System.Text.Json;

namespace Plasmite.Mcp;

internal static class McpText
{
    internal const string Instructions =
        "Plasmite stores JSON messages in named, persistent, fixed-size streams called pools. " +
        "Pools are append-only ring buffers: feeding appends a message, and the oldest messages are overwritten as capacity fills. " +
        "The visible tool list is the server's effective access mode; tools that the server does not permit are omitted. " +
        "When plasmite_pool_list is available and the target pool is unknown, start there; create or delete a pool only when the task requires it. " +
        "If listing is unavailable, use a pool name supplied by the task or operator; plasmite_feed with create true can create a missing pool. " +
        "Messages contain data, optional tags, time, and an automatic sequence number; most users can ignore sequence numbers. " +
        "Use plasmite_fetch only for exact lookup of one retained sequence number. " +
        "Use plasmite_read for recent messages, time windows, and resumable ranges. " +
        "Use plasmite_wait without after_seq to wait only for future messages. " +
        "Prefer plasmite_wait over repeated plasmite_read polling when idle. " +
        "Tag filters require all specified tags. " +
        "Use after_seq, next_after_seq, and fell_behind for resumable delivery and repeated wait loops. " +
        "Tool failures set isError and include a structured error_kind. " +
        "plasmite_feed is non-idempotent, so after an ambiguous transport failure retry only when the payload has an application-level stable identifier.";

    internal static void WriteInitialize(Utf8JsonWriter w, string version)
    {
        w.WriteStartObject();
        w.WriteStartObject("capabilities");
        w.WriteStartObject("resources");
        w.WriteBoolean("listChanged", false);
        w.WriteBoolean("subscribe", false);
        w.WriteEndObject();
        w.WriteStartObject("tools");
        w.WriteBoolean("listChanged", false);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("instructions", Instructions);
        w.WriteString("protocolVersion", ProtocolVersion);
        w.WriteStartObject("serverInfo");
        w.WriteString("name", "plasmite");
        w.WriteString("version", version);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The only protocol revision answered (§1).</summary>
    internal const string ProtocolVersion = "2025-11-25";

    private const string ErrorSchema =
        """{"description":"Tool failure with a stable error_kind and optional actionable context.","properties":{"error_kind":{"enum":["Internal","Usage","NotFound","AlreadyExists","Busy","Permission","Corrupt","Io"],"type":"string"},"tool":{"type":"string"}},"required":["tool","error_kind"],"type":"object"}""";

    private const string MessageSchema =
        """{"additionalProperties":false,"properties":{"data":{},"meta":{"additionalProperties":false,"properties":{"tags":{"items":{"type":"string"},"type":"array"}},"required":["tags"],"type":"object"},"seq":{"minimum":0,"type":"integer"},"time":{"type":"string"}},"required":["seq","time","meta","data"],"type":"object"}""";

    private const string PoolSchema =
        """{"additionalProperties":true,"properties":{"bounds":{"additionalProperties":false,"description":"Current retained sequence range; empty pools have no bounds.","properties":{"newest":{"minimum":0,"type":"integer"},"oldest":{"minimum":0,"type":"integer"}},"type":"object"},"file_size":{"minimum":0,"type":"integer"},"metrics":{"type":"object"},"name":{"type":"string"},"path":{"type":"string"}},"required":["name","path","file_size","bounds"],"type":"object"}""";

    private static string ReadSchema(bool wait) =>
        """{"additionalProperties":false,"properties":{"fell_behind":{"description":"True when retention overwrote messages after the supplied cursor; those messages are gone and reading resumes at the oldest retained message.","type":"boolean"},"last_returned_seq":{"description":"Sequence number of the last matching message, or null when none matched.","minimum":0,"type":["integer","null"]},"messages":{"description":"Matching retained messages in append order.","items":"""
        + MessageSchema
        + ""","type":"array"},"newest_available_seq":{"description":"Newest message currently retained, or null for an empty pool.","minimum":0,"type":["integer","null"]},"next_after_seq":{"description":"Advanced resume cursor for the next read or repeated wait.","minimum":0,"type":["integer","null"]},"oldest_available_seq":{"description":"Oldest message still retained, or null for an empty pool.","minimum":0,"type":["integer","null"]}"""
        + (wait ? ""","timed_out":{"description":"True when no matching message arrived before the bounded timeout.","type":"boolean"}""" : "")
        + """},"required":["messages","next_after_seq","last_returned_seq","oldest_available_seq","newest_available_seq","fell_behind" """.TrimEnd()
        + (wait ? ""","timed_out"]""" : "]")
        + ""","type":"object"}""";

    private static string Single(string property, string schema) =>
        "{\"additionalProperties\":false,\"properties\":{\"" + property + "\":" + schema + "},\"required\":[\"" + property + "\"],\"type\":\"object\"}";

    private const string PoolArg = "\"" + """pool":{"description":"Pool name","type":"string"}""";
    private const string CountArg = "\"" + """count":{"description":"Max messages to return (default: 20, max: 200)","maximum":200,"minimum":1,"type":"integer"}""";
    private const string ReadTagsArg = "\"" + """tags":{"description":"Return only messages containing all specified tags; surrounding whitespace is trimmed and empty tags are rejected","items":{"type":"string"},"type":"array"}""";

    private static string Tool(string name, string description, bool readOnly, bool destructive, bool idempotent,
        string properties, string? required, string success) =>
        "{\"annotations\":{\"destructiveHint\":" + Bool(destructive) + ",\"idempotentHint\":" + Bool(idempotent)
        + ",\"openWorldHint\":false,\"readOnlyHint\":" + Bool(readOnly) + "},\"description\":" + Quote(description)
        + ",\"inputSchema\":{\"additionalProperties\":false,\"properties\":{" + properties + "}"
        + (required is null ? "" : ",\"required\":[" + required + "]") + ",\"type\":\"object\"},\"name\":\"" + name
        + "\",\"outputSchema\":{\"oneOf\":[" + success + "," + ErrorSchema + "],\"type\":\"object\"}}";

    private static string Bool(bool b) => b ? "true" : "false";

    private static string Quote(string s) => JsonSerializerQuote(s);

    private static string JsonSerializerQuote(string s)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, McpServer.WriterOptions)) w.WriteStringValue(s);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The tool definitions in §3.4 order with their access class (true = write).</summary>
    internal static readonly (string Name, bool Write, string Json)[] Tools =
    [
        ("plasmite_pool_list", false, Tool("plasmite_pool_list",
            "List the available named message pools. Start here when you do not already know which pool to use.",
            true, false, true, "", null, Single("pools", "{\"items\":" + PoolSchema + ",\"type\":\"array\"}"))),
        ("plasmite_pool_create", true, Tool("plasmite_pool_create",
            "Create a fixed-size message pool. Pools are append-only ring buffers and overwrite their oldest messages when full. If the pool already exists, this returns AlreadyExists and leaves its messages unchanged; use the existing pool as-is.",
            false, false, true,
            "\"" + """name":{"description":"Pool name","type":"string"},"size":{"description":"Fixed capacity in bytes (default: 1048576)","type":"integer"}""",
            "\"name\"", Single("pool", PoolSchema))),
        ("plasmite_pool_info", false, Tool("plasmite_pool_info",
            "Inspect a pool's fixed capacity, retained message bounds, and metrics.",
            true, false, true, PoolArg, "\"pool\"", Single("pool", PoolSchema))),
        ("plasmite_pool_delete", true, Tool("plasmite_pool_delete",
            "Permanently delete a pool and all messages it currently retains.",
            false, true, true, PoolArg, "\"pool\"",
            Single("deleted", """{"additionalProperties":false,"properties":{"pool":{"type":"string"}},"required":["pool"],"type":"object"}"""))),
        ("plasmite_feed", true, Tool("plasmite_feed",
            "Append a JSON message to a pool; this never updates or replaces an existing message. The pool must exist unless `create` is true. Retrying after an ambiguous failure can append a duplicate.",
            false, false, false,
            "\"" + """create":{"description":"Create a missing pool with the default fixed capacity (default: false)","type":"boolean"},"data":{"description":"JSON message payload (object, array, string, number, etc.)"},"pool":{"description":"Destination pool name","type":"string"},"tags":{"description":"Optional labels readers can filter on; surrounding whitespace is trimmed and empty tags are rejected","items":{"type":"string"},"type":"array"}""",
            "\"pool\",\"data\"", Single("message", MessageSchema))),
        ("plasmite_fetch", false, Tool("plasmite_fetch",
            "Advanced exact lookup: fetch one retained message by its sequence number.",
            true, false, true,
            PoolArg + ""","seq":{"description":"Sequence number","minimum":0,"type":"integer"}""",
            "\"pool\",\"seq\"", Single("message", MessageSchema))),
        ("plasmite_read", false, Tool("plasmite_read",
            "Inspect recent or retained historical messages. By default, returns the latest 20 matching messages in append order. Use `since` for a time window; `after_seq` is an advanced resume cursor.",
            true, false, true,
            "\"" + """after_seq":{"description":"Advanced: return messages after this resume cursor","minimum":0,"type":"integer"},""" + CountArg + "," + PoolArg
            + ""","since":{"description":"Time window, e.g. '5m', '1h', '2024-01-15T00:00:00Z'","type":"string"},""" + ReadTagsArg,
            "\"pool\"", ReadSchema(false))),
        ("plasmite_wait", false, Tool("plasmite_wait",
            "Wait once for new messages, returning when a matching batch arrives or the bounded timeout expires. Omit `after_seq` to start at the live edge. For repeated waits, pass the previous `next_after_seq` as `after_seq` so messages arriving between calls are not skipped.",
            true, false, true,
            "\"" + """after_seq":{"description":"Advanced: resume after this cursor; omit to wait only for future messages","minimum":0,"type":"integer"},""" + CountArg + "," + PoolArg
            + "," + ReadTagsArg + ""","timeout_ms":{"description":"Bounded wait in milliseconds (default: 10000, max: 60000)","maximum":60000,"minimum":0,"type":"integer"}""",
            "\"pool\"", ReadSchema(true))),
    ];

    internal static void WriteToolList(Utf8JsonWriter w, McpAccess access)
    {
        var sb = new StringBuilder("{\"tools\":[");
        bool first = true;
        foreach (var (_, write, json) in Tools)
        {
            if (!access.HasFlag(write ? McpAccess.Write : McpAccess.Read)) continue;
            if (!first) sb.Append(',');
            sb.Append(json);
            first = false;
        }
        sb.Append("]}");
        w.WriteRawValue(sb.ToString(), skipInputValidation: true);
    }
}
