using System.Text;
using Microsoft.Playwright;
using MimeKit;
using Outreach.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>
/// The newsletter desk's journey in Chromium on the DevHost: import people, write an issue with its live preview, test
/// it, send it now and watch the campaign go out — and the same screens for someone whose role cannot send.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConsoleNewsletterJourneyTests(ConsoleDevHostFixture host) : IClassFixture<ConsoleDevHostFixture>
{
    private static readonly string[] People = Enumerable.Range(1, 20).Select(i => $"lecteur{i:00}@example.org").ToArray();

    [Fact]
    public Task A_publisher_imports_20_people_writes_an_issue_tests_it_sends_it_now_and_watches_the_campaign_reach_sent() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        // Confirmed imports are personal data (the privacy role), sending is the publisher's: the person holds both.
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher", "privacy");

        await ImportAsync(page);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Newsletters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau numéro" }).ClickAsync();
        await page.GetByLabel("Objet", new() { Exact = true }).FillAsync("L'économie de l'alliance");
        await page.GetByLabel("La Newsletter (mensuelle)").CheckAsync();
        await page.GetByLabel("Édito").FillAsync("Ce mois-ci, **les alliances** entre associations et entreprises.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une section" }).ClickAsync();
        await page.GetByLabel("Titre").FillAsync("Trois coopérations qui durent");
        await page.GetByLabel("Texte", new() { Exact = true }).FillAsync("Des partenariats qui tiennent dans le temps.");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync();

        var preview = page.FrameLocator("iframe.preview-frame");
        await Expect(preview.Locator("body")).ToContainTextAsync("L'économie de l'alliance");
        await Expect(preview.Locator("body")).ToContainTextAsync("Trois coopérations qui durent");
        await page.GetByLabel("Titre").FillAsync("Quatre coopérations qui durent");
        await Expect(preview.Locator("body")).ToContainTextAsync("Quatre coopérations qui durent");
        await page.GetByLabel("Téléphone (375 px)").CheckAsync();
        await Expect(page.Locator("iframe.preview-frame")).ToHaveAttributeAsync("style", "width:375px");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByLabel("Adresses de test").FillAsync("camille@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le test" }).ClickAsync();
        await Expect(page.GetByText("Test envoyé à 1 adresse(s).")).ToBeVisibleAsync();
        var test = Assert.Single(await host.ReadOutboxAsync("camille@example.org"));
        Assert.StartsWith("[TEST]", test.Subject);

        await page.GetByLabel("Maintenant").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Programmer…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("part maintenant à 20 personne(s) (La Newsletter (mensuelle))");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer" }).ClickAsync();
        await page.WaitForURLAsync("**/console/campaigns/**");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("L'économie de l'alliance");

        await host.RunTimerAsync("DispatchCampaigns");
        await host.DrainQueuesAsync();
        await Expect(page.Locator(".state")).ToHaveTextAsync("envoyée", new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-count=sent]")).ToHaveTextAsync("20");
        await Expect(page.GetByText("20 envoyés sur 20")).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);

        var delivered = (await host.ReadOutboxAsync(drainQueuesFirst: false))
            .Where(m => m.Subject == "L'économie de l'alliance")
            .SelectMany(m => m.To.Mailboxes.Select(to => to.Address))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(People, delivered);
        Assert.Equal(21, Directory.EnumerateFiles(host.OutboxPath, "*.eml").Count());
    });

    [Fact]
    public Task An_editor_writes_and_tests_an_issue_but_finds_scheduling_unavailable_and_why() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "redaction@example.org", "Léa Roux", "editor");

        await page.GotoAsync("console/newsletters/new");
        await page.GetByLabel("Objet", new() { Exact = true }).FillAsync("Brouillon de la rédaction");
        await page.GetByLabel("La Newsletter (mensuelle)").CheckAsync();
        await page.GetByLabel("Édito").FillAsync("Un édito.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync();
        await Expect(page.FrameLocator("iframe.preview-frame").Locator("body")).ToContainTextAsync("Brouillon de la rédaction");

        await Expect(page.GetByTestId("schedule-reason")).ToHaveTextAsync(
            "Programmer ou envoyer n'est pas possible avec votre rôle. Réservé au rôle publication ou administration.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Programmer…" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le test" })).ToBeEnabledAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    [Fact]
    public Task A_400_from_the_API_shows_the_field_message_next_to_the_field_and_keeps_what_was_typed() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "redaction@example.org", "Léa Roux", "editor");

        await page.GotoAsync("console/newsletters/new");
        await page.GetByLabel("Objet", new() { Exact = true }).FillAsync("Sans audience");
        await page.GetByLabel("Édito").FillAsync("Un édito qui reste là.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync();

        await Expect(page.GetByText("Certains champs sont à corriger")).ToBeVisibleAsync();
        await Expect(page.Locator("fieldset.choices .field-error")).Not.ToBeEmptyAsync();
        await Expect(page.GetByLabel("Édito")).ToHaveValueAsync("Un édito qui reste là.");
        Assert.EndsWith("/console/newsletters/new", page.Url);
    });

    private static async Task ImportAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Import" }).ClickAsync();
        await page.GetByLabel("Audience").SelectOptionAsync("newsletter");
        var csv = "email;prénom\n" + string.Join("\n", People.Select((e, i) => $"{e};Lecteur {i + 1}")) + "\n";
        await page.GetByLabel("Fichier CSV").SetInputFilesAsync(new FilePayload { Name = "salon.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Expect(page.GetByText("20 ligne(s), séparateur point-virgule, colonnes : email, prénom.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("import-preview").Locator("tbody tr")).ToHaveCountAsync(5);
        await page.GetByLabel("déjà consentantes").CheckAsync();
        await page.GetByLabel("Preuve du consentement").FillAsync("Feuille d'inscription du salon 2026");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-testid=import-report] [data-count=added]")).ToHaveTextAsync("20");
    }
}
