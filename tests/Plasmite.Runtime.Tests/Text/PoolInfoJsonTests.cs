// The pool-info JSON writer (remote-v0 §2.5) that the server, the MCP tools and `pool info/list --json` all use.
using System.Buffers;
using System.Text;
using System.Text.Json;
using Plasmite.Remote;
using Plasmite.Storage;

namespace Plasmite.Tests.Text;

[Trait("Category", "Unit")]
public class PoolInfoJsonTests
{
    [Theory]
    [InlineData(null, null, "{}")]
    [InlineData(1UL, 2UL, "{\"newest\":2,\"oldest\":1}")]
    [InlineData(5UL, null, "{\"oldest\":5}")]
    [InlineData(null, 7UL, "{\"newest\":7}")]
    public void Bounds_write_each_known_key_and_omit_the_unknown_one(ulong? oldest, ulong? newest, string expected)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PoolInfoJson.WriteBounds(buffer, new PoolBounds(oldest, newest));
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void The_info_object_carries_the_same_bounds_as_the_bounds_writer()
    {
        string json = Write(Info("/p/demo.plasmite", name: "demo", new PoolBounds(3, null)), name: null);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("{\"oldest\":3}", doc.RootElement.GetProperty("bounds").GetRawText());
    }

    [Fact]
    public void An_empty_pool_has_empty_bounds_null_ages_and_a_float_percent()
    {
        string json = Write(Info("/p/demo.plasmite", name: "demo", default), name: null);
        Assert.StartsWith("{\"bounds\":{},\"file_size\":1048576,", json, StringComparison.Ordinal);
        Assert.Contains("\"age\":{\"newest_age_ms\":null,\"newest_time\":null,\"oldest_age_ms\":null,\"oldest_time\":null}", json, StringComparison.Ordinal);
        Assert.Contains("\"used_percent\":0.0}", json, StringComparison.Ordinal);
        Assert.Contains("\"index_size_bytes\":65536,", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_name_is_the_requested_one_then_the_info_s_then_the_file_name_never_empty()
    {
        var unnamed = Info("/p/orders.v2.plasmite", name: null, default);
        Assert.Equal("as-asked", Name(Write(unnamed, "as-asked")));
        Assert.Equal("kept", Name(Write(unnamed with { Name = "kept" }, null)));
        Assert.Equal("orders.v2", Name(Write(unnamed, null)));
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var info = Info("/p/demo.plasmite", name: "demo", new PoolBounds(1, 2));
        using var doc = JsonDocument.Parse(Write(info, null));
        var back = PoolInfoJson.Read(doc.RootElement);
        Assert.Equal(info with { Metrics = back.Metrics }, back);
        Assert.Equal(info.Metrics.UsedPercentHundredths, back.Metrics.UsedPercentHundredths);
        Assert.Equal(info.Metrics.MessageCount, back.Metrics.MessageCount);
    }

    [Theory]
    [InlineData("/p/demo.plasmite", "demo")]
    [InlineData("demo.plasmite", "demo")]
    [InlineData("/p/a.b.plasmite", "a.b")]
    [InlineData("/p/other.db", "other.db")]
    public void A_pool_file_stands_for_its_file_name_without_the_extension(string path, string name) =>
        Assert.Equal(name, PoolName.FromPath(path));

    private static string Name(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("name").GetString()!;
    }

    private static string Write(PoolInfo info, string? name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PoolInfoJson.Write(buffer, info, name);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static PoolInfo Info(string path, string? name, PoolBounds bounds) => new()
    {
        Name = name,
        Path = path,
        FileSize = 1_048_576,
        IndexOffset = PoolFormat.IndexOffset,
        IndexCapacity = 4096,
        RingOffset = 69_632,
        RingSize = 978_944,
        Bounds = bounds,
        Metrics = new PoolMetrics
        {
            MessageCount = bounds is { Oldest: { } o, Newest: { } n } ? n - o + 1 : 0,
            UsedBytes = bounds.IsEmpty ? 0UL : 144UL,
            FreeBytes = bounds.IsEmpty ? 978_944UL : 978_800UL,
            UsedPercentHundredths = bounds.IsEmpty ? 0UL : 1UL,
        },
    };
}
