using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Events;

public class WaitlistAndBadInputTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task A_full_session_offers_its_waitlist_and_a_freed_seat_goes_to_the_first_waiting_with_the_invite()
    {
        var eventId = await host.CreateWebinarAsync(capacity: 1);
        var first = EventClient.UniqueEmail("first");
        var second = EventClient.UniqueEmail("second");
        var client = host.CreateClient();
        await host.RegisterManyAsync(eventId, [first]);

        var full = await client.RegisterAsync(eventId, second);
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        var problem = await full.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("waitlist").GetProperty("available").GetBoolean());

        var waiting = await client.RegisterAsync(eventId, second, waitlist: true);
        Assert.Equal(HttpStatusCode.Accepted, waiting.StatusCode);
        Assert.Equal("pending", (await waiting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await host.ConfirmSeatAsync(eventId, second);
        var waitMail = Assert.Single(await host.MailsAsync(second, "Liste d'attente"));
        Assert.False(EventClient.HasCalendar(waitMail));

        var leave = SubscriptionClient.LinkIn(Assert.Single(await host.MailsAsync(first, "Inscription confirmée")), $"/api/events/{eventId}/registration");
        (await client.PostAsync(leave, null)).EnsureSuccessStatusCode();

        var promoted = Assert.Single(await host.MailsAsync(second, "Une place s'est libérée"));
        Assert.Equal("REQUEST", EventClient.CalendarPart(promoted).Method);
        var counts = (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/events/{eventId}/registrations")).GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("registered").GetInt32());
        Assert.Equal(0, counts.GetProperty("waitlisted").GetInt32());
    }

    [Fact]
    public async Task A_form_posted_to_a_full_session_gets_the_page_back_with_the_waitlist_offer_then_joins_it()
    {
        var eventId = await host.CreateWebinarAsync(capacity: 1);
        await host.RegisterManyAsync(eventId, [EventClient.UniqueEmail("seat")]);
        var email = EventClient.UniqueEmail("formfull");
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var fields = new Dictionary<string, string> { ["email"] = email, ["consent"] = "on", ["lang"] = "en" };

        var full = await client.PostAsync($"/api/events/{eventId}/registrations", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        var page = await full.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", page);
        Assert.Contains("Put me on the waitlist", page);
        Assert.Contains("name=\"waitlist\" value=\"on\"", page);

        fields["waitlist"] = "on";
        var joined = await client.PostAsync($"/api/events/{eventId}/registrations", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.SeeOther, joined.StatusCode);
        Assert.Equal($"/api/events/{eventId}/registered?status=pending&lang=en", joined.Headers.Location!.OriginalString);
        Assert.StartsWith("Confirm your place:", Assert.Single(await host.ReadOutboxAsync(email)).Subject);
        await host.ConfirmSeatAsync(eventId, email, "Confirm your place");
        Assert.StartsWith("Waitlist:", (await host.ReadOutboxAsync(email)).Last().Subject);
    }

    [Fact]
    public async Task Raising_the_capacity_promotes_the_waitlist()
    {
        var eventId = await host.CreateWebinarAsync(capacity: 1);
        var waiting = EventClient.UniqueEmail("raise");
        await host.RegisterManyAsync(eventId, [EventClient.UniqueEmail("seated")]);
        (await host.CreateClient().RegisterAsync(eventId, waiting, waitlist: true)).EnsureSuccessStatusCode();
        await host.ConfirmSeatAsync(eventId, waiting);

        (await host.CreateAdminClient().PutAsJsonAsync($"/api/admin/events/{eventId}", EventClient.Webinar(capacity: 2))).EnsureSuccessStatusCode();

        Assert.Single(await host.MailsAsync(waiting, "Une place s'est libérée"));
    }

    [Fact]
    public async Task Registering_twice_answers_the_same_and_sends_one_confirmation()
    {
        var eventId = await host.CreateWebinarAsync();
        var email = EventClient.UniqueEmail("twice");
        var client = host.CreateClient();

        var answers = new[] { await client.RegisterAsync(eventId, email), await client.RegisterAsync(eventId, email) };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Single(await host.ReadOutboxAsync(email));
    }

    [Fact]
    public async Task An_unknown_session_is_404_in_JSON_and_as_a_page()
    {
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.RegisterAsync("no-such-session", "a@example.org")).StatusCode);
        var page = await client.GetAsync("/api/events/no-such-session");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Webinaire introuvable", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/series/no-such-series")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/events/..%2F..%2Fadmin/calendar.ics")).StatusCode);
    }

    [Fact]
    public async Task Admin_create_refuses_an_end_before_the_start_an_unknown_zone_and_an_empty_title_with_problem_details()
    {
        var admin = host.CreateAdminClient();
        var bad = new[]
        {
            (Body: (object)new { title = "X", start = "2026-11-19T13:00", end = "2026-11-19T12:00", timeZone = "Europe/Paris", joinUrl = "https://v.example.org" }, Field: "end"),
            (Body: new { title = "X", start = "2026-11-19T13:00", end = "2026-11-19T14:00", timeZone = "Europe/Nowhere", joinUrl = "https://v.example.org" }, Field: "timeZone"),
            (Body: new { title = "", start = "2026-11-19T13:00", end = "2026-11-19T14:00", timeZone = "Europe/Paris", joinUrl = "https://v.example.org" }, Field: "title"),
        };

        foreach (var (body, field) in bad)
        {
            var response = await admin.PostAsJsonAsync("/api/admin/events", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var notJson = await admin.PostAsync("/api/admin/events", new StringContent("{ title: ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var badSeries = await admin.PostAsJsonAsync("/api/admin/series", new { title = "S", weekday = "Jeudredi", startTime = "25:00", from = "2026-10-01", to = "2026-10-29" });
        Assert.Equal(HttpStatusCode.BadRequest, badSeries.StatusCode);
    }

    [Fact]
    public async Task Registration_without_consent_or_with_a_bad_address_is_400_and_the_form_gets_a_readable_French_page()
    {
        var eventId = await host.CreateWebinarAsync();
        var client = host.CreateClient();

        var json = await client.PostAsJsonAsync($"/api/events/{eventId}/registrations", new { email = "not-an-address", consent = false });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var errors = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("consent", out _));

        var form = await client.PostAsync($"/api/events/{eventId}/registrations", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.org", ["firstName"] = "<b>Zoé</b>" }));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("Merci de corriger", html);
        Assert.Contains("lang=\"fr\"", html);
        Assert.Contains("&lt;b&gt;Zo", html);
    }

    [Fact]
    public async Task A_started_session_is_409_and_a_past_one_410_with_a_clear_message()
    {
        var now = host.FakeTime!.GetUtcNow();
        var started = await host.CreateSessionAtAsync(now.AddMinutes(-30), now.AddMinutes(30));
        var past = await host.CreateSessionAtAsync(now.AddHours(-3), now.AddHours(-2));
        var client = host.CreateClient();

        var late = await client.RegisterAsync(started, EventClient.UniqueEmail("started"));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("has started", await late.Content.ReadAsStringAsync());

        var gone = await client.RegisterAsync(past, EventClient.UniqueEmail("past"));
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("already taken place", await gone.Content.ReadAsStringAsync());

        var form = await client.PostAsync($"/api/events/{past}/registrations", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "p@example.org", ["consent"] = "on" }));
        Assert.Equal(HttpStatusCode.Gone, form.StatusCode);
        Assert.Contains("a déjà eu lieu", await form.Content.ReadAsStringAsync());
    }
}


public class RegistrationPrivacyTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task The_GDPR_export_lists_webinar_registrations_and_erasure_removes_them_and_frees_the_seat()
    {
        var eventId = await host.CreateWebinarAsync(capacity: 5);
        var email = EventClient.UniqueEmail("gdpr");
        await host.RegisterManyAsync(eventId, [email]);
        var admin = host.CreateAdminClient();

        var export = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{Uri.EscapeDataString(email)}");
        Assert.Equal(eventId, export.GetProperty("eventRegistrations")[0].GetProperty("session").GetString());
        Assert.Equal("event-registration", export.GetProperty("consents")[0].GetProperty("action").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}")).StatusCode);

        var registrations = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/events/{eventId}/registrations");
        Assert.Empty(registrations.GetProperty("items").EnumerateArray());
        var mailed = (await host.ReadOutboxAsync(email)).Count;
        var again = await host.CreateClient().RegisterAsync(eventId, email);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(mailed, (await host.ReadOutboxAsync(email)).Count); // the erased address is suppressed: the same answer, nothing stored, nothing sent
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/events/{eventId}/registrations");
        Assert.Empty(after.GetProperty("items").EnumerateArray());
    }
}
