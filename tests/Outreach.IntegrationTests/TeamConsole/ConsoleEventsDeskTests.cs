using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Events;
using Outreach.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The console on a DevHost whose clock stands in September 2026, before the October series.</summary>
public sealed class ConsoleEventsFixture : DevHostFixture
{
    public ConsoleEventsFixture()
    {
        UseRealServer();
        UseFakeTime(EventsDevHostFixture.Start);
    }
}

/// <summary>
/// The events desk in Chromium: a weekly series planned across the change to winter time, people registering on the
/// public page, their registrations seen by the team, and a reschedule that says who will get an updated invite.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConsoleEventsDeskTests(ConsoleEventsFixture host) : IClassFixture<ConsoleEventsFixture>
{
    private static readonly string[] Registrants = ["aline.jeudi@example.org", "bruno.jeudi@example.org"];

    [Fact]
    public Task A_publisher_plans_the_October_series_across_the_DST_change_sees_two_registrants_and_reschedules_with_one_update_each() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher", "privacy");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Webinaires" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Webinaires");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvelle série" }).ClickAsync();

        await page.GetByLabel("Titre de la série").FillAsync("Les Jeudis de l'ODD 17 — octobre");
        await page.GetByLabel("Jour de la semaine").SelectOptionAsync("Thursday");
        await page.GetByLabel("Début (heure de Paris)").FillAsync("12:00");
        await page.GetByLabel("Fin (heure de Paris)").FillAsync("13:00");
        await page.GetByLabel("Première date possible").FillAsync("2026-10-08");
        await page.GetByLabel("Dernière date possible").FillAsync("2026-10-29");
        await page.GetByLabel("Lien de visioconférence").FillAsync("https://visio.example.org/jeudis-octobre");
        await page.GetByLabel("Thèmes, un par ligne").FillAsync("Cartographier ses partenaires\nConstruire une convention\nMesurer l'impact\nEssaimer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Prévisualiser les séances" }).ClickAsync();

        var sessions = page.GetByTestId("series-sessions").Locator("tbody tr");
        await Expect(page.GetByText("4 séance(s), rien n'est encore enregistré.")).ToBeVisibleAsync();
        await Expect(sessions).ToHaveCountAsync(4);
        await Expect(sessions.Nth(0)).ToContainTextAsync("jeudi 8 octobre 2026, 12:00–13:00 (UTC+02:00)");
        await Expect(sessions.Nth(2)).ToContainTextAsync("jeudi 22 octobre 2026, 12:00–13:00 (UTC+02:00)");
        await Expect(sessions.Nth(3)).ToContainTextAsync("jeudi 29 octobre 2026, 12:00–13:00 (UTC+01:00)");
        await Expect(sessions.Nth(3)).ToContainTextAsync("Essaimer");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la série" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Série créée : 4 séance(s)." })).ToBeVisibleAsync();
        var first = page.GetByRole(AriaRole.Link, new() { Name = "Cartographier ses partenaires" });
        var sessionId = Regex.Match((await first.GetAttributeAsync("href"))!, "sessions/(.+)$").Groups[1].Value;

        foreach (var email in Registrants) await RegisterOnThePublicPageAsync(context, sessionId, email);

        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Les Jeudis de l'ODD 17 — octobre — Cartographier ses partenaires");
        var registrants = page.GetByTestId("registrants").Locator("tbody tr");
        await Expect(registrants).ToHaveCountAsync(2);
        await Expect(page.Locator("tr[data-registrant='aline.jeudi@example.org']")).ToContainTextAsync("inscrit");
        await Expect(page.Locator("[data-count=registered]")).ToHaveTextAsync("2");
        await page.GetByLabel("Chercher une adresse ou un prénom").FillAsync("bruno");
        await Expect(registrants).ToHaveCountAsync(1);
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByLabel("Nouveau début (heure de Paris)").FillAsync("2026-10-08T13:00");
        await page.GetByLabel("Nouvelle fin (heure de Paris)").FillAsync("2026-10-08T14:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reprogrammer…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("2 personnes recevront une invitation mise à jour");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer" }).ClickAsync();
        await Expect(page.GetByText("Séance reprogrammée : les invitations mises à jour partent.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-session-time]").First).ToContainTextAsync("jeudi 8 octobre 2026, 13:00–14:00");
        await host.DrainQueuesAsync();
        await page.ReloadAsync();
        await Expect(page.GetByTestId("session-mails")).ToContainTextAsync("invitation : 2 personne(s)");
        await Expect(page.GetByTestId("session-mails")).ToContainTextAsync("invitation mise à jour (version 1) : 2 personne(s)");

        foreach (var email in Registrants)
        {
            var invites = (await host.ReadOutboxAsync(email)).Select(EventClient.Invite).Select(calendar => calendar.Events.Single()).ToList();
            Assert.Equal(1, invites.Count(invite => invite.Sequence == 0));
            var update = Assert.Single(invites, invite => invite.Sequence > 0);
            Assert.Equal(new DateTime(2026, 10, 8, 11, 0, 0, DateTimeKind.Utc), update.Start!.AsUtc);
        }
    });

    [Fact]
    public Task A_publisher_creates_a_one_off_webinar_in_Paris_time_and_edits_it() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher");
        await page.GotoAsync("console/webinars");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau webinaire" }).ClickAsync();
        await page.GetByLabel("Titre", new() { Exact = true }).FillAsync("De la connaissance à la compétence");
        await page.GetByLabel("Début (heure de Paris)").FillAsync("2026-11-19T13:00");
        await page.GetByLabel("Fin (heure de Paris)").FillAsync("2026-11-19T14:30");
        await page.GetByLabel("Lien de visioconférence").FillAsync("https://visio.example.org/competence");
        await page.GetByLabel("Places (vide : sans limite)").FillAsync("50");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le webinaire" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("De la connaissance à la compétence");
        await Expect(page.Locator("[data-session-time]").First).ToContainTextAsync("jeudi 19 novembre 2026, 13:00–14:30 (UTC+01:00)");
        await Expect(page.GetByText("50 — 50 place(s) restante(s)")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier le webinaire" }).ClickAsync();
        await page.GetByLabel("Titre", new() { Exact = true }).FillAsync("De la connaissance à la compétence (complet)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("De la connaissance à la compétence (complet)");
    });

    [Fact]
    public Task An_editor_plans_webinars_but_finds_rescheduling_unavailable_and_why() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var series = await host.CreateSeriesAsync(EventClient.October2026Series("Série rédaction " + Guid.NewGuid().ToString("N")[..4]));
        var sessionId = series.GetProperty("sessions")[0].GetProperty("id").GetString()!;
        var page = await ConsoleBrowser.SignInAsync(context, "eli@example.org", "Éli Rédaction", "editor");

        await page.GotoAsync($"console/webinars/sessions/{sessionId}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reprogrammer…" })).ToBeDisabledAsync();
        await Expect(page.GetByText("Réservé au rôle publication ou administration.").First).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    [Fact]
    public Task The_calendar_shows_October_with_the_series_sessions_on_their_Thursdays() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var title = "Calendrier " + Guid.NewGuid().ToString("N")[..4];
        await host.CreateSeriesAsync(EventClient.October2026Series(title));
        var page = await ConsoleBrowser.SignInAsync(context, "eli@example.org", "Éli Rédaction", "editor");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Calendrier" }).ClickAsync();
        var month = page.GetByTestId("calendar-month");
        for (var step = 0; step < 36 && await month.InnerTextAsync() != "octobre 2026"; step++)
        {
            var shown = await month.InnerTextAsync();
            var before = shown.EndsWith("2027", StringComparison.Ordinal) || (shown.EndsWith("2026", StringComparison.Ordinal) && shown is "novembre 2026" or "décembre 2026");
            await page.GetByRole(AriaRole.Button, new() { Name = before ? "Mois précédent" : "Mois suivant" }).ClickAsync();
            await Expect(month).Not.ToHaveTextAsync(shown);
        }

        await Expect(month).ToHaveTextAsync("octobre 2026");
        var session = page.Locator("td[data-day='2026-10-08'] li.kind-session", new() { HasText = title });
        await Expect(session).ToContainTextAsync("12:00 · Webinaire");
        await Expect(session).ToContainTextAsync("Construire une convention");
        await Expect(page.Locator("td[data-day='2026-10-29']")).ToContainTextAsync("Essaimer");
        await Expect(page.Locator("td[data-day='2026-10-28']")).ToContainTextAsync("Rappel");
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    private static async Task RegisterOnThePublicPageAsync(IBrowserContext context, string sessionId, string email)
    {
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync($"api/events/{sessionId}");
        await visitor.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await visitor.GetByLabel("Prénom (facultatif)").FillAsync(email.Split('.')[0]);
        await visitor.GetByLabel("J'accepte que mon adresse").CheckAsync();
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Je m'inscris" }).ClickAsync();
        await visitor.WaitForURLAsync($"**/api/events/{sessionId}/registered**");
        await visitor.CloseAsync();
    }
}
