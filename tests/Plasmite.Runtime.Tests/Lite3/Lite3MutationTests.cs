// Randomized robustness (the Lite3 fuzzer): seeded mutations of valid buffers go through every decoder (validation,
// JSON text, documents, envelope scans, the SDK's message decoding, the typed readers' member walk) and either read
// back fine or fail with Corrupt, within a time bound; interesting inputs are checked in under tests/data/fuzz/lite3.
using System.Buffers;
using System.Buffers.Binary;
using Plasmite.Lite3;
using Xunit.Abstractions;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3MutationTests(ITestOutputHelper output)
{
    // PLASMITE_FUZZ_ITERATIONS runs a longer campaign (the pool-file fuzzer reads the same variable).
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("PLASMITE_FUZZ_ITERATIONS"), out int n) && n > 12_000 ? n : 12_000;

    [Fact]
    public void Mutated_buffers_validate_or_fail_with_corrupt()
    {
        int seed = Environment.GetEnvironmentVariable("LITE3_MUTATION_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 20261204;
        output.WriteLine($"seed={seed}");
        var rng = new Random(seed);
        byte[][] corpus = Lite3Vectors.All.Values.Where(v => v.Lite3.Length <= 8192).Select(v => v.Lite3).ToArray();
        int accepted = 0;
        int corrupt = 0;
        var sink = new ArrayBufferWriter<byte>();
        // LITE3_CORPUS_OUT=DIR keeps one input per distinct outcome (first Corrupt message of each decoder) to refresh
        // tests/data/fuzz/lite3.
        string? corpusOut = Environment.GetEnvironmentVariable("LITE3_CORPUS_OUT");
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < Iterations; i++)
        {
            byte[] buf = Mutate(corpus[rng.Next(corpus.Length)], rng);
            // No decoder may hang: the whole campaign has a generous budget (≈ 1 s in CI).
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(Math.Max(2, Iterations / 12_000 * 2)), $"seed={seed}: too slow at iteration {i}");
            try
            {
                var signature = new System.Text.StringBuilder();
                bool ok = Exercise(buf, sink, signature);
                if (corpusOut is not null && outcomes.Add(signature.ToString()))
                {
                    Directory.CreateDirectory(corpusOut);
                    File.WriteAllBytes(Path.Combine(corpusOut, $"s{seed}-i{i}.lite3"), buf);
                }
                if (ok)
                {
                    accepted++;
                }
                else
                {
                    corrupt++;
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"seed={seed} iteration={i}: {e.GetType().Name}: {e.Message}\nbuffer={Convert.ToHexString(buf)}\n{e.StackTrace}");
            }
        }

        output.WriteLine($"accepted={accepted} corrupt={corrupt} in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(corrupt > Iterations / 10, "mutations should usually break something");
    }

    [Fact]
    public void Checked_in_corpus_inputs_decode_or_fail_with_corrupt()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "data", "fuzz", "lite3");
        var files = Directory.GetFiles(dir, "*.lite3").Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 10, $"corpus at {dir} is missing");
        var sink = new ArrayBufferWriter<byte>();
        int accepted = 0;
        Plasmite.Tests.Reliability.Bounded.Run(TimeSpan.FromSeconds(60), () =>
        {
            foreach (string f in files)
            {
                try
                {
                    if (Exercise(File.ReadAllBytes(f), sink, new System.Text.StringBuilder())) accepted++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{Path.GetFileName(f)}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
            }
        }, "lite3 corpus");
        Assert.True(accepted < files.Length, "the corpus holds only valid documents");
    }

    /// <summary>Runs every read path; returns whether the whole-document decoder accepted the buffer. Appends each
    /// path's outcome to <paramref name="signature"/>.</summary>
    private static bool Exercise(byte[] buf, ArrayBufferWriter<byte> sink, System.Text.StringBuilder signature)
    {
        bool Note(Action action) => Try(action, signature);
        bool wholeOk = Note(() => Lite3Json.Validate(buf));
        sink.ResetWrittenCount();
        bool decodeOk = Note(() => Lite3Json.WriteJson(buf, sink));
        Assert.Equal(wholeOk, decodeOk);
        Note(() => Lite3Envelope.Validate(buf));
        Note(() => Lite3Envelope.ReadTags(buf));
        Note(() => Lite3Envelope.HasAllTags(buf, ["a", "event"]));
        sink.ResetWrittenCount();
        Note(() => Lite3Envelope.WriteDataJson(buf, sink));
        int budget = 20_000;
        Note(() => Walk(new Lite3Document(buf), 0, ref budget));
        // The SDK's decoding of a stored message: lazy tags, data and envelope JSON, and typed data (a document that
        // does not fit the type is Usage).
        Note(() =>
        {
            var m = Plasmite.Local.MessageCodec.Decode(1, 2, buf);
            _ = m.Tags.Count;
            _ = m.Data.ValueKind;
            _ = m.Raw.Length;
        });
        Note(() =>
        {
            try
            {
                Plasmite.Local.MessageCodec.Decode(1, 2, buf, Plasmite.Tests.Local.TestJsonContext.Default.Ping);
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.Usage)
            {
            }
        });
        // The generated readers' walk: the data object's members, nested objects, string values.
        Note(() =>
        {
            int members = 2_000;
            WalkTyped(buf, Lite3TypedReader.DataOffset(buf), Lite3TypedReader.DataDepth, ref members);
        });
        return wholeOk;
    }

    private static void WalkTyped(ReadOnlySpan<byte> buf, int value, int depth, ref int members)
    {
        var reader = new Lite3ObjectReader(buf, value, depth);
        while (reader.MoveNext() && --members > 0)
        {
            _ = reader.Key.Length;
            byte type = buf[reader.Value];
            if (type == Lite3Constants.TypeObject) WalkTyped(buf, reader.Value, depth + 1, ref members);
            else if (type == Lite3Constants.TypeString) Lite3TypedReader.TryString(buf, reader.Value, out _);
        }
    }

    /// <summary>Visits everything reachable; the budget keeps shared/cyclic structures from blowing up the test itself.</summary>
    private static void Walk(Lite3Document d, int depth, ref int budget)
    {
        if (depth > 33 || --budget < 0)
        {
            return;
        }

        switch (d.Type)
        {
            case Lite3Type.Object:
                _ = d.Count;
                foreach (Lite3Document.Property p in d.EnumerateObject())
                {
                    d.TryGetProperty(p.Utf8Name, out _);
                    Walk(p.Value, depth + 1, ref budget);
                }

                d.TryGetProperty("meta"u8, out _);
                break;
            case Lite3Type.Array:
                int n = 0;
                foreach (Lite3Document item in d.EnumerateArray())
                {
                    d.TryGetElement(n++, out _);
                    Walk(item, depth + 1, ref budget);
                }

                d.TryGetElement(0, out _);
                break;
            case Lite3Type.String:
                d.GetUtf8String();
                break;
            case Lite3Type.Bytes:
                d.GetBytes();
                break;
            case Lite3Type.Int64:
            case Lite3Type.Float64:
                d.GetDouble();
                break;
            case Lite3Type.Boolean:
                d.GetBoolean();
                break;
        }
    }

    private static bool Try(Action action, System.Text.StringBuilder? signature = null)
    {
        try
        {
            action();
            signature?.Append("ok;");
            return true;
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.Corrupt)
        {
            Assert.NotNull(e.Offset);
            signature?.Append(e.Message.Split(':')[0]).Append(';');
            return false;
        }
    }

    private static byte[] Mutate(byte[] original, Random rng)
    {
        byte[] buf = (byte[])original.Clone();
        int mutations = 1 + rng.Next(4);
        for (int m = 0; m < mutations && buf.Length > 0; m++)
        {
            int at = rng.Next(buf.Length);
            switch (rng.Next(7))
            {
                case 0:
                    buf[at] = (byte)rng.Next(256);
                    break;
                case 1:
                    buf[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 2:
                    if (at + 4 <= buf.Length)
                    {
                        // Offsets, hashes and sizes: random, near the end, small, or pointing at a node.
                        uint value = rng.Next(4) switch
                        {
                            0 => (uint)rng.Next(),
                            1 => (uint)(buf.Length - rng.Next(100)),
                            2 => (uint)rng.Next(16),
                            _ => (uint)(rng.Next(Math.Max(1, buf.Length / 96)) * 96),
                        };
                        BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(at & ~3, Math.Min(4, buf.Length - (at & ~3))).Length == 4 ? buf.AsSpan(at & ~3) : buf.AsSpan(at), value);
                    }

                    break;
                case 3:
                    Array.Resize(ref buf, at);
                    break;
                case 4:
                    // Type byte of some node or value becomes another type.
                    buf[at] = (byte)rng.Next(9);
                    break;
                case 5:
                    // size_kc of the root or a node: key count 0..7.
                    int node = rng.Next(Math.Max(1, buf.Length / 96)) * 96;
                    if (node + 36 <= buf.Length)
                    {
                        buf[node + 32] = (byte)((buf[node + 32] & ~7) | rng.Next(8));
                    }

                    break;
                default:
                    buf[at] = 0;
                    break;
            }
        }

        return buf;
    }
}
