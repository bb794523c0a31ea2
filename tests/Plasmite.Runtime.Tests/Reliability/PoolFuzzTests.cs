// Runs the pool-file fuzzer (PoolFuzzer) in CI: ≥ 2,000 seeded inputs, each through every read path under a time bound;
// PLASMITE_FUZZ_ITERATIONS / PLASMITE_FUZZ_SEED run longer or other campaigns. Also replays the checked-in corpus.
using System.Diagnostics;
using Xunit.Abstractions;

namespace Plasmite.Tests.Reliability;

[Trait("Category", "Unit")]
public class PoolFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(20);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;

    [Fact]
    public void Mutated_pool_files_never_crash_spin_or_hang_any_reader()
    {
        int iterations = EnvInt("PLASMITE_FUZZ_ITERATIONS", 2000);
        int seed = EnvInt("PLASMITE_FUZZ_SEED", 20261204);
        string? corpusOut = Environment.GetEnvironmentVariable("PLASMITE_FUZZ_CORPUS_OUT");
        using var dir = new TempDir();
        var fuzzer = new PoolFuzzer(dir.File("bases"));
        var signatures = new Dictionary<string, int>();
        int current = -1;
        string currentWhat = "";
        long startedAt = 0;
        Exception? failure = null;
        var sw = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < iterations; i++)
                {
                    var input = fuzzer.Input(seed, i, out string what);
                    Volatile.Write(ref currentWhat, what);
                    Volatile.Write(ref startedAt, Stopwatch.GetTimestamp());
                    Volatile.Write(ref current, i);
                    string name = "in" + (i % 4);
                    string path = dir.File(name + ".plasmite");
                    File.WriteAllBytes(path, input);
                    string sig;
                    try
                    {
                        sig = PoolFuzzer.Drive(dir.Path, name, path, sdk: i % 4 == 0);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException($"seed {seed} input {i} ({what}): {e.GetType().Name}: {e.Message}", e);
                    }
                    if (signatures.TryAdd(sig, i) && corpusOut is not null)
                    {
                        Directory.CreateDirectory(corpusOut);
                        File.WriteAllBytes(Path.Combine(corpusOut, $"s{seed}-i{i}.plasmite"), input);
                    }
                }
                Volatile.Write(ref current, iterations);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "pool fuzzer" };
        worker.Start();
        // Watchdog: one input may take at most PerInput; a hung reader fails the test (its input is kept on disk).
        while (!worker.Join(100))
        {
            long t = Volatile.Read(ref startedAt);
            if (t != 0 && Stopwatch.GetElapsedTime(t) > PerInput)
            {
                string keep = Path.Combine(Path.GetTempPath(), $"plasmite-fuzz-hang-s{seed}-i{Volatile.Read(ref current)}.plasmite");
                File.WriteAllBytes(keep, fuzzer.Input(seed, Volatile.Read(ref current), out _));
                Assert.Fail($"seed {seed} input {Volatile.Read(ref current)} ({Volatile.Read(ref currentWhat)}) did not finish within {PerInput}; kept as {keep}");
            }
        }
        if (failure is not null) throw failure;
        output.WriteLine($"seed {seed}: {iterations} inputs in {sw.Elapsed.TotalSeconds:0.0} s, {signatures.Count} distinct outcomes");
        Assert.Equal(iterations, current);
        Assert.True(signatures.Count > 10, "the mutations hardly reach the readers");
    }

    [Fact]
    public void Checked_in_corpus_inputs_never_crash_spin_or_hang_any_reader()
    {
        string corpus = Path.Combine(AppContext.BaseDirectory, "data", "fuzz", "pools");
        var files = Directory.GetFiles(corpus, "*.plasmite").Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 10, $"corpus at {corpus} is missing");
        using var dir = new TempDir();
        foreach (string f in files)
        {
            string path = dir.File("c.plasmite");
            File.Copy(f, path, overwrite: true);
            Bounded.Run(PerInput, () => PoolFuzzer.Drive(dir.Path, "c", path, sdk: true), Path.GetFileName(f));
        }
    }
}
