using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Events;

/// <summary>Register, reschedule, cancel: what each registrant's mailbox and calendar receive.</summary>
public class InviteJourneyTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task Creating_the_October_2026_series_yields_five_Thursday_sessions_at_noon_Paris_time()
    {
        var series = await host.CreateSeriesAsync();

        var sessions = series.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(["2026-10-01T12:00", "2026-10-08T12:00", "2026-10-15T12:00", "2026-10-22T12:00", "2026-10-29T12:00"], sessions.Select(s => s.GetProperty("start").GetString()));
        Assert.All(sessions, s => Assert.EndsWith("T13:00", s.GetProperty("end").GetString()));
        Assert.Equal("Cartographier ses partenaires", sessions[0].GetProperty("topic").GetString());

        var last = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/events/{sessions[4].GetProperty("id").GetString()}");
        Assert.Equal("Europe/Paris", last.GetProperty("timeZone").GetString());
        Assert.Equal(new DateTimeOffset(2026, 10, 29, 11, 0, 0, TimeSpan.Zero), last.GetProperty("startUtc").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_registrant_receives_exactly_one_confirmation_with_a_valid_invite()
    {
        var eventId = await host.CreateWebinarAsync();
        var email = EventClient.UniqueEmail("ines");

        var response = await host.CreateClient().RegisterAsync(eventId, email);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("registered", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var mail = Assert.Single(await host.ReadOutboxAsync(email));
        Assert.StartsWith("Inscription confirmée", mail.Subject);
        Assert.Null(mail.Headers["List-Unsubscribe"]);
        var (method, content) = EventClient.CalendarPart(mail);
        Assert.Equal("REQUEST", method);
        Assert.Equal(content, EventClient.AttachedIcs(mail));
        Assert.Contains("\r\nDTSTART;TZID=Europe/Paris:20261119T130000\r\n", content);
        var calendar = EventClient.Invite(mail);
        Assert.Equal("REQUEST", calendar.Method);
        var invite = Assert.Single(calendar.Events);
        Assert.Equal($"mailto:{email}", Assert.Single(invite.Attendees).Value!.ToString());
        Assert.Equal("mailto:webinaires@outreach.example.org", invite.Organizer!.Value!.ToString());
        Assert.Equal(new DateTime(2026, 11, 19, 12, 0, 0, DateTimeKind.Utc), invite.DtStart!.AsUtc);
        Assert.Contains("DTSTART;TZID=Europe/Paris:20261119T130000", content);
        Assert.Contains("/api/join/", mail.TextBody);
        Assert.DoesNotContain("https://visio.example.org/connaissance-competence", mail.TextBody + mail.HtmlBody + content);
        Assert.Contains("calendar.google.com", mail.HtmlBody);
        Assert.Contains("outlook.office.com", mail.HtmlBody);
    }

    [Fact]
    public async Task Rescheduling_sends_each_registrant_one_update_with_the_same_UID_and_SEQUENCE_plus_one()
    {
        var eventId = await host.CreateWebinarAsync();
        var emails = Enumerable.Range(0, 3).Select(i => EventClient.UniqueEmail($"r{i}")).ToList();
        await host.RegisterManyAsync(eventId, emails);
        var firstInvites = new Dictionary<string, Ical.Net.CalendarComponents.CalendarEvent>();
        foreach (var email in emails) firstInvites[email] = EventClient.Invite(Assert.Single(await host.ReadOutboxAsync(email))).Events.Single();

        var moved = await host.CreateAdminClient().PutAsJsonAsync($"/api/admin/events/{eventId}", EventClient.Webinar(start: "2026-11-26T13:00", end: "2026-11-26T14:30"));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(1, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt32());
        foreach (var email in emails)
        {
            var update = Assert.Single(await host.MailsAsync(email, "Changement"));
            Assert.Equal("REQUEST", EventClient.CalendarPart(update).Method);
            var invite = EventClient.Invite(update).Events.Single();
            Assert.Equal(firstInvites[email].Uid, invite.Uid);
            Assert.Equal(firstInvites[email].Sequence + 1, invite.Sequence);
            Assert.Equal(new DateTime(2026, 11, 26, 13, 0, 0), invite.DtStart!.Value);
            Assert.Equal($"mailto:{email}", Assert.Single(invite.Attendees).Value!.ToString());
        }

        await host.DrainQueuesAsync();
        foreach (var email in emails) Assert.Equal(2, (await host.ReadOutboxAsync(email)).Count);
    }

    [Fact]
    public async Task Editing_only_the_description_sends_nothing()
    {
        var eventId = await host.CreateWebinarAsync();
        var email = EventClient.UniqueEmail("desc");
        await host.RegisterManyAsync(eventId, [email]);

        var edited = await host.CreateAdminClient().PutAsJsonAsync($"/api/admin/events/{eventId}", new
        {
            title = "De la connaissance à la compétence", description = "Nouveau texte", start = "2026-11-19T13:00", end = "2026-11-19T14:30",
            timeZone = "Europe/Paris", joinUrl = "https://visio.example.org/connaissance-competence",
        });

        Assert.Equal(0, (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt32());
        Assert.Single(await host.ReadOutboxAsync(email));
    }

    [Fact]
    public async Task Cancelling_sends_METHOD_CANCEL_with_STATUS_CANCELLED_to_every_registrant()
    {
        var eventId = await host.CreateWebinarAsync();
        var emails = Enumerable.Range(0, 2).Select(i => EventClient.UniqueEmail($"c{i}")).ToList();
        await host.RegisterManyAsync(eventId, emails);
        var uid = EventClient.Invite(Assert.Single(await host.ReadOutboxAsync(emails[0]))).Events.Single().Uid;

        var response = await host.CreateAdminClient().PostAsync($"/api/admin/events/{eventId}/cancel", null);
        await host.CreateAdminClient().PostAsync($"/api/admin/events/{eventId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var email in emails)
        {
            var cancel = Assert.Single(await host.MailsAsync(email, "Annulé"));
            var (method, content) = EventClient.CalendarPart(cancel);
            Assert.Equal("CANCEL", method);
            var calendar = EventClient.Invite(cancel);
            Assert.Equal("CANCEL", calendar.Method);
            Assert.Equal("CANCELLED", calendar.Events.Single().Status);
            Assert.Equal(uid, calendar.Events.Single().Uid);
            Assert.Equal(1, calendar.Events.Single().Sequence);
            Assert.Contains("STATUS:CANCELLED", content);
        }

        var again = await host.CreateClient().RegisterAsync(eventId, EventClient.UniqueEmail("late"));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task A_series_registration_gets_one_invite_per_session_each_with_its_own_UID()
    {
        var series = await host.CreateSeriesAsync(EventClient.October2026Series("Série " + Guid.NewGuid().ToString("N")[..6]));
        var email = EventClient.UniqueEmail("serie");

        var response = await host.CreateClient().PostAsJsonAsync($"/api/series/{series.GetProperty("id").GetString()}/registrations", new { email, consent = true });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mails = await host.ReadOutboxAsync(email);
        Assert.Equal(5, mails.Count);
        var invites = mails.Select(m => EventClient.Invite(m).Events.Single()).OrderBy(e => e.DtStart!.Value).ToList();
        Assert.Equal(5, invites.Select(i => i.Uid).Distinct().Count());
        Assert.All(invites, i => Assert.Equal(12, i.DtStart!.Value.Hour));
        Assert.Equal([10, 10, 10, 10, 11], invites.Select(i => i.DtStart!.AsUtc.Hour));
    }

    [Fact]
    public async Task The_public_calendar_file_is_METHOD_PUBLISH()
    {
        var eventId = await host.CreateWebinarAsync();

        var response = await host.CreateClient().GetAsync($"/api/events/{eventId}/calendar.ics");

        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("METHOD:PUBLISH", text);
        Assert.DoesNotContain("ATTENDEE", text);
        Assert.DoesNotContain("visio.example.org", text);
    }

    [Fact]
    public async Task The_registrant_can_cancel_from_the_mail_link_and_gets_the_calendar_copy_withdrawn()
    {
        var eventId = await host.CreateWebinarAsync();
        var email = EventClient.UniqueEmail("leave");
        await host.RegisterManyAsync(eventId, [email]);
        var link = SubscriptionClient.LinkIn(Assert.Single(await host.ReadOutboxAsync(email)), $"/api/events/{eventId}/registration");
        var client = host.CreateClient();

        var page = await client.GetAsync(link);
        Assert.Contains("Annuler mon inscription", await page.Content.ReadAsStringAsync());
        var done = await client.PostAsync(link, null);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var withdrawn = Assert.Single(await host.MailsAsync(email, "Inscription annulée"));
        Assert.Equal("CANCEL", EventClient.CalendarPart(withdrawn).Method);
        var registrations = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/events/{eventId}/registrations");
        Assert.Equal(1, registrations.GetProperty("counts").GetProperty("cancelled").GetInt32());
    }
}
