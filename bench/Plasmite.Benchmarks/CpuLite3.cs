// Opt-in CPU-time harness for the Lite3 encoders (`-- --cpu-lite3`): wall-clock numbers are unreliable
// on a shared machine, the calling thread's CPU time is not (much).
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Plasmite.Lite3;

namespace Plasmite.Benchmarks;

/// <summary>Times the Lite3 hot paths by thread CPU time: best of N rounds of a few thousand calls each.</summary>
internal static class CpuLite3
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static long ThreadCpuNs()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out TimeSpec t) == 0)
        {
            return (t.Seconds * 1_000_000_000L) + t.Nanoseconds;
        }

        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100;
    }

    /// <summary>Runs every case and prints CPU ns per call and MB/s of the data JSON.</summary>
    public static void Run(string[] args)
    {
        int rounds = ArgValue(args, "--rounds", 30);
        int calls = ArgValue(args, "--calls", 3000);
        string? only = args.SkipWhile(a => a != "--case").Skip(1).FirstOrDefault();
        byte[] data = Encoding.UTF8.GetBytes(Lite3Benchmarks.SampleMessage());
        string[] tags = ["orders", "eu", "priority"];
        var writer = new Lite3Writer();
        (string Name, Action Call)[] cases =
        [
            ("reader-only", () =>
            {
                var reader = new Utf8JsonReader(data);
                while (reader.Read())
                {
                }
            }),
            ("envelope-scan", () => EnvelopeDataSorter.Rent().Parse(data)),
            ("envelope-encode", () => Lite3Envelope.Encode(tags, data, writer)),
            ("raw-encode", () => Lite3Json.Encode(data, writer)),
        ];

        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine($"# data json {data.Length} bytes, {rounds} rounds x {calls} calls, loadavg {load}");
        foreach ((string name, Action call) in cases)
        {
            if (only is not null && only != name)
            {
                continue;
            }

            for (int i = 0; i < 20_000; i++)
            {
                call(); // warm up through tiered JIT
            }

            double best = double.MaxValue;
            for (int r = 0; r < rounds; r++)
            {
                long start = ThreadCpuNs();
                for (int i = 0; i < calls; i++)
                {
                    call();
                }

                best = Math.Min(best, (double)(ThreadCpuNs() - start) / calls);
            }

            Console.WriteLine($"{name,-16} {best,8:F0} CPU ns/op  {data.Length / best * 1000,6:F0} MB/s");
        }
    }

    private static int ArgValue(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
