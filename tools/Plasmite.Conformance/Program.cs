// plasmite-conformance MANIFEST... [--remote URL | --serve] [--json]: runs conformance manifests (format v0)
// against the local SDK, a running server, or our own server started on 127.0.0.1:0 per manifest.
using Plasmite.Conformance;

const string UsageText = "usage: plasmite-conformance MANIFEST... [--remote URL | --serve] [--json]";
bool json = false, serve = false;
Uri? remote = null;
var manifests = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    string arg = args[i];
    switch (arg)
    {
        case "--json": json = true; break;
        case "--serve": serve = true; break;
        case "--remote":
            if (i + 1 >= args.Length || !Uri.TryCreate(args[++i], UriKind.Absolute, out remote))
            {
                Console.Error.WriteLine("plasmite-conformance: --remote needs an absolute URL");
                return 2;
            }
            break;
        case "-h" or "--help":
            Console.WriteLine(UsageText);
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
if (manifests.Count == 0 || (serve && remote is not null))
{
    Console.Error.WriteLine(UsageText);
    return 2;
}

Func<string, IConformanceTarget> targetFor = remote is not null
    ? _ => new RemoteTarget(remote, poolDirectory: null, server: null)
    : serve
        ? dir =>
        {
            var server = OwnedServer.Start(dir);
            return new RemoteTarget(server.BaseUrl, dir, server);
        }
        : dir => new LocalTarget(dir);
string mode = remote is not null || serve ? "remote" : "local";

var results = new List<ManifestResult>();
foreach (var path in manifests)
{
    ManifestResult result;
    try
    {
        var manifest = ManifestParser.Load(path);
        result = new ConformanceRunner(targetFor).Run(manifest);
    }
    catch (ManifestException e)
    {
        result = new ManifestResult(Path.GetFileName(path), Path.GetFullPath(path), mode, [], e.Message);
    }
    results.Add(result);
    if (!json) Report.Human(Console.Out, Console.Error, result);
}

if (json) Report.Json(Console.Out, results);
else Console.Out.WriteLine(Report.Summary(results));
return results.Any(r => r.Error is not null) ? 2 : results.All(r => r.Passed) ? 0 : 1;
