using System.Text.Json;
using Plasmite.Conformance;

namespace Plasmite.Tests.Local;

/// <summary>The original's pool files read through the public SDK (tail, get, envelope JSON).</summary>
[Trait("Category", "Unit")]
public class SdkVectorTests
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestData.PathOf("pools"), "*.plasmite").Order()) data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Tail_and_get_yield_the_expected_messages(string name)
    {
        using var dir = new TempDir();
        string path = dir.File(name + ".plasmite");
        File.Copy(TestData.PathOf("pools", name + ".plasmite"), path);
        var expected = File.ReadAllText(TestData.PathOf("pools", name + ".expected.jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();

        using var client = new PlasmiteClient(dir.Path);
        using var pool = client.OpenPool(path);
        var got = new List<Message>();
        await foreach (var m in pool.Tail(new TailOptions { MaxMessages = (ulong)expected.Count + 1, Timeout = TimeSpan.FromMilliseconds(100), Deadline = TimeSpan.FromSeconds(5) }))
            got.Add(m);

        Assert.Equal(expected.Count, got.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var message = got[i];
            Assert.Equal(want.GetProperty("seq").GetUInt64(), message.Seq);
            Assert.Equal(want.GetProperty("time").GetString(), message.TimeRfc3339);
            Assert.True(JsonCompare.TagsEqual(want.GetProperty("meta").GetProperty("tags"), message.Tags), $"{name} seq {message.Seq} tags");
            Assert.True(JsonCompare.DeepEquals(want.GetProperty("data"), message.Data), $"{name} seq {message.Seq} data");

            var byGet = pool.Get(message.Seq);
            Assert.Equal(message.Data.GetRawText(), byGet.Data.GetRawText());
            using var envelope = JsonDocument.Parse(pool.GetJson(message.Seq, EnvelopeKeyOrder.Sorted));
            Assert.True(JsonCompare.DeepEquals(want, envelope.RootElement), $"{name} seq {message.Seq} envelope");
        }
    }
}
