using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The console's shell in Chromium: sign-in, who is signed in, languages, navigation, audiences, finding a person.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleShellBrowserTests(ConsoleDevHostFixture host) : IClassFixture<ConsoleDevHostFixture>
{
    [Fact]
    public Task A_publisher_signs_in_sees_their_name_and_role_and_the_audiences_with_their_counts_in_French_then_English() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        await ImportConfirmedAsync("newsletter", "claire@example.org", "hugo@example.org", "ines@example.org");
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher");

        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await Expect(page.GetByTestId("person-roles")).ToHaveTextAsync("publication");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Audiences" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Audiences");
        var newsletter = page.Locator("tr[data-audience=newsletter]");
        await Expect(newsletter).ToContainTextAsync("La Newsletter (mensuelle)");
        await Expect(newsletter.Locator("td").Nth(3)).ToHaveTextAsync("3");
        await Expect(page.Locator("tr[data-audience=quotidienne] td").Nth(3)).ToHaveTextAsync("0");
        await Expect(page.GetByText("Réservé au rôle administration.").First).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByLabel("Langue").SelectOptionAsync("en");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Confirmed" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
    });

    /// <summary>Every page of the newsletter desk, as the one role that sees them all, once its data is shown.</summary>
    [Fact]
    public Task Every_page_of_the_newsletter_desk_passes_axe_core_once_loaded() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        await ImportConfirmedAsync("newsletter", "axe.one@example.org", "axe.two@example.org");
        var page = await ConsoleBrowser.SignInAsync(context, "alex@example.org", "Alex Admin", "admin");
        string[] pages = ["", "audiences", "audiences/newsletter", "people", "import", "newsletters", "newsletters/new", "campaigns", "campaigns/no-such-campaign", "not-found"];
        foreach (var path in pages)
        {
            await page.GotoAsync("console/" + path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText("Chargement…")).ToHaveCountAsync(0);
            await ConsoleBrowser.AssertAccessibleAsync(page);
        }

        await page.GotoAsync("console/newsletters");
        await page.Locator("main a[href*='newsletters/']:not([href$='/new'])").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToHaveTextAsync("Chargement…");
        await Expect(page.GetByText("Chargement…")).ToHaveCountAsync(0);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    [Fact]
    public Task A_privacy_officer_finds_a_person_by_address_and_sees_their_lists_and_states() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        await ImportConfirmedAsync("hebdo-associations", "mathilde@example.org");
        var page = await ConsoleBrowser.SignInAsync(context, "dpo@example.org", "Sofia Delmas", "privacy");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Trouver une personne" }).ClickAsync();
        await page.GetByLabel("Adresse e-mail").FillAsync("mathilde@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
        var memberships = page.Locator("[data-testid=memberships]");
        await Expect(memberships).ToContainTextAsync("L'hebdo association");
        await Expect(memberships).ToContainTextAsync("confirmé");
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    [Fact]
    public Task An_editor_is_told_which_role_finding_a_person_needs() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "redaction@example.org", "Léa Roux", "editor");

        await page.GotoAsync("console/people");
        await Expect(page.GetByText("Réservé au rôle données personnelles ou administration.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Chercher" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Signing_out_ends_the_session_and_the_console_asks_to_sign_in_again() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher");

        await page.GetByRole(AriaRole.Link, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForURLAsync("**/.auth/login/aad**");
        Assert.Empty(await context.CookiesAsync());
    });

    private async Task ImportConfirmedAsync(string audience, params string[] emails)
    {
        using var admin = host.CreateAdminClient();
        var csv = "email,firstName\n" + string.Join("\n", emails.Select(e => $"{e},{e.Split('@')[0]}"));
        using var response = await admin.PostAsync($"/api/admin/audiences/{audience}/import?status=confirmed&source=test",
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        response.EnsureSuccessStatusCode();
    }
}
