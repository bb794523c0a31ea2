// A background writer that keeps appending to a pool until stopped (the load under crash tests).
namespace Plasmite.Nats.Tests.Support;

internal sealed class Writer : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    public Writer(PlasmitePool pool, int pauseMs = 1)
    {
        _thread = new Thread(() =>
        {
            long i = 0;
            while (!_stop)
            {
                i++;
                pool.AppendJson(System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i},\"text\":\"message {i} é\",\"x\":{i * 0.5}}}"),
                    i % 3 == 0 ? ["w", "third"] : ["w"]);
                Thread.Sleep(pauseMs);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public void Stop()
    {
        _stop = true;
        _thread.Join();
    }

    public void Dispose() => Stop();
}
