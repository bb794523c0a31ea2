// Starts our own server (the Plasmite.AspNetCore endpoints on Kestrel, 127.0.0.1:0) over a manifest's working directory.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Plasmite.AspNetCore;

namespace Plasmite.Conformance;

internal sealed class OwnedServer : IDisposable
{
    private readonly WebApplication _app;

    private OwnedServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Serves <paramref name="poolDirectory"/> the way <c>plasmite serve</c> does with its defaults.</summary>
    public static OwnedServer Start(string poolDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UsePlasmiteVersionHeader();
        app.MapPlasmite("", o => o.PoolDirectory = poolDirectory);
        // The runner is synchronous (one step after another); starting is the only wait.
        app.StartAsync().GetAwaiter().GetResult();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OwnedServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public void Dispose()
    {
        try
        {
            _app.StopAsync().Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException)
        {
            // Shutdown errors do not change a conformance verdict.
        }
        ((IDisposable)_app).Dispose();
    }
}
