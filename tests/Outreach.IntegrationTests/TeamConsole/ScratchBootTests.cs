using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.TeamConsole;

public sealed class ScratchBootTests(ConsoleDevHost host) : IClassFixture<ConsoleDevHost>
{
    [Fact]
    public async Task Scratch_boot()
    {
        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();
        var log = new List<string>();
        page.Console += (_, m) => log.Add("console: " + m.Text);
        page.PageError += (_, e) => log.Add("error: " + e);
        page.RequestFailed += (_, r) => log.Add("failed: " + r.Url);
        page.Response += (_, r) => { if (r.Status >= 400) log.Add($"{r.Status} {r.Url}"); };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync("console/");
        await page.Locator("h1").First.WaitForAsync(new() { Timeout = 60000 });
        log.Add("h1 after " + sw.ElapsedMilliseconds + " ms");
        log.Add(await page.Locator("body").InnerHTMLAsync());
        Assert.Fail(string.Join("\n", log));
    }
}
