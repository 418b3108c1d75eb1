using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;

namespace Outreach.IntegrationTests.Events;

/// <summary>
/// Mails the clock sends: reminders and replay. Each test moves the fake clock forward from wherever it is and only
/// uses sessions it creates relative to that moment, so the tests of this class do not depend on their order.
/// </summary>
public class ClockDrivenMailTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    private const string Timer = "DispatchEventMails";

    [Fact]
    public async Task Reminders_go_out_the_day_before_and_one_hour_before_exactly_once_even_when_the_timer_fires_twice()
    {
        var now = host.FakeTime!.GetUtcNow();
        var start = now.AddDays(3);
        var eventId = await host.CreateSessionAtAsync(start, start.AddHours(1));
        var early = new[] { EventClient.UniqueEmail("early1"), EventClient.UniqueEmail("early2") };
        await host.RegisterManyAsync(eventId, early);

        host.FakeTime.SetUtcNow(start.AddHours(-24).AddMinutes(2));
        await host.RunTimerAsync(Timer);
        await host.RunTimerAsync(Timer);
        foreach (var email in early) Assert.Single(await host.MailsAsync(email, "Rappel"));

        host.FakeTime.SetUtcNow(start.AddHours(-20));
        var late = EventClient.UniqueEmail("late");
        await host.RegisterManyAsync(eventId, [late]);
        await host.RunTimerAsync(Timer);

        host.FakeTime.SetUtcNow(start.AddMinutes(-58));
        await host.RunTimerAsync(Timer);
        await host.RunTimerAsync(Timer);
        host.FakeTime.Advance(TimeSpan.FromMinutes(5));
        await host.RunTimerAsync(Timer);

        foreach (var email in early)
        {
            Assert.Single(await host.MailsAsync(email, "Rappel"));
            Assert.Single(await host.MailsAsync(email, "Dans 1 heure"));
        }

        Assert.Empty(await host.MailsAsync(late, "Rappel"));
        Assert.Single(await host.MailsAsync(late, "Dans 1 heure"));

        var fanOut = host.Services.GetRequiredService<EventMailFanOut>();
        var session = (await host.Services.GetRequiredService<EventStore>().FindSessionAsync(eventId))!;
        var redelivered = new EventMailJob
        {
            Kind = EventMailKind.Reminder, SessionId = eventId, Lead = TimeSpan.FromHours(1), StartUtc = session.StartUtc, From = "0", To = "~", ToInclusive = true,
        };
        Assert.Equal(0, await fanOut.SendPageAsync(redelivered));
    }

    [Fact]
    public async Task The_replay_tells_attendees_and_those_who_missed_it_apart()
    {
        var now = host.FakeTime!.GetUtcNow();
        var eventId = await host.CreateSessionAtAsync(now.AddHours(1), now.AddHours(2));
        var (came, missed) = (EventClient.UniqueEmail("came"), EventClient.UniqueEmail("missed"));
        await host.RegisterManyAsync(eventId, [came, missed]);
        var admin = host.CreateAdminClient();

        var tooEarly = await admin.PostAsJsonAsync($"/api/admin/events/{eventId}/replay", new { url = "https://replay.example.org/atelier" });
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);

        host.FakeTime.Advance(TimeSpan.FromHours(3));
        var response = await admin.PostAsJsonAsync($"/api/admin/events/{eventId}/replay", new { url = "https://replay.example.org/atelier", attended = new[] { came.ToUpperInvariant(), "stranger@example.org" } });
        await admin.PostAsJsonAsync($"/api/admin/events/{eventId}/replay", new { url = "https://replay.example.org/atelier", attended = new[] { came } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("recipients").GetInt32());
        Assert.Equal(1, report.GetProperty("attended").GetInt32());
        Assert.Equal(1, report.GetProperty("missed").GetInt32());
        Assert.Equal("stranger@example.org", report.GetProperty("unknownAttendees")[0].GetString());
        var thanks = Assert.Single(await host.MailsAsync(came, "Le replay"));
        Assert.Contains("Merci d'avoir participé", thanks.TextBody);
        var catchUp = Assert.Single(await host.MailsAsync(missed, "Vous l'avez manqué ?"));
        Assert.Contains("https://replay.example.org/atelier", catchUp.HtmlBody);

        var csv = await admin.GetStringAsync($"/api/admin/events/{eventId}/registrations?format=csv");
        Assert.StartsWith(RegistrantReport.CsvHeader, csv);
        Assert.Contains($"{came},Camille,registered,", csv);
        Assert.EndsWith(",yes", csv.Split('\n').Single(l => l.StartsWith(came)).TrimEnd('\r'));
    }

    [Fact]
    public async Task An_address_suppressed_after_registering_gets_no_reminder_and_no_replay()
    {
        var now = host.FakeTime!.GetUtcNow();
        var start = now.AddDays(3);
        var eventId = await host.CreateSessionAtAsync(start, start.AddHours(1));
        var (bounced, fine) = (EventClient.UniqueEmail("bounced"), EventClient.UniqueEmail("fine"));
        await host.RegisterManyAsync(eventId, [bounced, fine]);
        Assert.True(Outreach.Core.Subscriptions.EmailAddress.TryParse(bounced, out var address));
        await host.Services.GetRequiredService<Outreach.Core.Subscriptions.SuppressionStore>().SuppressAsync(address.Key, "bounce", now);

        host.FakeTime.SetUtcNow(start.AddHours(-24).AddMinutes(2));
        await host.RunTimerAsync(Timer);
        await host.DrainQueuesAsync();
        host.FakeTime.SetUtcNow(start.AddHours(3));
        var replay = await host.CreateAdminClient().PostAsJsonAsync($"/api/admin/events/{eventId}/replay", new { url = "https://replay.example.org/suppressed" });
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await host.DrainQueuesAsync();

        Assert.Single(await host.MailsAsync(fine, "Rappel"));
        Assert.Single(await host.MailsAsync(fine, "Le replay"));
        Assert.Empty(await host.MailsAsync(bounced, "Rappel"));
        Assert.Empty(await host.MailsAsync(bounced, "Le replay"));
    }
}

/// <summary>Captures programme announcements instead of handing them to a campaign engine.</summary>
public sealed class CapturingProgrammePublisher : IProgrammeAnnouncementPublisher
{
    public List<ProgrammeAnnouncement> Published { get; } = [];

    public Task<bool> PublishAsync(ProgrammeAnnouncement announcement, CancellationToken cancellationToken = default)
    {
        lock (Published) Published.Add(announcement);
        return Task.FromResult(true);
    }
}

public sealed class ProgrammeDevHostFixture : EventsDevHostFixture
{
    public CapturingProgrammePublisher Publisher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IProgrammeAnnouncementPublisher>();
            services.AddSingleton<IProgrammeAnnouncementPublisher>(Publisher);
        });
    }
}

public class ProgrammeMailTests(ProgrammeDevHostFixture host) : IClassFixture<ProgrammeDevHostFixture>
{
    [Fact]
    public async Task Each_series_session_announcement_is_handed_to_the_campaign_engine_once_before_the_session()
    {
        var series = await host.CreateSeriesAsync();
        var firstSession = series.GetProperty("sessions")[0].GetProperty("id").GetString();

        host.FakeTime!.SetUtcNow(new DateTimeOffset(2026, 9, 27, 10, 0, 0, TimeSpan.Zero));
        await host.RunTimerAsync("DispatchEventMails");
        Assert.Empty(host.Publisher.Published);

        host.FakeTime.SetUtcNow(new DateTimeOffset(2026, 9, 28, 10, 5, 0, TimeSpan.Zero));
        await host.RunTimerAsync("DispatchEventMails");
        await host.RunTimerAsync("DispatchEventMails");

        var announcement = Assert.Single(host.Publisher.Published);
        Assert.Equal(firstSession, announcement.SessionId);
        Assert.Equal("jeudis-odd17", announcement.AudienceId);
        Assert.Contains("Cartographier ses partenaires", announcement.Subject);
        Assert.Contains("Essaimer", announcement.Text);
    }
}

/// <summary>The programme mail through the real campaign engine, to the confirmed members of <c>jeudis-odd17</c>.</summary>
public class ProgrammeCampaignTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task The_week_announcement_reaches_the_programme_audience_once_as_a_marketing_mail()
    {
        var follower = EventClient.UniqueEmail("programme");
        await Subscriptions.SubscriptionClient.ConfirmAsync(host, follower, "jeudis-odd17");
        await host.CreateSeriesAsync();

        host.FakeTime!.SetUtcNow(new DateTimeOffset(2026, 9, 28, 10, 5, 0, TimeSpan.Zero));
        await host.RunTimerAsync("DispatchEventMails");
        await host.RunTimerAsync("DispatchEventMails");

        var programme = Assert.Single(await host.ReadOutboxAsync(follower), m => (m.Subject ?? "").Contains("Cartographier ses partenaires"));
        Assert.StartsWith("Jeudi 1 octobre à 12:00", programme.Subject);
        Assert.NotNull(programme.Headers["List-Unsubscribe"]);
        Assert.Contains("Essaimer", programme.TextBody);
    }
}
