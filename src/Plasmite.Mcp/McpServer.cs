// The transport-neutral MCP dispatcher (mcp.md §2–§3, §7): one JSON-RPC message in, the response bytes out.
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Plasmite.Mcp;

/// <summary>What a server may do (mcp.md §9.5); stdio always allows both.</summary>
[Flags]
public enum McpAccess
{
    /// <summary>Read tools and resources.</summary>
    Read = 1,

    /// <summary>Write tools.</summary>
    Write = 2,

    /// <summary>Everything.</summary>
    ReadWrite = Read | Write,
}

/// <summary>Options of an <see cref="McpServer"/>.</summary>
public sealed class McpServerOptions
{
    /// <summary>The pool directory every tool works in.</summary>
    public required string Directory { get; init; }

    /// <summary>Access mode; denials are reported inside results (HTTP only, §9.5).</summary>
    public McpAccess Access { get; init; } = McpAccess.ReadWrite;

    /// <summary>When true, access-mode denials apply (HTTP); stdio has no access control.</summary>
    public bool EnforceAccess { get; init; }

    /// <summary>Takes a permit for <c>plasmite_wait</c> without queueing; null when none is free (→ Busy). Null: no limit.</summary>
    public Func<IDisposable?>? AcquireWaitPermit { get; init; }

    /// <summary>The version reported in <c>serverInfo</c>.</summary>
    public string Version { get; init; } = "0.1.0";
}

/// <summary>The outcome of one message: the response JSON, or null for a notification (no answer).</summary>
/// <param name="Response">Compact JSON-RPC response, or null.</param>
public readonly record struct McpReply(byte[]? Response);

/// <summary>Dispatches single JSON-RPC 2.0 messages to the MCP methods; stateless and thread-safe.</summary>
public sealed class McpServer
{
    private readonly McpServerOptions _options;
    private readonly McpTools _tools;

    /// <summary>Creates a server over the options' pool directory.</summary>
    public McpServer(McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _tools = new McpTools(options);
    }

    /// <summary>Handles a stdio line: invalid JSON → -32700 (§8); otherwise <see cref="Handle(JsonElement)"/>.</summary>
    public McpReply HandleText(ReadOnlyMemory<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return new McpReply(Error(null, -32700, "invalid JSON", null));
        }
        using (doc) return Handle(doc.RootElement);
    }

    /// <summary>Handles one parsed JSON-RPC message (§2.1 order); null response for notifications.</summary>
    public McpReply Handle(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object) return new(Error(null, -32600, "request must be a JSON object", null));
        JsonElement? id = null;
        if (message.TryGetProperty("id", out var idEl))
        {
            switch (idEl.ValueKind)
            {
                case JsonValueKind.String:
                case JsonValueKind.Null:
                    id = idEl; break;
                case JsonValueKind.Number:
                    if (!idEl.TryGetInt64(out _) || !IsIntegerText(idEl.GetRawText()))
                        return new(Error(null, -32600, "id must be an integer number", null));
                    id = idEl; break;
                default:
                    return new(Error(null, -32600, "id must be a string, integer number, or null", null));
            }
        }
        if (!message.TryGetProperty("jsonrpc", out var v) || v.ValueKind != JsonValueKind.String)
            return new(Error(id, -32600, "missing jsonrpc field", null));
        if (v.GetString() != "2.0") return new(Error(id, -32600, "jsonrpc must be \"2.0\"", null));
        if (!message.TryGetProperty("method", out var m) || m.ValueKind != JsonValueKind.String)
            return new(Error(id, -32600, "missing method field", null));
        JsonElement? p = message.TryGetProperty("params", out var pe) ? pe : null;
        byte[] reply = Route(id, m.GetString()!, p);
        return new(id is null ? null : reply);
    }

    /// <summary>True for a client's JSON-RPC response (HTTP answers those 202, §9.2 step 5).</summary>
    public static bool IsClientResponse(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("jsonrpc", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == "2.0"
        && message.TryGetProperty("id", out _) && !message.TryGetProperty("method", out _)
        && (message.TryGetProperty("result", out _) || message.TryGetProperty("error", out _));

    private static bool IsIntegerText(string raw)
    {
        foreach (char c in raw) if (c is '.' or 'e' or 'E') return false;
        return true;
    }

    private byte[] Route(JsonElement? id, string method, JsonElement? p)
    {
        switch (method)
        {
            case "initialize":
            case "notifications/initialized":
            case "ping":
            case "tools/list":
            case "resources/list":
                if (p is { } pv && pv.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    return Error(id, -32602, "params must be an object when provided", null);
                break;
        }
        switch (method)
        {
            case "initialize": return Result(id, w => McpText.WriteInitialize(w, _options.Version));
            case "notifications/initialized":
            case "ping": return Result(id, w => { w.WriteStartObject(); w.WriteEndObject(); });
            case "tools/list": return Result(id, w => McpText.WriteToolList(w, _options.EnforceAccess ? _options.Access : McpAccess.ReadWrite));
            case "tools/call": return ToolsCall(id, p);
            case "resources/list": return Resources(id, w => _tools.WriteResourceList(w));
            case "resources/read":
                if (p is not { ValueKind: JsonValueKind.Object } rp) return Error(id, -32602, "resources/read requires object params", null);
                if (!rp.TryGetProperty("uri", out var uri) || uri.ValueKind != JsonValueKind.String)
                    return Error(id, -32602, "resources/read requires string param `uri`", null);
                string u = uri.GetString()!;
                if (McpResourceUri.Parse(u, out string? poolName) is { } problem) return Error(id, -32602, problem, null);
                return Resources(id, w => _tools.WriteResourceRead(w, u, poolName!));
            default: return Error(id, -32601, "method not found: " + method, null);
        }
    }

    private byte[] ToolsCall(JsonElement? id, JsonElement? p)
    {
        if (p is not { ValueKind: JsonValueKind.Object } cp) return Error(id, -32602, "tools/call requires object params", null);
        if (!cp.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
            return Error(id, -32602, "tools/call requires string param `name`", null);
        JsonElement? args = null;
        if (cp.TryGetProperty("arguments", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind != JsonValueKind.Object) return Error(id, -32602, "tools/call `arguments` must be an object", null);
            args = a;
        }
        string name = n.GetString()!;
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (!_tools.Call(w, name, args)) return Error(id, -32602, "unknown tool: " + name, null);
        }
        return Wrap(id, buffer.WrittenSpan);
    }

    private byte[] Resources(JsonElement? id, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using var w = new Utf8JsonWriter(buffer, WriterOptions);
            write(w);
        }
        catch (PlasmiteException e)
        {
            if (e.Kind == ErrorKind.Permission && e.Message == McpTools.DeniedRead && e.Path is null)
                return Error(id, -32000, e.Message, w => { w.WriteString("error_kind", "Permission"); w.WriteString("hint", McpTools.AccessHint); });
            return Error(id, -32000, string.IsNullOrEmpty(e.Message) ? e.Kind.ToString() : e.Message, w =>
            {
                w.WriteString("error_kind", e.Kind.ToString());
                if (e.Hint is { } h) w.WriteString("hint", h);
                if (e.Offset is { } o) w.WriteNumber("offset", o);
                if (e.Path is { } path) w.WriteString("path", path);
                if (e.Seq is { } s) w.WriteNumber("seq", s);
            });
        }
        return Wrap(id, buffer.WrittenSpan);
    }

    internal static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static byte[] Result(JsonElement? id, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) write(w);
        return Wrap(id, buffer.WrittenSpan);
    }

    private static byte[] Wrap(JsonElement? id, ReadOnlySpan<byte> result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            WriteId(w, id);
            w.WriteString("jsonrpc", "2.0");
            w.WritePropertyName("result");
            w.WriteRawValue(result, skipInputValidation: true);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    internal static byte[] Error(JsonElement? id, int code, string message, Action<Utf8JsonWriter>? data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            if (data is not null)
            {
                w.WriteStartObject("data");
                data(w);
                w.WriteEndObject();
            }
            w.WriteString("message", message);
            w.WriteEndObject();
            WriteId(w, id);
            w.WriteString("jsonrpc", "2.0");
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteId(Utf8JsonWriter w, JsonElement? id)
    {
        w.WritePropertyName("id");
        if (id is { } e && e.ValueKind != JsonValueKind.Null) e.WriteTo(w);
        else w.WriteNullValue();
    }

    internal static string Utf8(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);
}
