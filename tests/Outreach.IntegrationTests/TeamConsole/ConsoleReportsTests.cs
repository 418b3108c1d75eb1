using Microsoft.Playwright;
using Outreach.IntegrationTests.Campaigns;
using Outreach.IntegrationTests.Subscriptions;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>A DevHost that takes signed SendGrid webhook posts and serves the console.</summary>
public sealed class ConsoleReportsFixture : DeliveryHostFixture
{
    public ConsoleReportsFixture() => UseRealServer();
}

/// <summary>The campaign report and the comparison of the last issues, with their SVG charts, as an editor reads them.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleReportsTests(ConsoleReportsFixture host) : IClassFixture<ConsoleReportsFixture>
{
    private const string Programme = "https://example.org/programme-jeudis";
    private const string Replay = "https://example.org/replay-atelier";

    [Fact]
    public Task An_editor_reads_a_newsletters_report_with_its_clicks_per_link_then_compares_it_with_the_last_issues() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 3);
        await host.ImportAsync(audience, "confirmed", emails);
        var subject = "Lettre rapport " + Guid.NewGuid().ToString("N")[..6];
        var id = await host.CreateCampaignAsync(new { subject, html = "<p>Le numéro.</p>", audiences = new[] { audience }, kind = "newsletter" });
        await host.DrainQueuesAsync();
        string[] events =
        [
            .. emails.Select(e => DeliveryClient.Event("delivered", e, id)),
            DeliveryClient.Event("click", emails[0], id, url: Programme), DeliveryClient.Event("click", emails[0], id, url: Programme),
            DeliveryClient.Event("click", emails[1], id, url: Programme), DeliveryClient.Event("click", emails[1], id, url: Replay),
        ];
        (await host.PostWebhookAsync("[" + string.Join(",", events) + "]")).EnsureSuccessStatusCode();

        var page = await ConsoleBrowser.SignInAsync(context, "lea@example.org", "Léa Dubois", "editor");
        await page.GotoAsync($"console/campaigns/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir le rapport (clics, liens, premières 72 heures) →" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Rapport : {subject}");
        await Expect(page.Locator("[data-figure='uniqueClicks']")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-figure='delivered']")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("opens-not-tracked")).ToBeVisibleAsync();
        // By hand: the programme was clicked by two people (three clicks), the replay by one.
        var chart = page.GetByTestId("links-chart");
        await Expect(chart.Locator($"[data-bar='{Programme}'] [data-value]")).ToHaveTextAsync("2");
        await Expect(chart.Locator($"[data-bar='{Replay}'] [data-value]")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("links").Locator("tbody tr").First).ToContainTextAsync("3");
        await Expect(page.GetByTestId("hours-clicks").Locator("figcaption")).ToContainTextAsync("4");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Rapports", Exact = true }).ClickAsync();
        var row = page.GetByTestId("compared").Locator("tbody tr", new() { HasText = subject });
        await Expect(row).ToContainTextAsync("66,7");
        await Expect(page.GetByTestId("compare-click-rate").Locator($"[data-bar='{subject}'] [data-value]")).ToContainTextAsync("66,7");
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });
}
