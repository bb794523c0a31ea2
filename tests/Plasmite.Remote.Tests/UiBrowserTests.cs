// The /ui page in real headless Chromium: lists pools, follows one live over SSE, shows appended messages.
using System.Text.Json;
using Plasmite.Remote.Tests.Support;

namespace Plasmite.Remote.Tests;

[Trait("Category", "Browser")]
public sealed class UiBrowserTests
{
    [ChromiumFact]
    public async Task Pool_page_shows_history_and_live_appends()
    {
        await using var s = await TestServer.StartAsync(o => o.Token = "ui-token");
        await s.CreatePoolAsync("demo", token: "ui-token");
        await s.CreatePoolAsync("metrics", token: "ui-token");
        await s.AppendAsync("demo", "{\"msg\":\"hello from history\",\"n\":1}", "[\"ok\"]", "ui-token");
        await s.AppendAsync("demo", "{\"msg\":\"disk almost full\",\"free_mb\":512}", "[\"warn\",\"disk\"]", "ui-token");

        await using (var list = await Chromium.LaunchAsync(new Uri(s.BaseUrl, "/ui?token=ui-token")))
        {
            Assert.True(await list.WaitForAsync("document.querySelectorAll('td a').length === 2", TimeSpan.FromSeconds(30)), "pool list did not render");
            var names = await list.EvaluateAsync("Array.from(document.querySelectorAll('td a')).map(a => a.textContent).join(',')");
            Assert.Equal("demo,metrics", names.GetString());
            Assert.Equal("Plasmite UI", (await list.EvaluateAsync("document.title")).GetString());
        }

        await using var page = await Chromium.LaunchAsync(new Uri(s.BaseUrl, "/ui/pools/demo?token=ui-token"));
        Assert.True(await page.WaitForAsync("!!document.getElementById('msg-2')", TimeSpan.FromSeconds(30)), "history did not render");
        Assert.True(await page.WaitForAsync("document.querySelector('.pill') && document.querySelector('.pill').textContent === 'live'", TimeSpan.FromSeconds(10)));
        ulong seq = await s.AppendAsync("demo", "{\"msg\":\"appended while the page is open\",\"job\":\"build-42\"}", "[\"done\",\"ci\"]", "ui-token");
        Assert.Equal(3UL, seq);
        Assert.True(await page.WaitForAsync("!!document.getElementById('msg-3')", TimeSpan.FromSeconds(15)), "live append did not appear");
        string text = (await page.EvaluateAsync("document.getElementById('msg-3').textContent")).GetString()!;
        Assert.Contains("appended while the page is open", text);
        Assert.Contains("build-42", text);
        Assert.Contains("#3", text);
        Assert.Equal("chip ok", (await page.EvaluateAsync("document.querySelector('#msg-3 .chip').className")).GetString());
        Assert.Equal("msg-3", (await page.EvaluateAsync("document.querySelector('.card').id")).GetString());
        byte[] png = await page.ScreenshotAsync();
        Assert.True(png.Length > 1000);
        string output = Path.Combine(AppContext.BaseDirectory, "ui.png");
        File.WriteAllBytes(output, png);
        if (Environment.GetEnvironmentVariable("PLASMITE_UPDATE_SCREENSHOT") is { Length: > 0 } target) File.WriteAllBytes(target, png);
    }

    [ChromiumFact]
    public async Task Pool_page_asks_for_a_token_on_401()
    {
        await using var s = await TestServer.StartAsync(o => o.Token = "needed");
        await s.CreatePoolAsync("demo", token: "needed");
        await using var page = await Chromium.LaunchAsync(new Uri(s.BaseUrl, "/ui/pools/demo"));
        Assert.True(await page.WaitForAsync("getComputedStyle(document.getElementById('auth')).display === 'block'", TimeSpan.FromSeconds(30)));
        var prompt = await page.EvaluateAsync("document.getElementById('auth').textContent");
        Assert.Contains("Authentication required — enter a bearer token.", prompt.GetString());
        Assert.Equal(JsonValueKind.String, prompt.ValueKind);
    }
}
