// Runs `dotnet` (and other programs) for the packaging tests: Plasmite.Testing.ChildProcess from the repository root, 10 min bound.
namespace Plasmite.Packaging.Tests;

internal static class Dotnet
{
    public static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var r = ChildProcess.Run(fileName, args, env: env, workingDirectory: workingDirectory ?? RepositoryRoot.Path,
            timeout: timeout ?? TimeSpan.FromMinutes(10));
        return (r.ExitCode, r.Output);
    }

    public static (int ExitCode, string Output) Dot(params string[] args) => Run(ChildProcess.Dotnet, args);
}
