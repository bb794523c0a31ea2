// Parses and checks a conformance manifest (format v0): unknown versions, ops or fields are errors, never skipped.
using System.Text.Json;

namespace Plasmite.Conformance;

/// <summary>A parsed conformance manifest.</summary>
internal sealed record Manifest(string Name, string WorkDir, IReadOnlyList<Step> Steps, string SourcePath);

/// <summary>One step of a manifest.</summary>
internal sealed record Step(int Index, string Op, string? Id, string? Pool, JsonElement Input, JsonElement Expect)
{
    public string Label => Id is null ? $"step {Index}" : $"step {Index} ({Id})";
}

/// <summary>Thrown for manifests the runner cannot execute (bad version, unknown op or field).</summary>
internal sealed class ManifestException(string message) : Exception(message);

internal static class ManifestParser
{
    private static readonly string[] StepFields = ["op", "id", "pool", "input", "expect"];
    private static readonly string[] ErrorFields = ["kind", "message_contains", "has_path", "has_seq", "has_offset"];

    // Allowed input and expect fields per op (format v0, sdk-api.md §12.2).
    private static readonly Dictionary<string, (string[] Input, string[] Expect)> Ops = new()
    {
        ["create_pool"] = (["size_bytes"], ["created", "error"]),
        ["append"] = (["data", "tags"], ["seq", "error"]),
        ["get"] = (["seq"], ["data", "tags", "error"]),
        ["fetch"] = (["seq"], ["data", "tags", "error"]),
        ["tail"] = (["since_seq", "max"], ["messages", "messages_unordered", "error"]),
        ["retention_gap"] = (["size_bytes"], []),
        ["list_pools"] = ([], ["names", "error"]),
        ["pool_info"] = ([], ["file_size", "ring_size", "bounds", "error"]),
        ["delete_pool"] = ([], ["error"]),
        ["spawn_poke"] = (["messages"], []),
        ["corrupt_pool_header"] = ([], []),
        ["chmod_path"] = (["path", "mode"], []),
    };

    public static IReadOnlyCollection<string> KnownOps => Ops.Keys;

    public static Manifest Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"cannot read manifest {path}: {e.Message}");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new ManifestException($"manifest {path} is not valid JSON: {e.Message}");
        }
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ManifestException("manifest must be a JSON object");
        CheckFields(root, ["conformance_version", "name", "workdir", "steps"], "manifest");
        if (!root.TryGetProperty("conformance_version", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out int v) || v != 0)
            throw new ManifestException("unsupported conformance_version (expected 0)");
        string name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()! : throw new ManifestException("manifest name is required");
        string workdir = root.TryGetProperty("workdir", out var w) ? (w.ValueKind == JsonValueKind.String ? w.GetString()! : throw new ManifestException("workdir must be a string")) : "work";
        if (!root.TryGetProperty("steps", out var stepsEl) || stepsEl.ValueKind != JsonValueKind.Array)
            throw new ManifestException("manifest steps must be an array");

        var steps = new List<Step>();
        int index = 0;
        foreach (var s in stepsEl.EnumerateArray())
        {
            steps.Add(ParseStep(index, s));
            index++;
        }
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return new Manifest(name, Path.GetFullPath(Path.Combine(dir, workdir)), steps, Path.GetFullPath(path));
    }

    private static Step ParseStep(int index, JsonElement s)
    {
        string where = $"step {index}";
        if (s.ValueKind != JsonValueKind.Object) throw new ManifestException($"{where}: must be an object");
        CheckFields(s, StepFields, where);
        string op = s.TryGetProperty("op", out var opEl) && opEl.ValueKind == JsonValueKind.String
            ? opEl.GetString()! : throw new ManifestException($"{where}: op is required");
        if (!Ops.TryGetValue(op, out var allowed))
            throw new ManifestException($"{where}: unknown op '{op}'");
        string? id = s.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
        if (id is not null) where = $"step {index} ({id})";
        string? pool = null;
        if (s.TryGetProperty("pool", out var poolEl))
            pool = poolEl.ValueKind == JsonValueKind.String ? poolEl.GetString() : throw new ManifestException($"{where}: pool must be a string");
        var input = s.TryGetProperty("input", out var inEl) ? inEl.Clone() : default;
        var expect = s.TryGetProperty("expect", out var exEl) ? exEl.Clone() : default;
        if (input.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            throw new ManifestException($"{where}: input must be an object");
        if (expect.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            throw new ManifestException($"{where}: expect must be an object");
        if (input.ValueKind == JsonValueKind.Object) CheckFields(input, allowed.Input, $"{where} input");
        if (expect.ValueKind == JsonValueKind.Object)
        {
            CheckFields(expect, allowed.Expect, $"{where} expect");
            if (expect.TryGetProperty("error", out var err))
            {
                if (err.ValueKind != JsonValueKind.Object) throw new ManifestException($"{where}: expect.error must be an object");
                CheckFields(err, ErrorFields, $"{where} expect.error");
                if (!err.TryGetProperty("kind", out var k) || k.ValueKind != JsonValueKind.String || !Enum.TryParse<ErrorKind>(k.GetString(), out _))
                    throw new ManifestException($"{where}: expect.error.kind must name an error kind");
            }
            if (op == "tail" && expect.TryGetProperty("messages", out _) && expect.TryGetProperty("messages_unordered", out _))
                throw new ManifestException($"{where}: give only one of messages and messages_unordered");
        }
        bool needsPool = op is not ("list_pools" or "chmod_path");
        if (needsPool && pool is null) throw new ManifestException($"{where}: op '{op}' needs a pool");
        return new Step(index, op, id, pool, input, expect);
    }

    private static void CheckFields(JsonElement obj, string[] allowed, string where)
    {
        foreach (var p in obj.EnumerateObject())
            if (Array.IndexOf(allowed, p.Name) < 0)
                throw new ManifestException($"{where}: unknown field '{p.Name}'");
    }
}
