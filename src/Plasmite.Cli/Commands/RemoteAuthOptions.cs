// The remote-only flags shared by feed and follow, and their validation (spec cli.md §3.2).
using System.CommandLine;
using Plasmite.Cli.Execution;

namespace Plasmite.Cli.Commands;

/// <summary><c>--token</c>, <c>--token-file</c>, <c>--tls-ca</c>, <c>--tls-skip-verify</c>.</summary>
internal sealed class RemoteAuthOptions
{
    public readonly Option<string?> Token = Opts.Text("--token", "TOKEN", "Bearer token for a remote pool ref (remote refs only)");
    public readonly Option<string?> TokenFile = Opts.Text("--token-file", "PATH", "Read the bearer token from a file (remote refs only)");
    public readonly Option<string?> TlsCa = Opts.Text("--tls-ca", "PATH", "Trust only the certificates in this PEM file (remote refs only)");
    public readonly Option<bool> TlsSkipVerify = Opts.Flag("--tls-skip-verify", "Disable TLS certificate verification; unsafe (remote refs only)");

    public void AddTo(Command command)
    {
        command.Add(Token);
        command.Add(TokenFile);
        command.Add(TlsCa);
        command.Add(TlsSkipVerify);
    }

    /// <summary>True when any of the flags was given.</summary>
    public bool AnyGiven(ParseResult r) =>
        r.GetValue(Token) is not null || r.GetValue(TokenFile) is not null || r.GetValue(TlsCa) is not null || r.GetValue(TlsSkipVerify);

    /// <summary>Validates the flags for <paramref name="pool"/> and reads the token file.</summary>
    public RemoteAuth Resolve(ParseResult r, PoolRef pool, string commandName, CliContext ctx)
    {
        if (pool is not RemotePoolRef)
        {
            if (AnyGiven(r))
                throw new PlasmiteException(ErrorKind.Usage, $"{commandName} remote auth/TLS flags require a remote http(s) pool ref",
                    hint: "Drop --token/--token-file/--tls-ca/--tls-skip-verify, or use a pool ref like http://host:9700/<pool>.");
            return RemoteAuth.None;
        }
        var token = r.GetValue(Token);
        var tokenFile = r.GetValue(TokenFile);
        if (token is not null && tokenFile is not null)
            throw new PlasmiteException(ErrorKind.Usage, "--token cannot be combined with --token-file", hint: "Pass the token one way: --token VALUE or --token-file PATH.");
        bool fromFile = false;
        if (tokenFile is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(tokenFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PlasmiteException(ErrorKind.Usage, "failed to read token file", path: tokenFile, hint: "Check the --token-file path and its permissions.", inner: ex);
            }
            token = text.Trim();
            if (token.Length == 0)
                throw new PlasmiteException(ErrorKind.Usage, "token file is empty", path: tokenFile, hint: "Write the bearer token into the file (for example with `plasmite serve init`).");
            fromFile = true;
        }
        var ca = r.GetValue(TlsCa);
        if (ca is not null && !File.Exists(ca))
            throw new PlasmiteException(ErrorKind.Usage, "failed to read --tls-ca file", path: ca, hint: "Pass a readable PEM file with the server's certificate.");
        bool skip = r.GetValue(TlsSkipVerify);
        if (skip)
        {
            ctx.Terminal.Error.Write("warning: --tls-skip-verify disables TLS certificate verification (unsafe)\n");
        }
        return new RemoteAuth(token, fromFile, ca, skip);
    }
}
