// `plasmite serve [init|check]`: maps the parsed serve request onto the server's options and entry points.
using Plasmite.Cli.Server;

namespace Plasmite.Cli.Execution;

internal static class ServeBackend
{
    public static async Task<int> RunAsync(CliContext ctx, ServeRequest request, CancellationToken ct)
    {
        var options = Options(ctx, request);
        switch (request.Subcommand)
        {
            case "check":
                return Finish(ctx, ServeCheck.Run(options, request.CheckJson));
            case "init":
                return Finish(ctx, ServeInit.Run(InitOptions(request.InitOptions), options, ctx.Terminal.StdoutIsTerminal));
            default:
                // SIGINT/SIGTERM cancel `ct` (Program.cs); the server then shuts down gracefully.
                return await ServerHost.RunAsync(options, ct).ConfigureAwait(false);
        }
    }

    private static ServerOptions Options(CliContext ctx, ServeRequest r)
    {
        var options = new ServerOptions
        {
            PoolDirectory = ctx.PoolDir,
            Bind = r.Bind,
            Access = r.Access,
            Token = r.Token,
            TokenFile = r.TokenFile,
            TlsCert = r.TlsCert,
            TlsKey = r.TlsKey,
            TlsSelfSigned = r.TlsSelfSigned,
            AllowNonLoopback = r.AllowNonLoopback,
            InsecureNoTls = r.InsecureNoTls,
            MaxBodyBytes = r.MaxBodyBytes,
            MaxTailTimeoutMs = r.MaxTailTimeoutMs,
            MaxTailConcurrency = r.MaxTailConcurrency,
            BannerWriter = ctx.Terminal.StderrIsTerminal ? ctx.Terminal.Error : null,
        };
        foreach (var origin in r.CorsOrigins) options.CorsOrigins.Add(origin);
        return options;
    }

    private static ServeInitOptions InitOptions(IReadOnlyDictionary<string, string?> values)
    {
        var init = new ServeInitOptions();
        if (values.GetValueOrDefault("bind") is { } bind) init.Bind = bind;
        if (values.GetValueOrDefault("output-dir") is { } dir) init.OutputDir = dir;
        if (values.GetValueOrDefault("token-file") is { } token) init.TokenFile = token;
        if (values.GetValueOrDefault("tls-cert") is { } cert) init.TlsCert = cert;
        if (values.GetValueOrDefault("tls-key") is { } key) init.TlsKey = key;
        init.Force = values.GetValueOrDefault("force") is not null;
        return init;
    }

    private static int Finish(CliContext ctx, ServeCommandResult result)
    {
        if (result.Output.Length > 0) ctx.Terminal.Out.Write(result.Output);
        if (result.Error is not null) throw result.Error;
        return result.ExitCode;
    }
}
