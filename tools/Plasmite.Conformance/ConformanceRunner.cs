// Executes manifest steps in order against a target, stopping at the first failure (format v0, sdk-api.md §12).
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Plasmite.Conformance;

internal sealed class ConformanceRunner(Func<string, IConformanceTarget> createTarget)
{
    private static readonly TimeSpan StreamDeadline = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs one manifest in a fresh working directory.</summary>
    public ManifestResult Run(Manifest manifest)
    {
        if (Directory.Exists(manifest.WorkDir)) Directory.Delete(manifest.WorkDir, recursive: true);
        Directory.CreateDirectory(manifest.WorkDir);
        using var target = createTarget(manifest.WorkDir);
        var results = new List<StepResult>();
        foreach (var step in manifest.Steps)
        {
            var result = RunStep(target, manifest, step);
            results.Add(result);
            if (result.Status == StepStatus.Failed) break;
        }
        return new ManifestResult(manifest.Name, manifest.SourcePath, target.Mode, results);
    }

    private static StepResult RunStep(IConformanceTarget target, Manifest manifest, Step step)
    {
        try
        {
            Execute(target, manifest, step);
            return new StepResult(step, StepStatus.Passed);
        }
        catch (StepSkippedException e)
        {
            return new StepResult(step, StepStatus.Skipped, e.Message);
        }
        catch (StepFailedException e)
        {
            return new StepResult(step, StepStatus.Failed, e.Message);
        }
        catch (Exception e)
        {
            return new StepResult(step, StepStatus.Failed, $"unexpected {e.GetType().Name}: {e.Message}");
        }
    }

    private static void Execute(IConformanceTarget target, Manifest manifest, Step step)
    {
        switch (step.Op)
        {
            case "create_pool":
                Expecting(step, () => target.Client.CreatePool(step.Pool!, U64(step.Input, "size_bytes") ?? PlasmiteDefaults.PoolSizeBytes).Dispose());
                break;
            case "append":
                Append(target, step);
                break;
            case "get":
            case "fetch":
                Get(target, step);
                break;
            case "tail":
                Tail(target, step);
                break;
            case "retention_gap":
                RetentionGap.Run(target.Client, step.Pool!, U64(step.Input, "size_bytes") ?? 65536, streamReadsAhead: target.Mode == "remote");
                break;
            case "list_pools":
                ListPools(target, step);
                break;
            case "pool_info":
                PoolInfoStep(target, step);
                break;
            case "delete_pool":
                Expecting(step, () => target.Client.DeletePool(step.Pool!));
                break;
            case "spawn_poke":
                SpawnPoke(target, step);
                break;
            case "corrupt_pool_header":
                File.WriteAllBytes(LocalPoolPath(target, step.Pool!), "NOPE"u8.ToArray());
                break;
            case "chmod_path":
                Chmod(target, manifest, step);
                break;
            default:
                throw new ManifestException($"{step.Label}: unknown op '{step.Op}'");
        }
    }

    private static void Append(IConformanceTarget target, Step step)
    {
        if (!step.Input.TryGetProperty("data", out var data)) throw new ManifestException($"{step.Label}: input.data is required");
        var tags = Tags(step.Input);
        ulong seq = 0;
        bool ok = Expecting(step, () =>
        {
            using var pool = target.Client.OpenPool(step.Pool!);
            seq = pool.AppendJson(Encoding.UTF8.GetBytes(data.GetRawText()), tags, Durability.Fast).Seq;
        });
        if (ok && U64(step.Expect, "seq") is { } expected && expected != seq)
            throw new StepFailedException($"expected seq {expected}, got {seq}");
    }

    private static void Get(IConformanceTarget target, Step step)
    {
        ulong seq = U64(step.Input, "seq") ?? throw new ManifestException($"{step.Label}: input.seq is required");
        Message? message = null;
        if (!Expecting(step, () =>
            {
                using var pool = target.Client.OpenPool(step.Pool!);
                message = pool.Get(seq);
            }))
            return;
        if (step.Expect.ValueKind == JsonValueKind.Object)
        {
            if (step.Expect.TryGetProperty("data", out var data) && !JsonCompare.DeepEquals(data, message!.Data))
                throw new StepFailedException($"data mismatch: expected {JsonCompare.Show(data)}, got {JsonCompare.Show(message.Data)}");
            if (step.Expect.TryGetProperty("tags", out var tags) && !JsonCompare.TagsEqual(tags, message!.Tags))
                throw new StepFailedException($"tags mismatch: expected {JsonCompare.Show(tags)}, got {JsonCompare.Show(message.Tags)}");
        }
    }

    private static void Tail(IConformanceTarget target, Step step)
    {
        var options = new TailOptions
        {
            SinceSeq = U64(step.Input, "since_seq"),
            MaxMessages = U64(step.Input, "max"),
            Deadline = StreamDeadline,
        };
        var messages = new List<Message>();
        if (!Expecting(step, () =>
            {
                using var pool = target.Client.OpenPool(step.Pool!);
                messages.AddRange(Collect(pool.Tail(options)));
            }))
            return;
        for (int i = 1; i < messages.Count; i++)
            if (messages[i].Seq <= messages[i - 1].Seq)
                throw new StepFailedException($"seqs not strictly increasing: {messages[i - 1].Seq} then {messages[i].Seq}");

        bool ordered = step.Expect.TryGetProperty("messages", out var expected);
        if (!ordered && !step.Expect.TryGetProperty("messages_unordered", out expected)) return;
        if (expected.GetArrayLength() != messages.Count)
            throw new StepFailedException($"expected {expected.GetArrayLength()} messages, got {messages.Count}");
        var unmatched = new List<Message>(messages);
        int i2 = 0;
        foreach (var e in expected.EnumerateArray())
        {
            if (ordered)
            {
                if (!Matches(e, messages[i2]))
                    throw new StepFailedException($"message {i2} mismatch: expected {JsonCompare.Show(e)}, got {messages[i2]}");
            }
            else
            {
                int at = unmatched.FindIndex(m => Matches(e, m));
                if (at < 0) throw new StepFailedException($"no message matches {JsonCompare.Show(e)}");
                unmatched.RemoveAt(at);
            }
            i2++;
        }
    }

    private static bool Matches(JsonElement expected, Message actual)
    {
        if (expected.TryGetProperty("data", out var data) && !JsonCompare.DeepEquals(data, actual.Data)) return false;
        if (expected.TryGetProperty("tags", out var tags) && !JsonCompare.TagsEqual(tags, actual.Tags)) return false;
        return true;
    }

    private static void ListPools(IConformanceTarget target, Step step)
    {
        var names = new List<string>();
        if (!Expecting(step, () =>
            {
                foreach (var info in target.Client.ListPools())
                    names.Add(info.Name ?? Path.GetFileNameWithoutExtension(info.Path));
            }))
            return;
        if (step.Expect.ValueKind == JsonValueKind.Object && step.Expect.TryGetProperty("names", out var expected))
        {
            var want = expected.EnumerateArray().Select(e => e.GetString() ?? "").Order(StringComparer.Ordinal).ToList();
            names.Sort(StringComparer.Ordinal);
            if (!want.SequenceEqual(names))
                throw new StepFailedException($"pool names: expected [{string.Join(",", want)}], got [{string.Join(",", names)}]");
        }
    }

    private static void PoolInfoStep(IConformanceTarget target, Step step)
    {
        PoolInfo? info = null;
        if (!Expecting(step, () => info = target.Client.PoolInfo(step.Pool!)) || step.Expect.ValueKind != JsonValueKind.Object)
            return;
        if (U64(step.Expect, "file_size") is { } fileSize && fileSize != info!.FileSize)
            throw new StepFailedException($"file_size: expected {fileSize}, got {info.FileSize}");
        if (U64(step.Expect, "ring_size") is { } ringSize && ringSize != info!.RingSize)
            throw new StepFailedException($"ring_size: expected {ringSize}, got {info.RingSize}");
        if (step.Expect.TryGetProperty("bounds", out var bounds))
        {
            CheckBound(bounds, "oldest", info!.Bounds.Oldest);
            CheckBound(bounds, "newest", info.Bounds.Newest);
        }
    }

    private static void CheckBound(JsonElement bounds, string key, ulong? actual)
    {
        if (!bounds.TryGetProperty(key, out var e)) return;
        ulong? expected = e.ValueKind == JsonValueKind.Null ? null : e.GetUInt64();
        if (expected != actual)
            throw new StepFailedException($"bounds.{key}: expected {expected?.ToString() ?? "null"}, got {actual?.ToString() ?? "null"}");
    }

    private static void SpawnPoke(IConformanceTarget target, Step step)
    {
        if (!step.Input.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            throw new ManifestException($"{step.Label}: input.messages must be an array");
        var processes = new List<(Process Process, Task<string> Stderr)>();
        foreach (var m in messages.EnumerateArray())
        {
            var args = new List<string>();
            if (target.PoolDirectory is { } dir) args.AddRange(["--dir", dir]);
            args.AddRange(["feed", target.FeedRef(step.Pool!), m.GetProperty("data").GetRawText()]);
            foreach (var tag in Tags(m)) args.AddRange(["--tag", tag]);
            var psi = PlasmiteBin.StartInfo(args);
            psi.RedirectStandardOutput = true;
            psi.RedirectStandardError = true;
            var p = Process.Start(psi) ?? throw new StepFailedException("could not start plasmite");
            _ = p.StandardOutput.ReadToEndAsync();
            processes.Add((p, p.StandardError.ReadToEndAsync()));
        }
        foreach (var (p, stderr) in processes)
        {
            if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                p.Kill(entireProcessTree: true);
                throw new StepFailedException("plasmite feed did not finish within 60 s");
            }
            if (p.ExitCode != 0)
                throw new StepFailedException($"plasmite feed exited {p.ExitCode}: {stderr.Result.Trim()}");
        }
    }

    private static void Chmod(IConformanceTarget target, Manifest manifest, Step step)
    {
        if (OperatingSystem.IsWindows()) throw new StepFailedException("chmod_path is unix-only");
        if (target.PoolDirectory is null) throw new StepSkippedException("chmod_path needs the pool directory on this machine");
        string path = step.Input.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()! : throw new ManifestException($"{step.Label}: input.path is required");
        string mode = step.Input.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()! : throw new ManifestException($"{step.Label}: input.mode is required");
        int bits = Convert.ToInt32(mode, 8);
        File.SetUnixFileMode(Path.Combine(manifest.WorkDir, path), (UnixFileMode)bits);
    }

    private static string LocalPoolPath(IConformanceTarget target, string pool)
    {
        if (target.PoolDirectory is null) throw new StepSkippedException("needs the pool files on this machine");
        return Storage.PoolDirectory.ResolveRef(pool, target.PoolDirectory);
    }

    /// <summary>Runs <paramref name="action"/> and enforces <c>expect.error</c>; returns true when it succeeded.</summary>
    private static bool Expecting(Step step, Action action)
    {
        JsonElement error = default;
        bool wantError = step.Expect.ValueKind == JsonValueKind.Object && step.Expect.TryGetProperty("error", out error);
        try
        {
            action();
        }
        catch (PlasmiteException e) when (wantError)
        {
            CheckError(error, e);
            return false;
        }
        catch (PlasmiteException e)
        {
            throw new StepFailedException($"unexpected error: {e.ToLogString()}");
        }
        if (wantError) throw new StepFailedException($"expected error {error.GetProperty("kind").GetString()}, but the operation succeeded");
        return true;
    }

    private static void CheckError(JsonElement expected, PlasmiteException actual)
    {
        string kind = expected.GetProperty("kind").GetString()!;
        if (actual.Kind.ToString() != kind)
            throw new StepFailedException($"expected error kind {kind}, got {actual.ToLogString()}");
        if (expected.TryGetProperty("message_contains", out var mc) && !actual.Message.Contains(mc.GetString()!, StringComparison.Ordinal))
            throw new StepFailedException($"error message '{actual.Message}' does not contain '{mc.GetString()}'");
        CheckFlag(expected, "has_path", actual.Path is not null, actual);
        CheckFlag(expected, "has_seq", actual.Seq is not null, actual);
        CheckFlag(expected, "has_offset", actual.Offset is not null, actual);
    }

    private static void CheckFlag(JsonElement expected, string name, bool actual, PlasmiteException e)
    {
        if (expected.TryGetProperty(name, out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
            && flag.GetBoolean() != actual)
            throw new StepFailedException($"{name}: expected {flag.GetBoolean()}, got {actual} ({e.ToLogString()})");
    }

    internal static List<Message> Collect(IAsyncEnumerable<Message> stream)
    {
        var list = new List<Message>();
        var e = stream.GetAsyncEnumerator();
        try
        {
            while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult()) list.Add(e.Current);
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return list;
    }

    internal static IReadOnlyList<string> Tags(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("tags", out var tags)) return [];
        var list = new List<string>();
        foreach (var t in tags.EnumerateArray()) list.Add(t.GetString() ?? throw new ManifestException("tags must be strings"));
        return list;
    }

    internal static ulong? U64(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.TryGetUInt64(out ulong u) ? u : throw new ManifestException($"{name} must be a non-negative integer"))
            : null;
}
