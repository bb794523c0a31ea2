// The generated Lite3 readers against the System.Text.Json path over real pools: seeded differential checks, data
// written as raw JSON by other programs, hostile frames, tails that survive bad messages, receipts.
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Plasmite.Tests.Support;

namespace Plasmite.Typed.Tests;

[Trait("Category", "Unit")]
public sealed class FastReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "plasmite-typed", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static string Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) => JsonSerializer.Serialize(value, info);

    private static Big RandomBig(Random r) => new(
        r.NextInt64(long.MinValue, long.MaxValue),
        RandomString(r),
        Enumerable.Range(0, 20).Select(_ => RandomString(r)).ToArray(),
        new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(r.Next(-12, 13))).AddTicks(r.NextInt64(0, TimeSpan.TicksPerDay * 3650)),
        Math.Round((decimal)r.NextDouble() * 100000m, r.Next(0, 3)),
        new Inner(RandomString(r), r.Next(), r.NextDouble() * 1e6));

    private static string RandomString(Random r)
    {
        const string alphabet = "abcXYZ 09\"\\\n\té😀/";
        var sb = new StringBuilder();
        int n = r.Next(0, 24);
        for (int i = 0; i < n; i++)
        {
            string s = alphabet[r.Next(alphabet.Length)].ToString();
            if (char.IsSurrogate(s[0])) s = "😀";
            sb.Append(s);
        }
        return sb.ToString();
    }

    private static Wide RandomWide(Random r) => new()
    {
        Key = RandomString(r),
        Number = r.Next(int.MinValue, int.MaxValue),
        Big = (ulong)r.NextInt64(0, long.MaxValue),
        Ratio = (float)(r.NextDouble() * 1000),
        Amount = r.Next(0, 2) == 0 ? r.Next() : Math.Round((decimal)r.NextDouble() * 1000m, 2),
        Flag = r.Next(3) switch { 0 => null, 1 => true, _ => false },
        Color = (Color)new byte[] { 1, 2, 200, 7 }[r.Next(4)],
        Id = new Guid(Enumerable.Range(0, 16).Select(_ => (byte)r.Next(256)).ToArray()),
        When = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(r.NextInt64(0, TimeSpan.TicksPerDay * 9000)),
        Day = DateOnly.FromDayNumber(r.Next(0, 3_000_000)),
        Took = TimeSpan.FromTicks(r.NextInt64(-TimeSpan.TicksPerDay, TimeSpan.TicksPerDay)),
        Ints = Enumerable.Range(0, r.Next(0, 5)).Select(_ => r.Next()).ToList(),
        Inners = r.Next(2) == 0 ? null : Enumerable.Range(0, r.Next(0, 3)).Select(_ => new Inner(RandomString(r), r.Next(), r.NextDouble())).ToList(),
        Counts = r.Next(2) == 0 ? null : Enumerable.Range(0, r.Next(0, 6)).ToDictionary(i => RandomString(r) + i, _ => r.NextInt64()),
        Missing = r.Next(2) == 0 ? null : RandomString(r),
    };

    [Fact]
    public void Fast_reader_equals_the_json_path_for_seeded_random_values()
    {
        var r = new Random(12345);
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast(4 * 1024 * 1024);
        for (int i = 0; i < 150; i++)
        {
            var big = RandomBig(r);
            ulong seq = fast.AppendBig(big).Seq;
            var viaJson = fast.Pool.Get(seq).Data.Deserialize(FastPool.BigTypeInfo)!;
            var viaFast = fast.GetBig(seq)!.Data;
            Assert.Equal(Json(viaJson, FastPool.BigTypeInfo), Json(viaFast, FastPool.BigTypeInfo));
            Assert.Equal(big.Name, viaFast.Name);
            // The direct writer stores the bytes the JSON path stores.
            ulong viaJsonSeq = fast.Pool.Append(big, FastPool.BigTypeInfo, ["big"]).Seq;
            Assert.Equal(fast.Pool.GetLite3(viaJsonSeq).Payload.ToArray(), fast.Pool.GetLite3(seq).Payload.ToArray());

            var wide = RandomWide(r);
            seq = fast.AppendWide(wide).Seq;
            var wJson = fast.Pool.Get(seq).Data.Deserialize(FastPool.WideTypeInfo)!;
            var wFast = fast.GetWide(seq)!.Data;
            Assert.Equal(Json(wJson, FastPool.WideTypeInfo), Json(wFast, FastPool.WideTypeInfo));
            Assert.Equal(wJson.Counts?.Keys.ToArray(), wFast.Counts?.Keys.ToArray()); // same insertion order too
        }
    }

    private static readonly float[] SpecialFloats =
    [
        0f, -0f, 1f, -1f, 0.1f, -2.5f, 16777216f, 16777217f, 999999999f, 1e9f, 1e10f, 123456.7f, 3e38f, float.MaxValue, float.MinValue,
        float.Epsilon, -float.Epsilon, 1.17549435E-38f /* smallest normal */, 1e-40f /* subnormal */, BitConverter.Int32BitsToSingle(0x007FFFFF),
    ];

    private static readonly Half[] SpecialHalves =
    [
        (Half)0, Half.NegativeZero, (Half)1, (Half)(-1), (Half)0.1, (Half)2048, (Half)2049, Half.MaxValue, Half.MinValue, Half.Epsilon,
        BitConverter.UInt16BitsToHalf(0x0400) /* smallest normal */, BitConverter.UInt16BitsToHalf(0x03FF) /* largest subnormal */, (Half)65504,
    ];

    private static Floats MakeFloats(Random r, float f, Half h) => new(f, h,
        r.Next(3) == 0 ? null : RandomFloat(r), r.Next(3) == 0 ? null : RandomHalf(r),
        Enumerable.Range(0, r.Next(0, 4)).Select(_ => RandomFloat(r)).ToArray(),
        Enumerable.Range(0, r.Next(0, 4)).Select(_ => RandomHalf(r)).ToList(),
        new FloatInner(RandomFloat(r), r.NextDouble() * 1e6));

    // Any finite bit pattern (subnormals and extremes included), now and then a special value.
    private static float RandomFloat(Random r)
    {
        if (r.Next(4) == 0) return SpecialFloats[r.Next(SpecialFloats.Length)];
        float f;
        do f = BitConverter.Int32BitsToSingle(r.Next(int.MinValue, int.MaxValue)); while (!float.IsFinite(f));
        return f;
    }

    private static Half RandomHalf(Random r)
    {
        if (r.Next(4) == 0) return SpecialHalves[r.Next(SpecialHalves.Length)];
        Half h;
        do h = BitConverter.UInt16BitsToHalf((ushort)r.Next(65536)); while (!Half.IsFinite(h));
        return h;
    }

    [Fact]
    public void Float_and_half_members_take_the_direct_writer_and_store_the_json_paths_bytes()
    {
        // The message type is on the direct writer (a generated WriteMembers_ method), not the JSON path.
        Assert.Contains(typeof(FastPool).Assembly.GetTypes().Where(t => t.Name.EndsWith("Lite3Writers", StringComparison.Ordinal))
                .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)),
            m => m.Name.StartsWith("WriteMembers_", StringComparison.Ordinal) && m.Name.EndsWith("Floats", StringComparison.Ordinal));
        var r = new Random(4242);
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast(8 * 1024 * 1024);
        var values = new List<Floats>();
        foreach (float f in SpecialFloats) values.Add(MakeFloats(r, f, RandomHalf(r)));
        foreach (var h in SpecialHalves) values.Add(MakeFloats(r, RandomFloat(r), h));
        for (int i = 0; i < 300; i++) values.Add(MakeFloats(r, RandomFloat(r), RandomHalf(r)));
        foreach (var v in values)
        {
            ulong seq = fast.AppendFloats(v).Seq;
            ulong viaJsonSeq = fast.Pool.Append(v, FastPool.FloatsTypeInfo, ["floats"]).Seq;
            var viaFast = fast.Pool.GetLite3(seq).Payload.ToArray();
            Assert.True(fast.Pool.GetLite3(viaJsonSeq).Payload.Span.SequenceEqual(viaFast),
                $"F={v.F.ToString(System.Globalization.CultureInfo.InvariantCulture)} H={v.H.ToString(System.Globalization.CultureInfo.InvariantCulture)}: direct writer bytes differ from the JSON path's");
            Assert.Equal(seq, fast.AppendFloatsReceipt(v).Seq - 2);
            // Both read paths agree on what came back.
            Assert.Equal(Json(fast.Pool.Get(seq).Data.Deserialize(FastPool.FloatsTypeInfo)!, FastPool.FloatsTypeInfo), Json(fast.GetFloats(seq)!.Data, FastPool.FloatsTypeInfo));
        }
    }

    [Fact]
    public void Non_finite_floats_and_halves_are_refused_on_both_paths_and_nothing_is_written()
    {
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast();
        var ok = new Floats(1f, (Half)1, null, null, [], [], new FloatInner(1f, 1));
        ulong last = fast.AppendFloats(ok).Seq;
        var bad = new List<(Floats Value, string Type, string Text, string JsonMember, string StoredMember)>();
        foreach (float f in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            string text = f.ToString(System.Globalization.CultureInfo.InvariantCulture);
            bad.Add((ok with { F = f }, "float", text, "$.F", "$.f"));
            bad.Add((ok with { NF = f }, "float", text, "$.NF", "$.nf"));
            bad.Add((ok with { Fs = [1f, f] }, "float", text, "$.Fs", "$.fs"));
            bad.Add((ok with { Inner = new FloatInner(f, 0) }, "float", text, "$.Inner.X", "$.inner.x"));
        }
        foreach (var h in new[] { Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity })
        {
            string text = h.ToString(System.Globalization.CultureInfo.InvariantCulture);
            bad.Add((ok with { H = h }, "Half", text, "$.H", "$.h"));
            bad.Add((ok with { NH = h }, "Half", text, "$.NH", "$.nh"));
            bad.Add((ok with { Hs = [h] }, "Half", text, "$.Hs", "$.hs"));
        }
        foreach (var (value, type, text, jsonMember, storedMember) in bad)
        {
            var viaJson = Assert.Throws<PlasmiteException>(() => fast.Pool.Append(value, FastPool.FloatsTypeInfo, ["floats"]));
            var direct = Assert.Throws<PlasmiteException>(() => fast.AppendFloats(value));
            var receipt = Assert.Throws<PlasmiteException>(() => fast.AppendFloatsReceipt(value));
            Assert.Equal(ErrorKind.Usage, viaJson.Kind);
            Assert.Equal(ErrorKind.Usage, direct.Kind);
            Assert.Equal(ErrorKind.Usage, receipt.Kind);
            Assert.Equal($"{type} value {text} at {jsonMember} cannot be stored as a JSON number that reads back equal", viaJson.Message);
            Assert.Equal($"{type} value {text} at {storedMember} cannot be stored as a JSON number that reads back equal", direct.Message);
            Assert.Equal(direct.Message, receipt.Message);
            Assert.Equal(viaJson.Hint, direct.Hint);
        }
        Assert.Equal(last + 1, fast.AppendFloats(ok).Seq); // no refused value was written
    }

    [Theory]
    [InlineData("{\"key\":\"k\",\"n\":5,\"extra\":{\"deep\":[1,2,3]},\"ratio\":3,\"amount\":2.5}")]          // extra member, integer for float
    [InlineData("{\"KEY\":\"k\",\"N\":7,\"amount\":12}")]                                                     // other case, missing optional members
    [InlineData("{\"key\":\"k\",\"n\":1.5}")]                                                                 // float for int: both fail
    [InlineData("{\"key\":\"k\",\"n\":\"42\",\"big\":\"7\"}")]                                                // numbers in strings (Web defaults)
    [InlineData("{\"n\":1}")]                                                                                 // missing required member
    [InlineData("{\"key\":\"k\",\"color\":3,\"day\":\"2024-02-29\",\"took\":\"01:02:03\",\"when\":\"2024-01-01T00:00:00Z\"}")]
    [InlineData("{\"key\":\"k\",\"flag\":\"yes\"}")]                                                          // wrong type: both fail
    [InlineData("{\"key\":\"k\",\"counts\":{\"b\":1,\"a\":2,\"B\":3},\"inners\":[{\"code\":\"x\",\"count\":1,\"ratio\":1}]}")]
    [InlineData("{\"key\":\"k\",\"ints\":null,\"inners\":null,\"missing\":null,\"big\":-1}")]
    public void Raw_json_written_by_other_programs_reads_like_the_json_path(string json)
    {
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast();
        ulong seq = fast.Pool.AppendJson(Encoding.UTF8.GetBytes(json), ["wide"]).Seq;
        string? viaJson = null;
        try
        {
            viaJson = Json(fast.Pool.Get(seq).Data.Deserialize(FastPool.WideTypeInfo)!, FastPool.WideTypeInfo);
        }
        catch (JsonException)
        {
        }

        if (viaJson is null)
        {
            var e = Assert.Throws<PlasmiteException>(() => fast.GetWide(seq));
            Assert.Equal(ErrorKind.Usage, e.Kind);
            Assert.Equal(seq, e.Seq);
            Assert.Contains("$.", e.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(viaJson, Json(fast.GetWide(seq)!.Data, FastPool.WideTypeInfo));
        }
    }

    [Fact]
    public void Data_that_does_not_fit_is_a_usage_error_with_seq_and_member_path()
    {
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast();
        ulong seq = fast.Pool.AppendJson("{\"id\":1,\"name\":\"x\",\"lines\":[\"a\",5],\"at\":\"2024-01-01T00:00:00Z\",\"price\":1,\"inner\":{\"code\":\"c\",\"count\":1,\"ratio\":1}}"u8, ["big"]).Seq;
        var e = Assert.Throws<PlasmiteException>(() => fast.GetBig(seq));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.Equal(seq, e.Seq);
        Assert.Contains("$.lines[1]", e.Message, StringComparison.Ordinal);

        seq = fast.Pool.AppendJson("{\"id\":1,\"inner\":{\"count\":\"many\"}}"u8, ["big"]).Seq;
        e = Assert.Throws<PlasmiteException>(() => fast.GetBig(seq));
        Assert.Contains("$.inner.count", e.Message, StringComparison.Ordinal);

        // A decimal that cannot be stored exactly is refused at append time (TypedNumbers), naming the member.
        var refused = Assert.Throws<PlasmiteException>(() => fast.AppendBigReceipt(new Big(1, "n", [], DateTimeOffset.UnixEpoch, 12345678901234567.89m, new Inner("c", 1, 1))));
        Assert.Equal(ErrorKind.Usage, refused.Kind);
        Assert.Contains("$.price", refused.Message, StringComparison.Ordinal);

        // Another kind: null without decoding (the data would not fit Big either).
        Assert.Null(fast.GetBig(fast.Pool.AppendJson("{\"id\":\"x\"}"u8, ["wide"]).Seq));
    }

    [Fact]
    public void Hostile_frames_are_usage_or_corrupt_with_seq()
    {
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast();
        var good = new Lite3.Lite3Writer(1024);
        Lite3.Lite3Envelope.Encode(["big"], "{\"id\":1,\"name\":\"n\",\"lines\":[\"a\",\"b\"],\"at\":\"2024-01-01T00:00:00Z\",\"price\":1,\"inner\":{\"code\":\"c\",\"count\":1,\"ratio\":1}}"u8, good);
        byte[] bytes = good.WrittenSpan.ToArray();
        var rng = new Random(7);
        int failures = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] mutated = (byte[])bytes.Clone();
            int flips = rng.Next(1, 4);
            for (int f = 0; f < flips; f++) mutated[rng.Next(mutated.Length)] = (byte)rng.Next(256);
            ulong seq;
            try
            {
                seq = fast.Pool.AppendLite3(mutated);
            }
            catch (PlasmiteException)
            {
                continue; // the envelope check refused it
            }
            try
            {
                fast.GetBig(seq);
            }
            catch (PlasmiteException e)
            {
                Assert.True(e.Kind is ErrorKind.Usage or ErrorKind.Corrupt, e.ToString());
                Assert.Equal(seq, e.Seq);
                failures++;
            }
        }
        Assert.True(failures > 0);
    }

    [Fact]
    public async Task Tails_survive_a_message_whose_data_does_not_fit()
    {
        using var client = new PlasmiteClient(_dir);
        using var events = client.Events();
        var at = DateTimeOffset.UnixEpoch;
        events.AppendSignup(new Signup("a", at));
        ulong bad = events.Pool.AppendJson("{\"user\":5,\"at\":\"x\"}"u8, ["signup"]).Seq;
        events.Pool.AppendJson("{\"total\":1}"u8, ["other-kind"]);
        events.AppendSignup(new Signup("b", at));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reported = new List<InvalidMessage>();
        var users = new List<string>();
        await foreach (var m in events.TailSignup(new TailOptions { MaxMessages = 2 }, reported.Add, cts.Token)) users.Add(m.Data.User);
        Assert.Equal(["a", "b"], users);
        var r = Assert.Single(reported);
        Assert.Equal(bad, r.Seq);
        Assert.Equal("signup", r.Kind);
        Assert.Equal(ErrorKind.Usage, r.Error.Kind);
        Assert.Equal(bad, r.Error.Seq);
        Assert.Contains("\"user\":5", Encoding.UTF8.GetString(r.Raw.Span), StringComparison.Ordinal);

        var seen = new List<string>();
        await foreach (var any in events.Tail(new TailOptions { MaxMessages = 4 }, cts.Token))
        {
            seen.Add(any switch
            {
                EventsMessage.Signup s => "signup:" + s.Data.User,
                EventsMessage.Invalid i => "invalid:" + i.Seq + ":" + i.Kind + ":" + i.Error.Kind,
                EventsMessage.Unknown => "unknown",
                _ => "?",
            });
        }
        Assert.Equal(["signup:a", $"invalid:{bad}:signup:Usage", "unknown", "signup:b"], seen);

        // Without a callback the typed tail stops with a PlasmiteException (never a bare JsonException).
        var ex = await Assert.ThrowsAsync<PlasmiteException>(async () =>
        {
            await foreach (var _ in events.TailSignup(new TailOptions { MaxMessages = 2 }, cts.Token)) { }
        });
        Assert.Equal(bad, ex.Seq);
    }

    private sealed class SignupWorker(EventsPool events, List<string> users, List<ulong> bad, TaskCompletionSource done) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await foreach (var m in events.TailSignup(new TailOptions { SinceSeq = 1 }, i => { lock (bad) bad.Add(i.Seq); }, stoppingToken))
            {
                lock (users) users.Add(m.Data.User);
                if (users.Count == 2) done.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task A_background_service_keeps_running_past_a_bad_message()
    {
        using var client = new PlasmiteClient(_dir);
        using var events = client.Events();
        events.AppendSignup(new Signup("a", DateTimeOffset.UnixEpoch));
        ulong bad = events.Pool.AppendJson("{\"user\":[1]}"u8, ["signup"]).Seq;
        events.Pool.AppendJson("{\"x\":1}"u8, ["unrelated"]);
        events.AppendSignup(new Signup("b", DateTimeOffset.UnixEpoch));

        var users = new List<string>();
        var badSeqs = new List<ulong>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService(_ => new SignupWorker(events, users, badSeqs, done));
        using var host = builder.Build();
        await host.StartAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
        Assert.Equal(["a", "b"], users);
        Assert.Equal([bad], badSeqs);
    }

    [Fact]
    public async Task Typed_replay_reads_the_range_through_the_fast_reader()
    {
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast();
        var r = new Random(3);
        var values = Enumerable.Range(0, 3).Select(_ => RandomBig(r)).ToList();
        foreach (var v in values) fast.AppendBig(v);
        fast.AppendWide(new Wide { Key = "w" });
        var got = new List<Big>();
        await foreach (var m in fast.ReplayBig(new ReplayOptions { Speed = 0, Timeout = TimeSpan.FromMilliseconds(200) })) got.Add(m.Data);
        Assert.Equal(values.Select(v => Json(v, FastPool.BigTypeInfo)), got.Select(v => Json(v, FastPool.BigTypeInfo)));
    }

    [Fact]
    public void Receipt_appends_store_what_the_message_append_stores()
    {
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast();
        var big = RandomBig(new Random(1));
        var receipt = fast.AppendBigReceipt(big);
        var message = fast.AppendBig(big);
        Assert.Equal(receipt.Seq + 1, message.Seq);
        Assert.Equal(fast.Pool.Get(receipt.Seq).Data.GetRawText(), fast.Pool.Get(message.Seq).Data.GetRawText());
        Assert.Equal(["big"], fast.GetBig(receipt.Seq)!.Tags);
    }

    private static Big HandCopy(Big b) => new(b.Id, new string(b.Name.AsSpan()), b.Lines.Select(l => new string(l.AsSpan())).ToArray(), b.At, b.Price,
        new Inner(new string(b.Inner.Code.AsSpan()), b.Inner.Count, b.Inner.Ratio));

    private static long PerCall(int n, Action action)
    {
        for (int i = 0; i < 50; i++) action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++) action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / n;
    }

    [ReleaseFact]
    public async Task Typed_get_and_tail_allocate_at_most_the_object_graph_plus_64_bytes_and_receipts_nothing()
    {
        using var client = new PlasmiteClient(_dir);
        using var fast = client.Fast(8 * 1024 * 1024);
        var big = RandomBig(new Random(5)) with { Lines = Enumerable.Range(0, 20).Select(i => "line " + i + " of the benchmark-shaped record").ToArray() };
        ulong seq = fast.AppendBig(big).Seq;
        long graph = PerCall(200, () => HandCopy(big));
        long get = PerCall(200, () => fast.GetBig(seq));
        Assert.True(get <= graph + 64, $"typed get allocates {get} B per message, the object graph {graph} B");

        // Receipts: 0 B per append once warm, also after the pool has wrapped.
        long receipt = PerCall(5000, () => fast.AppendBigReceipt(big));
        Assert.Equal(0, receipt);
        // float and Half members are on the direct writer too.
        var floats = new Floats(0.1f, (Half)0.5, 3f, null, [1.5f, 1e-40f], [(Half)2, Half.Epsilon], new FloatInner(2.5f, 0.25));
        Assert.Equal(0, PerCall(5000, () => fast.AppendFloatsReceipt(floats)));
        seq = fast.AppendBig(big).Seq;

        // Tail: measure the whole run of 200 messages on this thread (the iterator runs synchronously while messages are ready).
        for (int i = 0; i < 200; i++) fast.AppendBig(big);
        var options = new TailOptions { SinceSeq = seq + 1, MaxMessages = 200 };
        await foreach (var _ in fast.TailBig(options)) { }
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = 0;
        await foreach (var _ in fast.TailBig(options)) count++;
        long tail = (GC.GetAllocatedBytesForCurrentThread() - before) / count;
        Assert.True(tail <= graph + 64 + 16, $"typed tail allocates {tail} B per message (incl. the tail's own setup spread over {count}), the object graph {graph} B");
    }
}
