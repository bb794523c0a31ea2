// services.Add{Pool}Pool(): the generated typed handle resolved from a ServiceCollection over AddPlasmite's client.
using Microsoft.Extensions.DependencyInjection;
using Plasmite.AspNetCore;

namespace Plasmite.Typed.Tests;

[Trait("Category", "Unit")]
public sealed class TypedDependencyInjectionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "plasmite-typed-di", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_service_collection_resolves_the_typed_handle_over_the_registered_client()
    {
        var services = new ServiceCollection();
        services.AddPlasmite(o => o.Directory = _dir);
        services.AddEventsPool().AddEventsPool(); // the second call keeps the first registration
        Assert.Single(services, d => d.ServiceType == typeof(EventsPool));

        EventsPool events;
        await using (var provider = services.BuildServiceProvider(validateScopes: true))
        {
            events = provider.GetRequiredService<EventsPool>();
            Assert.Same(events, provider.GetRequiredService<EventsPool>()); // singleton
            var receipt = await events.AppendDeployReceiptAsync(new Deploy("d1", 1, ["h"]));
            Assert.Equal("d1", events.GetDeploy(receipt.Seq)!.Data.Sha);
            Assert.Equal(EventsPool.PoolName, events.Pool.Name);

            // The pool lives in the directory AddPlasmite was given.
            using var direct = new PlasmiteClient(_dir);
            Assert.Equal("d1", direct.OpenEvents().GetDeploy(receipt.Seq)!.Data.Sha);
        }
        // Disposing the container disposed the handle (and its pool).
        Assert.ThrowsAny<Exception>(() => events.GetDeploy(1));
    }

    [Fact]
    public void Without_a_registered_client_resolution_says_what_is_missing()
    {
        var services = new ServiceCollection();
        services.AddEventsPool();
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<EventsPool>());
        Assert.Contains(nameof(IPlasmiteClient), e.Message);
    }
}
