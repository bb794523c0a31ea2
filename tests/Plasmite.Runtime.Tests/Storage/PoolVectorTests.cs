// Reads every upstream-written pool vector in tests/data/pools: header, metrics, frame walk, index slots,
// validator report and the messages' seqs/times must match the recorded JSON.
using System.Buffers.Binary;
using System.Text.Json;
using Plasmite.Storage;
using Plasmite.Tests.Support;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class PoolVectorTests
{
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.PathOf("pools", "manifest.json")));
            foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray()) data.Add(v.GetProperty("name").GetString()!);
            return data;
        }
    }

    private static JsonElement Load(string name, string suffix)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.PathOf("pools", name + suffix)));
        return doc.RootElement.Clone();
    }

    /// <summary>Opens a private copy (opening is read/write).</summary>
    private static PoolFile OpenCopy(TempDir dir, string name)
    {
        string path = dir.File(name + ".plasmite");
        File.Copy(TestData.PathOf("pools", name + ".plasmite"), path);
        return PoolFile.Open(path);
    }

    private static ulong U(JsonElement e, string p) => e.GetProperty(p).GetUInt64();

    [Theory]
    [MemberData(nameof(Names))]
    public void Header_bounds_and_metrics_equal_info_json(string name)
    {
        var info = Load(name, ".info.json");
        using var dir = new TempDir();
        using var pool = OpenCopy(dir, name);
        var h = pool.ReadHeader();
        var hj = info.GetProperty("header");
        Assert.Equal(U(hj, "file_size"), h.FileSize);
        Assert.Equal(U(hj, "flags"), h.Flags);
        Assert.Equal(U(hj, "head_off"), h.HeadOff);
        Assert.Equal(U(hj, "index_capacity"), h.IndexCapacity);
        Assert.Equal(U(hj, "index_offset"), h.IndexOffset);
        Assert.Equal(U(hj, "newest_seq"), h.NewestSeq);
        Assert.Equal(U(hj, "oldest_seq"), h.OldestSeq);
        Assert.Equal(U(hj, "ring_offset"), h.RingOffset);
        Assert.Equal(U(hj, "ring_size"), h.RingSize);
        Assert.Equal(U(hj, "tail_next_off"), h.TailNextOff);
        Assert.Equal(U(hj, "tail_off"), h.TailOff);
        Assert.Equal(3u, h.Version);

        var pi = pool.Info();
        Assert.Equal(U(info, "file_size"), pi.FileSize);
        Assert.Equal(U(info, "index_size_bytes"), pi.IndexSizeBytes);
        Assert.Equal(U(info, "ring_offset"), pi.RingOffset);
        var bounds = info.GetProperty("bounds");
        Assert.Equal(bounds.TryGetProperty("oldest", out var o) ? o.GetUInt64() : null, pi.Bounds.Oldest);
        Assert.Equal(bounds.TryGetProperty("newest", out var n) ? n.GetUInt64() : null, pi.Bounds.Newest);
        var m = info.GetProperty("metrics");
        Assert.Equal(U(m, "message_count"), pi.Metrics.MessageCount);
        Assert.Equal(U(m, "seq_span"), pi.Metrics.SeqSpan);
        var u = m.GetProperty("utilization");
        Assert.Equal(U(u, "used_bytes"), pi.Metrics.UsedBytes);
        Assert.Equal(U(u, "free_bytes"), pi.Metrics.FreeBytes);
        Assert.Equal(U(u, "used_percent_hundredths"), pi.Metrics.UsedPercentHundredths);
        Assert.Equal(u.GetProperty("used_percent").GetDouble(), pi.Metrics.UsedPercent);
        var age = m.GetProperty("age");
        Assert.Equal(age.GetProperty("oldest_time").GetString(), pi.Metrics.OldestTime);
        Assert.Equal(age.GetProperty("newest_time").GetString(), pi.Metrics.NewestTime);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Frame_walk_and_index_slots_equal_layout_json(string name)
    {
        var layout = Load(name, ".layout.json");
        using var dir = new TempDir();
        using var pool = OpenCopy(dir, name);
        var h = pool.ReadHeader();
        var ring = pool.MappedBytes[(int)pool.RingOffset..];
        ulong r = pool.RingSize;

        // Independent walk from the tail: frames, wrap markers and padding zones.
        var walked = new List<string>();
        if (!h.IsEmpty)
        {
            ulong pos = h.TailOff;
            for (int guard = 0; guard < 100_000; guard++)
            {
                if (r - pos < 64)
                {
                    walked.Add($"pad {pos} len {r - pos}");
                    pos = 0;
                    continue;
                }
                var fh = FrameHeader.Decode(ring[(int)pos..]);
                if (fh.State == (uint)FrameState.Wrap)
                {
                    walked.Add($"wrap {pos} pad_len {r - pos}");
                    pos = 0;
                    continue;
                }
                walked.Add($"frame {pos} {(FrameState)fh.State} seq {fh.Seq} ts {fh.TimestampNs} flags {fh.Flags} len {fh.PayloadLength} frame {fh.FrameLength}");
                pos += fh.FrameLength;
                if (pos == r) pos = 0;
                if (fh.Seq == h.NewestSeq) break;
            }
        }
        var expected = new List<string>();
        foreach (var f in layout.GetProperty("frames").EnumerateArray())
        {
            expected.Add(f.GetProperty("kind").GetString() switch
            {
                "pad" => $"pad {U(f, "offset")} len {U(f, "len")}",
                "wrap" => $"wrap {U(f, "offset")} pad_len {U(f, "pad_len")}",
                _ => $"frame {U(f, "offset")} {f.GetProperty("state").GetString()} seq {U(f, "seq")} ts {U(f, "timestamp_ns")} flags {U(f, "flags")} len {U(f, "payload_len")} frame {U(f, "frame_len")}",
            });
        }
        Assert.Equal(expected, walked);

        // The cursor sees exactly the frames of the walk.
        var dump = Dump(pool);
        var frames = layout.GetProperty("frames").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == "frame").ToList();
        Assert.Equal(frames.Select(f => (U(f, "seq"), U(f, "offset"), U(f, "timestamp_ns"), (int)U(f, "payload_len"))),
            dump.Select(d => (d.Seq, d.Info.Offset, d.TimestampNs, d.Payload.Length)));

        // What decodes at the head.
        string? atHead = null;
        if (r - h.HeadOff >= 64)
        {
            var fh = FrameHeader.Decode(ring[(int)h.HeadOff..]);
            if (fh.Check(r) is null && fh.State is (uint)FrameState.Writing or (uint)FrameState.Committed)
                atHead = $"{fh.PayloadLength} {fh.Seq} {(FrameState)fh.State} {fh.TimestampNs}";
        }
        var ah = layout.GetProperty("at_head");
        Assert.Equal(ah.ValueKind == JsonValueKind.Null ? null
            : $"{U(ah, "payload_len")} {U(ah, "seq")} {ah.GetProperty("state").GetString()} {U(ah, "timestamp_ns")}", atHead);

        // Non-empty index slots.
        var slots = new List<(ulong, ulong, ulong)>();
        var bytes = pool.MappedBytes;
        for (uint i = 0; i < pool.IndexCapacity; i++)
        {
            int slot = (int)PoolFormat.IndexOffset + PoolFormat.IndexSlotSize * (int)i;
            ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(bytes[slot..]);
            ulong off = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(slot + sizeof(ulong))..]);
            if (seq != 0 || off != 0) slots.Add((i, seq, off));
        }
        Assert.Equal(layout.GetProperty("index_slots").EnumerateArray().Select(s => (U(s, "slot"), U(s, "seq"), U(s, "offset"))), slots);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Validator_report_equals_validate_json(string name)
    {
        var api = Load(name, ".validate.json").GetProperty("api");
        using var dir = new TempDir();
        using var pool = OpenCopy(dir, name);
        var report = PoolValidator.Validate(pool);
        Assert.Equal("ok", report.Status);
        Assert.Equal(api.GetProperty("status").GetString(), report.Status);
        var lg = api.GetProperty("last_good_seq");
        Assert.Equal(lg.ValueKind == JsonValueKind.Null ? null : lg.GetUInt64(), report.LastGoodSeq);
        Assert.Equal(api.GetProperty("remediation_hints").EnumerateArray().Select(e => e.GetString()!), report.RemediationHints);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Retained_messages_match_expected_seqs_and_times(string name)
    {
        var lines = File.ReadAllText(TestData.PathOf("pools", name + ".expected.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = lines.Select(l =>
        {
            using var d = JsonDocument.Parse(l);
            return (d.RootElement.GetProperty("seq").GetUInt64(), d.RootElement.GetProperty("time").GetString());
        }).ToList();
        using var dir = new TempDir();
        using var pool = OpenCopy(dir, name);
        // Torn frames are invisible: the tail cursor and get-by-seq give exactly the expected messages.
        Assert.Equal(expected, Dump(pool).Select(f => (f.Seq, (string?)Plasmite.Text.Rfc3339.Format(f.TimestampNs))));
        foreach (var (seq, time) in expected) Assert.Equal(time, Plasmite.Text.Rfc3339.Format(pool.Get(seq).TimestampNs));
        var h = pool.ReadHeader();
        Assert.False(pool.TryGet(h.NewestSeq + 1, out _));
        if (h.OldestSeq > 1) Assert.False(pool.TryGet(h.OldestSeq - 1, out _));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Appending_to_a_vector_keeps_it_valid(string name)
    {
        using var dir = new TempDir();
        using var pool = OpenCopy(dir, name);
        ulong newest = pool.ReadHeader().NewestSeq;
        for (int i = 0; i < 200; i++)
        {
            var r = pool.Append(Payload((ulong)i, 100 + (i * 37 % 900)), (ulong)i);
            Assert.Equal(newest + 1 + (ulong)i, r.Seq);
        }
        AssertValid(pool);
    }
}
