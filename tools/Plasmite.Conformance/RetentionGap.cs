// The self-checking retention_gap procedure of the conformance format (sdk-api.md §12.3).
using System.Text;

namespace Plasmite.Conformance;

internal static class RetentionGap
{
    private const int MaxFillAppends = 10_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);
    private static readonly byte[] Padding = Encoding.ASCII.GetBytes(new string('x', 4096));

    /// <param name="client">The pool client.</param>
    /// <param name="baseName">Base pool name.</param>
    /// <param name="sizeBytes">Size of both pools.</param>
    /// <param name="streamReadsAhead">
    /// True for remote targets: a server pushes live messages into the open HTTP response before the client asks,
    /// so "the next read on the same stream" would see the message that is later overwritten. There the established
    /// position is resumed the way a reconnecting client does: a new fail-closed stream at last seen + 1.
    /// </param>
    public static void Run(IPlasmiteClient client, string baseName, ulong sizeBytes, bool streamReadsAhead)
    {
        StaleStart(client, baseName + "-stale", sizeBytes);
        if (streamReadsAhead) EstablishedPositionResumed(client, baseName + "-established", sizeBytes);
        else EstablishedPosition(client, baseName + "-established", sizeBytes);
    }

    private static void StaleStart(IPlasmiteClient client, string name, ulong size)
    {
        using var pool = client.CreatePool(name, size);
        ulong first = pool.AppendJson("{\"kind\":\"first\"}"u8).Seq;
        FillPast(pool, first);

        // 1. Default policy: the stream skips the gap and delivers a later message.
        var got = ConformanceRunner.Collect(pool.Tail(new TailOptions { SinceSeq = first, MaxMessages = 1, Deadline = Deadline }));
        if (got.Count != 1 || got[0].Seq <= first)
            throw new StepFailedException($"stale start (continue): expected one message after seq {first}, got {got.Count}");

        // 2. Fail closed, even with a tag filter that would drop everything.
        var e = pool.Tail(new TailOptions { SinceSeq = first, Tags = ["never"], Timeout = Deadline, GapPolicy = GapPolicy.Error })
            .GetAsyncEnumerator();
        try
        {
            ExpectGap(() => e.MoveNextAsync().AsTask().GetAwaiter().GetResult(), first, "stale start (error)");
            if (e.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                throw new StepFailedException("stale start (error): the tail went on after RetentionGap");
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void EstablishedPosition(IPlasmiteClient client, string name, ulong size)
    {
        using var pool = client.CreatePool(name, size);
        ulong seed = pool.AppendJson("{\"kind\":\"seed\"}"u8).Seq;
        ulong second = pool.AppendJson("{\"kind\":\"second\"}"u8).Seq;
        var e = pool.Tail(new TailOptions { SinceSeq = seed, GapPolicy = GapPolicy.Error, Timeout = Deadline }).GetAsyncEnumerator();
        try
        {
            foreach (ulong want in new[] { seed, second })
            {
                if (!e.MoveNextAsync().AsTask().GetAwaiter().GetResult() || e.Current.Seq != want)
                    throw new StepFailedException($"established position: expected seq {want}");
            }
            ulong firstMissing = pool.AppendJson("{\"kind\":\"first-missing\"}"u8).Seq;
            FillPast(pool, firstMissing);
            ExpectGap(() => e.MoveNextAsync().AsTask().GetAwaiter().GetResult(), firstMissing, "established position");
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void EstablishedPositionResumed(IPlasmiteClient client, string name, ulong size)
    {
        using var pool = client.CreatePool(name, size);
        ulong seed = pool.AppendJson("{\"kind\":\"seed\"}"u8).Seq;
        ulong second = pool.AppendJson("{\"kind\":\"second\"}"u8).Seq;
        var first = ConformanceRunner.Collect(pool.Tail(new TailOptions { SinceSeq = seed, MaxMessages = 2, GapPolicy = GapPolicy.Error, Deadline = Deadline }));
        if (first.Count != 2 || first[0].Seq != seed || first[1].Seq != second)
            throw new StepFailedException($"established position: expected seqs {seed} and {second}");
        ulong firstMissing = pool.AppendJson("{\"kind\":\"first-missing\"}"u8).Seq;
        FillPast(pool, firstMissing);
        var e = pool.Tail(new TailOptions { SinceSeq = second + 1, GapPolicy = GapPolicy.Error, Deadline = Deadline }).GetAsyncEnumerator();
        try
        {
            ExpectGap(() => e.MoveNextAsync().AsTask().GetAwaiter().GetResult(), firstMissing, "established position (resumed)");
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // Appends padding messages until `seq` is no longer retained.
    private static void FillPast(IPlasmitePool pool, ulong seq)
    {
        for (int i = 0; i < MaxFillAppends; i++)
        {
            var json = Encoding.UTF8.GetBytes($"{{\"i\":{i},\"padding\":\"{Encoding.ASCII.GetString(Padding)}\"}}");
            pool.AppendJson(json);
            if (pool.TryGet(seq) is null) return;
        }
        throw new StepFailedException($"seq {seq} was still retained after {MaxFillAppends} appends");
    }

    private static void ExpectGap(Func<bool> next, ulong expectedSeq, string what)
    {
        try
        {
            next();
        }
        catch (PlasmiteException ex) when (ex.Kind == ErrorKind.RetentionGap)
        {
            if (ex.Seq != expectedSeq)
                throw new StepFailedException($"{what}: RetentionGap seq {ex.Seq}, expected {expectedSeq}");
            return;
        }
        throw new StepFailedException($"{what}: expected RetentionGap at seq {expectedSeq}");
    }
}
