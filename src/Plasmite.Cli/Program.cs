// Entry point of the `plasmite` command-line tool.
using System.Runtime.InteropServices;
using Plasmite.Cli;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Output;

using var cts = new CancellationTokenSource();

// PosixSignalRegistration rather than Console.CancelKeyPress: the latter initializes the terminal, which
// writes keypad-mode escape sequences to stdout on a TTY.
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cts.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await CliApp.RunAsync(args, new ProcessTerminal(), new SdkBackend(), cts.Token).ConfigureAwait(false);
