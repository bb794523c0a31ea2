// The one-pass readers (tail lines, append answers and bodies, batch lines) agree with the document path; h2 over TLS.
using System.Net;
using System.Text;
using System.Text.Json;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Unit")]
public sealed class WireFastPathTests
{
    [Fact]
    public async Task Tail_messages_match_get_with_changing_tags_and_lazy_data()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("t");
        using var client = s.Client();
        var pool = client.OpenPool("t");
        string[][] tagSets = [["a"], ["a"], [], ["b", "c"], ["b", "c"], ["é\"x"]];
        for (int i = 0; i < tagSets.Length; i++)
            pool.AppendJson(Encoding.UTF8.GetBytes($"{{\"i\":{i},\"s\":\"v\\n{i}\",\"n\":{{\"z\":1,\"a\":[1.5,null]}}}}"), tagSets[i]);
        var tailed = new List<Message>();
        await foreach (var m in pool.Tail(new TailOptions { SinceSeq = 1, MaxMessages = (ulong)tagSets.Length, Timeout = TimeSpan.FromSeconds(20) }))
            tailed.Add(m);
        Assert.Equal(tagSets.Length, tailed.Count);
        for (int i = 0; i < tailed.Count; i++)
        {
            var got = pool.Get(tailed[i].Seq);
            Assert.Equal(got.Seq, tailed[i].Seq);
            Assert.Equal(got.TimestampNs, tailed[i].TimestampNs);
            Assert.Equal(tagSets[i], tailed[i].Tags);
            Assert.Equal(i, tailed[i].Data.GetProperty("i").GetInt32());
            Assert.Equal($"v\n{i}", tailed[i].Data.GetProperty("s").GetString());
            Assert.Equal(got.Data.GetRawText(), tailed[i].Data.GetRawText());
            using var raw = JsonDocument.Parse(tailed[i].Raw);
            Assert.Equal(tailed[i].Seq, raw.RootElement.GetProperty("seq").GetUInt64());
        }
    }

    [Fact]
    public async Task Typed_tail_reads_data_from_the_line()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("t");
        using var client = s.Client();
        var pool = client.OpenPool("t");
        pool.AppendJson("{\"i\":7}"u8, ["k"]);
        await foreach (var m in pool.Tail(WireJson.Default.WireItem, new TailOptions { SinceSeq = 1, MaxMessages = 1, Timeout = TimeSpan.FromSeconds(20) }))
        {
            Assert.Equal(7, m.Data.I);
            Assert.Equal(["k"], m.Tags);
        }
    }

    [Fact]
    public async Task Append_bodies_outside_the_plain_shape_still_take_the_document_path()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("a");
        // Escaped member name, null tags, explicit flush, extra members: all accepted as before.
        foreach (string body in new[]
        {
            "{\"d\\u0061ta\":{\"x\":1}}",
            "{\"data\":{\"x\":2},\"tags\":null,\"durability\":\"flush\"}",
            "{\"extra\":[1,{\"y\":2}],\"data\":{\"x\":3},\"durability\":null}",
        })
        {
            using var r = await s.PostJsonAsync("/v0/pools/a/append", body);
            var ok = await Responses.OkJsonAsync(r);
            Assert.True(ok.GetProperty("message").GetProperty("data").TryGetProperty("x", out _));
        }
        // Errors keep their statuses: tags not strings → 422, data not an object → 400, trailing garbage → 400.
        using (var r = await s.PostJsonAsync("/v0/pools/a/append", "{\"data\":{},\"tags\":[1]}"))
            await Responses.ErrorAsync(r, 422, "Usage", "tags must be an array of strings");
        using (var r = await s.PostJsonAsync("/v0/pools/a/append", "{\"data\":[1]}"))
            await Responses.ErrorAsync(r, 400, "Usage", "data must be object");
        using (var r = await s.PostJsonAsync("/v0/pools/a/append", "{\"data\":{}} x"))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task Batch_is_one_commit_with_one_timestamp_and_consecutive_seqs()
    {
        await using var s = await TestServer.StartAsync();
        await s.CreatePoolAsync("b");
        using var client = s.Client();
        var pool = client.OpenPool("b");
        var docs = Enumerable.Range(0, 50).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"i\":{i}}}")).ToArray();
        var receipts = await pool.AppendBatchAsync(docs, ["x"], Durability.Flush);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ulong)i), receipts.Select(r => r.Seq));
        Assert.Single(receipts.Select(r => r.TimestampNs).Distinct());
        Assert.Equal(49, pool.Get(50).Data.GetProperty("i").GetInt32());
        Assert.Equal(receipts[0].TimestampNs, pool.Get(1).TimestampNs);
    }

    [Fact]
    public async Task Http2_over_tls_works_when_the_client_asks_for_it()
    {
        await using var s = await TestServer.StartAsync(o => o.TlsSelfSigned = true);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true; // the server's own in-memory certificate
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var client = new RemoteClient(s.BaseUrl, httpClient: http)
        {
            RequestVersion = HttpVersion.Version20,
            RequestVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var pool = await client.CreatePoolAsync("h2");
        var receipt = await pool.AppendJsonAsync("{\"h2\":true}"u8.ToArray(), ["v"]);
        Assert.Equal(1UL, receipt.Seq);
        await foreach (var m in pool.Tail(new TailOptions { SinceSeq = 1, MaxMessages = 1, Timeout = TimeSpan.FromSeconds(20) }))
            Assert.True(m.Data.GetProperty("h2").GetBoolean());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(s.BaseUrl, "/healthz"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var r = await http.SendAsync(request);
        Assert.Equal(HttpVersion.Version20, r.Version);
    }
}

/// <summary>A typed payload for the typed tail test.</summary>
public sealed record WireItem(int I);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(WireItem))]
internal sealed partial class WireJson : System.Text.Json.Serialization.JsonSerializerContext;
