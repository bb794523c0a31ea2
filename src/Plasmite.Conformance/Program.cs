// plasmite-conformance MANIFEST... [--json]: runs conformance manifests (format v0) against the local SDK.
using System.Text.Json;
using Plasmite.Conformance;

bool json = false;
var manifests = new List<string>();
foreach (var arg in args)
{
    switch (arg)
    {
        case "--json": json = true; break;
        case "-h" or "--help":
            Console.WriteLine("usage: plasmite-conformance MANIFEST... [--json]");
            return 0;
        default:
            if (arg.StartsWith('-'))
            {
                Console.Error.WriteLine($"plasmite-conformance: unknown option '{arg}'");
                return 2;
            }
            manifests.Add(arg);
            break;
    }
}
if (manifests.Count == 0)
{
    Console.Error.WriteLine("usage: plasmite-conformance MANIFEST... [--json]");
    return 2;
}

var results = new List<ManifestResult>();
foreach (var path in manifests)
{
    Manifest manifest;
    try
    {
        manifest = ManifestParser.Load(path);
    }
    catch (ManifestException e)
    {
        Console.Error.WriteLine($"plasmite-conformance: {e.Message}");
        results.Add(new ManifestResult(Path.GetFileName(path), Path.GetFullPath(path), "local", [], e.Message));
        continue;
    }
    var runner = new ConformanceRunner(dir => new LocalTarget(dir));
    ManifestResult result;
    try
    {
        result = runner.Run(manifest);
    }
    catch (ManifestException e)
    {
        result = new ManifestResult(manifest.Name, manifest.SourcePath, "local", [], e.Message);
    }
    results.Add(result);
    if (!json) Report.Human(Console.Out, Console.Error, result);
}

if (json) Report.Json(Console.Out, results);
else Console.Out.WriteLine(Report.Summary(results));
return results.Any(r => r.Error is not null) ? 2 : results.All(r => r.Passed) ? 0 : 1;
