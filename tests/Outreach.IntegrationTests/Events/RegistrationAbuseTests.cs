using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Outreach.IntegrationTests.Events;

/// <summary>The DevHost on a fake clock with a small per-network allowance, so a test can exhaust it.</summary>
public sealed class AbuseDevHostFixture : EventsDevHostFixture
{
    public const int NetworkAllowance = 5;

    public AbuseDevHostFixture() => WithSetting("Events:MaxRegistrationsPerNetworkPerHour", NetworkAllowance.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>What a third party typing someone else's address into a registration form can and cannot do.</summary>
public sealed class RegistrationAbuseTests(AbuseDevHostFixture host) : IClassFixture<AbuseDevHostFixture>
{
    [Fact]
    public async Task A_limited_session_holds_no_seat_for_an_address_until_its_owner_confirms_from_the_mailbox()
    {
        var eventId = await host.CreateWebinarAsync(capacity: 1);
        var victim = EventClient.UniqueEmail("victim");
        var client = Client("198.51.7.1");

        var squat = await client.RegisterAsync(eventId, victim);
        Assert.Equal(HttpStatusCode.Accepted, squat.StatusCode);
        Assert.Equal("pending", (await squat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await SeatsLeftAsync(eventId)); // nothing held
        var asked = Assert.Single(await host.ReadOutboxAsync(victim));
        Assert.StartsWith(EventClient.SeatConfirmationSubject, asked.Subject, StringComparison.Ordinal);
        Assert.False(EventClient.HasCalendar(asked)); // no invite, no joining link before the person says so

        var rightful = EventClient.UniqueEmail("rightful");
        await host.RegisterManyAsync(eventId, [rightful]);
        Assert.Equal(0, await SeatsLeftAsync(eventId));
        Assert.Equal("REQUEST", EventClient.CalendarPart((await host.ReadOutboxAsync(rightful)).Last()).Method);
    }

    [Fact]
    public async Task The_confirm_link_shows_a_button_and_changes_nothing_until_its_POST_takes_the_place()
    {
        var eventId = await host.CreateWebinarAsync(capacity: 3);
        var email = EventClient.UniqueEmail("button");
        var client = Client("198.51.8.1");
        (await client.RegisterAsync(eventId, email)).EnsureSuccessStatusCode();
        var link = Subscriptions.SubscriptionClient.LinkIn(Assert.Single(await host.ReadOutboxAsync(email)), $"/api/events/{eventId}/confirm");

        var page = await client.GetAsync(link); // what a link scanner does
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await SeatsLeftAsync(eventId));
        Assert.Single(await host.ReadOutboxAsync(email));

        var confirmed = await client.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(2, await SeatsLeftAsync(eventId));
        Assert.Equal("REQUEST", EventClient.CalendarPart(Assert.Single(await host.MailsAsync(email, "Inscription confirmée"))).Method);

        (await client.PostAsync(link, null)).EnsureSuccessStatusCode(); // pressed twice: the same place, no second invite
        Assert.Equal(2, await SeatsLeftAsync(eventId));
        Assert.Single(await host.MailsAsync(email, "Inscription confirmée"));
    }

    [Fact]
    public async Task A_full_session_answers_a_registered_address_and_an_unknown_one_alike()
    {
        var eventId = await host.CreateWebinarAsync(capacity: 1);
        var seated = EventClient.UniqueEmail("seated");
        await host.RegisterManyAsync(eventId, [seated]);
        var client = Client("198.51.9.1");

        var forRegistered = await client.RegisterAsync(eventId, seated);
        var forUnknown = await client.RegisterAsync(eventId, EventClient.UniqueEmail("unknown"));

        Assert.Equal(HttpStatusCode.Conflict, forRegistered.StatusCode);
        Assert.Equal(forUnknown.StatusCode, forRegistered.StatusCode);
        Assert.Equal(Comparable(await forUnknown.Content.ReadAsStringAsync()), Comparable(await forRegistered.Content.ReadAsStringAsync()));

        var waitRegistered = await client.RegisterAsync(eventId, seated, waitlist: true);
        var waitUnknown = await client.RegisterAsync(eventId, EventClient.UniqueEmail("unknown"), waitlist: true);
        Assert.Equal(HttpStatusCode.Accepted, waitRegistered.StatusCode);
        Assert.Equal(Comparable(await waitUnknown.Content.ReadAsStringAsync()), Comparable(await waitRegistered.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task One_address_gets_at_most_a_few_registration_mails_an_hour_however_many_sessions_it_is_registered_to()
    {
        var victim = EventClient.UniqueEmail("bombed");
        var start = EventsDevHostFixture.Start.AddDays(30);
        var sessions = new List<string>();
        for (var i = 0; i < 8; i++) sessions.Add(await host.CreateSessionAtAsync(start.AddDays(i), start.AddDays(i).AddHours(1)));

        for (var i = 0; i < sessions.Count; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await Client($"203.0.{i + 10}.1").RegisterAsync(sessions[i], victim)).StatusCode);

        Assert.Equal(6, (await host.ReadOutboxAsync(victim)).Count); // Events:MaxMailsPerAddressPerHour
    }

    [Fact]
    public async Task One_client_network_gets_a_429_once_it_has_made_its_hourly_share_of_requests()
    {
        var eventId = await host.CreateWebinarAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < AbuseDevHostFixture.NetworkAllowance + 2; i++)
            answers.Add((await Client($"192.0.2.{i + 1}").RegisterAsync(eventId, EventClient.UniqueEmail("net"))).StatusCode); // one /24

        Assert.All(answers.Take(AbuseDevHostFixture.NetworkAllowance), a => Assert.Equal(HttpStatusCode.Accepted, a));
        Assert.All(answers.Skip(AbuseDevHostFixture.NetworkAllowance), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        Assert.Equal(HttpStatusCode.Accepted, (await Client("192.0.3.1").RegisterAsync(eventId, EventClient.UniqueEmail("net"))).StatusCode); // another network
    }

    private HttpClient Client(string ip)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }

    private async Task<int> SeatsLeftAsync(string eventId)
    {
        var counts = (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/events/{eventId}/registrations")).GetProperty("counts");
        return counts.GetProperty("capacity").GetInt32() - counts.GetProperty("registered").GetInt32();
    }

    /// <summary>The body without what differs per request anyway (the trace id).</summary>
    private static string Comparable(string body)
    {
        using var json = JsonDocument.Parse(body);
        return string.Join("|", json.RootElement.EnumerateObject().Where(p => p.Name is not ("traceId" or "sessionId")).Select(p => p.Name + "=" + p.Value.GetRawText()));
    }
}
