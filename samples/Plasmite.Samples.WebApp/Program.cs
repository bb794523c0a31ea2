// Plasmite inside ASP.NET Core: POST /orders appends a typed message, a BackgroundService tails them, the whole remote
// protocol is mapped under /plasmite, /health runs Plasmite's health check, and metrics go to the console.
// Run: dotnet run --project samples/Plasmite.Samples.WebApp -- --urls http://127.0.0.1:5080 [--dir ./data]
using Plasmite;
using Plasmite.AspNetCore;
using Plasmite.Samples.WebApp;

var builder = WebApplication.CreateSlimBuilder(args);
string dir = builder.Configuration["dir"] ?? Path.Combine(AppContext.BaseDirectory, "data");
builder.Services.AddPlasmite(o => o.Directory = dir);
builder.Services.AddOrdersPool(); // generated: the typed OrdersPool handle as a singleton over the registered client
builder.Services.AddHealthChecks().AddPlasmite(["orders"]);
builder.Services.AddHostedService<OrderTailer>();
builder.Services.AddHostedService<ConsoleMetrics>();

var app = builder.Build();
// Open (and create) the pool before anything tails it; the container owns the handle.
app.Services.GetRequiredService<OrdersPool>();

app.MapPost("/orders", async (HttpRequest request, OrdersPool orders, CancellationToken cancellationToken) =>
{
    string item = request.Query["item"].ToString();
    int quantity = int.TryParse(request.Query["quantity"], out int q) ? q : 1;
    if (item.Length == 0) return Results.BadRequest("item is required");
    // A local append completes synchronously; over a remote client the same call awaits HTTP.
    var receipt = await orders.AppendOrderReceiptAsync(new Order(item, quantity), cancellationToken: cancellationToken);
    return Results.Text($"{{\"seq\":{receipt.Seq}}}", "application/json");
});
app.MapGet("/orders/seen", () => Results.Text(Volatile.Read(ref OrderTailer.Seen).ToString(System.Globalization.CultureInfo.InvariantCulture)));
app.MapPlasmite("/plasmite");
app.MapHealthChecks("/health");

await app.StartAsync();
foreach (string address in app.Urls) Console.WriteLine("listening " + address);
await app.WaitForShutdownAsync();
