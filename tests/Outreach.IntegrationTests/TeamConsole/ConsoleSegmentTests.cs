using Microsoft.Playwright;
using Outreach.IntegrationTests.Audiences;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The segment editor: an engagement condition picked from the webinars, its field error, then the count of who it reaches.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleSegmentTests(ConsoleDevHostFixture host) : IClassFixture<ConsoleDevHostFixture>
{
    [Fact]
    public Task An_editor_makes_a_segment_of_those_who_missed_a_webinar_is_told_what_is_missing_then_sees_how_many_it_reaches() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var audience = await host.NewAudienceAsync("seg");
        var people = await host.SeedMembersAsync(audience, "a", "b", "c", "d");
        var title = "Atelier " + Guid.NewGuid().ToString("N")[..6];
        var session = await host.AddSessionAsync(EngagementData.Now.AddDays(-2), title);
        await host.RegisterAsync(session, people["a"], attended: true);
        await host.RegisterAsync(session, people["b"]);
        await host.RegisterAsync(session, people["c"], attended: false);

        var page = await ConsoleBrowser.SignInAsync(context, "claire@example.org", "Claire Dubois", "editor");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Absents de l'atelier");
        await page.GetByLabel("Audience", new() { Exact = true }).SelectOptionAsync(audience);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une condition" }).ClickAsync();
        await page.GetByLabel("Condition 1", new() { Exact = true }).SelectOptionAsync("missed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le segment" }).ClickAsync();
        await Expect(page.Locator("[data-field-error='where.engagement']")).ToContainTextAsync("Condition 1");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByLabel("Session ou série (condition 1)").SelectOptionAsync($"session:{session}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le segment" }).ClickAsync();
        var row = page.GetByTestId("segments").Locator("tr", new() { HasText = "Absents de l'atelier" });
        await Expect(row.GetByTestId("segment-count")).ToHaveTextAsync("2 personne(s) aujourd'hui");
        await Expect(row).ToContainTextAsync($"a manqué {title}");
        await Expect(page.Locator("[data-field-error]")).ToHaveCountAsync(0);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });
}
