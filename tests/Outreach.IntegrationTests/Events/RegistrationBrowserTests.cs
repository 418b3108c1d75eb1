using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Outreach.Core.Events.Sessions;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Events;

/// <summary>The DevHost on a real port and a fake clock in mid-September 2026, for Chromium.</summary>
public sealed class BrowserEventsDevHostFixture : EventsDevHostFixture
{
    public BrowserEventsDevHostFixture() => UseRealServer();
}

/// <summary>Registering the way people do: in headless Chromium, from a session page and from the series page, keyboard and labels only.</summary>
[Trait("Category", "Browser")]
public class RegistrationBrowserTests : IClassFixture<BrowserEventsDevHostFixture>
{
    private readonly BrowserEventsDevHostFixture host;

    public RegistrationBrowserTests(BrowserEventsDevHostFixture host)
    {
        this.host = host;
        _ = host.ServerAddress;
    }

    private EventAdminService Admin => host.Services.GetRequiredService<EventAdminService>();

    private SeriesAdminService SeriesAdmin => host.Services.GetRequiredService<SeriesAdminService>();

    /// <summary>Set-up through the service (the factory's HTTP clients point at the in-memory address, not the Kestrel port).</summary>
    private async Task<SeriesChangeResult> CreateSeriesAsync(string title) =>
        await SeriesAdmin.CreateAsync(new SeriesDraft
        {
            Title = title, TimeZone = "Europe/Paris", Weekday = "Thursday", StartTime = "12:00", EndTime = "13:00", From = "2026-10-01", To = "2026-10-29",
            JoinUrl = "https://visio.example.org/jeudis-odd17",
            Topics = ["Cartographier ses partenaires", "Construire une convention", "Mesurer l'impact", "Mobiliser les salariés", "Essaimer"],
        });

    [Fact]
    public async Task Registering_from_a_session_page_shows_the_confirmation_and_sends_the_invite()
    {
        var series = await CreateSeriesAsync("Les Jeudis de l'ODD 17");
        var sessionId = series.Sessions[2].Id;
        var email = EventClient.UniqueEmail("browser");
        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"api/events/{sessionId}");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("jeudi 15 octobre 2026, 12:00–13:00 (heure de Paris)", await page.InnerTextAsync("main"));
        Assert.NotNull(await page.QuerySelectorAsync("a[href^='https://calendar.google.com/']"));
        Assert.NotNull(await page.QuerySelectorAsync("a[href^='https://outlook.office.com/']"));
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Prénom (facultatif)").FillAsync("Zoé");
        await page.GetByLabel("J'accepte que mon adresse").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Je m'inscris" }).ClickAsync();

        await page.WaitForURLAsync($"**/api/events/{sessionId}/registered");
        Assert.Contains("Vous allez recevoir un e-mail de confirmation", await page.InnerTextAsync("main"));
        var mail = Assert.Single(await host.ReadOutboxAsync(email));
        Assert.Equal("REQUEST", EventClient.CalendarPart(mail).Method);
        Assert.Equal("mailto:" + email, EventClient.Invite(mail).Events.Single().Attendees.Single().Value!.ToString());
    }

    [Fact]
    public async Task Registering_from_the_series_page_sends_one_invite_per_session()
    {
        var series = await CreateSeriesAsync("Série navigateur " + Guid.NewGuid().ToString("N")[..4]);
        var seriesId = series.Series!.Id;
        var email = EventClient.UniqueEmail("follow");
        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"api/series/{seriesId}");
        var programme = await page.InnerTextAsync("main");
        Assert.Contains("Cartographier ses partenaires", programme);
        Assert.Contains("Essaimer", programme);
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("J'accepte que mon adresse").CheckAsync();
        await page.GetByLabel("J'accepte que mon adresse").PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync($"**/api/series/{seriesId}/registered");
        Assert.Contains("une invitation par séance", await page.InnerTextAsync("main"));
        var mails = await host.ReadOutboxAsync(email);
        Assert.Equal(5, mails.Count);
        Assert.All(mails, m => Assert.Equal("REQUEST", EventClient.CalendarPart(m).Method));
    }

    [Fact]
    public async Task A_form_without_consent_is_stopped_by_the_browser_and_a_bad_address_by_the_server_in_French()
    {
        var eventId = (await Admin.CreateAsync(new EventDraft
        {
            Title = "De la connaissance à la compétence", Start = "2026-11-19T13:00", End = "2026-11-19T14:30", TimeZone = "Europe/Paris",
            JoinUrl = "https://visio.example.org/connaissance-competence",
        })).Session!.Id;
        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"api/events/{eventId}");

        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("someone@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je m'inscris" }).ClickAsync();
        Assert.EndsWith($"/api/events/{eventId}", page.Url);

        await page.EvaluateAsync("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required')); document.getElementById('email').type = 'text'");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("pas une adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je m'inscris" }).ClickAsync();

        var alert = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains("Merci de corriger", alert);
        Assert.Contains("Adresse e-mail", alert);
        Assert.Contains("Consentement", alert);
    }
}
