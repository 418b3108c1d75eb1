using System.Net;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The record, for admins: API keys created (shown once), listed and revoked, and the journal of what was done.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleRecordTests(ConsoleDevHostFixture host) : IClassFixture<ConsoleDevHostFixture>
{
    [Fact]
    public Task An_admin_creates_a_key_shown_once_uses_it_revokes_it_and_finds_both_in_the_journal() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "alex@example.org", "Alex Admin", "admin");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Clés d'API" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Clés d'API");
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("script-lecture");
        await page.GetByLabel("Rôle", new() { Exact = true }).SelectOptionAsync("editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la clé" }).ClickAsync();
        await Expect(page.GetByTestId("new-key")).ToContainTextAsync("Copiez-la maintenant");
        var secret = await page.GetByLabel("Clé", new() { Exact = true }).InputValueAsync();
        await Expect(page.Locator("tr[data-key='script-lecture']")).ToContainTextAsync("active");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        Assert.Equal(HttpStatusCode.OK, await CallWithKeyAsync(secret));

        await page.GetByRole(AriaRole.Button, new() { Name = "Révoquer : script-lecture" }).ClickAsync();
        await Expect(page.Locator("tr[data-key='script-lecture']")).ToContainTextAsync("révoquée");
        await Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithKeyAsync(secret));

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Journal" }).ClickAsync();
        await page.GetByLabel("Qui (adresse ou nom de clé)").FillAsync("alex@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        var journal = page.GetByTestId("journal");
        await Expect(journal).ToContainTextAsync("AdminCreateApiKey");
        await Expect(journal).ToContainTextAsync("AdminRevokeApiKey");
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    [Fact]
    public Task A_publisher_does_not_see_the_record_and_is_told_why_at_its_address() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher");
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Journal" })).ToHaveCountAsync(0);
        await page.GotoAsync("console/keys");
        await Expect(page.GetByText("Réservé au rôle administration.")).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    private async Task<HttpStatusCode> CallWithKeyAsync(string key)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/newsletters");
        request.Headers.Add("x-functions-key", key);
        return (await client.SendAsync(request)).StatusCode;
    }
}
