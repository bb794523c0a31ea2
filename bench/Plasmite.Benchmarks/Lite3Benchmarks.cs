// Lite3 codec hot paths: envelope encode of a ~1 KB message, data → JSON, key lookup, tag filter.
using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Plasmite.Lite3;

namespace Plasmite.Benchmarks;

[MemoryDiagnoser]
public class Lite3Benchmarks
{
    private static readonly string[] Tags = ["orders", "eu", "priority"];
    private static readonly string[] Wanted = ["priority", "orders"];
    private readonly Lite3Writer _writer = new();
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private byte[] _data = [];
    private byte[] _payload = [];

    /// <summary>Size of the data JSON in bytes (for MB/s: bytes / mean time).</summary>
    public int DataBytes => _data.Length;

    [GlobalSetup]
    public void Setup()
    {
        _data = Encoding.UTF8.GetBytes(SampleMessage());
        Lite3Envelope.Encode(Tags, _data, _writer);
        _payload = _writer.ToArray();
        Console.WriteLine($"// data json {_data.Length} bytes, payload {_payload.Length} bytes");
    }

    /// <summary>A realistic ~1 KB event: strings, integers, floats, a nested object and an array; keys unsorted.</summary>
    internal static string SampleMessage()
    {
        var sb = new StringBuilder("{");
        sb.Append("\"user\":{\"id\":918273,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"roles\":[\"admin\",\"dev\",\"ops\"]},");
        for (int i = 11; i >= 0; i--)
        {
            sb.Append($"\"field{i:00}\":\"value number {i} with text\",\"n{i}\":{(i + 1) * 7654321},\"f{i}\":{i}.125,");
        }

        sb.Append("\"items\":[{\"sku\":\"x-1\",\"qty\":2,\"price\":9.99},{\"sku\":\"y-2\",\"qty\":1,\"price\":0.5}],\"ok\":true,\"note\":null}");
        return sb.ToString();
    }

    /// <summary>Reference point: tokenizing the same JSON with Utf8JsonReader alone (the encoder's floor).</summary>
    [Benchmark]
    public int ReaderOnly1KB()
    {
        var reader = new Utf8JsonReader(_data);
        int n = 0;
        while (reader.Read())
        {
            n++;
        }

        return n;
    }

    [Benchmark]
    public int EncodeEnvelope1KB()
    {
        Lite3Envelope.Encode(Tags, _data, _writer);
        return _writer.Length;
    }

    [Benchmark]
    public int EncodeRawJson1KB()
    {
        Lite3Json.Encode(_data, _writer);
        return _writer.Length;
    }

    [Benchmark]
    public int WriteDataJson()
    {
        _json.ResetWrittenCount();
        Lite3Envelope.WriteDataJson(_payload, _json);
        return _json.WrittenCount;
    }

    [Benchmark]
    public long KeyLookup()
    {
        var doc = new Lite3Document(_payload);
        return doc.GetProperty("data"u8).GetProperty("n7"u8).GetInt64();
    }

    [Benchmark]
    public bool TagsRead() => Lite3Envelope.HasAllTags(_payload, Wanted.AsSpan());
}
