using System.Text;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The console on a DevHost whose clock stands on Monday 5 October 2026 at 08:00 in Paris, before La quotidienne (08:30).</summary>
public sealed class ConsoleDigestsFixture : DevHostFixture
{
    public static readonly DateTimeOffset MondayMorning = DateTimeOffset.Parse("2026-10-05T06:00:00Z");

    public ConsoleDigestsFixture()
    {
        UseRealServer();
        UseFakeTime(MondayMorning);
    }
}

/// <summary>The automatic sends desk in Chromium: an article added, seen in the next digest's preview, the digest held, then approved.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleAutomaticSendsTests(ConsoleDigestsFixture host) : IClassFixture<ConsoleDigestsFixture>
{
    private static readonly string[] Readers = ["lea.quotidienne@example.org", "marc.quotidienne@example.org", "nina.quotidienne@example.org"];

    [Fact]
    public Task A_publisher_adds_an_article_sees_it_in_the_preview_holds_the_digest_which_then_waits_and_approves_it_for_one_digest_each() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        await ImportConfirmedAsync("quotidienne", Readers);
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Envois automatiques" }).ClickAsync();
        await Expect(page.Locator("tr[data-digest=quotidienne]")).ToContainTextAsync("prévu");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.Locator("tr[data-digest=quotidienne] a").ClickAsync();

        await page.GetByLabel("Titre", new() { Exact = true }).FillAsync("Trois alliances qui changent un territoire");
        await page.GetByLabel("Lien", new() { Exact = true }).FillAsync("https://www.outreach.example.org/a/trois-alliances");
        await page.GetByLabel("Résumé (facultatif)").FillAsync("Associations, entreprises et collectivités.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Article ajouté.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("digest-articles")).ToContainTextAsync("Trois alliances qui changent un territoire");
        await Expect(page.FrameLocator("iframe.preview-frame").Locator("body")).ToContainTextAsync("Trois alliances qui changent un territoire");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Mettre en attente" }).ClickAsync();
        await Expect(page.GetByTestId("digest-state")).ToHaveTextAsync("en attente d'approbation");
        host.FakeTime!.SetUtcNow(ConsoleDigestsFixture.MondayMorning.AddMinutes(35));
        await SendDueDigestsAsync();
        foreach (var reader in Readers) Assert.Empty(await host.ReadOutboxAsync(reader));

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Approuver l'envoi" }).ClickAsync();
        await Expect(page.GetByText("Approuvé : il part au prochain passage de l'horloge")).ToBeVisibleAsync();
        await SendDueDigestsAsync();
        await SendDueDigestsAsync(); // the clock wakes again: nothing more
        foreach (var reader in Readers)
        {
            var digest = Assert.Single(await host.ReadOutboxAsync(reader));
            Assert.Contains("Trois alliances qui changent un territoire", digest.HtmlBody, StringComparison.Ordinal);
        }

        await page.ReloadAsync();
        await Expect(page.GetByTestId("digest-state")).Not.ToHaveTextAsync("en attente d'approbation");
    });

    [Fact]
    public Task An_editor_adds_articles_but_finds_holding_unavailable_and_why() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "eli@example.org", "Éli Rédaction", "editor");
        await page.GotoAsync("console/automatic/hebdo-associations");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mettre en attente" })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true })).ToBeEnabledAsync();
        await Expect(page.GetByText("Réservé au rôle publication ou administration.").First).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    private async Task SendDueDigestsAsync()
    {
        await host.RunTimerAsync("SendDueDigests");
        await host.RunTimerAsync("DispatchCampaigns");
        await host.DrainQueuesAsync();
    }

    private async Task ImportConfirmedAsync(string audience, params string[] emails)
    {
        using var admin = host.CreateAdminClient();
        var csv = "email,firstName\n" + string.Join("\n", emails.Select(e => $"{e},{e.Split('.')[0]}"));
        using var response = await admin.PostAsync($"/api/admin/audiences/{audience}/import?status=confirmed&source=test", new StringContent(csv, Encoding.UTF8, "text/csv"));
        response.EnsureSuccessStatusCode();
    }
}
