// A seeded mutation fuzzer over pool files: builds a few valid pools, mutates them (bit flips, byte runs,
// truncation/extension, header/frame/index field edits with consistent xor) and drives every read path over each input.
using System.Buffers.Binary;
using Plasmite.Local;
using Plasmite.Storage;

namespace Plasmite.Tests.Reliability;

internal sealed class PoolFuzzer
{
    /// <summary>A valid pool's bytes and the ring offsets of its frames (for targeted edits).</summary>
    internal sealed record Base(string Name, byte[] Bytes, ulong RingOffset, uint IndexCapacity, ulong[] Frames);

    private readonly Base[] _bases;

    public PoolFuzzer(string scratchDir) => _bases = BuildBases(scratchDir);

    public IReadOnlyList<Base> Bases => _bases;

    private static Base[] BuildBases(string dir)
    {
        var list = new List<Base>();
        // Shapes: wrapped with index; wrapped without index (wrap markers, padding zones); few messages; empty.
        (string name, ulong size, uint cap, int messages, int maxLen)[] shapes =
        [
            ("wrapped-index", 16 * 1024, 16, 120, 300),
            ("wrapped-noindex", 12 * 1024, 0, 90, 500),
            ("few", 16 * 1024, 8, 5, 60),
            ("empty", 8 * 1024, 4, 0, 0),
        ];
        var rnd = new Random(4242);
        foreach (var (name, size, cap, messages, maxLen) in shapes)
        {
            using var client = new PlasmiteClient(dir);
            using (var pool = client.CreatePool(name, size, cap))
            {
                for (int i = 0; i < messages; i++)
                {
                    string pad = new('p', rnd.Next(0, maxLen));
                    pool.AppendJson(System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i},\"s\":\"{pad}\",\"f\":{i * 0.5},\"b\":true,\"n\":null,\"a\":[1,\"x\"]}}"),
                        i % 3 == 0 ? ["t1"] : ["t1", "t2"]);
                }
            }
            string path = Path.Combine(dir, name + ".plasmite");
            ulong ring;
            var frames = new List<ulong>();
            using (var file = PoolFile.Open(path))
            {
                ring = file.RingOffset;
                var c = file.CreateCursor();
                while (c.Step() == CursorStatus.Message) frames.Add(c.Offset);
            }
            list.Add(new Base(name, File.ReadAllBytes(path), ring, cap, [.. frames]));
        }
        return [.. list];
    }

    /// <summary>The input of iteration <paramref name="i"/> for <paramref name="seed"/> (pure: same seed, same bytes).</summary>
    public byte[] Input(int seed, int i, out string description)
    {
        var rng = new Random(HashCode.Combine(seed, i) & int.MaxValue ^ (seed * 31 + i));
        var b = _bases[rng.Next(_bases.Length)];
        var bytes = (byte[])b.Bytes.Clone();
        int edits = rng.Next(1, 4);
        var what = new List<string> { b.Name };
        for (int e = 0; e < edits; e++) what.Add(Mutate(ref bytes, b, rng));
        description = string.Join(" + ", what);
        return bytes;
    }

    private static readonly ulong[] Interesting = [0, 1, 7, 8, 63, 64, 4096, 0x7FFF_FFFF, 0xFFFF_FFFF, ulong.MaxValue, ulong.MaxValue - 63];

    private static string Mutate(ref byte[] bytes, Base b, Random rng)
    {
        int kind = rng.Next(10);
        switch (kind)
        {
            case 0:
            {
                int at = rng.Next(bytes.Length);
                bytes[at] ^= (byte)(1 << rng.Next(8));
                return $"flip@{at}";
            }
            case 1:
            {
                int at = rng.Next(bytes.Length), len = Math.Min(rng.Next(1, 65), bytes.Length - at);
                byte fill = (byte)(rng.Next(3) switch { 0 => 0, 1 => 0xFF, _ => rng.Next(256) });
                bytes.AsSpan(at, len).Fill(fill);
                return $"run@{at}x{len}={fill:x2}";
            }
            case 2:
            {
                int len = rng.Next(0, bytes.Length);
                Array.Resize(ref bytes, len);
                return $"truncate={len}";
            }
            case 3:
            {
                int more = rng.Next(1, 9000);
                int old = bytes.Length;
                Array.Resize(ref bytes, old + more);
                if (rng.Next(2) == 0) rng.NextBytes(bytes.AsSpan(old));
                return $"extend+{more}";
            }
            case 4 or 5:
            {
                // A header field (file_size … newest_seq), as a whole u64 or one byte.
                if (bytes.Length < 104) return "header(short)";
                int field = 16 + 8 * rng.Next(0, 11);
                ulong v = rng.Next(3) switch
                {
                    0 => Interesting[rng.Next(Interesting.Length)],
                    1 => (ulong)rng.Next(0, 20000) & ~7UL,
                    _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(field)) + (ulong)rng.Next(-3, 4) * 8,
                };
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(field), v);
                return $"header@{field}={v}";
            }
            case 6 or 7 or 8:
            {
                if (b.Frames.Length == 0) return "frame(none)";
                ulong f = b.RingOffset + b.Frames[rng.Next(b.Frames.Length)];
                if ((ulong)bytes.Length < f + 64) return "frame(cut)";
                var h = bytes.AsSpan((int)f, 64);
                switch (rng.Next(7))
                {
                    case 0:
                        uint st = (uint)rng.Next(0, 6);
                        BinaryPrimitives.WriteUInt32LittleEndian(h[FrameHeader.StateOff..], st);
                        return $"frame@{f}.state={st}";
                    case 1:
                    {
                        // payload_len with a consistent xor: the probe's own check passes, the bounds must catch it.
                        uint p = rng.Next(3) switch { 0 => (uint)Interesting[rng.Next(Interesting.Length)], 1 => (uint)rng.Next(0, 20000), _ => BinaryPrimitives.ReadUInt32LittleEndian(h[FrameHeader.PayloadLenOff..]) + (uint)rng.Next(-16, 17) };
                        BinaryPrimitives.WriteUInt32LittleEndian(h[FrameHeader.PayloadLenOff..], p);
                        BinaryPrimitives.WriteUInt32LittleEndian(h[FrameHeader.PayloadLenXorOff..], ~p);
                        return $"frame@{f}.payload_len={p}(xor ok)";
                    }
                    case 2:
                    {
                        uint p = (uint)rng.Next();
                        BinaryPrimitives.WriteUInt32LittleEndian(h[FrameHeader.PayloadLenOff..], p);
                        return $"frame@{f}.payload_len={p}";
                    }
                    case 3:
                    {
                        uint hl = (uint)rng.Next(0, 130);
                        BinaryPrimitives.WriteUInt32LittleEndian(h[FrameHeader.HeaderLenOff..], hl);
                        return $"frame@{f}.header_len={hl}";
                    }
                    case 4:
                    {
                        ulong seq = Interesting[rng.Next(Interesting.Length)] + (ulong)rng.Next(0, 200);
                        BinaryPrimitives.WriteUInt64LittleEndian(h[FrameHeader.SeqOff..], seq);
                        return $"frame@{f}.seq={seq}";
                    }
                    case 5:
                    {
                        // The payload itself (the Lite3 document): a byte run inside it.
                        uint p = BinaryPrimitives.ReadUInt32LittleEndian(h[FrameHeader.PayloadLenOff..]);
                        if (p == 0 || (ulong)bytes.Length < f + 64 + p) return "payload(cut)";
                        int at = (int)f + 64 + rng.Next((int)p);
                        bytes[at] = (byte)rng.Next(256);
                        return $"payload@{at}";
                    }
                    default:
                    {
                        uint p = BinaryPrimitives.ReadUInt32LittleEndian(h[FrameHeader.PayloadLenOff..]);
                        ulong marker = f + 64 + p;
                        if ((ulong)bytes.Length < marker + 8) return "marker(cut)";
                        bytes[(int)marker + rng.Next(8)] ^= 0x01;
                        return $"frame@{f}.marker";
                    }
                }
            }
            default:
            {
                if (b.IndexCapacity == 0 || bytes.Length < 4096 + 16 * (int)b.IndexCapacity) return "index(none)";
                int slot = 4096 + 16 * rng.Next((int)b.IndexCapacity);
                ulong seq = (ulong)rng.Next(0, 200), off = rng.Next(2) == 0 && b.Frames.Length > 0 ? b.Frames[rng.Next(b.Frames.Length)] : (ulong)rng.Next(0, 20000);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(slot), seq);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(slot + 8), off);
                return $"index@{slot}=({seq},{off})";
            }
        }
    }

    /// <summary>
    /// Drives every read path over the pool file at <paramref name="path"/> (named <paramref name="name"/> in
    /// <paramref name="dir"/>). PlasmiteException of any kind is an acceptable answer; anything else escapes.
    /// <paramref name="sdk"/> adds the SDK tail, stream and replay (each ends by a few-millisecond timeout).
    /// Returns a short outcome signature (which paths succeeded, which said what).
    /// </summary>
    public static string Drive(string dir, string name, string path, bool sdk)
    {
        var sig = new System.Text.StringBuilder();
        void Note(string what, Action action)
        {
            try
            {
                action();
                sig.Append(what).Append(":ok ");
            }
            catch (PlasmiteException e)
            {
                sig.Append(what).Append(':').Append(e.Kind).Append(' ');
            }
        }

        PoolFile? file = null;
        Note("open", () => file = PoolFile.Open(path));
        Note("doctor", () => PoolValidator.Validate(path));
        if (file is null) return sig.ToString();
        using (file)
        {
            file.GetCorruptAfter = TimeSpan.Zero; // a damaged retained seq is Corrupt at once (default: after 500 ms)
            Note("info", () => file.Info());
            Note("validate", () => PoolValidator.Validate(file));
            Note("get", () =>
            {
                var h = file.ReadHeader();
                if (h.IsEmpty) return;
                // Every seq on its own (a Corrupt one does not hide the next); the first error is the outcome.
                PlasmiteException? first = null;
                for (ulong s = h.OldestSeq; s <= h.NewestSeq && s < h.OldestSeq + 40; s++)
                {
                    try
                    {
                        if (file.TryGet(s, out var frame)) Decode(frame.Seq, frame.TimestampNs, frame.Payload);
                    }
                    catch (PlasmiteException e)
                    {
                        first ??= e;
                    }
                }
                Assert.False(file.TryGet(h.NewestSeq + 1, out _));
                Assert.False(file.TryGet(ulong.MaxValue, out _));
                if (first is not null) throw first;
            });
            Note("cursor", () => WalkCursor(file, file.CreateCursor(), TimeSpan.FromSeconds(1)));
            Note("cursor-corrupt", () => WalkCursor(file, file.CreateCursor(), TimeSpan.Zero));
            Note("cursor-head", () =>
            {
                var c = file.CreateCursor();
                c.PositionAtHead();
                WalkCursor(file, c, TimeSpan.Zero);
                c.PositionAtSeq(3);
                WalkCursor(file, c, TimeSpan.Zero);
            });
        }
        if (!sdk) return sig.ToString();
        using var client = new PlasmiteClient(dir);
        PlasmitePool? pool = null;
        Note("sdk-open", () => pool = client.OpenPool(name));
        if (pool is null) return sig.ToString();
        using (pool)
        {
            var quick = TimeSpan.FromMilliseconds(3);
            Note("sdk-info", () => pool.Info());
            Note("sdk-tail", () => Task.Run(async () =>
            {
                await foreach (var m in pool.Tail(new TailOptions { Deadline = quick, Tags = ["t1"] })) _ = m.Data;
            }).GetAwaiter().GetResult());
            Note("sdk-stream", () =>
            {
                using var stream = pool.OpenStream(timeout: quick);
                while (stream.NextJson() is not null)
                {
                }
            });
            Note("sdk-replay", () => Task.Run(async () =>
            {
                await foreach (var m in pool.Replay(new ReplayOptions { Timeout = quick, Speed = 0 })) _ = m.Data;
            }).GetAwaiter().GetResult());
        }
        return sig.ToString();
    }

    // The documented loop (FellBehind: step again) with a step bound: a reader that keeps its caller busy fails here.
    private static void WalkCursor(PoolFile file, PoolCursor cursor, TimeSpan corruptAfter)
    {
        cursor.CorruptAfter = corruptAfter;
        int wouldBlock = 0;
        for (int steps = 0; steps < 50_000; steps++)
        {
            switch (cursor.Step())
            {
                case CursorStatus.Message:
                    Decode(cursor.Seq, cursor.TimestampNs, cursor.Payload);
                    wouldBlock = 0;
                    break;
                case CursorStatus.WouldBlock:
                    if (++wouldBlock >= 3) return;
                    break;
            }
        }
        throw new InvalidOperationException($"cursor on {file.Path} kept its caller busy for 50,000 steps");
    }

    private static void Decode(ulong seq, ulong ts, ReadOnlySpan<byte> payload)
    {
        var m = MessageCodec.Decode(seq, ts, payload);
        _ = m.Tags.Count;
    }
}
