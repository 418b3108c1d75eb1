using System.Net;
using System.Net.Http.Json;
using Outreach.Core.Events.Mails;
using Outreach.IntegrationTests.Campaigns;

namespace Outreach.IntegrationTests.Events;

/// <summary>
/// A crash injected at each step of a webinar update or cancellation, between "its fan-out is written" and "its plan is
/// queued" (and right after), then what recovers it (the events timer, the team repeating the change): each registrant
/// gets the mail exactly once.
/// </summary>
public sealed class FanOutCrashTests
{
    private const string Timer = "DispatchEventMails";

    [Theory]
    [InlineData(FanOutSteps.JobWritten)]
    [InlineData(FanOutSteps.ChangeSaved)]
    [InlineData(FanOutSteps.Queued)]
    public async Task A_webinar_update_stopped_at_any_step_reaches_each_registrant_exactly_once(string step)
    {
        await using var host = await CrashRecoveryHostFixture.StartAsync(EventsDevHostFixture.Start);
        var eventId = await host.CreateWebinarAsync();
        var registrants = new[] { EventClient.UniqueEmail("moved1"), EventClient.UniqueEmail("moved2") };
        await host.RegisterManyAsync(eventId, registrants);
        using var admin = host.CreateAdminClient();
        Task<HttpResponseMessage> MoveAsync() => admin.PutAsJsonAsync($"/api/admin/events/{eventId}", EventClient.Webinar(start: "2026-11-26T13:00", end: "2026-11-26T14:30"));

        await CrashThenRecoverAsync(host, step, MoveAsync, registrants, "Changement");
    }

    [Theory]
    [InlineData(FanOutSteps.JobWritten)]
    [InlineData(FanOutSteps.ChangeSaved)]
    [InlineData(FanOutSteps.Queued)]
    public async Task A_webinar_cancellation_stopped_at_any_step_reaches_each_registrant_exactly_once(string step)
    {
        await using var host = await CrashRecoveryHostFixture.StartAsync(EventsDevHostFixture.Start);
        var eventId = await host.CreateWebinarAsync();
        var registrants = new[] { EventClient.UniqueEmail("called1"), EventClient.UniqueEmail("called2") };
        await host.RegisterManyAsync(eventId, registrants);
        using var admin = host.CreateAdminClient();
        Task<HttpResponseMessage> CancelAsync() => admin.PostAsync($"/api/admin/events/{eventId}/cancel", null);

        await CrashThenRecoverAsync(host, step, CancelAsync, registrants, "Annulé");
    }

    private static async Task CrashThenRecoverAsync(CrashRecoveryHostFixture host, string step, Func<Task<HttpResponseMessage>> change, string[] registrants, string subject)
    {
        host.Crashes.Arm(step);
        Assert.Equal(HttpStatusCode.InternalServerError, (await change()).StatusCode);
        Assert.Equal(step, host.Crashes.Fired);

        // Nobody repeats anything: the events timer's next wake-up queues what the crash left behind.
        host.FakeTime!.Advance(EventMailFanOut.PendingGrace + TimeSpan.FromMinutes(1));
        await host.RunTimerAsync(Timer);
        await host.DrainQueuesAsync();
        if (step != FanOutSteps.JobWritten) // the change was saved: its mails have gone
            foreach (var registrant in registrants) Assert.Equal(1, await host.MailsToAsync(registrant, subject));

        // The team, having seen the 500, makes the change again; the timer keeps waking.
        Assert.Equal(HttpStatusCode.OK, (await change()).StatusCode);
        for (var wakeUp = 0; wakeUp < 2; wakeUp++)
        {
            host.FakeTime.Advance(TimeSpan.FromMinutes(5));
            await host.RunTimerAsync(Timer);
            await host.DrainQueuesAsync();
        }

        foreach (var registrant in registrants) Assert.Equal(1, await host.MailsToAsync(registrant, subject));
    }
}
