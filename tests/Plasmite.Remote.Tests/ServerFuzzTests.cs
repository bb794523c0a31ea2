// A seeded generator of hostile HTTP requests (methods, targets, pool names, query parameters, headers, framing,
// JSON and Lite3 bodies) against a live server: no 5xx but the spec's 500 Corrupt, no hang, /healthz alive throughout,
// nothing written outside the pool directory. PLASMITE_HTTP_FUZZ_REQUESTS / PLASMITE_HTTP_FUZZ_SEED run longer or
// other campaigns; a failure prints the seed, the request number and the request.
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Remote.Tests.Support;
using Plasmite.Storage;
using Xunit.Abstractions;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class ServerFuzzTests(ITestOutputHelper output)
{
    private const string Token = "fuzz-token";
    private const int MaxBody = 8192;
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(15);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;

    [Fact]
    public async Task Hostile_requests_never_get_5xx_hang_the_server_or_write_outside_the_pool_directory()
    {
        int requests = EnvInt("PLASMITE_HTTP_FUZZ_REQUESTS", 4000);
        int seed = EnvInt("PLASMITE_HTTP_FUZZ_SEED", 20261204);
        // Every name the generator aims outside the pool directory carries this marker, so an escape is findable.
        string marker = "fzesc" + seed.ToString(CultureInfo.InvariantCulture);
        await using var s = await TestServer.StartAsync(o =>
        {
            o.MaxBodyBytes = MaxBody;
            o.MaxTailTimeoutMs = 100;
            o.Token = Token;
        });
        await s.CreatePoolAsync("f1", 128 * 1024, Token);
        await s.CreatePoolAsync("f2", 64 * 1024, Token);
        for (int i = 0; i < 20; i++) await s.AppendAsync("f1", $"{{\"i\":{i}}}", "[\"t\"]", Token);
        string outside = Path.GetDirectoryName(s.PoolDir)!;
        var before = Directory.GetFileSystemEntries(outside).ToHashSet(StringComparer.Ordinal);

        var gen = new RequestGenerator(new Random(seed), marker);
        var statuses = new SortedDictionary<int, int>();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < requests; i++)
        {
            var (request, what, mayClose) = gen.Next();
            string Context() => $"seed {seed} request {i} ({what}):\n{Show(request)}";
            (int status, string body) = await SendRaw(s, request, endSend: mayClose, Context);
            // A well-framed request always gets an answer; only broken framing may make the server just close.
            Assert.True(status != -1 || mayClose, $"closed without an answer: {Context()}");
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                // Spec §5.8/§11: a document that is not a valid message (append_lite3) is 500 Corrupt; nothing else.
                Assert.True(status == 500 && KindOf(body) == "Corrupt", $"{Context()}\n→ {status} {body}");
            }
            if (i % 25 == 24) await AssertHealthy(s, Context);
        }
        await AssertHealthy(s, () => $"seed {seed} after {requests} requests");
        output.WriteLine($"seed {seed}: {requests} requests in {sw.Elapsed.TotalSeconds:0.0} s; statuses "
            + string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}")));

        // Nothing outside the pool directory; inside it only pool files, each one valid.
        var after = Directory.GetFileSystemEntries(outside).Where(e => !before.Contains(e) && e.Contains(marker, StringComparison.Ordinal)).ToArray();
        Assert.True(after.Length == 0, $"seed {seed}: written outside the pool directory: {string.Join(", ", after)}");
        Assert.False(Directory.GetFileSystemEntries(Path.GetTempPath()).Any(e => e.Contains(marker, StringComparison.Ordinal)), $"seed {seed}: escaped into the temp directory");
        foreach (string entry in Directory.GetFileSystemEntries(s.PoolDir))
        {
            Assert.True(File.Exists(entry) && entry.EndsWith(".plasmite", StringComparison.Ordinal), $"seed {seed}: stray entry {entry}");
            var report = PoolValidator.Validate(entry);
            Assert.True(report.IsOk, $"seed {seed}: {entry}: " + string.Join("; ", report.Issues.Select(x => x.Message)));
        }
        Assert.True(statuses.Where(kv => kv.Key == 200).Sum(kv => kv.Value) > requests / 20, "hardly any request was accepted: the generator misses the routes");
        Assert.True(statuses.Where(kv => kv.Key is >= 400 and < 500).Sum(kv => kv.Value) > requests / 4, "hardly any request was refused: the generator is not hostile");
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_json_string_is_a_client_mistake_not_a_500()
    {
        // Found by the fuzzer (seed 20261204, request 1410): JsonDocument checks UTF-8 in strings only when they are
        // read, so a pool name with a stray 0xD0 byte answered 500 Internal (InvalidOperationException).
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("p", 64 * 1024);
        byte[] Bad(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xD0, (byte)'n', .. Encoding.UTF8.GetBytes(after)];
        foreach (var (path, body, type) in new (string, byte[], string)[]
        {
            ("/v0/pools", Bad("{\"pool\":\"a", "b\",\"size_bytes\":65536}"), "application/json"),
            ("/v0/pools/open", Bad("{\"pool\":\"a", "b\"}"), "application/json"),
            ("/v0/pools/p/append", Bad("{\"data\":{},\"tags\":[\"a", "\"]}"), "application/json"),
            ("/v0/pools/p/append_batch", Bad("{\"data\":{},\"tags\":[\"a", "\"]}\n"), "application/jsonl"),
        })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            using var r = await s.Http.PostAsync(path, content);
            string text = await r.Content.ReadAsStringAsync();
            Assert.True((int)r.StatusCode is >= 400 and < 500, $"{path}: {(int)r.StatusCode} {text}");
            Assert.Equal("Usage", KindOf(text));
        }
        Assert.Empty(Directory.GetFiles(s.PoolDir, "a*"));
    }

    private static async Task AssertHealthy(TestServer s, Func<string> context)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var health = await s.Http.GetAsync("/healthz", cts.Token);
        Assert.True(200 == (int)health.StatusCode, $"/healthz answered {(int)health.StatusCode} after {context()}");
    }

    private static string? KindOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("error").GetProperty("kind").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Show(byte[] request)
    {
        var sb = new StringBuilder();
        foreach (byte b in request.AsSpan(0, Math.Min(request.Length, 600)))
        {
            if (b == (byte)'\n') sb.Append("\\n\n");
            else if (b is >= 0x20 and < 0x7F) sb.Append((char)b);
            else if (b != (byte)'\r') sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
        }
        if (request.Length > 600) sb.Append(CultureInfo.InvariantCulture, $"… ({request.Length} bytes)");
        return sb.ToString();
    }

    /// <summary>Writes the request (and ends the send side when <paramref name="endSend"/>: the framing leaves the
    /// server waiting for more), reads the whole answer. Status -1: closed without one.</summary>
    private static async Task<(int, string)> SendRaw(TestServer s, byte[] request, bool endSend, Func<string> context)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(PerRequest);
        await client.ConnectAsync(s.Server.BoundAddress, cts.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cts.Token);
            if (endSend) client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server refused and closed while we were still writing (e.g. an oversized body).
        }
        var response = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0) break;
                response.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
            // Reset after an answer (or instead of one).
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no complete answer within {PerRequest.TotalSeconds} s: {context()}");
        }
        string text = Encoding.UTF8.GetString(response.GetBuffer(), 0, (int)response.Length);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || text.Length < 12) return (-1, text);
        int status = int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture);
        int bodyAt = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string body = bodyAt < 0 ? "" : text[(bodyAt + 4)..];
        if (text.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase) && body.Contains("\r\n", StringComparison.Ordinal))
            body = string.Concat(body.Split("\r\n").Where((_, k) => k % 2 == 1)); // good enough to find the error kind
        return (status, body);
    }

    /// <summary>Builds one raw HTTP/1.1 request per call from the seeded random source (pure: same seed, same requests).</summary>
    private sealed class RequestGenerator(Random rng, string marker)
    {
        private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "BREW", "get"];

        private static readonly string[] Routes =
        [
            "/v0/pools", "/v0/pools/open", "/v0/pools/{p}", "/v0/pools/{p}/info", "/v0/pools/{p}/append", "/v0/pools/{p}/append_lite3",
            "/v0/pools/{p}/append_batch", "/v0/pools/{p}/messages/{s}", "/v0/pools/{p}/messages/{s}/lite3", "/v0/pools/{p}/tail",
            "/v0/pools/{p}/tail_lite3", "/v0/ui/pools", "/v0/ui/pools/{p}/info", "/v0/ui/pools/{p}/events", "/ui", "/ui/pools/{p}",
            "/healthz", "/mcp", "/v0", "/v0/{p}", "/v1/pools", "/", "/v0/pools/{p}/{p}", "/v0/pools/{p}/messages",
        ];

        private static readonly string[] QueryKeys = ["since_seq", "max", "timeout_ms", "tag", "gap_policy", "format", "tail", "pool", "x", "", "timeout_ms"];

        private static readonly string[] ContentTypes =
        [
            "application/json", "application/json; charset=utf-8", "application/x-plasmite-lite3", "application/jsonl", "application/octet-stream", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "\u00e9/\u00ff",
        ];

        /// <summary>The next request; <c>MayClose</c>: its framing (or route) allows the server to close without an
        /// answer, and the send side is ended so the server does not wait for more.</summary>
        public (byte[] Request, string What, bool MayClose) Next()
        {
            string method = Methods[rng.Next(Methods.Length)];
            string route = Routes[rng.Next(Routes.Length)];
            // Fill the placeholders one at a time (a route may hold two pool names).
            string target = route;
            for (int at; (at = target.IndexOf("{p}", StringComparison.Ordinal)) >= 0;) target = target[..at] + Name() + target[(at + 3)..];
            target = target.Replace("{s}", Seq(), StringComparison.Ordinal);
            if (rng.Next(3) != 0) target += "?" + Query();
            bool mangled = rng.Next(20) == 0;
            if (mangled) target = MangleTarget(target);
            // Mostly read routes get GET and write routes POST, so the requests reach the handlers, not just 405.
            if (rng.Next(3) != 0)
            {
                bool write = route.EndsWith("append", StringComparison.Ordinal) || route.Contains("append_", StringComparison.Ordinal)
                    || route is "/v0/pools/open" || route is "/mcp" || (route == "/v0/pools" && rng.Next(2) == 0);
                method = write ? "POST" : route == "/v0/pools/{p}" && rng.Next(2) == 0 ? "DELETE" : "GET";
            }
            var (body, bodyWhat) = method is "GET" or "HEAD" or "DELETE" && rng.Next(6) != 0 ? (null, "no body") : Body(route);
            string what = $"{method} {route} {bodyWhat}";

            var head = new StringBuilder();
            head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
            if (rng.Next(30) != 0) head.Append("Host: 127.0.0.1\r\n");
            if (rng.Next(40) == 0) head.Append("Host: other\r\n");
            head.Append(rng.Next(12) switch
            {
                0 => "",
                1 => "Authorization: Bearer wrong\r\n",
                2 => "Authorization: Basic Zm9vOmJhcg==\r\n",
                3 => "Authorization: Bearer " + Token + "\u00e9\r\n",
                _ => "Authorization: Bearer " + Token + "\r\n",
            });
            if (body is not null && rng.Next(8) != 0) head.Append("Content-Type: ").Append(ContentTypes[rng.Next(ContentTypes.Length)]).Append("\r\n");
            if (rng.Next(4) == 0) head.Append("Accept: ").Append(rng.Next(3) switch { 0 => "text/event-stream", 1 => "*/*", _ => "application/x-plasmite-lite3" }).Append("\r\n");
            for (int h = rng.Next(0, 3); h > 0; h--) head.Append(JunkHeader());
            if (rng.Next(25) == 0) head.Append("Expect: 100-continue\r\n");
            head.Append("Connection: close\r\n");

            byte[] framed;
            string framing;
            bool endSend = false;
            if (body is null)
            {
                framed = [];
                framing = "";
            }
            else
            {
                switch (rng.Next(10))
                {
                    case 0:
                    case 1:
                        endSend = rng.Next(4) == 0;
                        framed = Chunked(body, broken: endSend);
                        head.Append("Transfer-Encoding: chunked\r\n");
                        framing = endSend ? " broken chunked" : " chunked";
                        break;
                    case 2:
                        // Content-Length that lies (shorter, longer, nonsense, twice).
                        framed = body;
                        head.Append(rng.Next(4) switch
                        {
                            0 => $"Content-Length: {Math.Max(0, body.Length - rng.Next(1, 10))}\r\n",
                            1 => $"Content-Length: {body.Length + rng.Next(1, 100)}\r\n",
                            2 => "Content-Length: 18446744073709551616\r\n",
                            _ => $"Content-Length: {body.Length}\r\nContent-Length: {body.Length + 1}\r\n",
                        });
                        framing = " lying length";
                        endSend = true;
                        break;
                    case 3:
                        framed = body;
                        framing = " unframed";
                        endSend = true;
                        break;
                    default:
                        framed = body;
                        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
                        framing = "";
                        break;
                }
            }
            head.Append("\r\n");
            bool latin1 = rng.Next(30) == 0;
            byte[] headBytes = latin1 ? Encoding.Latin1.GetBytes(head.ToString()) : Encoding.UTF8.GetBytes(head.ToString());
            // A mangled target or header bytes may make Kestrel close without an answer; the request line is what it is.
            // So may a Lite3 tail that fails after its 200 (no error frame exists: the server aborts, spec §7, and the
            // reset discards what was sent).
            return ([.. headBytes, .. framed], what + framing, endSend || mangled || latin1 || route.EndsWith("tail_lite3", StringComparison.Ordinal));
        }

        private string Name() => rng.Next(10) switch
        {
            < 5 => rng.Next(3) == 0 ? "f2" : "f1",
            5 => "new" + rng.Next(6).ToString(CultureInfo.InvariantCulture),
            _ => HostileName(),
        };

        private string HostileName()
        {
            string[] names =
            [
                "a%00b", "%00", "..", ".", "%2e%2e", "..%2F" + marker, "%2E%2E%2F%2E%2E%2F" + marker, "%2F" + marker, "%5C..%5C" + marker,
                new string('n', rng.Next(200, 400)), "CON", "nul.plasmite", "com1", "a%3Ab", "a%7Cb", "a*b", "a%3Fb", "tab%09x", "nl%0Ax",
                "%C3%28", "%FF%FE", "%F0%9F%98%80", "emoji-%F0%9F%98%80", "f1.plasmite", "F1", "f1%20", "%20", "a%22b", "a%3Cb%3E",
                "%252e%252e%252f" + marker, "~", "-", "-rf", "$(id)", "%25", "%",
            ];
            return names[rng.Next(names.Length)];
        }

        private string Seq()
        {
            string[] seqs = ["1", "2", "20", "21", "0", "-1", "abc", "1.5", "1e3", "0x10", "18446744073709551615", "18446744073709551616", "%00", "", "%20", "00001", "+1"];
            return rng.Next(3) == 0 ? rng.Next(0, 40).ToString(CultureInfo.InvariantCulture) : seqs[rng.Next(seqs.Length)];
        }

        private string Query()
        {
            var parts = new List<string>();
            for (int n = rng.Next(1, 5); n > 0; n--)
            {
                string key = QueryKeys[rng.Next(QueryKeys.Length)];
                string value = rng.Next(12) switch
                {
                    0 => "-1",
                    1 => "18446744073709551616",
                    2 => "",
                    3 => "%ff%fe",
                    4 => "%00",
                    5 => new string('v', rng.Next(100, 3000)),
                    6 => "skip",
                    7 => "nope",
                    8 => "1e2",
                    9 => "t",
                    _ => rng.Next(0, 300).ToString(CultureInfo.InvariantCulture),
                };
                parts.Add(rng.Next(15) == 0 ? key : key + "=" + value);
            }
            // Tails must end: most carry a short timeout (the server also caps it at 100 ms).
            if (rng.Next(3) != 0) parts.Add("timeout_ms=" + rng.Next(0, 60).ToString(CultureInfo.InvariantCulture));
            return string.Join(rng.Next(20) == 0 ? ";" : "&", parts);
        }

        private string MangleTarget(string target) => rng.Next(7) switch
        {
            0 => target.Replace("/", "//", StringComparison.Ordinal),
            1 => target.Replace("/", "\\", StringComparison.Ordinal),
            2 => "http://127.0.0.1" + target,
            3 => "*",
            4 => target + "#frag",
            5 => target + "/" + new string('x', rng.Next(3000, 9000)),
            _ => target.Insert(rng.Next(1, target.Length), "/%2e%2e/" + marker),
        };

        private string JunkHeader()
        {
            string name = rng.Next(3) switch { 0 => "X-Junk", 1 => "X-" + new string('h', rng.Next(1, 50)), _ => "Plasmite-Version" };
            string value = rng.Next(4) switch { 0 => "", 1 => new string('v', rng.Next(1, 6000)), 2 => "\u00e9\u00ff", _ => rng.Next().ToString(CultureInfo.InvariantCulture) };
            return name + ": " + value + "\r\n";
        }

        private (byte[]? Body, string What) Body(string route)
        {
            int kind = rng.Next(12);
            if (route.Contains("lite3", StringComparison.Ordinal) && kind < 6) kind = 20;
            if (route == "/mcp" && kind < 6) kind = 21;
            if (route is "/v0/pools" or "/v0/pools/open" && kind < 6) kind = 22;
            switch (kind)
            {
                case 0:
                case 1:
                    return (Encoding.UTF8.GetBytes(ValidAppend()), "valid append");
                case 2:
                case 3:
                    return (Mutate(Encoding.UTF8.GetBytes(ValidAppend())), "mutated append");
                case 4:
                    return (Encoding.UTF8.GetBytes(rng.Next(4) == 0 ? $"[{ValidAppend()},{ValidAppend()}]" : $"{ValidAppend()}\n{ValidAppend()}\n"), "batch");
                case 5:
                {
                    byte[] b = new byte[rng.Next(0, 400)];
                    rng.NextBytes(b);
                    return (b, "random bytes");
                }
                case 6:
                    return (Encoding.UTF8.GetBytes(new string('[', rng.Next(50, 3000))), "deep nesting");
                case 7:
                    return (Encoding.UTF8.GetBytes("{\"data\":{\"pad\":\"" + new string('x', rng.Next(MaxBody - 100, MaxBody * 3)) + "\"}}"), "oversized");
                case 8:
                    return ([], "empty");
                case 20:
                {
                    byte[] doc = Lite3Json.Encode(Encoding.UTF8.GetBytes($"{{\"meta\":{{\"tags\":[\"t\"]}},\"data\":{{\"n\":{rng.Next()},\"s\":\"v\"}}}}"));
                    return rng.Next(3) == 0 ? (doc, "valid lite3") : (Mutate(doc), "mutated lite3");
                }
                case 21:
                    return (Encoding.UTF8.GetBytes(McpBody()), "mcp");
                case 22:
                    return (Encoding.UTF8.GetBytes(CreateBody()), "create/open");
                default:
                    return (Mutate(Encoding.UTF8.GetBytes(CreateBody())), "mutated create");
            }
        }

        private string ValidAppend() =>
            $"{{\"data\":{{\"n\":{rng.Next()},\"s\":\"{new string('s', rng.Next(0, 200))}\"}},\"tags\":[\"t{rng.Next(3)}\"]"
            + (rng.Next(4) == 0 ? ",\"durability\":\"flush\"" : "") + "}";

        private string CreateBody()
        {
            string name = rng.Next(3) == 0 ? "new" + rng.Next(6).ToString(CultureInfo.InvariantCulture)
                : Uri.UnescapeDataString(HostileName().Replace("%", rng.Next(2) == 0 ? "%" : "%25", StringComparison.Ordinal));
            string size = rng.Next(5) switch { 0 => "1", 1 => "-5", 2 => "99999999999999999999", 3 => "\"big\"", _ => "65536" };
            return $"{{\"pool\":{JsonSerializer.Serialize(name)},\"size_bytes\":{size}" + (rng.Next(3) == 0 ? ",\"create\":true" : "") + "}";
        }

        private string McpBody()
        {
            string[] tools = ["pool_list", "pool_info", "append", "get", "tail", "pool_create", "pool_delete", "nope"];
            string args = rng.Next(3) switch
            {
                0 => "{}",
                1 => $"{{\"pool\":{JsonSerializer.Serialize(Uri.UnescapeDataString(HostileName().Replace("%", "%25", StringComparison.Ordinal)))},\"seq\":{Seq() switch { "" => "null", var q => JsonSerializer.Serialize(q) }}}}",
                _ => $"{{\"pool\":\"f1\",\"data\":{{\"x\":1}},\"seq\":{rng.Next(0, 30)},\"timeout_ms\":10,\"max\":3}}",
            };
            return rng.Next(4) switch
            {
                0 => "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                1 => "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                2 => "{\"jsonrpc\":\"2.0\",\"method\":\"x\"" ,
                _ => $"{{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{{\"name\":\"{tools[rng.Next(tools.Length)]}\",\"arguments\":{args}}}}}",
            };
        }

        private byte[] Mutate(byte[] input)
        {
            byte[] b = (byte[])input.Clone();
            for (int n = rng.Next(1, 4); n > 0 && b.Length > 0; n--)
            {
                int at = rng.Next(b.Length);
                switch (rng.Next(4))
                {
                    case 0: b[at] = (byte)rng.Next(256); break;
                    case 1: b[at] ^= (byte)(1 << rng.Next(8)); break;
                    case 2: Array.Resize(ref b, at); break;
                    default: b = [.. b.AsSpan(0, at), .. b.AsSpan(at, Math.Min(16, b.Length - at)), .. b.AsSpan(at)]; break;
                }
            }
            return b;
        }

        private byte[] Chunked(byte[] body, bool broken)
        {
            var ms = new MemoryStream();
            int at = 0;
            while (at < body.Length)
            {
                int len = Math.Min(body.Length - at, rng.Next(1, 600));
                string size = broken && rng.Next(3) == 0 ? (len + rng.Next(-3, 40)).ToString("x", CultureInfo.InvariantCulture) : len.ToString("x", CultureInfo.InvariantCulture);
                ms.Write(Encoding.ASCII.GetBytes(size + (rng.Next(10) == 0 ? ";ext=1" : "") + "\r\n"));
                ms.Write(body, at, len);
                ms.Write("\r\n"u8);
                at += len;
            }
            if (!broken || rng.Next(2) == 0) ms.Write("0\r\n\r\n"u8);
            else ms.Write("zz\r\n"u8);
            return ms.ToArray();
        }
    }
}
