// Request/response plumbing shared by the routes: envelopes, pool names from the raw path, query values, bodies.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Plasmite.Remote;

namespace Plasmite.AspNetCore.Server;

/// <summary>An error with an explicit HTTP status (framework-level rejections: 413, 415, 422).</summary>
internal sealed class HttpStatusException(int status, PlasmiteException error) : Exception(error.Message, error)
{
    public int Status { get; } = status;

    public PlasmiteException Error { get; } = error;
}

internal static class ServerHttp
{
    public const string JsonContentType = "application/json";

    /// <summary>Wraps a handler: PlasmiteException → envelope with the kind's status (when nothing was sent yet).</summary>
    public static RequestDelegate Handle(ServerState state, Func<HttpContext, ServerState, Task> handler) => async context =>
    {
        try
        {
            await handler(context, state);
        }
        catch (PlasmiteException e)
        {
            await WriteErrorAsync(context, e);
        }
        catch (HttpStatusException e)
        {
            await WriteErrorAsync(context, e.Status, e.Error);
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(context, e.StatusCode, ErrorFor(e));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug below us (e.g. a decoder that throws something other than PlasmiteException on hostile input):
            // answer 500 Internal rather than dropping the connection.
            ServerLog.Unhandled(state.Logger, e, context.Request.Method, context.Request.Path.Value ?? "");
            await WriteErrorAsync(context, 500, new PlasmiteException(ErrorKind.Internal, "internal error: " + e.GetType().Name, inner: e));
        }
    };

    /// <summary>Writes <paramref name="error"/> with its kind's status (remote-v0 §2.6; the mapping is <see cref="WireError.StatusFor"/>).</summary>
    public static Task WriteErrorAsync(HttpContext context, PlasmiteException error) =>
        WriteErrorAsync(context, WireError.StatusFor(error), error);

    /// <summary>Kestrel's own refusal of a request (<see cref="BadHttpRequestException"/>: body over the limit, malformed
    /// framing) as the Usage envelope sent with that exception's status.</summary>
    public static PlasmiteException ErrorFor(BadHttpRequestException e) =>
        new(ErrorKind.Usage, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? BodyTooLarge : "bad request");

    private const string BodyTooLarge = "request body too large";

    public static async Task WriteErrorAsync(HttpContext context, int status, PlasmiteException error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = status;
        // The unread rest of an oversized body cannot be drained: tell the client this connection ends here.
        if (status == 413 && context.Request.Protocol.StartsWith("HTTP/1", StringComparison.Ordinal))
            context.Response.Headers.Connection = "close";
        await WriteJsonAsync(context, WireError.ToBytes(error), status);
    }

    public static Task WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json).AsTask();
    }

    /// <summary>
    /// Writes a whole JSON answer into the response pipe without flushing (Kestrel sends headers and body together when
    /// the handler returns). For handlers that rendered into <see cref="Scratch"/>: no await between render and copy.
    /// </summary>
    public static Task WriteJson(HttpContext context, ReadOnlySpan<byte> json)
    {
        WriteJsonUnflushed(context, json);
        return Task.CompletedTask;
    }

    /// <summary>As <see cref="WriteJson"/>, for synchronous callers.</summary>
    public static void WriteJsonUnflushed(HttpContext context, ReadOnlySpan<byte> json)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = JsonContentType;
        response.ContentLength = json.Length;
        response.BodyWriter.Write(json);
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>A per-thread, cleared buffer for rendering one answer; use it only between two awaits.</summary>
    public static ArrayBufferWriter<byte> Scratch()
    {
        var buffer = t_scratch;
        if (buffer is null || buffer.Capacity > 1 << 20) t_scratch = buffer = new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        return buffer;
    }

    /// <summary>Writes <c>{"name":…}</c> around <paramref name="body"/>.</summary>
    public static Task WriteWrappedAsync(HttpContext context, ReadOnlySpan<byte> key, Action<ArrayBufferWriter<byte>> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write("{\""u8);
        buffer.Write(key);
        buffer.Write("\":"u8);
        body(buffer);
        buffer.Write("}"u8);
        return WriteJsonAsync(context, buffer.WrittenMemory);
    }

    /// <summary>
    /// The percent-decoded pool segment that follows <paramref name="prefix"/> in the raw request target (Kestrel keeps
    /// <c>%2F</c> encoded in route values, so names are decoded here). Names with path separators are refused.
    /// </summary>
    public static string PoolName(HttpContext context, string prefix)
    {
        string raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        int q = raw.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) raw = raw[..q];
        int at = raw.IndexOf(prefix, StringComparison.Ordinal);
        string segment = at < 0 ? (context.Request.RouteValues["pool"] as string ?? "") : raw[(at + prefix.Length)..];
        int slash = segment.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0) segment = segment[..slash];
        return CheckName(Uri.UnescapeDataString(segment));
    }

    /// <summary>The runtime's one pool-name rule (<see cref="Storage.PoolName.Validate"/>): a bad name is 400 Usage.</summary>
    public static string CheckName(string name)
    {
        Storage.PoolName.Validate(name);
        return name;
    }

    public static ulong ParseSeq(HttpContext context)
    {
        string? text = context.Request.RouteValues["seq"] as string;
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seq))
            throw new PlasmiteException(ErrorKind.Usage, "invalid seq: expected an unsigned integer");
        return seq;
    }

    /// <summary>An optional u64 query parameter; repeated or unparsable → 400.</summary>
    public static ulong? QueryU64(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        if (values.Count == 0) return null;
        if (values.Count > 1) throw new PlasmiteException(ErrorKind.Usage, $"invalid query: {name} given more than once");
        if (!ulong.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
            throw new PlasmiteException(ErrorKind.Usage, $"invalid query: {name} must be an unsigned integer");
        return v;
    }

    public static string? QueryString(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        if (values.Count == 0) return null;
        if (values.Count > 1) throw new PlasmiteException(ErrorKind.Usage, $"invalid query: {name} given more than once");
        return values[0];
    }

    /// <summary>Every <c>tag=</c> pair of the raw query, form-decoded, trimmed, empty ones dropped (remote-v0 §6.5).</summary>
    public static List<string> QueryTags(HttpContext context)
    {
        var tags = new List<string>();
        string query = context.Request.QueryString.Value ?? "";
        if (query.StartsWith('?')) query = query[1..];
        foreach (string pair in query.Split('&'))
        {
            if (pair.Length == 0) continue;
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = FormDecode(eq < 0 ? pair : pair[..eq]);
            if (key != "tag") continue;
            string value = FormDecode(eq < 0 ? "" : pair[(eq + 1)..]).Trim();
            if (value.Length > 0) tags.Add(value);
        }
        return tags;
    }

    private static string FormDecode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    /// <summary>Reads the whole body within the server's limit (413 above it).</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext context, ServerState state)
    {
        ulong max = state.Config.MaxBodyBytes;
        if (context.Request.ContentLength is { } declared && (ulong)declared > max) throw TooLarge();
        var reader = context.Request.BodyReader;
        if (context.Request.ContentLength is { } length && length <= Array.MaxLength)
            return await ReadDeclaredAsync(reader, (int)length, context.RequestAborted);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(max, 16 * 1024));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted);
                foreach (var segment in result.Buffer)
                {
                    if ((ulong)(buffer.WrittenCount + segment.Length) > max) throw TooLarge();
                    buffer.Write(segment.Span);
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw TooLarge();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // A declared length (within the limit) is read straight into one array of that size: no growing buffer, one copy.
    private static async Task<byte[]> ReadDeclaredAsync(System.IO.Pipelines.PipeReader reader, int length, CancellationToken ct)
    {
        var body = length == 0 ? [] : new byte[length];
        int filled = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                var buffer = result.Buffer;
                if (filled + buffer.Length > length) throw new PlasmiteException(ErrorKind.Usage, "request body longer than its Content-Length");
                buffer.CopyTo(body.AsSpan(filled));
                filled += (int)buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || filled == length) break;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw TooLarge();
        }
        if (filled != length) throw new PlasmiteException(ErrorKind.Usage, "request body shorter than its Content-Length");
        return body;
    }

    private static HttpStatusException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, new PlasmiteException(ErrorKind.Usage, BodyTooLarge));

    /// <summary>JSON routes require <c>application/json</c> or a <c>+json</c> type (415 otherwise).</summary>
    public static void RequireJson(HttpContext context)
    {
        string? type = context.Request.ContentType;
        if (type is not null)
        {
            var media = MediaType(type);
            if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
                return;
        }
        throw new HttpStatusException(415, new PlasmiteException(ErrorKind.Usage, "expected request with `Content-Type: application/json`"));
    }

    /// <summary>The media type of a Content-Type value (before any <c>;</c>, trimmed), without allocating.</summary>
    public static ReadOnlySpan<char> MediaType(string contentType)
    {
        int semi = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semi < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semi)).Trim();
    }

    /// <summary>Parses a JSON body (400 when it is not JSON) whose root must be an object (422 otherwise).</summary>
    public static JsonDocument ParseJsonBody(byte[] body)
    {
        // JsonDocument checks UTF-8 inside strings only when they are read (GetString would throw
        // InvalidOperationException, a 500): invalid UTF-8 is a malformed body, as for the original.
        if (!System.Text.Unicode.Utf8.IsValid(body)) throw new PlasmiteException(ErrorKind.Usage, "invalid JSON body: invalid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid JSON body: " + e.Message, inner: e);
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw Shape("request body must be a JSON object");
        }
        return doc;
    }

    public static HttpStatusException Shape(string message) => new(422, new PlasmiteException(ErrorKind.Usage, message));
}
