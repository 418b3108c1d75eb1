using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Newsletters;

public sealed class ArchiveBrowserFixture : DevHostFixture
{
    public ArchiveBrowserFixture() => UseRealServer();
}

[Trait("Category", "Browser")]
public sealed class ArchiveBrowserTests(ArchiveBrowserFixture host) : IClassFixture<ArchiveBrowserFixture>
{
    [Fact]
    public async Task TheArchiveAndAWebViewRenderAndTheirLinksWork()
    {
        using var admin = host.CreateAdminClient();
        var sent = await admin.PostAsJsonAsync("/api/admin/newsletters/2026-10-economie-de-l-alliance/schedule", new { now = true });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();

        var archive = await page.GotoAsync("api/newsletters");
        Assert.Equal(200, archive!.Status);
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Les newsletters", await page.Locator("h1").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "L'économie de l'alliance" }).ClickAsync();
        await page.WaitForURLAsync("**/api/newsletters/2026-10-economie-de-l-alliance");
        Assert.Equal("L'économie de l'alliance", await page.TitleAsync());
        await Assertions.Expect(page.GetByText("Ce que vaut une alliance")).ToBeVisibleAsync();
        Assert.Contains("Dossier du mois", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("token=", await page.ContentAsync(), StringComparison.Ordinal);

        // Its own links lead back to the archive and to the sign-up form; the articles' links are absolute.
        var external = await page.Locator("a[href^='https://www.outreach.example.org/']").CountAsync();
        Assert.True(external >= 3);
        await page.GetByRole(AriaRole.Link, new() { Name = "Les numéros précédents" }).ClickAsync();
        await page.WaitForURLAsync("**/api/newsletters");
        Assert.Equal("Les newsletters", await page.Locator("h1").InnerTextAsync());

        await page.GotoAsync("api/newsletters/2026-10-economie-de-l-alliance");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^S'inscrire") }).ClickAsync();
        await page.WaitForURLAsync("**/api/signup?audience=newsletter");
        Assert.True(await page.GetByLabel("La Newsletter (mensuelle)").IsCheckedAsync());

        var missing = await page.GotoAsync("api/newsletters/not-sent-yet");
        Assert.Equal(404, missing!.Status);
        // The wait is set up before the click, so a navigation that finishes first cannot be missed.
        var backToTheArchive = page.WaitForURLAsync("**/api/newsletters");
        await page.GetByRole(AriaRole.Link, new() { Name = "Toutes les newsletters" }).ClickAsync();
        await backToTheArchive;
        Assert.Equal("Les newsletters", await page.Locator("h1").InnerTextAsync());
    }
}
