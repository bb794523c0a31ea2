// Zero-allocation contracts: key lookup, tag reads/filters, and warm encodes into a reused writer.
using Plasmite.Tests.Support;
using System.Buffers;
using System.Text;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

// Allocation assertions count this thread's bytes: a telemetry listener in a parallel test would add its own.
[Collection(nameof(Plasmite.Tests.Local.ThreadPoolSensitive))]
[Trait("Category", "Unit")]
public class Lite3AllocationTests
{
    private static readonly byte[] Payload = Lite3Envelope.Encode(["orders", "eu", "priority"], Encoding.UTF8.GetBytes(SampleJson()));

    internal static string SampleJson()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < 12; i++)
        {
            sb.Append($"\"field{i:00}\":\"value number {i} with some text\",\"n{i}\":{i * 1234567},\"f{i}\":{i}.25,");
        }

        sb.Append("\"nested\":{\"list\":[1,2,3,4,5,6,7,8,9,10],\"ok\":true,\"none\":null}}");
        return sb.ToString();
    }

    private static long Measure(Action action)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("check failed");
        }
    }

    [ReleaseFact]
    public void Key_lookup_allocates_nothing()
    {
        long bytes = Measure(() =>
        {
            var doc = new Lite3Document(Payload);
            bool ok = doc.TryGetProperty("data"u8, out Lite3Document data)
                && data.TryGetProperty("field07"u8, out Lite3Document v)
                && v.Type == Lite3Type.String
                && data.TryGetProperty("n3", out _)
                && !data.TryGetProperty("missing"u8, out _)
                && doc.GetProperty("meta"u8).GetProperty("tags"u8).Count == 3;
            Check(ok);
        });
        Assert.Equal(0, bytes);
    }

    [ReleaseFact]
    public void Tag_reads_and_filters_allocate_nothing()
    {
        string[] wanted = ["priority", "orders"];
        IReadOnlyList<string> wantedList = wanted;
        long bytes = Measure(() =>
        {
            Check(Lite3Envelope.HasAllTags(Payload, wanted.AsSpan()));
            Check(Lite3Envelope.HasAllTags(Payload, wantedList));
            int n = 0;
            foreach (ReadOnlySpan<byte> tag in Lite3Envelope.EnumerateTags(Payload))
            {
                n += tag.Length;
            }

            Check(n == 16 && Lite3Envelope.TagCount(Payload) == 3);
        });
        Assert.Equal(0, bytes);
    }

    [ReleaseFact]
    public void Warm_encodes_into_a_reused_writer_allocate_nothing()
    {
        byte[] json = Encoding.UTF8.GetBytes(SampleJson());
        string[] tags = ["orders", "eu"];
        var writer = new Lite3Writer();
        long bytes = Measure(() =>
        {
            Lite3Envelope.Encode(tags, json, writer);
            Lite3Json.Encode(json, writer);
            Lite3Envelope.Encode(tags, 5L, static (w, n) =>
            {
                w.WriteNumber("a"u8, n);
                w.WriteString("b"u8, "text");
                w.WriteStartArray("c"u8);
                w.WriteNumberValue(1.5);
                w.WriteEndArray();
            }, writer);
        });
        Assert.Equal(0, bytes);
    }

    [ReleaseFact]
    public void Warm_data_json_into_a_reused_buffer_allocates_nothing()
    {
        var output = new ArrayBufferWriter<byte>(4096);
        long bytes = Measure(() =>
        {
            output.ResetWrittenCount();
            Lite3Envelope.WriteDataJson(Payload, output);
        });
        Assert.Equal(0, bytes);
    }
}
