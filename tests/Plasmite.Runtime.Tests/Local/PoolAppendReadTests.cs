using Plasmite.Tests.Support;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Tests.Support;
using Plasmite.Text;

namespace Plasmite.Tests.Local;

// Allocation assertions count this thread's bytes: a telemetry listener in a parallel test would add its own.
[Collection(nameof(Plasmite.Tests.Local.ThreadPoolSensitive))]
[Trait("Category", "Unit")]
public class PoolAppendReadTests
{
    private static (TempDir Dir, PlasmiteClient Client, PlasmitePool Pool) Open(ulong size = 1 << 20)
    {
        var dir = new TempDir();
        var client = new PlasmiteClient(dir.Path);
        return (dir, client, client.CreatePool("p", size));
    }

    [Fact]
    public void AppendJson_returns_consecutive_seqs_and_get_returns_sorted_data_and_tags()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            var r1 = pool.AppendJson("{\"b\":1,\"a\":{\"z\":true,\"y\":null}}"u8, ["t1", "t2"]);
            var r2 = pool.AppendJson("{}"u8);
            Assert.Equal(1UL, r1.Seq);
            Assert.Equal(2UL, r2.Seq);
            var m = pool.Get(1);
            Assert.Equal(["t1", "t2"], m.Tags);
            Assert.Equal(r1.TimestampNs, m.TimestampNs);
            Assert.Equal(Rfc3339.Format(r1.TimestampNs), m.TimeRfc3339);
            Assert.Equal("{\"a\":{\"y\":null,\"z\":true},\"b\":1}", m.Data.GetRawText());
            string expected = $"{{\"seq\":1,\"time\":\"{m.TimeRfc3339}\",\"meta\":{{\"tags\":[\"t1\",\"t2\"]}},\"data\":{{\"a\":{{\"y\":null,\"z\":true}},\"b\":1}}}}";
            Assert.Equal(expected, Encoding.UTF8.GetString(m.Raw.Span));
            Assert.Equal(expected, Encoding.UTF8.GetString(pool.GetJson(1)));
            Assert.Equal($"{{\"data\":{{\"a\":{{\"y\":null,\"z\":true}},\"b\":1}},\"meta\":{{\"tags\":[\"t1\",\"t2\"]}},\"seq\":1,\"time\":\"{m.TimeRfc3339}\"}}",
                Encoding.UTF8.GetString(pool.GetJson(1, EnvelopeKeyOrder.Sorted)));
            Assert.Empty(pool.Get(2).Tags);
        }
    }

    [Fact]
    public void AppendJson_envelope_overload_writes_what_get_returns()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var r = pool.AppendJson("{\"x\":1.5}"u8, buffer, ["a"]);
            Assert.Equal(Encoding.UTF8.GetString(pool.GetJson(r.Seq)), Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    [Theory]
    [InlineData("[1,2]", "data must be object")]
    [InlineData("\"not-an-object\"", "data must be object")]
    [InlineData("{\"a\":", "invalid json")]
    [InlineData("", "invalid json")]
    public void Bad_data_is_usage(string json, string message)
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            var e = Assert.Throws<PlasmiteException>(() => pool.AppendJson(Encoding.UTF8.GetBytes(json)));
            Assert.Equal(ErrorKind.Usage, e.Kind);
            Assert.StartsWith(message, e.Message);
            Assert.Null(pool.TryGet(1));
        }
    }

    [Fact]
    public void Get_missing_seq_is_NotFound_with_seq_and_no_path()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            var e = Assert.Throws<PlasmiteException>(() => pool.Get(42));
            Assert.Equal(ErrorKind.NotFound, e.Kind);
            Assert.Equal(42UL, e.Seq);
            Assert.Null(e.Path);
            Assert.Contains("message not found", e.Message);
            Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => pool.GetLite3(42)).Kind);
            Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => pool.GetJson(42)).Kind);
            Assert.Null(pool.TryGet(42, TestJsonContext.Default.Ping));
        }
    }

    [Fact]
    public void Typed_append_and_get_round_trip()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            var m = pool.Append(new Ping(7, "bob"), TestJsonContext.Default.Ping, ["ping"]);
            Assert.Equal(1UL, m.Seq);
            Assert.Equal(["ping"], m.Tags);
            var back = pool.Get(1, TestJsonContext.Default.Ping);
            Assert.Equal(new Ping(7, "bob"), back.Data);
            Assert.Equal(m.TimestampNs, back.TimestampNs);
            Assert.Equal("{\"n\":7,\"who\":\"bob\"}", pool.Get(1).Data.GetRawText());
        }
    }

    [Fact]
    public void Writer_fast_path_stores_the_same_bytes_as_json()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            pool.Append(new Ping(3, "al"), TestJsonContext.Default.Ping, static (w, p) =>
            {
                w.WriteNumber("n"u8, p.N);
                w.WriteString("who"u8, p.Who);
            }, ["k"]);
            pool.AppendJson("{\"who\":\"al\",\"n\":3}"u8, ["k"]);
            Assert.Equal(pool.GetLite3(1).Payload.ToArray(), pool.GetLite3(2).Payload.ToArray());
        }
    }

    [Fact]
    public void Append_JsonElement_and_JsonNode()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            using var doc = JsonDocument.Parse("{\"k\":[1,2,3]}");
            var m = pool.Append(doc.RootElement, ["e"]);
            Assert.Equal("{\"k\":[1,2,3]}", m.Data.GetRawText());
            var n = pool.Append(System.Text.Json.Nodes.JsonNode.Parse("{\"z\":1,\"a\":2}")!);
            Assert.Equal("{\"a\":2,\"z\":1}", n.Data.GetRawText());
            using var arr = JsonDocument.Parse("[1]");
            Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => pool.Append(arr.RootElement)).Kind);
        }
    }

    [Fact]
    public void Lite3_round_trip_and_validation()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            pool.AppendJson("{\"x\":1}"u8, ["a", "b"]);
            var frame = pool.GetLite3(1);
            Assert.Equal(1UL, frame.Seq);
            Assert.Equal(0u, frame.Flags);
            ulong seq = pool.AppendLite3(frame.Payload.Span);
            Assert.Equal(2UL, seq);
            var copy = pool.Get(2);
            Assert.Equal(["a", "b"], copy.Tags);
            Assert.Equal("{\"x\":1}", copy.Data.GetRawText());

            var e = Assert.Throws<PlasmiteException>(() => pool.AppendLite3(new byte[8]));
            Assert.Equal(ErrorKind.Corrupt, e.Kind);
            var notMessage = Lite3Json.Encode("{\"foo\":\"bar\"}"u8);
            Assert.Equal(ErrorKind.Corrupt, Assert.Throws<PlasmiteException>(() => pool.AppendLite3(notMessage)).Kind);
        }
    }

    [Fact]
    public void TryGetLite3_copies_into_caller_buffer()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            pool.AppendJson("{\"x\":1}"u8);
            Span<byte> small = stackalloc byte[8];
            Assert.False(pool.TryGetLite3(1, small, out var needed));
            var big = new byte[needed.PayloadLength];
            Assert.True(pool.TryGetLite3(1, big, out var info));
            Assert.Equal(pool.GetLite3(1).Payload.ToArray(), big);
            Assert.Equal(1UL, info.Seq);
        }
    }

    [Fact]
    public void Batch_append_commits_each_message()
    {
        var (dir, client, pool) = Open();
        using (dir) using (client) using (pool)
        {
            var receipts = pool.AppendBatch(
                [Encoding.UTF8.GetBytes("{\"i\":1}"), Encoding.UTF8.GetBytes("{\"i\":2}"), Encoding.UTF8.GetBytes("{\"i\":3}")],
                ["batch"], Durability.Flush);
            Assert.Equal([1UL, 2UL, 3UL], receipts.Select(r => r.Seq).ToArray());
            for (int i = 1; i <= 3; i++)
            {
                var m = pool.Get((ulong)i);
                Assert.Equal(i, m.Data.GetProperty("i").GetInt32());
                Assert.Equal(["batch"], m.Tags);
            }
            Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() =>
                pool.AppendBatch([Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes("[]")])).Kind);
            Assert.Equal(3UL, pool.Info().Bounds.Newest);
        }
    }

    [Fact]
    public void Info_reports_bounds_and_metrics()
    {
        var (dir, client, pool) = Open(65536);
        using (dir) using (client) using (pool)
        {
            var empty = pool.Info();
            Assert.Equal(0UL, empty.Metrics.MessageCount);
            Assert.Null(empty.Metrics.OldestTime);
            pool.AppendJson("{\"a\":1}"u8);
            pool.AppendJson("{\"a\":2}"u8);
            var info = pool.Info();
            Assert.Equal("p", info.Name);
            Assert.Equal(1UL, info.Bounds.Oldest);
            Assert.Equal(2UL, info.Bounds.Newest);
            Assert.Equal(2UL, info.Metrics.MessageCount);
            Assert.True(info.Metrics.UsedBytes > 0);
            Assert.Equal(info.RingSize - info.Metrics.UsedBytes, info.Metrics.FreeBytes);
            Assert.NotNull(info.Metrics.NewestTime);
        }
    }

    [ReleaseFact]
    public void Hot_paths_allocate_nothing_when_warm()
    {
        var (dir, client, pool) = Open(1 << 22);
        using (dir) using (client) using (pool)
        {
            byte[] json = "{\"sent\":1,\"filler\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"u8.ToArray();
            string[] tags = ["bench"];
            var lite3 = pool.GetLite3(pool.AppendJson(json, tags).Seq).Payload.ToArray();
            var buffer = new byte[4096];
            var output = new ArrayBufferWriter<byte>(4096);
            using var stream = pool.OpenStream(sinceSeq: 1);
            for (int i = 0; i < 200; i++)
            {
                pool.AppendJson(json, tags);
                pool.AppendLite3(lite3);
                pool.TryGetLite3(1, buffer, out _);
                output.ResetWrittenCount();
                stream.NextJson(output);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) pool.AppendJson(json, tags);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) pool.AppendLite3(lite3);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) pool.TryGetLite3((ulong)(i + 1), buffer, out _);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                output.ResetWrittenCount();
                Assert.True(stream.NextJson(output));
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
