// Payload-level vector tests (need the Lite3 codec): decoded messages equal NAME.expected.jsonl, and replaying
// NAME.ops.jsonl with the Lite3 encoder gives a byte-identical NAME.plasmite for every vector.
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Storage;
using Plasmite.Tests.Support;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class PoolVectorPayloadTests
{
    [Theory]
    [MemberData(nameof(PoolVectorTests.Names), MemberType = typeof(PoolVectorTests))]
    public void Decoded_messages_equal_expected_jsonl(string name)
    {
        var lines = File.ReadAllText(TestData.PathOf("pools", name + ".expected.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var dir = new TempDir();
        string path = dir.File(name + ".plasmite");
        File.Copy(TestData.PathOf("pools", name + ".plasmite"), path);
        using var pool = PoolFile.Open(path);
        var frames = Dump(pool);
        Assert.Equal(lines.Length, frames.Count);
        for (int i = 0; i < lines.Length; i++)
        {
            using var expected = JsonDocument.Parse(lines[i]);
            var e = expected.RootElement;
            var f = frames[i];
            Assert.Equal(e.GetProperty("seq").GetUInt64(), f.Seq);
            Assert.Equal(e.GetProperty("time").GetString(), Plasmite.Text.Rfc3339.Format(f.TimestampNs));
            Lite3Envelope.Validate(f.Payload);
            Assert.Equal(e.GetProperty("meta").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!), Lite3Envelope.ReadTags(f.Payload));
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            Lite3Envelope.WriteDataJson(f.Payload, buffer);
            using var actual = JsonDocument.Parse(buffer.WrittenMemory);
            AssertJsonEqual(e.GetProperty("data"), actual.RootElement, $"{name} seq {f.Seq}");
        }
    }

    [Theory]
    [MemberData(nameof(PoolVectorTests.Names), MemberType = typeof(PoolVectorTests))]
    public void Replaying_ops_with_the_lite3_encoder_gives_byte_identical_files(string name)
    {
        using var dir = new TempDir();
        var writer = new Lite3Writer();
        string? skipped = PoolVectorReplayTests.Replay(name, op =>
        {
            var tags = op.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
            // The exact text of the data value (no re-serialisation: number spellings and duplicates matter).
            byte[] data = Encoding.UTF8.GetBytes(op.GetProperty("data").GetRawText());
            writer.Reset();
            Lite3Envelope.Encode(tags, data, writer);
            return writer.WrittenSpan.ToArray();
        }, dir);
        Assert.Null(skipped);
    }

    private static bool IsInteger(string raw) => raw.IndexOfAny(['.', 'e', 'E']) < 0;

    internal static void AssertJsonEqual(JsonElement expected, JsonElement actual, string where)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{where}: kind {expected.ValueKind} vs {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var ep = expected.EnumerateObject().ToList();
                var ap = actual.EnumerateObject().ToList();
                Assert.True(ep.Count == ap.Count, $"{where}: {ep.Count} vs {ap.Count} members");
                for (int i = 0; i < ep.Count; i++)
                {
                    Assert.True(ep[i].Name == ap[i].Name, $"{where}: key {ep[i].Name} vs {ap[i].Name}");
                    AssertJsonEqual(ep[i].Value, ap[i].Value, where + "." + ep[i].Name);
                }
                break;
            case JsonValueKind.Array:
                var ea = expected.EnumerateArray().ToList();
                var aa = actual.EnumerateArray().ToList();
                Assert.True(ea.Count == aa.Count, $"{where}: {ea.Count} vs {aa.Count} elements");
                for (int i = 0; i < ea.Count; i++) AssertJsonEqual(ea[i], aa[i], $"{where}[{i}]");
                break;
            case JsonValueKind.Number:
                string er = expected.GetRawText(), ar = actual.GetRawText();
                Assert.True(IsInteger(er) == IsInteger(ar), $"{where}: {er} vs {ar} (integer vs float)");
                if (IsInteger(er)) Assert.True(BigInteger.Parse(er, CultureInfo.InvariantCulture) == BigInteger.Parse(ar, CultureInfo.InvariantCulture), $"{where}: {er} vs {ar}");
                else
                {
                    double ed = double.Parse(er, CultureInfo.InvariantCulture), ad = double.Parse(ar, CultureInfo.InvariantCulture);
                    Assert.True(ed.Equals(ad) && double.IsNegative(ed) == double.IsNegative(ad), $"{where}: {er} vs {ar}");
                }
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{where}: string differs");
                break;
        }
    }
}
