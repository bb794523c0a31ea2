// The HTTP client of remote protocol v0: pool administration over HttpClient (no ASP.NET dependency).
using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Plasmite.Text;

namespace Plasmite.Remote;

/// <summary>
/// Talks to a <c>plasmite serve</c> server (this port's or the original's) over remote protocol v0. Mirrors the
/// original Node <c>RemoteClient</c>: create/open/info/list/delete pools; <see cref="OpenPool"/> returns a
/// <see cref="RemotePool"/>. Every method has a synchronous form (the <see cref="IPlasmiteClient"/> contract)
/// and an <c>…Async</c> form. Errors are <see cref="RemotePlasmiteException"/>; network failures are wrapped as
/// <see cref="ErrorKind.Io"/> with status 0. Thread-safe.
/// </summary>
public sealed class RemoteClient : IPlasmiteClient
{
    internal static readonly MediaTypeHeaderValue JsonType = new("application/json");
    internal static readonly MediaTypeHeaderValue Lite3Type = new("application/x-plasmite-lite3");
    private readonly HttpClient _http;
    private readonly HttpMessageInvoker _invoker;
    private readonly bool _ownsHttp;
    private volatile string? _token;
    private volatile bool _disposed;

    /// <summary>Creates a client for <paramref name="baseUrl"/> (<c>http</c> or <c>https</c>, no path; query and fragment are dropped).</summary>
    /// <param name="baseUrl">Server base URL, e.g. <c>http://127.0.0.1:9700</c>.</param>
    /// <param name="token">Bearer token, when the server requires one.</param>
    /// <param name="httpClient">A client to use (e.g. with a custom TLS validation callback); not disposed by this instance.
    /// Default: a private <see cref="HttpClient"/> with no overall timeout (tails are long-lived).</param>
    /// <exception cref="ArgumentException">The URL is not http(s) or has a path.</exception>
    public RemoteClient(Uri baseUrl, string? token = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("remote base URL must use http or https", nameof(baseUrl));
        if (baseUrl.AbsolutePath != "/")
            throw new ArgumentException("remote base URL must not include a path", nameof(baseUrl));
        BaseUrl = new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + "/");
        _token = token;
        if (httpClient is null)
        {
            var handler = new SocketsHttpHandler
            {
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                // A cancelled tail must close its connection at once rather than drain the stream.
                MaxResponseDrainSize = 0,
            };
            _http = new HttpClient(handler)
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            // Requests and answers go straight to the handler: HttpClient's per-request linked CancellationTokenSource
            // and response buffering are not needed (every request carries an absolute URL and its own headers).
            _invoker = new HttpMessageInvoker(handler, disposeHandler: false);
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
            _invoker = httpClient;
        }
    }

    /// <summary>Creates a client from a URL string.</summary>
    public RemoteClient(string baseUrl, string? token = null, HttpClient? httpClient = null)
        : this(new Uri(baseUrl ?? throw new ArgumentNullException(nameof(baseUrl)), UriKind.Absolute), token, httpClient)
    {
    }

    /// <summary>The server base URL (scheme, host and port; path <c>/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The bearer token sent with every request, or null.</summary>
    public string? Token => _token;

    /// <summary>Longest <c>timeout_ms</c> a tail asks for (the server's <c>--max-tail-timeout-ms</c>; default 30 s).</summary>
    public TimeSpan MaxTailTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// HTTP version of every request (default 1.1). Set <see cref="HttpVersion.Version20"/> with
    /// <see cref="HttpVersionPolicy.RequestVersionExact"/> for cleartext HTTP/2 (h2c, prior knowledge) to a server that
    /// listens for it, or with <see cref="HttpVersionPolicy.RequestVersionOrLower"/> for h2 over TLS where the server offers
    /// it (ALPN) and HTTP/1.1 otherwise. <c>plasmite serve</c> offers h2 only over TLS (docs/remote.md).
    /// </summary>
    public Version RequestVersion { get; init; } = HttpVersion.Version11;

    /// <summary>How <see cref="RequestVersion"/> is negotiated (default <see cref="HttpVersionPolicy.RequestVersionOrLower"/>).</summary>
    public HttpVersionPolicy RequestVersionPolicy { get; init; } = HttpVersionPolicy.RequestVersionOrLower;

    /// <summary>Sets the bearer token and returns this same client (as the Node client's <c>withToken</c>).</summary>
    public RemoteClient WithToken(string? token)
    {
        _token = token;
        return this;
    }

    /// <summary>Creates a pool on the server and returns its info (Node's <c>createPool</c>).</summary>
    public PoolInfo CreatePoolInfo(string name, ulong? sizeBytes = PlasmiteDefaults.PoolSizeBytes) =>
        ReadPool(Send(HttpMethod.Post, "v0/pools", CreateBody(name, sizeBytes), name));

    /// <inheritdoc cref="CreatePoolInfo"/>
    public async Task<PoolInfo> CreatePoolInfoAsync(string name, ulong? sizeBytes = PlasmiteDefaults.PoolSizeBytes,
        CancellationToken cancellationToken = default) =>
        ReadPool(await SendAsync(HttpMethod.Post, "v0/pools", CreateBody(name, sizeBytes), name, cancellationToken).ConfigureAwait(false));

    /// <summary>Creates a pool and returns a handle to it.</summary>
    /// <exception cref="RemotePlasmiteException">AlreadyExists (409), Usage (400), …</exception>
    public RemotePool CreatePool(string name, ulong sizeBytes = PlasmiteDefaults.PoolSizeBytes)
    {
        CreatePoolInfo(name, sizeBytes);
        return new RemotePool(this, name);
    }

    /// <summary>Checks that the pool exists (<c>POST /v0/pools/open</c>, a read operation) and returns a handle.</summary>
    /// <exception cref="RemotePlasmiteException">NotFound (404), Permission (403 on a write-only server), …</exception>
    public RemotePool OpenPool(string name)
    {
        Send(HttpMethod.Post, "v0/pools/open", OpenBody(name), name);
        return new RemotePool(this, name);
    }

    /// <inheritdoc cref="OpenPool"/>
    public async Task<RemotePool> OpenPoolAsync(string name, CancellationToken cancellationToken = default)
    {
        await SendAsync(HttpMethod.Post, "v0/pools/open", OpenBody(name), name, cancellationToken).ConfigureAwait(false);
        return new RemotePool(this, name);
    }

    /// <summary>Opens the pool, creating it (default 1 MiB) when the server reports NotFound.</summary>
    public RemotePool Pool(string name, ulong? sizeBytes = null)
    {
        try
        {
            return OpenPool(name);
        }
        catch (RemotePlasmiteException e) when (e.Kind == ErrorKind.NotFound && e.Status == 404)
        {
            try
            {
                return CreatePool(name, sizeBytes ?? PlasmiteDefaults.PoolSizeBytes);
            }
            catch (RemotePlasmiteException c) when (c.Kind == ErrorKind.AlreadyExists)
            {
                return OpenPool(name);
            }
        }
    }

    /// <summary>Pool info (<c>GET /v0/pools/{name}/info</c>).</summary>
    public PoolInfo PoolInfo(string name) => ReadPool(Send(HttpMethod.Get, PoolPath(name, "/info"), null, name));

    /// <inheritdoc cref="PoolInfo"/>
    public async Task<PoolInfo> PoolInfoAsync(string name, CancellationToken cancellationToken = default) =>
        ReadPool(await SendAsync(HttpMethod.Get, PoolPath(name, "/info"), null, name, cancellationToken).ConfigureAwait(false));

    /// <summary>Info of every pool on the server.</summary>
    public IReadOnlyList<PoolInfo> ListPools() => ReadPools(Send(HttpMethod.Get, "v0/pools", null, null));

    /// <inheritdoc cref="ListPools"/>
    public async Task<IReadOnlyList<PoolInfo>> ListPoolsAsync(CancellationToken cancellationToken = default) =>
        ReadPools(await SendAsync(HttpMethod.Get, "v0/pools", null, null, cancellationToken).ConfigureAwait(false));

    /// <summary>Deletes a pool.</summary>
    public void DeletePool(string name) => Send(HttpMethod.Delete, PoolPath(name, ""), null, name);

    /// <inheritdoc cref="DeletePool"/>
    public Task DeletePoolAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PoolPath(name, ""), null, name, cancellationToken);

    /// <summary>Disposes the private <see cref="HttpClient"/> (not one passed in).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_ownsHttp) return;
        _invoker.Dispose();
        _http.Dispose();
    }

    /// <summary>Disposes the private <see cref="HttpClient"/> (as <see cref="Dispose"/>).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates a pool and returns a handle to it.</summary>
    /// <exception cref="RemotePlasmiteException">AlreadyExists (409), Usage (400), …</exception>
    public async Task<RemotePool> CreatePoolAsync(string name, ulong sizeBytes = PlasmiteDefaults.PoolSizeBytes, CancellationToken cancellationToken = default)
    {
        await CreatePoolInfoAsync(name, sizeBytes, cancellationToken).ConfigureAwait(false);
        return new RemotePool(this, name);
    }

    /// <summary>Opens the pool, creating it (default 1 MiB) when the server reports NotFound.</summary>
    public async Task<RemotePool> PoolAsync(string name, ulong? sizeBytes = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await OpenPoolAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (RemotePlasmiteException e) when (e.Kind == ErrorKind.NotFound && e.Status == 404)
        {
            try
            {
                return await CreatePoolAsync(name, sizeBytes ?? PlasmiteDefaults.PoolSizeBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (RemotePlasmiteException c) when (c.Kind == ErrorKind.AlreadyExists)
            {
                return await OpenPoolAsync(name, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    async ValueTask<IPlasmitePool> IPlasmiteClient.CreatePoolAsync(string poolRef, ulong sizeBytes, CancellationToken cancellationToken) =>
        await CreatePoolAsync(poolRef, sizeBytes, cancellationToken).ConfigureAwait(false);

    async ValueTask<IPlasmitePool> IPlasmiteClient.OpenPoolAsync(string poolRef, CancellationToken cancellationToken) =>
        await OpenPoolAsync(poolRef, cancellationToken).ConfigureAwait(false);

    async ValueTask<IPlasmitePool> IPlasmiteClient.PoolAsync(string poolRef, ulong? sizeBytes, CancellationToken cancellationToken) =>
        await PoolAsync(poolRef, sizeBytes, cancellationToken).ConfigureAwait(false);

    async ValueTask<IReadOnlyList<PoolInfo>> IPlasmiteClient.ListPoolsAsync(CancellationToken cancellationToken) =>
        await ListPoolsAsync(cancellationToken).ConfigureAwait(false);

    async ValueTask<PoolInfo> IPlasmiteClient.PoolInfoAsync(string poolRef, CancellationToken cancellationToken) =>
        await PoolInfoAsync(poolRef, cancellationToken).ConfigureAwait(false);

    async ValueTask IPlasmiteClient.DeletePoolAsync(string poolRef, CancellationToken cancellationToken) =>
        await DeletePoolAsync(poolRef, cancellationToken).ConfigureAwait(false);

    IPlasmitePool IPlasmiteClient.CreatePool(string poolRef, ulong sizeBytes) => CreatePool(poolRef, sizeBytes);

    IPlasmitePool IPlasmiteClient.OpenPool(string poolRef) => OpenPool(poolRef);

    IPlasmitePool IPlasmiteClient.Pool(string poolRef, ulong? sizeBytes) => Pool(poolRef, sizeBytes);

    // ---- transport ------------------------------------------------------------------------------------

    internal static string PoolPath(string name, string suffix)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "v0/pools/" + Uri.EscapeDataString(name) + suffix;
    }

    internal HttpRequestMessage NewRequest(HttpMethod method, string relative, HttpContent? content, string accept = "application/json") =>
        NewRequest(method, Url(relative), content, accept);

    /// <summary>An absolute URL under <see cref="BaseUrl"/> (handles cache theirs: building a Uri parses it).</summary>
    internal Uri Url(string relative) => new(BaseUrl, relative);

    internal HttpRequestMessage NewRequest(HttpMethod method, Uri url, HttpContent? content, string accept = "application/json")
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = new HttpRequestMessage(method, url) { Content = content, Version = RequestVersion, VersionPolicy = RequestVersionPolicy };
        request.Headers.TryAddWithoutValidation("Accept", accept); // a fixed, valid value: skip per-request parsing
        if (_token is { } t) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + t);
        return request;
    }

    /// <summary>Sends and returns the body of a 2xx response; throws the server's error otherwise.</summary>
    internal byte[] Send(HttpMethod method, string relative, HttpContent? content, string? poolName, string accept = "application/json") =>
        Send(method, Url(relative), content, poolName, accept, missingRouteIsNull: false)!;

    /// <inheritdoc cref="Send(HttpMethod, string, HttpContent?, string?, string)"/>
    internal byte[] Send(HttpMethod method, Uri url, HttpContent? content, string? poolName) =>
        Send(method, url, content, poolName, "application/json", missingRouteIsNull: false)!;

    /// <summary>
    /// As <see cref="Send(HttpMethod, string, HttpContent?, string?, string)"/>, but a 404 without an error envelope
    /// (a route the server does not have, e.g. an extension on the original's server) returns null.
    /// </summary>
    internal byte[]? SendUnlessNoRoute(HttpMethod method, string relative, HttpContent? content, string? poolName) =>
        Send(method, Url(relative), content, poolName, "application/json", missingRouteIsNull: true);

    private byte[]? Send(HttpMethod method, Uri url, HttpContent? content, string? poolName, string accept, bool missingRouteIsNull)
    {
        using var request = NewRequest(method, url, content, accept);
        HttpResponseMessage response;
        try
        {
            response = _invoker.Send(request, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw RemotePlasmiteException.Network(e, "remote request failed");
        }
        using (response)
        {
            byte[] body;
            try
            {
                using var stream = response.Content.ReadAsStream();
                if (response.Content.Headers.ContentLength is { } length && length <= 64 << 20)
                {
                    // The usual case (our server and the original's send Content-Length): one exact array, no copy.
                    body = length == 0 ? [] : new byte[length];
                    stream.ReadExactly(body);
                }
                else
                {
                    using var ms = new MemoryStream();
                    stream.CopyTo(ms);
                    body = ms.ToArray();
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw RemotePlasmiteException.Network(e, "remote response failed");
            }
            if (missingRouteIsNull && IsNoRoute((int)response.StatusCode, body)) return null;
            if (!response.IsSuccessStatusCode) throw WireError.FromResponse((int)response.StatusCode, body);
            return body;
        }
    }

    private static bool IsNoRoute(int status, byte[] body) =>
        (status == 404 || status == 405) && !WireError.TryParseEnvelope(body, status, out _);

    /// <summary>Async form of <see cref="SendUnlessNoRoute"/>.</summary>
    internal Task<byte[]?> SendUnlessNoRouteAsync(HttpMethod method, string relative, HttpContent? content, string? poolName,
        CancellationToken cancellationToken) => SendAsync(method, Url(relative), content, poolName, cancellationToken, "application/json", true);

    /// <summary>Async form of <see cref="Send(HttpMethod, string, HttpContent?, string?, string)"/>.</summary>
    internal async Task<byte[]> SendAsync(HttpMethod method, string relative, HttpContent? content, string? poolName,
        CancellationToken cancellationToken, string accept = "application/json") =>
        (await SendAsync(method, Url(relative), content, poolName, cancellationToken, accept, false).ConfigureAwait(false))!;

    /// <inheritdoc cref="SendAsync(HttpMethod, string, HttpContent?, string?, CancellationToken, string)"/>
    internal async Task<byte[]> SendAsync(HttpMethod method, Uri url, HttpContent? content, string? poolName,
        CancellationToken cancellationToken) =>
        (await SendAsync(method, url, content, poolName, cancellationToken, "application/json", false).ConfigureAwait(false))!;

    private async Task<byte[]?> SendAsync(HttpMethod method, Uri url, HttpContent? content, string? poolName,
        CancellationToken cancellationToken, string accept, bool missingRouteIsNull)
    {
        using var request = NewRequest(method, url, content, accept);
        try
        {
            using var response = await _invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
            byte[] body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            if (missingRouteIsNull && IsNoRoute((int)response.StatusCode, body)) return null;
            if (!response.IsSuccessStatusCode) throw WireError.FromResponse((int)response.StatusCode, body);
            return body;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw RemotePlasmiteException.Network(e, "remote request failed");
        }
    }

    // A declared length is read into one exact array (our server and the original's send Content-Length); otherwise buffered.
    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is not { } length || length > 64 << 20)
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (length == 0) return [];
        var body = new byte[length];
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return body;
    }

    /// <summary>Sends a request whose response is streamed (tails); throws the server's error for non-2xx.</summary>
    internal async Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw RemotePlasmiteException.Network(e, "remote request failed");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                body = [];
            }
            throw WireError.FromResponse((int)response.StatusCode, body);
        }
    }

    internal HttpClient Http => _http;

    internal static ByteArrayContent JsonContent(ReadOnlySpan<byte> json) => JsonContent(json.ToArray());

    internal static ByteArrayContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = JsonType;
        return content;
    }

    private static ByteArrayContent CreateBody(string name, ulong? sizeBytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = new ArrayBufferWriter<byte>(64);
        buffer.Write("{\"pool\":"u8);
        JsonText.WriteString(buffer, name);
        buffer.Write(",\"size_bytes\":"u8);
        if (sizeBytes is { } s) JsonText.WriteNumber(buffer, s);
        else buffer.Write("null"u8);
        buffer.Write("}"u8);
        return JsonContent(buffer.WrittenSpan);
    }

    private static ByteArrayContent OpenBody(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = new ArrayBufferWriter<byte>(64);
        buffer.Write("{\"pool\":"u8);
        JsonText.WriteString(buffer, name);
        buffer.Write("}"u8);
        return JsonContent(buffer.WrittenSpan);
    }

    private static PoolInfo ReadPool(byte[] body)
    {
        using var doc = Parse(body);
        return doc.RootElement.TryGetProperty("pool", out var p) ? PoolInfoJson.Read(p)
            : throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid response from server: missing pool");
    }

    private static IReadOnlyList<PoolInfo> ReadPools(byte[] body)
    {
        using var doc = Parse(body);
        if (!doc.RootElement.TryGetProperty("pools", out var arr) || arr.ValueKind != JsonValueKind.Array)
            throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid response from server: missing pools");
        var list = new List<PoolInfo>();
        foreach (var p in arr.EnumerateArray()) list.Add(PoolInfoJson.Read(p));
        return list;
    }

    internal static JsonDocument Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid JSON from server", inner: e);
        }
    }
}
