using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>The delivery host on a clock the tests move: for the schedule and for leases running out.</summary>
public sealed class ClockedDeliveryHostFixture : DeliveryHostFixture
{
    // A Wednesday, 10:00 in Paris (winter time, UTC+1).
    public static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    public ClockedDeliveryHostFixture() => Clock = UseFakeTime(Start);

    public FakeTimeProvider Clock { get; }
}

/// <summary>Campaigns leave at their local time; a batch abandoned mid-send is reported, never re-sent.</summary>
public sealed class CampaignClockTests(ClockedDeliveryHostFixture host) : IClassFixture<ClockedDeliveryHostFixture>
{
    [Fact]
    public async Task A_scheduled_campaign_leaves_at_its_local_time_and_not_before()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync(audience, "confirmed", emails);
        var now = host.Clock.GetUtcNow();
        var sendAt = TimeZoneInfo.ConvertTime(now.AddDays(1), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime;

        var id = await host.CreateCampaignAsync(new { subject = "Demain", html = "<p>Bonjour</p>", audiences = new[] { audience }, sendAt = sendAt.ToString("yyyy-MM-dd'T'HH:mm"), timeZone = "Europe/Paris" });
        var scheduled = await host.CampaignAsync(id);
        Assert.Equal("scheduled", scheduled.State());
        Assert.Equal(now.AddDays(1).AddSeconds(-now.Second), scheduled.GetProperty("dueAt").GetDateTimeOffset());

        host.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(2));
        await host.RunTimerAsync("DispatchCampaigns");
        await host.DrainQueuesAsync();
        Assert.Equal("scheduled", (await host.CampaignAsync(id)).State());
        Assert.Empty(host.SendGrid.RequestsOf(id));

        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await host.RunTimerAsync("DispatchCampaigns");
        await host.DrainQueuesAsync();
        Assert.Equal(("sent", 2), ((await host.CampaignAsync(id)).State(), (await host.CampaignAsync(id)).Count("sent")));
    }

    [Fact]
    public async Task A_cancelled_scheduled_campaign_never_leaves()
    {
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 1));
        var sendAt = TimeZoneInfo.ConvertTime(host.Clock.GetUtcNow().AddHours(2), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime;
        var id = await host.CreateCampaignAsync(new { subject = "Plus tard", html = "<p>x</p>", audiences = new[] { audience }, sendAt = sendAt.ToString("yyyy-MM-dd'T'HH:mm") });

        (await host.CreateAdminClient().PostAsync($"/api/admin/campaigns/{id}/cancel", null)).EnsureSuccessStatusCode();
        host.Clock.Advance(TimeSpan.FromHours(3));
        await host.RunTimerAsync("DispatchCampaigns");
        await host.DrainQueuesAsync();

        Assert.Equal("cancelled", (await host.CampaignAsync(id)).State());
        Assert.Empty(host.SendGrid.RequestsOf(id));
    }

    [Fact]
    public async Task A_batch_left_sending_by_a_sender_that_died_is_reported_unknown_and_never_sent_again()
    {
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 6));
        var id = await host.CreateCampaignAsync(audience);
        await host.PlanOnlyAsync();

        // A sender marked batch 1 "sending" and died during the SendGrid call: nobody knows whether it left.
        var ledger = host.Services.GetRequiredService<CampaignLedger>();
        var batch = await ledger.FindBatchAsync(id, 1, withManifest: false);
        Assert.NotNull(await ledger.TryTransitionAsync(batch! with { Status = BatchStatus.Sending, SendingSince = host.Clock.GetUtcNow(), Attempts = 1 }));

        await host.DrainQueuesAsync(); // its message comes back while the lease still runs: left alone
        Assert.Equal("sending", (await host.CampaignAsync(id)).State());
        host.Clock.Advance(TimeSpan.FromMinutes(6));
        await host.ReplayAsync([new BatchMessage(id, 1)]);
        await host.DrainQueuesAsync();
        await host.RunTimerAsync("DispatchCampaigns");

        Assert.Single(host.SendGrid.RequestsOf(id)); // batch 2 only
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("sent", 3, 3), (campaign.State(), campaign.Count("sent"), campaign.Count("unknown")));
        Assert.Contains("may or may not have left", campaign.GetProperty("problems")[0].GetString());
    }
}
