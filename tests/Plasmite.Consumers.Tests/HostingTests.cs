// The hosted service: AddPlasmiteConsumer runs handlers from DI, typed and untyped, and never stops the host.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Plasmite.Consumers.Tests;

[Trait("Category", "Unit")]
public class HostingTests
{
    internal sealed class Recorder
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();
    }

    internal sealed class UntypedHandler(Recorder r) : IPlasmiteHandler<Message>
    {
        public ValueTask HandleAsync(Message message, CancellationToken cancellationToken)
        {
            r.Seen.Enqueue("u" + message.Seq);
            return ValueTask.CompletedTask;
        }
    }

    internal sealed record Item(int I);

    internal sealed class TypedHandler(Recorder r) : IPlasmiteHandler<Item>
    {
        public ValueTask HandleAsync(Item message, CancellationToken cancellationToken)
        {
            r.Seen.Enqueue("t" + message.I);
            return ValueTask.CompletedTask;
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "condition not reached");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Two_consumers_run_in_one_host_with_the_registered_client()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 3);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new Recorder());
        builder.Services.AddSingleton(new PlasmiteClient(d.Path));
        builder.Services.AddPlasmiteConsumer<UntypedHandler>("p", "untyped", o => o.PollInterval = TimeSpan.FromMilliseconds(5));
        builder.Services.AddPlasmiteConsumer<TypedHandler, Item>("p", "typed",
            m => m.Data.GetProperty("i").GetInt32() == 2 ? null : new Item(m.Data.GetProperty("i").GetInt32()),
            o => o.PollInterval = TimeSpan.FromMilliseconds(5));
        using var host = builder.Build();
        await host.StartAsync();
        var rec = host.Services.GetRequiredService<Recorder>();
        await WaitFor(() => rec.Seen.Count == 5);
        await host.StopAsync();
        Assert.Equal(["t1", "t3", "u1", "u2", "u3"], rec.Seen.Order());
        Assert.Equal(3UL, ConsumerCheckpoints.Info(d.File("p.plasmite"), "typed").CommittedSeq);
    }

    [Fact]
    public async Task A_refused_checkpoint_stops_the_consumer_but_not_the_host()
    {
        using var d = new TempDir();
        Pools.Fill(d.Path, "p", 1);
        string state = Checkpoints.ConsumerPaths.StatePath(d.File("p.plasmite"), "c");
        Directory.CreateDirectory(Path.GetDirectoryName(state)!);
        File.WriteAllText(state, "{broken");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new Recorder());
        builder.Services.AddPlasmiteConsumer<UntypedHandler>("p", "c", o => o.Directory = d.Path);
        using var host = builder.Build();
        await host.StartAsync();
        var service = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().Single();
        await WaitFor(() => service.ExecuteTask!.IsCompleted);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully); // nothing escaped ExecuteAsync
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public async Task Invalid_options_fail_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new Recorder());
        builder.Services.AddPlasmiteConsumer<UntypedHandler>("p", "bad name");
        using var host = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("consumer name may contain only", e.Message, StringComparison.Ordinal);
    }
}
