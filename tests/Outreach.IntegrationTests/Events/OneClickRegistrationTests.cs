using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Newsletters;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Events;

/// <summary>
/// One-click registration from the mails a subscriber receives: the newsletter's upcoming-webinars block and the programme
/// mail carry each recipient's own signed link; its GET changes nothing, its POST registers that person once.
/// </summary>
public sealed class OneClickRegistrationTests
{
    // Thursday 1 October 2026, 10:00 in Paris; the webinar is on 19 November.
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_subscriber_registers_from_the_newsletter_in_one_click_once_and_only_for_themselves()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        var webinar = await host.CreateWebinarAsync();
        var (marieMail, lucMail) = await SendNewsletterAsync(host);
        var marieLink = OneClickLink(marieMail, webinar);
        var lucLink = OneClickLink(lucMail, webinar);
        Assert.NotEqual(marieLink, lucLink);
        var client = host.CreateClient();

        // Opening the link (as a link scanner would) shows one button and changes nothing.
        var page = await client.GetAsync(marieLink);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("De la connaissance à la compétence", html, StringComparison.Ordinal);
        Assert.Contains("marie@example.org", html, StringComparison.Ordinal);
        Assert.Contains("mon adresse e-mail et mon prénom servent", html, StringComparison.Ordinal); // the registration consent wording
        Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
        Assert.Null(await RegistrationAsync(host, webinar, "marie@example.org"));
        Assert.Empty(await InvitesAsync(host, "marie@example.org"));

        // The button registers Marie, from the newsletter, and sends one invite.
        var registered = await client.PostAsync(marieLink, null);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var registration = await RegistrationAsync(host, webinar, "marie@example.org");
        Assert.NotNull(registration);
        Assert.Equal(RegistrationStatus.Registered, registration.Status);
        Assert.Equal("newsletter", registration.Source);
        Assert.Equal("Marie", registration.FirstName);
        Assert.Single(await InvitesAsync(host, "marie@example.org"));

        // Again: nothing changes, and the page says so.
        var again = await client.PostAsync(marieLink, null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("déjà inscrit", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await InvitesAsync(host, "marie@example.org"));
        Assert.Equal(registration.RegisteredAt, (await RegistrationAsync(host, webinar, "marie@example.org"))!.RegisteredAt);

        // Luc's link registers Luc, never Marie; and a token whose contact was swapped for Marie's fails its signature.
        var forged = WithContactKey(lucLink, Key("luc@example.org"), Key("marie@example.org"));
        var refused = await client.PostAsync(forged, null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Lien non valable", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await RegistrationAsync(host, webinar, "luc@example.org"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(lucLink, null)).StatusCode);
        Assert.Equal("newsletter", (await RegistrationAsync(host, webinar, "luc@example.org"))!.Source);
        Assert.Single(await InvitesAsync(host, "luc@example.org"));
        Assert.Single(await InvitesAsync(host, "marie@example.org"));

        // The webinar's report says where the registrations came from.
        using var admin = host.CreateAdminClient();
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/events/{webinar}/report");
        Assert.Equal(2, report.GetProperty("registeredBy").GetProperty("newsletter").GetInt32());
    }

    [Fact]
    public async Task A_full_session_offers_its_waitlist_and_the_button_puts_the_subscriber_on_it()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        var webinar = await host.CreateWebinarAsync(capacity: 1);
        var (marieMail, _) = await SendNewsletterAsync(host);
        await host.RegisterManyAsync(webinar, ["premiere@example.org"]);
        var link = OneClickLink(marieMail, webinar);
        var client = host.CreateClient();

        var page = await (await client.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("liste d&#x27;attente", page, StringComparison.Ordinal);
        Assert.Null(await RegistrationAsync(host, webinar, "marie@example.org"));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(link, null)).StatusCode);
        var waiting = await RegistrationAsync(host, webinar, "marie@example.org");
        Assert.Equal(RegistrationStatus.Waitlisted, waiting!.Status);
        Assert.Empty(await InvitesAsync(host, "marie@example.org"));
    }

    [Fact]
    public async Task A_link_whose_session_is_over_or_whose_token_was_altered_is_refused_with_a_readable_page()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        var webinar = await host.CreateWebinarAsync();
        var other = await host.CreateSessionAtAsync(Start.AddDays(3), Start.AddDays(3).AddHours(1));
        var (marieMail, _) = await SendNewsletterAsync(host);
        var link = OneClickLink(marieMail, webinar);
        var client = host.CreateClient();

        var elsewhere = await client.PostAsync(link.Replace($"/api/events/{webinar}/", $"/api/events/{other}/", StringComparison.Ordinal), null);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("pas fait pour cette page", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var altered = await client.GetAsync(link[..^3] + "xyz");
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);

        host.FakeTime!.Advance(TimeSpan.FromDays(60));
        var expired = await client.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expiré", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var english = await client.GetAsync(link + "&lang=en");
        Assert.Contains("expired", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await RegistrationAsync(host, webinar, "marie@example.org"));
        Assert.Null(await RegistrationAsync(host, other, "marie@example.org"));
    }

    [Fact]
    public async Task A_subscriber_who_left_every_list_or_was_erased_is_not_brought_back_by_their_link()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        var webinar = await host.CreateWebinarAsync();
        var (marieMail, lucMail) = await SendNewsletterAsync(host);
        var link = OneClickLink(marieMail, webinar);
        var client = host.CreateClient();

        using var admin = host.CreateAdminClient();
        Assert.True((await admin.PostAsJsonAsync("/api/admin/subscribers/erase", new { email = "luc@example.org" })).IsSuccessStatusCode);
        var erased = await client.GetAsync(OneClickLink(lucMail, webinar));
        Assert.Equal(HttpStatusCode.Gone, erased.StatusCode);
        Assert.Contains("plus abonnée", await erased.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await client.PostAsync(OneClickLink(lucMail, webinar), null)).StatusCode);
        Assert.Null(await RegistrationAsync(host, webinar, "luc@example.org"));

        var unsubscribe = NewsletterHostFixture.Links(NewsletterHostFixture.Html(marieMail)).First(l => l.Contains("/api/unsubscribe?token=", StringComparison.Ordinal));
        (await client.PostAsync(new Uri(unsubscribe).PathAndQuery, new FormUrlEncodedContent([]))).EnsureSuccessStatusCode();

        var refused = await client.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Contains("plus abonnée", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await RegistrationAsync(host, webinar, "marie@example.org"));
    }

    [Fact]
    public async Task The_programme_mail_carries_a_personal_series_link_that_registers_for_every_upcoming_session()
    {
        await using var host = await NewsletterHostFixture.StartAsync(EventsDevHostFixture.Start);
        var follower = EventClient.UniqueEmail("programme");
        await SubscriptionClient.ConfirmAsync(host, follower, "jeudis-odd17");
        var series = await host.CreateSeriesAsync();
        var seriesId = series.GetProperty("id").GetString()!;
        var sessions = series.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();

        host.FakeTime!.SetUtcNow(new DateTimeOffset(2026, 9, 28, 10, 5, 0, TimeSpan.Zero));
        await host.RunTimerAsync("DispatchEventMails");
        var programme = Assert.Single(await host.ReadOutboxAsync(follower), m => (m.Subject ?? "").Contains("Cartographier ses partenaires"));
        var link = SubscriptionClient.LinkIn(programme, $"/api/series/{seriesId}/one-click");
        var client = host.CreateClient();

        var page = await (await client.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("Essaimer", page, StringComparison.Ordinal);
        Assert.Null(await RegistrationAsync(host, sessions[0], follower));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(link, null)).StatusCode);
        foreach (var session in sessions)
            Assert.Equal("programme", (await RegistrationAsync(host, session, follower))!.Source);
        Assert.Equal(sessions.Count, (await InvitesAsync(host, follower)).Count);

        var again = await client.PostAsync(link, null);
        Assert.Contains("déjà inscrit", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(sessions.Count, (await InvitesAsync(host, follower)).Count);
    }

    [Fact]
    public async Task The_daily_digest_carries_a_personal_link_that_registers_from_the_digest()
    {
        // Thursday 1 October 2026, 08:50 in Paris; La quotidienne leaves at 09:00.
        await using var host = await NewsletterHostFixture.StartAsync(new DateTimeOffset(2026, 10, 1, 6, 50, 0, TimeSpan.Zero), NewsletterHostFixture.NineOClockDaily);
        await host.ImportAsync("quotidienne", ("marie@example.org", "Marie"));
        var webinar = await host.CreateWebinarAsync();
        (await host.PostJsonAsync("/api/admin/articles", new { title = "Le mécénat de compétences", summary = "Résumé.", url = "https://www.outreach.example.org/a/1", audiences = new[] { "quotidienne" } })).EnsureSuccessStatusCode();

        host.FakeTime!.SetUtcNow(new DateTimeOffset(2026, 10, 1, 7, 0, 0, TimeSpan.Zero));
        await host.RunTimerAsync(NewsletterHostFixture.SendDueDigests);
        await host.RunTimerAsync(NewsletterHostFixture.DispatchCampaigns);
        var digest = Assert.Single(await host.ReadOutboxAsync("marie@example.org"));
        Assert.StartsWith("La quotidienne", digest.Subject, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().PostAsync(OneClickLink(digest, webinar), null)).StatusCode);
        Assert.Equal("digest", (await RegistrationAsync(host, webinar, "marie@example.org"))!.Source);
        Assert.Single(await InvitesAsync(host, "marie@example.org"));
    }

    /// <summary>Two confirmed subscribers, an issue with the default template sent at 10:02 Paris; each one's delivered mail.</summary>
    private static async Task<(MimeMessage Marie, MimeMessage Luc)> SendNewsletterAsync(NewsletterHostFixture host)
    {
        await host.ImportAsync("newsletter", ("marie@example.org", "Marie"), ("luc@example.org", "Luc"));
        using var admin = host.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/newsletters", new
        {
            subject = "Les alliances de l'automne", editorial = "Un édito.", audiences = new[] { "newsletter" },
            sections = new[] { new { title = "Le guide", body = "Subventions et mécénat." } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var sendAt = TimeZoneInfo.ConvertTime(host.FakeTime!.GetUtcNow().AddMinutes(2), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/admin/newsletters/{id}/schedule", new { sendAt = sendAt.ToString("yyyy-MM-dd'T'HH:mm"), timeZone = "Europe/Paris" })).StatusCode);
        await host.AdvanceAndDispatchAsync(TimeSpan.FromMinutes(3));
        var marie = Assert.Single(await host.ReadOutboxAsync("marie@example.org"), m => m.Subject == "Les alliances de l'automne");
        var luc = Assert.Single(await host.ReadOutboxAsync("luc@example.org"), m => m.Subject == "Les alliances de l'automne");
        Assert.Contains("De la connaissance à la compétence", NewsletterHostFixture.Html(marie), StringComparison.Ordinal);
        return (marie, luc);
    }

    /// <summary>The one-click link of <paramref name="sessionId"/> in the HTML part ("Je m'inscris"), as path and query; the text part carries the same.</summary>
    private static string OneClickLink(MimeMessage mail, string sessionId)
    {
        var path = $"/api/events/{sessionId}/one-click";
        var html = NewsletterHostFixture.Links(NewsletterHostFixture.Html(mail)).Select(l => new Uri(l)).Single(u => u.AbsolutePath == path).PathAndQuery;
        Assert.Equal(html, SubscriptionClient.LinkIn(mail, path));
        return html;
    }

    private static async Task<Registration?> RegistrationAsync(NewsletterHostFixture host, string sessionId, string email)
    {
        await host.DrainQueuesAsync();
        return await host.Services.GetRequiredService<RegistrationStore>().FindAsync(sessionId, Key(email));
    }

    private static async Task<IReadOnlyList<MimeMessage>> InvitesAsync(NewsletterHostFixture host, string email) =>
        (await host.ReadOutboxAsync(email)).Where(EventClient.HasCalendar).ToList();

    private static string Key(string email) => EmailAddress.TryParse(email, out var address) ? address.Key : throw new ArgumentException(email);

    /// <summary>The link with the token's contact key replaced, its signature kept: what a forger would try.</summary>
    private static string WithContactKey(string link, string from, string to)
    {
        var query = HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        var token = query["token"]!;
        var dot = token.IndexOf('.');
        var payload = Encoding.UTF8.GetString(FromBase64Url(token[..dot]));
        Assert.Contains(from, payload, StringComparison.Ordinal);
        var forged = ToBase64Url(Encoding.UTF8.GetBytes(payload.Replace(from, to, StringComparison.Ordinal))) + token[dot..];
        return link.Replace(Uri.EscapeDataString(token), Uri.EscapeDataString(forged), StringComparison.Ordinal).Replace(token, forged, StringComparison.Ordinal);
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
