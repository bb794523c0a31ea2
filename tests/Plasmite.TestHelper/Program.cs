// The one test helper executable, one verb per child-process job: `write` (one writer of the multi-process test),
// `follow` (a checking follower), `crashloop` (appends forever, acknowledging each seq on stdout, until killed),
// `append` (appends through the public API; AppendVerb.cs), `consume` (a consumer worker; ConsumeVerb.cs).
using System.Buffers.Binary;
using System.Globalization;
using Plasmite;
using Plasmite.Storage;

return args.Length == 0 ? Usage() : args[0] switch
{
    "write" => Write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture)),
    "follow" => Follow(args[1], ulong.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture)),
    "crashloop" => CrashLoop(args[1], uint.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 && args[3] == "flush" ? Durability.Flush : Durability.Fast),
    "append" when args.Length == 5 => AppendVerb.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture)),
    "consume" => ConsumeVerb.RunAsync(args).GetAwaiter().GetResult(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: write POOL WRITER COUNT | follow POOL LAST_SEQ TIMEOUT_MS | crashloop POOL RUN [fast|flush] | append DIR POOL COUNT DELAY_MS | consume --dir D --pool P --name N --log FILE --until SEQ ...");
    return 2;
}

// A writer appends COUNT messages: [writer u32][counter u32][filler derived from both].
static int Write(string path, int writer, int count)
{
    using var pool = PoolFile.Open(path);
    var buffer = new byte[4096];
    for (int i = 0; i < count; i++)
    {
        int len = Messages.Fill(buffer, (uint)writer, (uint)i);
        pool.Append(buffer.AsSpan(0, len), (ulong)i);
    }
    return 0;
}

// A follower reads from the tail until it has seen LAST_SEQ, checking order, content and gap legitimacy.
static int Follow(string path, ulong lastSeq, int timeoutMs)
{
    using var pool = PoolFile.Open(path);
    using var notifier = pool.OpenNotifier();
    var cursor = pool.CreateCursor();
    var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
    ulong prev = 0, seen = 0, gaps = 0, gapMessages = 0, fellBehind = 0, errors = 0;
    var lastCounter = new Dictionary<uint, uint>();
    var expected = new byte[4096];
    Console.WriteLine("ready");
    while (prev < lastSeq)
    {
        if (DateTime.UtcNow > deadline)
        {
            Console.Error.WriteLine($"timeout at seq {prev}");
            errors++;
            break;
        }
        var st = cursor.Step();
        if (st == CursorStatus.FellBehind)
        {
            fellBehind++;
            continue;
        }
        if (st == CursorStatus.WouldBlock)
        {
            if (notifier is not null) notifier.Wait(TimeSpan.FromMilliseconds(2));
            else Thread.Sleep(1);
            continue;
        }
        ulong seq = cursor.Seq;
        seen++;
        if (seq <= prev)
        {
            Console.Error.WriteLine($"seq {seq} after {prev}");
            errors++;
        }
        else if (prev != 0 && seq != prev + 1)
        {
            gaps++;
            gapMessages += seq - prev - 1;
            // A gap is legitimate only right after the cursor was repositioned to the tail, and only for
            // messages that writers have dropped.
            if (!cursor.CurrentFollowsReposition)
            {
                Console.Error.WriteLine($"gap {prev}->{seq} without falling behind");
                errors++;
            }
            if (seq - 1 >= pool.ReadHeader().OldestSeq)
            {
                Console.Error.WriteLine($"gap {prev}->{seq} skipped retained messages");
                errors++;
            }
        }
        var payload = cursor.Payload;
        uint writer = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        uint counter = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        int len = Messages.Fill(expected, writer, counter);
        if (!payload.SequenceEqual(expected.AsSpan(0, len)))
        {
            Console.Error.WriteLine($"seq {seq}: payload mismatch");
            errors++;
        }
        if (lastCounter.TryGetValue(writer, out uint c) && counter <= c)
        {
            Console.Error.WriteLine($"seq {seq}: writer {writer} counter {counter} after {c}");
            errors++;
        }
        lastCounter[writer] = counter;
        prev = seq;
    }
    Console.WriteLine($"seen={seen} last={prev} gaps={gaps} gap_messages={gapMessages} fell_behind={fellBehind} errors={errors}");
    return errors == 0 ? 0 : 1;
}

// Appends forever; after each acknowledged append prints "seq counter" (payload derived from RUN and counter).
static int CrashLoop(string path, uint run, Durability durability)
{
    using var pool = PoolFile.Open(path);
    var buffer = new byte[20_480];
    var stdout = Console.OpenStandardOutput();
    var line = new byte[64];
    for (uint counter = 0; ; counter++)
    {
        int len = Messages.Fill(buffer, run, counter);
        var r = pool.Append(buffer.AsSpan(0, len), counter, durability);
        int n = 0;
        r.Seq.TryFormat(line.AsSpan(n), out int w, default, CultureInfo.InvariantCulture);
        n += w;
        line[n++] = (byte)' ';
        counter.TryFormat(line.AsSpan(n), out w, default, CultureInfo.InvariantCulture);
        n += w;
        line[n++] = (byte)'\n';
        stdout.Write(line, 0, n);
    }
}
