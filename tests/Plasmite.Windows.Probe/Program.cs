// Windows probe: checks the pool engine on the OS it runs on (meant for win-x64 under wine64) and prints "N passed, N failed".
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Plasmite;
using Plasmite.Samples.QuickStart;
using Plasmite.Storage;

namespace Plasmite.Windows.Probe;

internal static class Program
{
    private static int _passed;
    private static int _failed;

    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] != "run") return Child(args);
        string? exchange = args.Length > 1 ? args[1] : null; // a folder shared with Linux: pools written by each side
        string root = Path.Combine(Path.GetTempPath(), "plasmite-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            Check("platform is Windows", () => Require(OperatingSystem.IsWindows(), RuntimeInformationText()));
            Check("create/open/append/get", () => CreateOpenAppendGet(root));
            Check("tail with a cursor", () => Tail(root));
            Check("wrap keeps the newest messages", () => Wrap(root));
            Check("flush durability appends", () => FlushAppends(root));
            Check("every shared pool vector reads back", () => Vectors(root));
            Check("default pool directory is under USERPROFILE", DefaultDir);
            Check("names Windows cannot store are refused", Names);
            Check("drive-letter and backslash pool refs", () => DrivePaths(root));
            Check("two writer processes", () => TwoWriters(root));
            Check("writer killed mid-append, then validate", () => KilledWriter(root));
            Check("notify wakes a tail in another process", () => CrossProcessNotify(root));
            Check("delete while another process holds the pool is Busy", () => DeleteWhileOpen(root));
            Check("writer lock excludes another process", () => LockExcludes(root));
            Check("the typed sample: generated append, get and tail", () => TypedSample(root));
            if (exchange is not null)
            {
                Check("write a pool for Linux to read", () => WriteExchange(exchange));
                Check("read the pool Linux wrote", () => ReadExchange(exchange));
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        Console.WriteLine($"{_passed} passed, {_failed} failed");
        return _failed == 0 ? 0 : 1;
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.OSDescription;

    private static void Check(string name, Action body)
    {
        try
        {
            body();
            _passed++;
            Console.WriteLine("ok   " + name);
        }
        catch (Exception e)
        {
            _failed++;
            string kind = e is PlasmiteException pe ? " [" + pe.Kind + "]" + (pe.InnerException is { } inner ? " (" + inner.GetType().Name + " 0x" + inner.HResult.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + ")" : "") : "";
            Console.WriteLine("FAIL " + name + ": " + e.GetType().Name + kind + ": " + e.Message);
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException(what);
    }

    private static byte[] Msg(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);

    private static void CreateOpenAppendGet(string root)
    {
        string path = Path.Combine(root, "basic.plasmite");
        using (var pool = PoolFile.Create(path, 64 * 1024))
        {
            var r1 = pool.Append(Msg("one"));
            var r2 = pool.Append(Msg("two"));
            Require(r1.Seq == 1 && r2.Seq == 2, $"seqs {r1.Seq},{r2.Seq}");
        }
        using (var pool = PoolFile.Open(path))
        {
            Require(Text(pool.Get(1).Payload) == "one", "get 1");
            Require(Text(pool.Get(2).Payload) == "two", "get 2");
            Require(pool.ReadHeader().NewestSeq == 2, "newest");
        }
        try
        {
            PoolFile.Create(path, 64 * 1024).Dispose();
            throw new InvalidOperationException("second create succeeded");
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.AlreadyExists) { }
        try
        {
            PoolFile.Open(Path.Combine(root, "missing.plasmite")).Dispose();
            throw new InvalidOperationException("open of a missing pool succeeded");
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.NotFound) { }
    }

    // The QuickStart sample's message types (linked source) through the SDK and the generated handle.
    private static void TypedSample(string root)
    {
        using var client = new PlasmiteClient(Path.Combine(root, "typed"));
        using var events = client.Events();
        var at = new DateTimeOffset(2026, 12, 4, 10, 30, 0, TimeSpan.FromHours(1));
        var signup = events.AppendSignup(new Signup("alice", at));
        var deploy = events.AppendDeploy(new Deploy("4f2a9c1", 2, ["web-1", "web-2"]));
        Require(events.GetSignup(signup.Seq)?.Data == signup.Data, "typed get of the signup");
        Require(events.GetSignup(deploy.Seq) is null, "typed get of another kind is null");
        var kinds = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        foreach (var message in events.Tail(new TailOptions { MaxMessages = 2 }, timeout.Token).ToBlockingEnumerable())
        {
            kinds.Add(message switch
            {
                EventsMessage.Signup s when s.Data.User == "alice" && s.Data.At == at => "signup",
                EventsMessage.Deploy d when d.Data.Hosts.SequenceEqual(["web-1", "web-2"]) && d.Data.Attempt == 2 => "deploy",
                _ => "other",
            });
        }
        Require(string.Join(",", kinds) == "signup,deploy", string.Join(",", kinds));
    }

    private static void Tail(string root)
    {
        using var pool = PoolFile.Create(Path.Combine(root, "tail.plasmite"), 64 * 1024);
        for (int i = 1; i <= 5; i++) pool.Append(Msg("m" + i));
        var cursor = pool.CreateCursor();
        cursor.PositionAtTail();
        var seen = new List<string>();
        while (cursor.Step() == CursorStatus.Message) seen.Add(Text(cursor.Payload));
        Require(string.Join(",", seen) == "m1,m2,m3,m4,m5", string.Join(",", seen));
        cursor.PositionAtHead();
        Require(cursor.Step() != CursorStatus.Message, "head cursor returned an old message");
        pool.Append(Msg("m6"));
        Require(cursor.Step() == CursorStatus.Message && Text(cursor.Payload) == "m6", "new message after head");
    }

    private static void Wrap(string root)
    {
        using var pool = PoolFile.Create(Path.Combine(root, "wrap.plasmite"), 16 * 1024);
        byte[] payload = new byte[700];
        for (int i = 1; i <= 200; i++)
        {
            Encoding.ASCII.GetBytes(i.ToString("D5")).CopyTo(payload, 0);
            pool.Append(payload);
        }
        var h = pool.ReadHeader();
        Require(h.NewestSeq == 200 && h.OldestSeq > 1, $"oldest {h.OldestSeq} newest {h.NewestSeq}");
        Require(Encoding.ASCII.GetString(pool.Get(200).Payload, 0, 5) == "00200", "newest payload");
        Require(!pool.TryGet(1, out _), "seq 1 still readable after wrap");
        Require(PoolValidator.Validate(pool).IsOk, "validator after wrap");
    }

    private static void FlushAppends(string root)
    {
        string path = Path.Combine(root, "flush.plasmite");
        using (var pool = PoolFile.Create(path, 64 * 1024))
        {
            pool.Append(Msg("durable"), Durability.Flush);
            var batch = pool.AppendBatch([Msg("a"), Msg("b")], 0, Durability.Flush);
            Require(batch.Length == 2, "batch length");
        }
        using var again = PoolFile.Open(path);
        Require(again.ReadHeader().NewestSeq == 3 && Text(again.Get(3).Payload) == "b", "flushed messages");
    }

    private static void Vectors(string root)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "data", "pools");
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "manifest.json")));
        int count = 0;
        foreach (var v in manifest.RootElement.GetProperty("vectors").EnumerateArray())
        {
            string name = v.GetProperty("name").GetString()!;
            string copy = Path.Combine(root, "vector-" + name + ".plasmite");
            File.Copy(Path.Combine(dir, name + ".plasmite"), copy);
            var expected = new List<ulong>();
            foreach (var line in File.ReadAllLines(Path.Combine(dir, name + ".expected.jsonl")))
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                expected.Add(doc.RootElement.GetProperty("seq").GetUInt64());
            }
            using var pool = PoolFile.Open(copy);
            var cursor = pool.CreateCursor();
            cursor.PositionAtTail();
            var seen = new List<ulong>();
            for (int guard = 0; guard < 100_000 && cursor.Step() == CursorStatus.Message; guard++) seen.Add(cursor.LastDeliveredSeq);
            Require(seen.SequenceEqual(expected), $"{name}: seqs [{string.Join(",", seen)}] vs [{string.Join(",", expected)}]");
            foreach (ulong seq in expected) Require(pool.TryGet(seq, out _), $"{name}: get {seq}");
            count++;
        }
        Require(count > 0, "no vectors");
    }

    private static void DefaultDir()
    {
        string profile = Environment.GetEnvironmentVariable("USERPROFILE") ?? "";
        string expected = Path.Combine(profile, ".plasmite", "pools");
        Require(profile.Length > 0 && PoolDirectory.DefaultDirectory == expected, PoolDirectory.DefaultDirectory + " vs " + expected);
    }

    private static void Names()
    {
        foreach (string bad in new[] { "a:b", "con", "NUL.x", "a?b", "a\\b", "com1" })
        {
            try
            {
                PoolName.Validate(bad);
                throw new InvalidOperationException("accepted " + bad);
            }
            catch (PlasmiteException e) when (e.Kind == ErrorKind.Usage) { }
        }
        PoolName.Validate("orders.eu-west");
    }

    private static void DrivePaths(string root)
    {
        string full = Path.GetFullPath(Path.Combine(root, "sub", "drive.plasmite"));
        Require(full.Length > 2 && full[1] == ':', "full path has a drive letter: " + full);
        string withBackslashes = full.Replace('/', '\\');
        using (var pool = PoolFile.Create(withBackslashes, 64 * 1024)) pool.Append(Msg("x"));
        using var again = PoolFile.Open(full.Replace('\\', '/'));
        Require(again.ReadHeader().NewestSeq == 1, "reopen through forward slashes");
        var notifierA = PoolNotifier.TryOpen(withBackslashes);
        Require(notifierA is not null, "notifier unavailable");
        Require(notifierA!.Name == PoolNotifier.TryOpen(full.ToUpperInvariant())!.Name, "notifier name depends on case");
        notifierA.Dispose();
    }

    private static Process Spawn(params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not spawn");
    }

    private static void WaitExit(Process p, int seconds, string what)
    {
        if (!p.WaitForExit(seconds * 1000))
        {
            p.Kill();
            throw new InvalidOperationException(what + " did not finish");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{what} exited {p.ExitCode}: {p.StandardOutput.ReadToEnd()}");
    }

    private static void TwoWriters(string root)
    {
        string path = Path.Combine(root, "two.plasmite");
        PoolFile.Create(path, 256 * 1024).Dispose();
        using var a = Spawn("write", path, "A", "300");
        using var b = Spawn("write", path, "B", "300");
        WaitExit(a, 60, "writer A");
        WaitExit(b, 60, "writer B");
        using var pool = PoolFile.Open(path);
        var h = pool.ReadHeader();
        Require(h.NewestSeq == 600, "newest " + h.NewestSeq);
        Require(PoolValidator.Validate(pool).IsOk, "validator");
        var cursor = pool.CreateCursor();
        cursor.PositionAtTail();
        int countA = 0, countB = 0;
        while (cursor.Step() == CursorStatus.Message)
        {
            if (cursor.Payload[0] == (byte)'A') countA++;
            else if (cursor.Payload[0] == (byte)'B') countB++;
        }
        Require(countA == 300 && countB == 300, $"A={countA} B={countB}");
    }

    private static void KilledWriter(string root)
    {
        string path = Path.Combine(root, "killed.plasmite");
        PoolFile.Create(path, 64 * 1024).Dispose();
        using var w = Spawn("write", path, "K", "100000000");
        string? line = w.StandardOutput.ReadLine(); // "started" after the first append
        Require(line == "started", "writer did not start: " + line);
        Thread.Sleep(300);
        w.Kill(); // TerminateProcess: mid-append at some point of the loop
        w.WaitForExit();
        var report = PoolValidator.Validate(path);
        Require(report.IsOk, "validator after kill: " + string.Join("; ", report.Issues.Select(i => i.Message)));
        using var pool = PoolFile.Open(path);
        ulong before = pool.ReadHeader().NewestSeq;
        Require(before > 0, "no message before the kill");
        Require(pool.Append(Msg("after")).Seq == before + 1, "append after kill"); // the lock died with the process
    }

    private static void CrossProcessNotify(string root)
    {
        string path = Path.Combine(root, "notify.plasmite");
        PoolFile.Create(path, 64 * 1024).Dispose();
        using var waiter = Spawn("wait", path);
        Require(waiter.StandardOutput.ReadLine() == "waiting", "waiter did not start");
        using var pool = PoolFile.Open(path);
        pool.Append(Msg("wake"));
        string? got = waiter.StandardOutput.ReadLine();
        WaitExit(waiter, 30, "waiter");
        Require(got == "signaled", "waiter said " + got);
    }

    private static void DeleteWhileOpen(string root)
    {
        string path = Path.Combine(root, "held.plasmite");
        PoolFile.Create(path, 64 * 1024).Dispose();
        using var holder = Spawn("hold", path);
        Require(holder.StandardOutput.ReadLine() == "holding", "holder did not start");
        try
        {
            PoolDirectory.Delete(path);
            throw new InvalidOperationException("delete succeeded while held");
        }
        catch (PlasmiteException e) when (e.Kind == ErrorKind.Busy) { }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
        using (var pool = PoolFile.Open(path)) Require(PoolValidator.Validate(pool).IsOk, "pool intact after refused delete");
        PoolDirectory.Delete(path);
        Require(!File.Exists(path), "delete after release");
    }

    private static void LockExcludes(string root)
    {
        // A second process's LockFileEx over the same range blocks while a writer holds it: "lock" holds for 1 s.
        string path = Path.Combine(root, "lock.plasmite");
        PoolFile.Create(path, 64 * 1024).Dispose();
        using var holder = Spawn("lock", path);
        Require(holder.StandardOutput.ReadLine() == "locked", "locker did not start");
        var sw = Stopwatch.StartNew();
        using (var pool = PoolFile.Open(path)) pool.Append(Msg("after lock"));
        WaitExit(holder, 30, "locker");
        Require(sw.ElapsedMilliseconds >= 500, $"append did not wait for the other process's lock ({sw.ElapsedMilliseconds} ms)");
    }

    private static void WriteExchange(string exchange)
    {
        string path = Path.Combine(exchange, "from-windows.plasmite");
        if (File.Exists(path)) File.Delete(path);
        using var pool = PoolFile.Create(path, 64 * 1024);
        for (int i = 1; i <= 50; i++) pool.Append(Msg("{\"windows\":" + i + "}"), Durability.Flush);
    }

    private static void ReadExchange(string exchange)
    {
        string path = Path.Combine(exchange, "from-linux.plasmite");
        using var pool = PoolFile.Open(path);
        var h = pool.ReadHeader();
        Require(h.NewestSeq == 50, "newest " + h.NewestSeq);
        Require(Text(pool.Get(50).Payload) == "{\"linux\":50}", "payload 50");
        Require(PoolValidator.Validate(pool).IsOk, "validator");
    }

    /// <summary>Child modes: write PATH TAG N | wait PATH | hold PATH | lock PATH.</summary>
    private static int Child(string[] args)
    {
        string path = args[1];
        switch (args[0])
        {
            case "write":
            {
                using var pool = PoolFile.Open(path);
                long n = long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
                byte[] payload = Msg(args[2] + new string('x', 200));
                for (long i = 0; i < n; i++)
                {
                    pool.Append(payload);
                    if (i == 0) Console.Out.WriteLine("started");
                }
                return 0;
            }
            case "wait":
            {
                using var notifier = PoolNotifier.TryOpen(path);
                if (notifier is null) { Console.WriteLine("no-notifier"); return 2; }
                while (notifier.TryConsume()) { }
                Console.WriteLine("waiting");
                Console.Out.Flush();
                var r = notifier.Wait(TimeSpan.FromSeconds(20));
                Console.WriteLine(r == NotifyWaitResult.Signaled ? "signaled" : "timed-out");
                return 0;
            }
            case "hold":
            {
                using var pool = PoolFile.Open(path);
                Console.WriteLine("holding");
                Console.Out.Flush();
                Thread.Sleep(60_000);
                return 0;
            }
            case "lock":
            {
                using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                if (!Plasmite.Windows.Probe.Native.Lock(fs.SafeFileHandle)) return 3;
                Console.WriteLine("locked");
                Console.Out.Flush();
                Thread.Sleep(1000);
                Plasmite.Windows.Probe.Native.Unlock(fs.SafeFileHandle);
                return 0;
            }
            default:
                Console.WriteLine("unknown mode " + args[0]);
                return 64;
        }
    }
}
