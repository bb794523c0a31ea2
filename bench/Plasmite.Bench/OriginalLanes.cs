// The original's benchmark lanes under its names and definitions (shared/spec/bench-lanes.md §5, §10): same flags,
// matrix, payloads, timer boundaries and units, one JSON Lines result each, plus our extra fields (§10.4).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;
using Plasmite.Storage;

namespace Plasmite.Bench;

/// <summary>The original's flags (bench-lanes.md §1.1) plus ours (§10.3): <c>--quick</c>, <c>--profile</c>,
/// <c>--repeat</c>, <c>--typed</c>.</summary>
internal sealed class OriginalOptions
{
    public string WorkDir { get; private set; } = "";
    public List<ulong> PoolSizes { get; private set; } = [1UL << 20, 64UL << 20];
    public List<int> Payloads { get; private set; } = [128, 1024, 16384];
    public int Messages { get; private set; } = 20_000;
    public List<int> Writers { get; private set; } = [1, 2, 4, 8];
    public List<Durability> Durabilities { get; private set; } = [Durability.Fast];
    public string Format { get; private set; } = "both";
    public int Repeat { get; private set; } = 100_000;
    public bool Typed { get; private set; }

    /// <exception cref="PlasmiteException">Usage for an unknown flag or a bad value (the original's messages).</exception>
    public static OriginalOptions Parse(string[] args)
    {
        var o = new OriginalOptions();
        // Profiles first: explicit flags then replace what a profile set, whatever their order.
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick") o.ApplyProfile("quick");
            else if (args[i] == "--profile") o.ApplyProfile(Value(args, ref i));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string flag = args[i];
            bool first = seen.Add(flag);
            switch (flag)
            {
                case "--quick":
                    break;
                case "--profile":
                    i++;
                    break;
                case "--typed":
                    o.Typed = true;
                    break;
                case "--work-dir":
                    o.WorkDir = Value(args, ref i);
                    break;
                case "--pool-size":
                    if (first) o.PoolSizes = [];
                    o.PoolSizes.Add(ParseSize(Value(args, ref i)));
                    break;
                case "--payload-bytes":
                    if (first) o.Payloads = [];
                    o.Payloads.Add(ParseCount(Value(args, ref i), "invalid payload bytes"));
                    break;
                case "--messages":
                    o.Messages = ParseCount(Value(args, ref i), "invalid messages");
                    break;
                case "--writers":
                    if (first) o.Writers = [];
                    o.Writers.Add(ParseCount(Value(args, ref i), "invalid writers"));
                    break;
                case "--repeat":
                    o.Repeat = ParseCount(Value(args, ref i), "invalid repeat");
                    break;
                case "--durability":
                    if (first) o.Durabilities = [];
                    string d = Value(args, ref i);
                    if (d.Equals("both", StringComparison.OrdinalIgnoreCase)) o.Durabilities.AddRange([Durability.Fast, Durability.Flush]);
                    else if (d == "fast") o.Durabilities.Add(Durability.Fast);
                    else if (d == "flush") o.Durabilities.Add(Durability.Flush);
                    else throw PlasmiteException.Usage("invalid durability");
                    o.Durabilities = o.Durabilities.Distinct().ToList();
                    break;
                case "--format":
                    string f = Value(args, ref i);
                    if (f is not ("json" or "table" or "both")) throw PlasmiteException.Usage("invalid --format (use json|table|both)");
                    o.Format = f;
                    break;
                default:
                    throw PlasmiteException.Usage("unknown argument '" + flag + "'");
            }
        }
        if (o.WorkDir.Length == 0)
        {
            o.WorkDir = Path.Combine(".scratch", string.Create(CultureInfo.InvariantCulture,
                $"plasmite-bench-{Environment.ProcessId}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}"));
        }
        return o;
    }

    private void ApplyProfile(string name)
    {
        switch (name)
        {
            case "quick":
                (PoolSizes, Payloads, Messages, Writers, Durabilities) = ([64UL << 20], [1024], 20_000, [1, 4], [Durability.Fast]);
                break;
            case "lanes":
                (PoolSizes, Payloads, Messages, Writers, Durabilities) = ([64UL << 20], [256, 1024, 2048], 20_000, [1, 4], [Durability.Fast, Durability.Flush]);
                break;
            case "gate":
                (PoolSizes, Payloads, Messages, Writers, Durabilities) = ([1UL << 20, 64UL << 20], [128, 1024, 16384], 5_000, [1, 2, 4, 8], [Durability.Fast]);
                break;
            default:
                throw PlasmiteException.Usage("invalid --profile (use lanes|gate)");
        }
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw PlasmiteException.Usage("missing value for " + args[i - 1]);

    private static int ParseCount(string s, string error) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw PlasmiteException.Usage(error);

    /// <summary>Bytes, or a K/M/G suffix in either case (powers of 1024).</summary>
    public static ulong ParseSize(string s)
    {
        ulong scale = 1;
        if (s.Length > 0)
        {
            scale = char.ToUpperInvariant(s[^1]) switch { 'K' => 1UL << 10, 'M' => 1UL << 20, 'G' => 1UL << 30, _ => 1 };
            if (scale != 1) s = s[..^1];
        }
        if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) || n == 0 || n > ulong.MaxValue / scale)
            throw PlasmiteException.Usage("invalid size");
        return n * scale;
    }
}

/// <summary>The stored messages of the lanes (bench-lanes.md §3): the envelope
/// <c>{"meta":{"tags":["bench"]},"data":{…}}</c> with the R (reused) or S (stamped) data.</summary>
internal static class LanePayloads
{
    public static readonly string[] Tags = ["bench"];

    public static string Filler(int payloadBytes) => new('x', payloadBytes > 32 ? payloadBytes - 32 : 1);

    /// <summary>R: <c>{"filler": …}</c>, encoded once.</summary>
    public static byte[] EncodeR(string filler) => Lite3Envelope.Encode(Tags, Encoding.UTF8.GetBytes("{\"filler\":\"" + filler + "\"}"));

    /// <summary>Writes the S data JSON text <c>{"done":…,"filler":…,"sent_ns":…}</c> (keys in byte order) into
    /// <paramref name="json"/> and returns its length.</summary>
    public static int WriteS(Span<byte> json, ReadOnlySpan<byte> filler, bool done, ulong sentNs)
    {
        int n = Put(json, 0, done ? "{\"done\":true,\"filler\":\""u8 : "{\"done\":false,\"filler\":\""u8);
        n = Put(json, n, filler);
        n = Put(json, n, "\",\"sent_ns\":"u8);
        ((long)sentNs).TryFormat(json[n..], out int w, default, CultureInfo.InvariantCulture);
        n += w;
        json[n++] = (byte)'}';
        return n;
    }

    private static int Put(Span<byte> json, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(json[at..]);
        return at + bytes.Length;
    }

    /// <summary>A JSON-text buffer large enough for <see cref="WriteS"/>.</summary>
    public static byte[] SBuffer(int fillerLength) => new byte[fillerLength + 64];

    /// <summary>JSON text → Lite3 envelope (the same encode as <c>AppendJson</c>) into <paramref name="writer"/>.</summary>
    public static ReadOnlySpan<byte> EncodeS(Lite3Writer writer, byte[] json, ReadOnlySpan<byte> filler, bool done, ulong sentNs)
    {
        writer.Reset();
        Lite3Envelope.Encode(Tags, json.AsSpan(0, WriteS(json, filler, done, sentNs)), writer);
        return writer.WrittenSpan;
    }

    /// <summary>Reads <c>data.sent_ns</c> and <c>data.done</c> by typed Lite3 key lookup (no JSON, no meta).</summary>
    public static (ulong SentNs, bool Done) ReadStamp(ReadOnlySpan<byte> payload)
    {
        int data = Lite3TypedReader.DataOffset(payload);
        ReadError err = default;
        ulong sent = 0;
        bool done = false;
        if (Lite3Reader.LookupKey(payload, data, "sent_ns"u8, out int v, ref err) == Lite3ReadStatus.Ok && payload[v] == (byte)Lite3Type.Int64)
            sent = (ulong)Lite3TypedReader.Int64(payload, v);
        if (Lite3Reader.LookupKey(payload, data, "done"u8, out int d, ref err) == Lite3ReadStatus.Ok && payload[d] == (byte)Lite3Type.Boolean)
            done = payload[d + 1] != 0;
        return (sent, done);
    }

    /// <summary>Wall clock, ns since the Unix epoch.</summary>
    public static ulong WallNs() => (ulong)(DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>§3 [derived]: stored payload length of R (434 + F) or S (460 + F), valid for F ≠ 90.</summary>
    public static int ExpectedLength(int payloadBytes, bool stamped)
    {
        int f = payloadBytes > 32 ? payloadBytes - 32 : 1;
        return (stamped ? 460 : 434) + f;
    }
}

/// <summary>Latency summary of §6: min, p50, p95, max (and p99, ours) by the index rule round((n − 1) × Q).</summary>
internal readonly record struct LatencySummary(double Min, double P50, double P95, double P99, double Max)
{
    public static LatencySummary? Of(double[] samples, int count)
    {
        if (count == 0) return null;
        Array.Sort(samples, 0, count);
        double At(double q) => samples[(int)Math.Round((count - 1) * q, MidpointRounding.AwayFromZero)];
        return new LatencySummary(samples[0], At(0.50), At(0.95), At(0.99), samples[count - 1]);
    }

    public void Write(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteNumber("max", Max);
        w.WriteNumber("min", Min);
        w.WriteNumber("p50", P50);
        w.WriteNumber("p95", P95);
        w.WriteNumber("p99", P99);
        w.WriteEndObject();
    }

    public static LatencySummary? Read(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("p50", out _)
            ? new LatencySummary(e.GetProperty("min").GetDouble(), e.GetProperty("p50").GetDouble(), e.GetProperty("p95").GetDouble(),
                e.GetProperty("p99").GetDouble(), e.GetProperty("max").GetDouble())
            : null;
}

/// <summary>One result line: every field of bench-lanes.md §7.2 under its name and unit, plus §10.4's extras.</summary>
internal sealed class LaneResult
{
    public required string Bench { get; init; }
    public required string Lane { get; init; }
    public required string Scenario { get; init; }
    public required string ProcessMode { get; init; }
    public required string EncodeMode { get; init; }
    public required string DecodeMode { get; init; }
    public required string RuntimePath { get; init; }
    public required string Notes { get; init; }
    public ulong PoolSize { get; init; }
    public int PayloadBytes { get; init; }
    public long Messages { get; init; }
    public int Writers { get; init; } = 1;
    public Durability Durability { get; init; }
    public double DurationMs { get; init; }
    public bool IntegerDuration { get; init; }
    public bool FollowMetrics { get; init; }
    public LatencySummary? Latency { get; init; }
    public bool HasLatency { get; init; }
    public string? WriterJson { get; init; }
    public string? WaitMode { get; init; }
    public int? Repeat { get; init; }
    public int WarmupMessages { get; init; }
    public double? SpawnMs { get; init; }
    public double? AllocBytesPerOp { get; init; }
    public int? StoredPayloadBytes { get; init; }

    private double Seconds => DurationMs / 1000.0;

    public double MsPerMsg => FollowMetrics ? (Messages == 0 ? 0 : DurationMs / Messages) : DurationMs / Math.Max(Messages, 1);

    public double MsgsPerSec => FollowMetrics && Messages == 0 ? 0 : Messages / Math.Max(Seconds, 1e-9);

    public void Print()
    {
        using var stream = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            // Keys in ascending order, as the original's document.
            w.WriteStartObject();
            if (Writers > 1 && Bench == "multi_writer") w.WriteNumber("aggregate_msgs_per_sec", Writers * MsgsPerSec);
            if (AllocBytesPerOp is { } a) w.WriteNumber("alloc_bytes_per_op", Math.Round(a, 2));
            w.WriteString("bench", Bench);
            w.WriteString("decode_mode", DecodeMode);
            if (IntegerDuration) w.WriteNumber("duration_ms", (long)DurationMs);
            else w.WriteNumber("duration_ms", DurationMs);
            w.WriteString("durability", Durability == Durability.Flush ? "flush" : "fast");
            w.WriteString("encode_mode", EncodeMode);
            w.WriteString("impl", "csharp");
            w.WriteString("lane", Lane);
            if (HasLatency)
            {
                if (Latency is { } l) l.Write(w, "latency_ms");
                else
                {
                    w.WriteStartObject("latency_ms");
                    w.WriteEndObject();
                }
            }
            w.WriteNumber("mb_per_sec", PayloadBytes * (double)Messages / 1048576.0 / Math.Max(Seconds, 1e-9) * (FollowMetrics && Messages == 0 ? 0 : 1));
            w.WriteNumber("messages", Messages);
            w.WriteNumber("ms_per_msg", MsPerMsg);
            w.WriteNumber("msgs_per_sec", MsgsPerSec);
            w.WriteString("notes", Notes);
            if (Latency is { } lu)
            {
                w.WriteNumber("p50_us", Math.Round(lu.P50 * 1000, 3));
                w.WriteNumber("p95_us", Math.Round(lu.P95 * 1000, 3));
                w.WriteNumber("p99_us", Math.Round(lu.P99 * 1000, 3));
            }
            w.WriteNumber("payload_bytes", PayloadBytes);
            w.WriteNumber("pool_size", PoolSize);
            w.WriteString("process_mode", ProcessMode);
            if (Repeat is { } r) w.WriteNumber("repeat", r);
            w.WriteString("runtime_path", RuntimePath);
            w.WriteString("scenario", Scenario);
            if (SpawnMs is { } s) w.WriteNumber("spawn_ms", Math.Round(s, 3));
            if (StoredPayloadBytes is { } sp) w.WriteNumber("stored_payload_bytes", sp);
            if (WaitMode is not null) w.WriteString("wait_mode", WaitMode);
            w.WriteNumber("warmup_messages", WarmupMessages);
            if (WriterJson is not null)
            {
                w.WritePropertyName("writer");
                w.WriteRawValue(WriterJson);
            }
            w.WriteNumber("writers", Writers);
            w.WriteEndObject();
        }
        stream.Write("\n"u8);
    }
}

/// <summary>Runs the matrix of bench-lanes.md §2.1.</summary>
internal sealed class OriginalLanes(OriginalOptions o)
{
    private const int Warmup = 2_000;
    private double? _spawnMs;
    private readonly Dictionary<string, int> _warmRounds = new(StringComparer.Ordinal);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public void Run()
    {
        Directory.CreateDirectory(o.WorkDir);
        ulong repPool = o.PoolSizes[^1];
        int repPayload = o.Payloads[o.Payloads.Count / 2];
        int? repWriters = o.Writers.Contains(4) ? 4 : o.Writers.Where(w => w > 1).Select(w => (int?)w).FirstOrDefault();
        foreach (ulong pool in o.PoolSizes)
        {
            foreach (int payload in o.Payloads)
            {
                foreach (var dur in o.Durabilities)
                {
                    if (dur == Durability.Flush && (pool != repPool || payload != repPayload)) continue;
                    AppendCore(pool, payload, dur).Print();
                    AppendE2e(pool, payload, dur).Print();
                    FollowLocal(pool, payload, dur).Print();
                    FollowCrossProcess(pool, payload, dur).Print();
                    foreach (var r in Get(pool, payload, dur, indexed: true)) r.Print();
                    foreach (var r in Get(pool, payload, dur, indexed: false)) r.Print();
                    foreach (int writers in o.Writers)
                    {
                        if (writers <= 1 || (dur == Durability.Flush && writers != repWriters)) continue;
                        MultiWriter(pool, payload, dur, writers).Print();
                    }
                }
            }
        }
    }

    private string PoolPath(ulong pool, int payload, Durability dur) =>
        Path.Combine(o.WorkDir, string.Create(CultureInfo.InvariantCulture, $"bench-{pool}-{payload}-{DurName(dur)}.plasmite"));

    private static string DurName(Durability d) => d == Durability.Flush ? "flush" : "fast";

    /// <summary>§2.2: delete the lane's file and create a fresh (sparse) pool with the default index, or none.</summary>
    private PoolFile FreshPool(ulong pool, int payload, Durability dur, bool index = true)
    {
        string path = PoolPath(pool, payload, dur);
        File.Delete(path);
        return PoolFile.Create(path, pool, index ? null : 0);
    }

    /// <summary>
    /// §10.6.2: JIT warm-up on a separate scratch pool, never the measured one, once per lane kind and process. At least
    /// three rounds with pauses: the tiered JIT starts counting calls only after 100 ms without new tier-0 methods and
    /// compiles in the background, so a warm-up without pauses leaves the lane measuring tier-0 code.
    /// </summary>
    /// <returns>The warm-up rounds run for this lane kind (earlier in the process or now).</returns>
    private int OnScratch(string lane, Action<PoolFile> warm)
    {
        if (_warmRounds.TryGetValue(lane, out int done)) return done;
        string path = Path.Combine(o.WorkDir, "warmup-scratch.plasmite");
        long compiled = -1;
        int rounds = 0;
        while (rounds < 10)
        {
            File.Delete(path);
            using (var scratch = PoolFile.Create(path, 4UL << 20)) warm(scratch);
            rounds++;
            Thread.Sleep(150);
            // Tiered PGO promotes twice (tier 0 → instrumented → tier 1): go on until a round compiles nothing new.
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (rounds >= 3 && now == compiled) break;
            compiled = now;
        }
        File.Delete(path);
        _warmRounds[lane] = rounds;
        return rounds;
    }

    private LaneResult AppendCore(ulong poolSize, int payloadBytes, Durability dur)
    {
        byte[] payload = LanePayloads.EncodeR(LanePayloads.Filler(payloadBytes));
        int rounds = OnScratch("feed_append_core", s => { for (int i = 0; i < Warmup; i++) s.Append(payload, 0, Durability.Fast); });
        using var pool = FreshPool(poolSize, payloadBytes, dur);
        int n = o.Messages;
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++) pool.Append(payload, 0, dur);
        long t = Stopwatch.GetTimestamp() - t0;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - a0;
        return new LaneResult
        {
            Bench = "append", Lane = "feed_append_core", Scenario = "append", Notes = "core payload reused",
            ProcessMode = "single_process", EncodeMode = "payload_reused", DecodeMode = "none", RuntimePath = "append",
            PoolSize = poolSize, PayloadBytes = payloadBytes, Messages = n, Durability = dur, DurationMs = Ms(t),
            WarmupMessages = Warmup * rounds, AllocBytesPerOp = alloc / (double)Math.Max(n, 1), StoredPayloadBytes = CheckLength(payload.Length, payloadBytes, false),
        };
    }

    private LaneResult AppendE2e(ulong poolSize, int payloadBytes, Durability dur)
    {
        byte[] filler = Encoding.ASCII.GetBytes(LanePayloads.Filler(payloadBytes)); // one immutable filler (§10.2 MAY)
        byte[] json = LanePayloads.SBuffer(filler.Length);
        var writer = new Lite3Writer();
        int rounds = OnScratch("feed_append_e2e", s => { for (int i = 0; i < Warmup; i++) s.Append(LanePayloads.EncodeS(writer, json, filler, false, (ulong)i), 0, Durability.Fast); });
        using var pool = FreshPool(poolSize, payloadBytes, dur);
        int n = o.Messages;
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++) pool.Append(LanePayloads.EncodeS(writer, json, filler, i == n - 1, (ulong)i), 0, dur);
        long t = Stopwatch.GetTimestamp() - t0;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - a0;
        return new LaneResult
        {
            Bench = "append", Lane = "feed_append_e2e", Scenario = "append_json", Notes = "includes Lite3 encode per msg",
            ProcessMode = "single_process", EncodeMode = "lite3_encode_per_msg", DecodeMode = "none", RuntimePath = "append",
            PoolSize = poolSize, PayloadBytes = payloadBytes, Messages = n, Durability = dur, DurationMs = Ms(t),
            WarmupMessages = Warmup * rounds, AllocBytesPerOp = alloc / (double)Math.Max(n, 1), StoredPayloadBytes = CheckLength(writer.Length, payloadBytes, true),
        };
    }

    private LaneResult FollowLocal(ulong poolSize, int payloadBytes, Durability dur)
    {
        byte[] filler = Encoding.ASCII.GetBytes(LanePayloads.Filler(payloadBytes));
        byte[] json = LanePayloads.SBuffer(filler.Length);
        var writer = new Lite3Writer();
        int n = o.Messages;
        var lat = new double[n + 1];
        int rounds = OnScratch("follow_local_processing", s =>
        {
            for (int i = 0; i < Warmup; i++) s.Append(LanePayloads.EncodeS(writer, json, filler, i == Warmup - 1, (ulong)i), 0, Durability.Fast);
            FollowLoop(s.CreateCursor(), lat);
        });
        using var pool = FreshPool(poolSize, payloadBytes, dur);
        for (int i = 0; i < n; i++)
            pool.Append(LanePayloads.EncodeS(writer, json, filler, i == n - 1, LanePayloads.WallNs() ^ (ulong)i), 0, dur);
        var cursor = pool.CreateCursor();
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        int seen = FollowLoop(cursor, lat);
        long t = Stopwatch.GetTimestamp() - t0;
        long alloc = GC.GetAllocatedBytesForCurrentThread() - a0;
        return new LaneResult
        {
            Bench = "follow", Lane = "follow_local_processing", Scenario = "tail_local", Notes = "single-process: prewritten decode",
            ProcessMode = "single_process", EncodeMode = "lite3_encode_per_msg_setup", DecodeMode = "lite3_typed_fields", RuntimePath = "follow_cursor",
            PoolSize = poolSize, PayloadBytes = payloadBytes, Messages = seen, Durability = dur, DurationMs = Ms(t), FollowMetrics = true,
            HasLatency = true, Latency = LatencySummary.Of(lat, seen), WarmupMessages = Warmup * rounds, AllocBytesPerOp = alloc / (double)Math.Max(seen, 1),
        };
    }

    /// <summary>§5.3 timed loop: from the oldest retained message until <c>done</c> or nothing more; per message the
    /// typed read of <c>sent_ns</c>/<c>done</c> and the age in ms.</summary>
    private static int FollowLoop(PoolCursor cursor, double[] lat)
    {
        int seen = 0;
        while (true)
        {
            var st = cursor.Step();
            if (st == CursorStatus.FellBehind) continue;
            if (st != CursorStatus.Message) return seen;
            var (sent, done) = LanePayloads.ReadStamp(cursor.Payload);
            ulong now = LanePayloads.WallNs();
            if (seen < lat.Length) lat[seen] = ((long)now - (long)sent) / 1e6;
            seen++;
            if (done) return seen;
        }
    }

    private LaneResult FollowCrossProcess(ulong poolSize, int payloadBytes, Durability dur)
    {
        string path;
        using (var pool = FreshPool(poolSize, payloadBytes, dur)) path = pool.Path;
        string d = DurName(dur);
        string followerOut = Path.Combine(o.WorkDir, $"follow-follower-{d}.json");
        string writerOut = Path.Combine(o.WorkDir, $"follow-writer-{d}.json");
        double spawn = SpawnMs();
        using var follower = Workers.Start("follower", path, o.Messages, payloadBytes, d, followerOut);
        using var writer = Workers.Start("writer", path, o.Messages, payloadBytes, d, writerOut);
        writer.WaitForExit();
        if (writer.ExitCode != 0) throw new PlasmiteException(ErrorKind.Internal, "writer worker failed");
        follower.WaitForExit();
        if (follower.ExitCode != 0) throw new PlasmiteException(ErrorKind.Internal, "follower worker failed");
        using var f = JsonDocument.Parse(File.ReadAllBytes(followerOut));
        var root = f.RootElement;
        long seen = root.GetProperty("messages_seen").GetInt64();
        return new LaneResult
        {
            Bench = "follow", Lane = "follow_cross_process", Scenario = "follow_cross_process", Notes = "cross-process: writer+follower",
            ProcessMode = "cross_process", EncodeMode = "lite3_encode_per_msg", DecodeMode = "lite3_typed_fields", RuntimePath = "follow_cursor",
            PoolSize = poolSize, PayloadBytes = payloadBytes, Messages = seen, Durability = dur,
            DurationMs = root.GetProperty("duration_ms").GetInt64(), IntegerDuration = true, FollowMetrics = true,
            HasLatency = true, Latency = LatencySummary.Read(root.GetProperty("latency_ms")), WriterJson = File.ReadAllText(writerOut).Trim(),
            WaitMode = root.GetProperty("wait_mode").GetString(), SpawnMs = spawn,
        };
    }

    private IEnumerable<LaneResult> Get(ulong poolSize, int payloadBytes, Durability dur, bool indexed)
    {
        byte[] payload = LanePayloads.EncodeR(LanePayloads.Filler(payloadBytes));
        var buffer = new byte[payload.Length];
        int rounds = OnScratch("fetch_get", s =>
        {
            for (int i = 0; i < 200; i++) s.Append(payload, 0, Durability.Fast);
            for (int i = 0; i < Warmup * 10; i++) s.TryRead((ulong)(1 + i % 200), buffer, out _);
        });
        var results = new List<LaneResult>();
        using (var pool = FreshPool(poolSize, payloadBytes, dur, indexed))
        {
            for (int i = 0; i < o.Messages; i++) pool.Append(payload, 0, dur);
            var h = pool.ReadHeader();
            if (h.OldestSeq == 0) return results;
            ulong mid = h.OldestSeq + (h.NewestSeq - h.OldestSeq) / 2;
            foreach (var (target, seq) in new[] { ("near_newest", h.NewestSeq), ("mid", mid), ("near_oldest", h.OldestSeq) })
            {
                // Upstream style: one single call (repeat 1), then a timed block of repeated lookups of the same target.
                long t0 = Stopwatch.GetTimestamp();
                var st = pool.TryRead(seq, buffer, out _);
                long single = Stopwatch.GetTimestamp() - t0;
                if (st != Storage.ReadStatus.Found) throw new PlasmiteException(ErrorKind.Internal, "get failed");
                results.Add(GetResult(indexed, target, poolSize, payloadBytes, dur, 1, Ms(single), null, Warmup * 10 * rounds));
                // Untimed: let the lookup path of this pool and target settle (the first target measured after a
                // warm-up was consistently the slowest — background tier-1 compiles still competing for the 2 cores).
                for (int j = 0; j < (indexed ? 20_000 : 20); j++) pool.TryRead(seq, buffer, out _);
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                int k = TimedLookups(pool, seq, buffer, o.Repeat, indexed ? long.MaxValue : Stopwatch.Frequency / 4, out long t);
                long alloc = GC.GetAllocatedBytesForCurrentThread() - a0;
                results.Add(GetResult(indexed, target, poolSize, payloadBytes, dur, k, Ms(t), alloc / (double)k, Warmup * 10 * rounds));
            }
        }
        return results;
    }

    /// <summary>Up to <paramref name="repeat"/> lookups of <paramref name="seq"/> in one timed block (scans of many
    /// frames stop after <paramref name="budgetTicks"/>). Fully optimized at once: called a few times per run, it would
    /// otherwise run as tier-0/OSR code.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int TimedLookups(PoolFile pool, ulong seq, byte[] buffer, int repeat, long budgetTicks, out long ticks)
    {
        int k = 0;
        long t0 = Stopwatch.GetTimestamp();
        while (k < repeat)
        {
            for (int j = 0; j < 16 && k < repeat; j++, k++) pool.TryRead(seq, buffer, out _);
            if (Stopwatch.GetTimestamp() - t0 > budgetTicks) break;
        }
        ticks = Stopwatch.GetTimestamp() - t0;
        return k;
    }

    private static LaneResult GetResult(bool indexed, string target, ulong poolSize, int payloadBytes, Durability dur, int repeat, double ms, double? alloc, int warmup) => new()
    {
        Bench = "get_scan",
        Lane = indexed ? "fetch_get_indexed" : "fetch_get_scan_only",
        Scenario = indexed ? "get" : "get_scan",
        Notes = (indexed ? "indexed:" : "scan_only:") + target,
        ProcessMode = "single_process", EncodeMode = "none", DecodeMode = "none", RuntimePath = indexed ? "index_lookup" : "scan_lookup",
        PoolSize = poolSize, PayloadBytes = payloadBytes, Messages = repeat, Durability = dur, DurationMs = ms, Repeat = repeat,
        WarmupMessages = warmup, AllocBytesPerOp = alloc,
    };

    private LaneResult MultiWriter(ulong poolSize, int payloadBytes, Durability dur, int writers)
    {
        string path;
        using (var pool = FreshPool(poolSize, payloadBytes, dur)) path = pool.Path;
        double spawn = SpawnMs();
        string d = DurName(dur);
        long t0 = Stopwatch.GetTimestamp();
        var procs = new List<Process>();
        for (int w = 0; w < writers; w++)
            procs.Add(Workers.Start("writer", path, o.Messages, payloadBytes, d, Path.Combine(o.WorkDir, $"writer-{writers}-{w}-{d}.json")));
        foreach (var p in procs) p.WaitForExit();
        long t = Stopwatch.GetTimestamp() - t0;
        foreach (var p in procs)
        {
            int code = p.ExitCode;
            p.Dispose();
            if (code != 0) throw new PlasmiteException(ErrorKind.Internal, "writer worker failed");
        }
        return new LaneResult
        {
            Bench = "multi_writer", Lane = "feed_multi_writer", Scenario = "multi_writer", Notes = "cross-process writers",
            ProcessMode = "cross_process", EncodeMode = "lite3_encode_per_msg", DecodeMode = "none", RuntimePath = "append_contention",
            PoolSize = poolSize, PayloadBytes = payloadBytes, Messages = o.Messages, Writers = writers, Durability = dur, DurationMs = Ms(t),
            SpawnMs = spawn,
        };
    }

    /// <summary>§10.6.3: time to spawn and reap one no-op worker (once per run).</summary>
    private double SpawnMs()
    {
        if (_spawnMs is { } s) return s;
        long t0 = Stopwatch.GetTimestamp();
        using (var p = Workers.Start("noop", "", 0, 0, "fast", "")) p.WaitForExit();
        _spawnMs = Ms(Stopwatch.GetTimestamp() - t0);
        return _spawnMs.Value;
    }

    /// <summary>§10.6.7: the stored payload must have the original's length; a mismatch is reported on stderr.</summary>
    private static int CheckLength(int actual, int payloadBytes, bool stamped)
    {
        int expected = LanePayloads.ExpectedLength(payloadBytes, stamped);
        if (actual != expected && payloadBytes - 32 != 90)
            Console.Error.WriteLine($"warning: stored payload {actual} B, the original stores {expected} B for payload_bytes={payloadBytes}");
        return actual;
    }
}

/// <summary>The hidden <c>bench-worker</c> subcommand (§1.1, §5.4, §5.7): writer, follower and a no-op for spawn_ms.</summary>
internal static class Workers
{
    public static Process Start(string role, string pool, int messages, int payloadBytes, string durability, string outJson)
    {
        string self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(Workers).Assembly.Location);
        psi.ArgumentList.Add("bench-worker");
        psi.ArgumentList.Add(role);
        foreach (var a in new[] { "--pool", pool, "--messages", messages.ToString(CultureInfo.InvariantCulture),
                     "--payload-bytes", payloadBytes.ToString(CultureInfo.InvariantCulture), "--durability", durability, "--out-json", outJson })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return p;
    }

    public static int Run(string[] args)
    {
        string role = args.Length > 1 ? args[1] : "";
        if (role == "noop") return 0;
        string pool = "", outJson = "";
        int messages = 0, payloadBytes = 0;
        var dur = Durability.Fast;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--pool": pool = args[i + 1]; break;
                case "--messages": messages = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--payload-bytes": payloadBytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--durability": dur = args[i + 1] == "flush" ? Durability.Flush : Durability.Fast; break;
                case "--out-json": outJson = args[i + 1]; break;
                default: throw PlasmiteException.Usage("unknown argument '" + args[i] + "'");
            }
        }
        return role switch
        {
            "writer" => Writer(pool, messages, payloadBytes, dur, outJson),
            "follower" => Follower(pool, messages, payloadBytes, outJson),
            _ => throw PlasmiteException.Usage("unknown worker role '" + role + "'"),
        };
    }

    private static int Writer(string path, int n, int payloadBytes, Durability dur, string outJson)
    {
        byte[] filler = Encoding.ASCII.GetBytes(LanePayloads.Filler(payloadBytes));
        byte[] json = LanePayloads.SBuffer(filler.Length);
        var writer = new Lite3Writer();
        using var pool = PoolFile.Open(path);
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            ulong sent = LanePayloads.WallNs() ^ (ulong)i;
            pool.Append(LanePayloads.EncodeS(writer, json, filler, i == n - 1, sent), 0, dur);
        }
        long ms = (long)Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        WriteJson(outJson, w =>
        {
            w.WriteString("durability", dur == Durability.Flush ? "flush" : "fast");
            w.WriteNumber("duration_ms", ms);
            w.WriteNumber("messages", n);
            w.WriteNumber("payload_bytes", payloadBytes);
            w.WriteString("role", "writer");
        });
        return 0;
    }

    private static int Follower(string path, int n, int payloadBytes, string outJson)
    {
        using var pool = PoolFile.Open(path);
        long t0 = Stopwatch.GetTimestamp();
        using var notifier = pool.OpenNotifier();
        var cursor = pool.CreateCursor();
        var lat = new double[n + 1];
        int seen = 0;
        long deadline = t0 + Stopwatch.Frequency * 300;
        while (true)
        {
            var st = cursor.Step();
            if (st == CursorStatus.Message)
            {
                var (sent, done) = LanePayloads.ReadStamp(cursor.Payload);
                ulong now = LanePayloads.WallNs();
                if (seen < lat.Length) lat[seen] = ((long)now - (long)sent) / 1e6;
                seen++;
                if (done) break;
                continue;
            }
            if (st == CursorStatus.FellBehind) continue;
            if (Stopwatch.GetTimestamp() > deadline) throw new PlasmiteException(ErrorKind.Internal, "follower timed out");
            // Ours: wait on the pool's wake-up semaphore (upstream sleeps 1 ms); 50 ms is only the safety poll.
            PoolNotifier.WaitOrSleep(notifier, notifier is null ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(50));
        }
        long ms = (long)Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var summary = LatencySummary.Of(lat, Math.Min(seen, lat.Length));
        WriteJson(outJson, w =>
        {
            w.WriteNumber("duration_ms", ms);
            if (summary is { } s) s.Write(w, "latency_ms");
            else
            {
                w.WriteStartObject("latency_ms");
                w.WriteEndObject();
            }
            w.WriteNumber("messages_seen", seen);
            w.WriteNumber("messages_upper_bound", n);
            w.WriteNumber("payload_bytes", payloadBytes);
            w.WriteString("role", "follower");
            w.WriteString("wait_mode", notifier is null ? "sleep_1ms" : "notify");
        });
        return 0;
    }

    private static void WriteJson(string path, Action<Utf8JsonWriter> body)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        body(w);
        w.WriteEndObject();
    }
}
