// Entry point of the `plasmite` command-line tool.
using Plasmite.Cli;
using Plasmite.Cli.Backend;
using Plasmite.Cli.Output;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
return await CliApp.RunAsync(args, new ProcessTerminal(), new UnwiredBackend(), cts.Token).ConfigureAwait(false);
