// The error envelope of remote protocol v0 (§2.6) and the kind ↔ HTTP status rules (§4.4, §9).
using System.Buffers;
using System.Text.Json;
using Plasmite.Text;

namespace Plasmite.Remote;

/// <summary>Writes and reads <c>{"error":{"kind","message","offset","path","seq"}}</c>; maps kinds to statuses.</summary>
internal static class WireError
{
    /// <summary>Writes the envelope for <paramref name="error"/> (keys sorted; <c>hint</c> is not sent, as upstream).</summary>
    public static void Write(IBufferWriter<byte> output, PlasmiteException error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        output.Write("{\"error\":{\"kind\":"u8);
        JsonText.WriteString(output, KindName(error.Kind));
        output.Write(",\"message\":"u8);
        JsonText.WriteString(output, string.IsNullOrEmpty(error.Message) ? "error" : error.Message);
        if (error.Offset is { } offset && offset >= 0)
        {
            output.Write(",\"offset\":"u8);
            JsonText.WriteNumber(output, (ulong)offset);
        }
        if (error.Path is { } path)
        {
            output.Write(",\"path\":"u8);
            JsonText.WriteString(output, path);
        }
        if (error.Seq is { } seq)
        {
            output.Write(",\"seq\":"u8);
            JsonText.WriteNumber(output, seq);
        }
        output.Write("}}"u8);
    }

    /// <summary>The envelope as bytes.</summary>
    public static byte[] ToBytes(PlasmiteException error)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(buffer, error);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>HTTP status of a handler error: Permission is 401 unless the message starts with <c>forbidden:</c> (403).</summary>
    public static int StatusFor(PlasmiteException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            ErrorKind.Usage => 400,
            ErrorKind.Permission => error.Message.StartsWith("forbidden:", StringComparison.Ordinal) ? 403 : 401,
            ErrorKind.NotFound => 404,
            ErrorKind.AlreadyExists => 409,
            ErrorKind.RetentionGap => 410,
            ErrorKind.Busy => 423,
            _ => 500,
        };
    }

    /// <summary>The wire name of a kind (<c>NotFound</c>, …).</summary>
    public static string KindName(ErrorKind kind) => kind switch
    {
        ErrorKind.Internal => "Internal",
        ErrorKind.Usage => "Usage",
        ErrorKind.NotFound => "NotFound",
        ErrorKind.AlreadyExists => "AlreadyExists",
        ErrorKind.Busy => "Busy",
        ErrorKind.Permission => "Permission",
        ErrorKind.Corrupt => "Corrupt",
        ErrorKind.Io => "Io",
        ErrorKind.RetentionGap => "RetentionGap",
        _ => "Internal",
    };

    /// <summary>Parses a wire kind name; unknown names → <see cref="ErrorKind.Io"/> (Node parity).</summary>
    public static ErrorKind ParseKind(string? name) => name switch
    {
        "Internal" => ErrorKind.Internal,
        "Usage" => ErrorKind.Usage,
        "NotFound" => ErrorKind.NotFound,
        "AlreadyExists" => ErrorKind.AlreadyExists,
        "Busy" => ErrorKind.Busy,
        "Permission" => ErrorKind.Permission,
        "Corrupt" => ErrorKind.Corrupt,
        "Io" => ErrorKind.Io,
        "RetentionGap" => ErrorKind.RetentionGap,
        _ => ErrorKind.Io,
    };

    /// <summary>The kind a client assumes for a status whose body is not an envelope (remote-v0 §9.3).</summary>
    public static ErrorKind KindForStatus(int status) => status switch
    {
        400 or 413 => ErrorKind.Usage,
        401 or 403 => ErrorKind.Permission,
        404 => ErrorKind.NotFound,
        409 => ErrorKind.AlreadyExists,
        423 => ErrorKind.Busy,
        >= 500 and < 600 => ErrorKind.Internal,
        _ => ErrorKind.Io,
    };

    /// <summary>Builds the client-side exception from a status and a body that may or may not be an envelope.</summary>
    public static RemotePlasmiteException FromResponse(int status, ReadOnlySpan<byte> body)
    {
        if (TryParseEnvelope(body, status, out var error)) return error;
        return new RemotePlasmiteException(status, KindForStatus(status), $"Remote error {status}");
    }

    /// <summary>Parses an envelope line/body; false when it is not one.</summary>
    public static bool TryParseEnvelope(ReadOnlySpan<byte> body, int status, out RemotePlasmiteException error)
    {
        error = null!;
        if (body.IsEmpty) return false;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            return TryFromEnvelope(doc.RootElement, status, out error);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Converts a parsed envelope (an object with a truthy <c>error</c> member) into an exception.</summary>
    public static bool TryFromEnvelope(JsonElement root, int status, out RemotePlasmiteException error)
    {
        error = null!;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var e)) return false;
        if (e.ValueKind is JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined) return false;
        if (e.ValueKind != JsonValueKind.Object)
        {
            error = new RemotePlasmiteException(status, ErrorKind.Io, $"Remote error {status}");
            return true;
        }
        string? kind = Str(e, "kind");
        string? message = Str(e, "message");
        error = new RemotePlasmiteException(
            status,
            kind is null ? ErrorKind.Io : ParseKind(kind),
            string.IsNullOrEmpty(message) ? $"Remote error {status}" : message,
            path: Str(e, "path"),
            seq: e.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetUInt64(out ulong sv) ? sv : null,
            offset: e.TryGetProperty("offset", out var o) && o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out long ov) ? ov : null,
            hint: Str(e, "hint"));
        return true;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
