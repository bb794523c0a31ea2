// Human and JSON reports of conformance runs.
using System.Text.Json;

namespace Plasmite.Conformance;

internal static class Report
{
    public static void Human(TextWriter stdout, TextWriter stderr, ManifestResult r)
    {
        if (r.Error is not null)
        {
            stderr.WriteLine($"ERROR {r.Name}: {r.Error}");
            return;
        }
        int skipped = r.Steps.Count(s => s.Status == StepStatus.Skipped);
        if (r.Failure is { } f)
        {
            stderr.WriteLine($"{f.Step.Label}: {f.Reason}");
            stdout.WriteLine($"FAIL {r.Name} [{r.Mode}]");
        }
        else
        {
            stdout.WriteLine($"PASS {r.Name} [{r.Mode}] ({r.Steps.Count} steps{(skipped > 0 ? $", {skipped} skipped" : "")})");
        }
        foreach (var s in r.Steps.Where(s => s.Status == StepStatus.Skipped))
            stdout.WriteLine($"  skipped {s.Step.Label}: {s.Reason}");
    }

    public static string Summary(IReadOnlyList<ManifestResult> results) =>
        $"{results.Count(r => r.Passed)} passed, {results.Count(r => !r.Passed)} failed";

    public static void Json(TextWriter stdout, IReadOnlyList<ManifestResult> results)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("passed", results.Count(r => r.Passed));
            w.WriteNumber("failed", results.Count(r => !r.Passed));
            w.WriteStartArray("manifests");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("path", r.Path);
                w.WriteString("mode", r.Mode);
                w.WriteString("status", r.Passed ? "passed" : "failed");
                if (r.Error is not null) w.WriteString("error", r.Error);
                if (r.Failure is { } f)
                {
                    w.WriteStartObject("failure");
                    w.WriteNumber("step", f.Step.Index);
                    if (f.Step.Id is not null) w.WriteString("id", f.Step.Id);
                    w.WriteString("reason", f.Reason);
                    w.WriteEndObject();
                }
                w.WriteStartArray("steps");
                foreach (var s in r.Steps)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", s.Step.Index);
                    if (s.Step.Id is not null) w.WriteString("id", s.Step.Id);
                    w.WriteString("op", s.Step.Op);
                    w.WriteString("status", s.Status.ToString().ToLowerInvariant());
                    if (s.Reason is not null) w.WriteString("reason", s.Reason);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
