// An ASP.NET Core app of its own (WebApplication on 127.0.0.1:0) that hosts MapPlasmite beside its own endpoints.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Plasmite.AspNetCore;

namespace Plasmite.Remote.Tests.Support;

internal sealed class HostedApp : IAsyncDisposable, IDisposable
{
    private HostedApp(WebApplication app, Uri baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        Http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>Starts an app with <c>AddPlasmite</c>, health checks, <c>GET /hello</c> and <c>MapPlasmite(prefix)</c>.</summary>
    public static async Task<HostedApp> StartAsync(string directory, string prefix = "", Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddPlasmite(o => o.Directory = directory);
        builder.Services.AddHealthChecks().AddPlasmite();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGet("/hello", () => "hi from the app");
        app.MapHealthChecks("/health");
        if (map is not null) map(app);
        else app.MapPlasmite(prefix);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostedApp(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Synchronous dispose for the conformance runner's targets.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
