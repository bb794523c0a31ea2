// Starts our own `plasmite serve` (in process, on 127.0.0.1:0) over a manifest's working directory.
using Plasmite.Cli.Server;

namespace Plasmite.Conformance;

internal sealed class OwnedServer : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;

    private OwnedServer(Task<int> run, CancellationTokenSource stop, Uri baseUrl)
    {
        _run = run;
        _stop = stop;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static OwnedServer Start(string poolDirectory)
    {
        string readyFile = Path.Combine(Path.GetTempPath(), $"plasmite-conformance-{Guid.NewGuid():N}.ready");
        var options = new ServerOptions { PoolDirectory = poolDirectory, Bind = "127.0.0.1:0", ReadyFile = readyFile };
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => ServerHost.RunAsync(options, stop.Token));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(readyFile))
        {
            if (run.IsCompleted) run.GetAwaiter().GetResult(); // surfaces the startup error
            if (DateTime.UtcNow > deadline)
            {
                stop.Cancel();
                throw new TimeoutException("the server did not become ready within 30 s");
            }
            Thread.Sleep(20);
        }
        string address = File.ReadAllText(readyFile).Trim();
        File.Delete(readyFile);
        return new OwnedServer(run, stop, new Uri($"http://{address}/"));
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _run.Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException)
        {
            // Shutdown errors do not change a conformance verdict.
        }
        _stop.Dispose();
    }
}
