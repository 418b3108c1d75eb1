using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Outreach.Core.Common.Links;
using Outreach.Core.Newsletters;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Events;

/// <summary>
/// Personal join links (<c>/api/join/{token}</c>) taken from the real mails: they follow the session's current video link,
/// record attendance inside the session window only, feed the replay's attended/missed split, and refuse what is not
/// theirs. Each test moves the fake clock forward from wherever it is, with sessions of its own.
/// </summary>
public class JoinLinkTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    private const string VideoLink = "https://visio.example.org/atelier";
    private const string NewVideoLink = "https://visio.example.org/atelier-salle-2";

    [Fact]
    public async Task The_join_link_follows_a_changed_video_link_without_new_invites_records_attendance_inside_the_window_only_and_splits_the_replay()
    {
        var start = host.FakeTime!.GetUtcNow().AddDays(2);
        var session = await CreateSessionAsync(start, start.AddHours(1));
        var (came, missed) = (EventClient.UniqueEmail("came"), EventClient.UniqueEmail("missed"));
        await host.RegisterManyAsync(session.Id, [came, missed]);
        var (cameLink, missedLink) = (await JoinLinkFromInviteAsync(came), await JoinLinkFromInviteAsync(missed));
        var browser = host.CreateClient(new() { AllowAutoRedirect = false });

        await AssertRedirectsAsync(browser, cameLink, VideoLink); // two days before: a link scanner, or a look at the link
        var changed = await host.CreateAdminClient().PutAsJsonAsync($"/api/admin/events/{session.Id}", session.Body with { joinUrl = NewVideoLink });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await AssertRedirectsAsync(browser, cameLink, NewVideoLink);
        Assert.Single(await host.ReadOutboxAsync(came));
        Assert.Single(await host.ReadOutboxAsync(missed));

        host.FakeTime.SetUtcNow(start.AddMinutes(-20));
        await AssertRedirectsAsync(browser, missedLink, NewVideoLink);
        host.FakeTime.SetUtcNow(start.AddMinutes(-10));
        Assert.Equal(HttpStatusCode.Found, (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Head, missedLink))).StatusCode);
        await AssertRedirectsAsync(browser, cameLink, NewVideoLink);
        host.FakeTime.SetUtcNow(start.AddHours(1).AddMinutes(1));
        await AssertRedirectsAsync(browser, missedLink, NewVideoLink);

        var attendance = await AttendanceAsync(session.Id);
        Assert.True(attendance[came].Attended);
        Assert.Equal(start.AddMinutes(-10), attendance[came].JoinedAt);
        Assert.Null(attendance[missed].Attended);

        var replay = await host.CreateAdminClient().PostAsJsonAsync($"/api/admin/events/{session.Id}/replay", new { url = "https://replay.example.org/" + session.Id });
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var counts = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1, 1, true), (counts.GetProperty("recipients").GetInt32(), counts.GetProperty("attended").GetInt32(), counts.GetProperty("missed").GetInt32(), counts.GetProperty("attendanceKnown").GetBoolean()));
        var thanked = Assert.Single(await host.MailsAsync(came, "Le replay"));
        Assert.Contains("Merci d'avoir participé", thanked.TextBody);
        var missedIt = Assert.Single(await host.MailsAsync(missed, "Vous l'avez manqué ?"));
        Assert.Contains("Vous n'avez pas pu être des nôtres", missedIt.TextBody);
    }

    [Fact]
    public async Task The_invite_and_its_calendar_carry_the_personal_join_link_and_never_the_video_link()
    {
        var start = host.FakeTime!.GetUtcNow().AddDays(5);
        var session = await CreateSessionAsync(start, start.AddHours(1));
        var email = EventClient.UniqueEmail("ics");
        await host.RegisterManyAsync(session.Id, [email]);

        var mail = Assert.Single(await host.ReadOutboxAsync(email));
        var invite = EventClient.Invite(mail).Events.Single();
        var joinLink = SubscriptionClient.LinkIn(mail, "/api/join/");
        Assert.Equal(joinLink, new Uri(invite.Location!).PathAndQuery);
        Assert.Equal(invite.Location, invite.Url!.ToString());
        Assert.Contains(invite.Location!, invite.Description);
        Assert.Equal(EventClient.CalendarPart(mail).Content, EventClient.AttachedIcs(mail));
        Assert.DoesNotContain("visio.example.org", EventClient.CalendarPart(mail).Content + mail.TextBody + mail.HtmlBody);
    }

    [Fact]
    public async Task Altered_tokens_other_sessions_tokens_other_purposes_tokens_and_cancelled_registrations_get_a_readable_page_and_no_redirect()
    {
        var start = host.FakeTime!.GetUtcNow().AddDays(3);
        var mine = await CreateSessionAsync(start, start.AddHours(1));
        var other = await CreateSessionAsync(start.AddDays(1), start.AddDays(1).AddHours(1));
        var (email, leaving) = (EventClient.UniqueEmail("owner"), EventClient.UniqueEmail("leaving"));
        await host.RegisterManyAsync(mine.Id, [email, leaving]);
        var link = await JoinLinkFromInviteAsync(email);
        var token = link["/api/join/".Length..];
        var tokens = host.Services.GetRequiredService<LinkTokens>();
        EmailAddress.TryParse(email, out var address);
        var browser = host.CreateClient(new() { AllowAutoRedirect = false });

        var altered = "/api/join/" + (token[3] == 'A' ? token[..3] + "B" + token[4..] : token[..3] + "A" + token[4..]);
        await AssertRefusedAsync(browser, altered, HttpStatusCode.BadRequest, "Lien non valable");
        await AssertRefusedAsync(browser, link + "x", HttpStatusCode.BadRequest, "Lien non valable");
        var otherSessions = tokens.Sign(new LinkToken(TokenPurpose.Join, address!.Key, other.Id, start.AddDays(30)));
        await AssertRefusedAsync(browser, "/api/join/" + otherSessions, HttpStatusCode.NotFound, "aucune inscription");
        var manageToken = tokens.Sign(new LinkToken(TokenPurpose.EventRegistration, address.Key, mine.Id, null));
        await AssertRefusedAsync(browser, "/api/join/" + manageToken, HttpStatusCode.BadRequest, "n'est pas fait pour cette page");

        var expired = tokens.Sign(new LinkToken(TokenPurpose.Join, address.Key, mine.Id, host.FakeTime.GetUtcNow().AddMinutes(-1)));
        await AssertRefusedAsync(browser, "/api/join/" + expired, HttpStatusCode.Gone, "a expiré");

        var leavingLink = await JoinLinkFromInviteAsync(leaving);
        var cancel = await host.CreateClient().PostAsync(SubscriptionClient.LinkIn(Assert.Single(await host.ReadOutboxAsync(leaving)), $"/api/events/{mine.Id}/registration"), null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        await AssertRefusedAsync(browser, leavingLink, HttpStatusCode.Gone, "inscription à ce webinaire a été annulée");
        await AssertRefusedAsync(browser, leavingLink + "?lang=en", HttpStatusCode.Gone, "Your registration to this webinar was cancelled");
    }

    [Fact]
    public async Task A_person_without_a_seat_gets_a_page_and_no_video_link()
    {
        var start = host.FakeTime!.GetUtcNow().AddDays(6);
        var full = await CreateSessionAsync(start, start.AddHours(1), capacity: 1);
        var (seated, waiting) = (EventClient.UniqueEmail("seated"), EventClient.UniqueEmail("waiting"));
        await host.RegisterManyAsync(full.Id, [seated]);
        var queued = await host.CreateClient().RegisterAsync(full.Id, waiting, waitlist: true);
        if ((await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "pending") await host.ConfirmSeatAsync(full.Id, waiting);
        Assert.Single(await host.MailsAsync(waiting, "Liste d'attente"));
        EmailAddress.TryParse(waiting, out var address);
        var token = host.Services.GetRequiredService<LinkTokens>().Sign(new LinkToken(TokenPurpose.Join, address!.Key, full.Id, start.AddDays(30)));

        await AssertRefusedAsync(host.CreateClient(new() { AllowAutoRedirect = false }), "/api/join/" + token, HttpStatusCode.Forbidden, "pas de place");
    }

    [Fact]
    public async Task Before_the_team_sets_a_video_link_the_join_link_shows_a_page_saying_so_and_follows_the_link_once_set_without_a_mail()
    {
        var start = host.FakeTime!.GetUtcNow().AddDays(4);
        var session = await CreateSessionAsync(start, start.AddHours(1), videoLink: "");
        var email = EventClient.UniqueEmail("early");
        await host.RegisterManyAsync(session.Id, [email]);
        var link = await JoinLinkFromInviteAsync(email);
        var browser = host.CreateClient(new() { AllowAutoRedirect = false });

        var notYet = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, notYet.StatusCode);
        Assert.Null(notYet.Headers.Location);
        Assert.Contains("pas encore disponible", WebUtility.HtmlDecode(await notYet.Content.ReadAsStringAsync()));

        var set = await host.CreateAdminClient().PutAsJsonAsync($"/api/admin/events/{session.Id}", session.Body with { joinUrl = VideoLink });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        await AssertRedirectsAsync(browser, link, VideoLink);
        Assert.Single(await host.ReadOutboxAsync(email));
    }

    [Fact]
    public async Task Publishing_a_replay_adds_one_article_to_the_next_digests_and_publishing_it_again_adds_none()
    {
        var start = host.FakeTime!.GetUtcNow().AddHours(2);
        var session = await CreateSessionAsync(start, start.AddHours(1));
        await host.RegisterManyAsync(session.Id, [EventClient.UniqueEmail("viewer")]);
        host.FakeTime.SetUtcNow(start.AddHours(2));
        var admin = host.CreateAdminClient();
        var replayUrl = "https://replay.example.org/" + session.Id;

        for (var time = 0; time < 2; time++)
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/admin/events/{session.Id}/replay", new { url = replayUrl })).StatusCode);

        foreach (var audience in new[] { "hebdo-associations", "hebdo-entreprises", "quotidienne" })
        {
            var article = Assert.Single(await ReplayArticlesAsync(audience, session.Id));
            Assert.Equal("Replay : " + session.Title, article.GetProperty("title").GetString());
            Assert.Equal(replayUrl, article.GetProperty("url").GetString());
            Assert.NotEmpty(article.GetProperty("summary").GetString()!);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/admin/events/{session.Id}/replay", new { url = replayUrl + "-v2" })).StatusCode);
        var replaced = Assert.Single(await ReplayArticlesAsync("hebdo-associations", session.Id));
        Assert.Equal(replayUrl + "-v2", replaced.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_series_sessions_replay_also_goes_to_the_series_programme_audience()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(host.FakeTime!.GetUtcNow(), paris).DateTime).AddDays(1);
        var series = await host.CreateSeriesAsync(new
        {
            title = "Série " + Guid.NewGuid().ToString("N")[..6], timeZone = "Europe/Paris", weekday = day.DayOfWeek.ToString(), startTime = "12:00", endTime = "13:00",
            from = day.ToString("yyyy-MM-dd"), to = day.ToString("yyyy-MM-dd"), joinUrl = VideoLink, topics = new[] { "Essaimer" },
        });
        var sessionId = series.GetProperty("sessions")[0].GetProperty("id").GetString()!;
        host.FakeTime.SetUtcNow(host.FakeTime.GetUtcNow().AddDays(3));

        var replay = await host.CreateAdminClient().PostAsJsonAsync($"/api/admin/events/{sessionId}/replay", new { url = "https://replay.example.org/" + sessionId });

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var programme = await host.Services.GetRequiredService<ArticleStore>().ForAudienceAsync("jeudis-odd17", DateTimeOffset.MinValue, host.FakeTime.GetUtcNow().AddDays(1), 200);
        var article = Assert.Single(programme, a => a.Source == "replay:" + sessionId);
        Assert.Contains("hebdo-grand-public", article.Audiences);
        Assert.EndsWith(": Essaimer", article.Title);
    }

    [Fact]
    public async Task Recorded_attendance_is_in_the_export_and_gone_with_the_erasure()
    {
        var start = host.FakeTime!.GetUtcNow().AddHours(1);
        var session = await CreateSessionAsync(start, start.AddHours(1));
        var email = EventClient.UniqueEmail("erased");
        await host.RegisterManyAsync(session.Id, [email]);
        var link = await JoinLinkFromInviteAsync(email);
        host.FakeTime.SetUtcNow(start.AddMinutes(5));
        await AssertRedirectsAsync(host.CreateClient(new() { AllowAutoRedirect = false }), link, VideoLink);
        var admin = host.CreateAdminClient();

        var export = await (await admin.PostAsJsonAsync("/api/admin/subscribers/export", new { email })).Content.ReadFromJsonAsync<JsonElement>();
        var registration = Assert.Single(export.GetProperty("eventRegistrations").EnumerateArray(), r => r.GetProperty("session").GetString() == session.Id);
        Assert.True(registration.GetProperty("attended").GetBoolean());
        Assert.Equal(start.AddMinutes(5), registration.GetProperty("joinedAt").GetDateTimeOffset());

        Assert.True((await admin.PostAsJsonAsync("/api/admin/subscribers/erase", new { email })).IsSuccessStatusCode);
        var after = await (await admin.PostAsJsonAsync("/api/admin/subscribers/export", new { email })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(after.TryGetProperty("eventRegistrations", out var left) && left.EnumerateArray().Any());
        Assert.DoesNotContain(email, (await AttendanceAsync(session.Id)).Keys);
        await AssertRefusedAsync(host.CreateClient(new() { AllowAutoRedirect = false }), link, HttpStatusCode.NotFound, "aucune inscription");
    }

    private sealed record SessionBody(string title, string start, string end, string timeZone, string joinUrl);

    private sealed record CreatedSession(string Id, string Title, SessionBody Body);

    private async Task<CreatedSession> CreateSessionAsync(DateTimeOffset start, DateTimeOffset end, string videoLink = VideoLink, int? capacity = null)
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, paris).ToString("yyyy-MM-dd'T'HH:mm");
        var body = new SessionBody("Atelier " + Guid.NewGuid().ToString("N")[..6], Local(start), Local(end), "Europe/Paris", videoLink);
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/events", new { body.title, body.start, body.end, body.timeZone, body.joinUrl, capacity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, body.title, body);
    }

    /// <summary>The join link of the invitation the person received (path and query), as their mail client would follow it.</summary>
    private async Task<string> JoinLinkFromInviteAsync(string email)
    {
        MimeMessage invite = Assert.Single(await host.MailsAsync(email, "Inscription confirmée"));
        return SubscriptionClient.LinkIn(invite, "/api/join/");
    }

    private static async Task AssertRedirectsAsync(HttpClient browser, string link, string videoLink)
    {
        var response = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(videoLink, response.Headers.Location?.ToString());
    }

    private static async Task AssertRefusedAsync(HttpClient browser, string link, HttpStatusCode status, string says)
    {
        var response = await browser.GetAsync(link);
        Assert.Equal(status, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(says, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task<Dictionary<string, (bool? Attended, DateTimeOffset? JoinedAt)>> AttendanceAsync(string sessionId)
    {
        var json = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/events/{sessionId}/registrations");
        return json.GetProperty("items").EnumerateArray().ToDictionary(
            r => r.GetProperty("email").GetString()!,
            r => (r.TryGetProperty("attended", out var attended) ? attended.GetBoolean() : (bool?)null,
                  r.TryGetProperty("joinedAt", out var joinedAt) ? joinedAt.GetDateTimeOffset() : (DateTimeOffset?)null));
    }

    private async Task<List<JsonElement>> ReplayArticlesAsync(string audience, string sessionId)
    {
        var day = host.FakeTime!.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd");
        var json = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/articles?audience={audience}&from={day}");
        return json.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("source").GetString() == "replay:" + sessionId).ToList();
    }
}
