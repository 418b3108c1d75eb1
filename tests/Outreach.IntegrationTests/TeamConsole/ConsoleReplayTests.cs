using Microsoft.Playwright;
using Outreach.IntegrationTests.Events;
using Outreach.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>A DevHost of its own whose clock the replay test moves past the session's end.</summary>
public sealed class ConsoleReplayFixture : DevHostFixture
{
    public ConsoleReplayFixture()
    {
        UseRealServer();
        UseFakeTime(EventsDevHostFixture.Start);
    }
}

/// <summary>The replay from the session's page: the attendee list pasted, who attended and missed shown before anything is sent.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleReplayTests(ConsoleReplayFixture host) : IClassFixture<ConsoleReplayFixture>
{
    private static readonly string[] Registrants = ["aline.replay@example.org", "bruno.replay@example.org", "chloe.replay@example.org"];

    [Fact]
    public Task A_publisher_pastes_the_attendees_sees_who_attended_and_missed_then_sends_the_replay_split_accordingly() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var start = EventsDevHostFixture.Start.AddDays(1);
        var sessionId = await host.CreateSessionAtAsync(start, start.AddHours(1));
        await host.RegisterManyAsync(sessionId, Registrants);
        host.FakeTime!.SetUtcNow(start.AddHours(2));

        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher", "privacy");
        await page.GotoAsync($"console/webinars/sessions/{sessionId}");
        await Expect(page.GetByTestId("registrants").Locator("tbody tr")).ToHaveCountAsync(3);
        await page.GetByLabel("Lien de la rediffusion").FillAsync("https://videos.example.org/replay-atelier");
        await page.GetByLabel("Les personnes présentes").FillAsync("Nom;E-mail\nAline;aline.replay@example.org\nChloé;Chloe.Replay@example.org\nInvité;invite@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier la présence" }).ClickAsync();
        await Expect(page.GetByTestId("attendance-split")).ToHaveTextAsync("2 présente(s), 1 absente(s) parmi les inscrits ; 1 adresse(s) de la liste ne sont pas inscrites.");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la rediffusion…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("3 personne(s) recevront le lien : 2 présente(s), 1 absente(s).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer" }).ClickAsync();
        await Expect(page.GetByText("Rediffusion envoyée à 3 personne(s) : 2 présente(s), 1 absente(s).")).ToBeVisibleAsync();
        // The session's report reads the attendance the replay recorded: 3 seats, 2 attended, 1 no-show.
        var people = page.GetByTestId("webinar-people");
        await Expect(people.Locator("[data-bar='Présents'] [data-value]")).ToHaveTextAsync("2");
        await Expect(people.Locator("[data-bar='Absents'] [data-value]")).ToHaveTextAsync("1");
        await Expect(people.Locator("[data-bar='Inscrits (avec une place)'] [data-value]")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("webinar-by").Locator("[data-value]")).ToHaveTextAsync("3"); // all three the same way
        await ConsoleBrowser.AssertAccessibleAsync(page);

        foreach (var email in Registrants)
        {
            var replay = Assert.Single(await host.ReadOutboxAsync(email), m => m.HtmlBody?.Contains("https://videos.example.org/replay-atelier", StringComparison.Ordinal) == true);
            Assert.NotNull(replay);
        }
    });
}
