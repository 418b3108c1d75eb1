using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>Reading a campaign's status writes nothing: the dispatcher is what records abandoned batches and final states.</summary>
public sealed class CampaignStatusTests(ClockedDeliveryHostFixture host) : IClassFixture<ClockedDeliveryHostFixture>
{
    [Fact]
    public async Task Reading_a_campaign_writes_nothing_and_shows_what_the_dispatcher_then_records()
    {
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 6));
        var id = await host.CreateCampaignAsync(audience);
        await host.PlanOnlyAsync();

        // A sender died in batch 1's SendGrid call; batch 2 goes out; the lease of batch 1 runs out.
        var ledger = host.Services.GetRequiredService<CampaignLedger>();
        var batch = await ledger.FindBatchAsync(id, 1, withManifest: false);
        Assert.NotNull(await ledger.TryTransitionAsync(batch! with { Status = BatchStatus.Sending, SendingSince = host.Clock.GetUtcNow(), Attempts = 1 }));
        await host.DrainQueuesAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(6));

        using (var recorder = new StorageRequestRecorder(host.NamePrefix))
        {
            var seen = await host.CampaignAsync(id);
            Assert.Equal(("sent", 3, 3), (seen.State(), seen.Count("sent"), seen.Count("unknown")));
            Assert.All(recorder.Take(), request => Assert.StartsWith("GET ", request, StringComparison.Ordinal));
        }

        var store = host.Services.GetRequiredService<CampaignStore>();
        Assert.Equal(CampaignStates.Sending, (await store.FindAsync(id))!.State);
        Assert.Equal(BatchStatus.Sending, (await ledger.FindBatchAsync(id, 1, withManifest: false))!.Status);

        await host.RunTimerAsync("DispatchCampaigns");
        Assert.Equal(CampaignStates.Sent, (await store.FindAsync(id))!.State);
        Assert.Equal(BatchStatus.Unknown, (await ledger.FindBatchAsync(id, 1, withManifest: false))!.Status);
        var settled = await host.CampaignAsync(id);
        Assert.Equal(("sent", 3, 3), (settled.State(), settled.Count("sent"), settled.Count("unknown")));
    }
}
