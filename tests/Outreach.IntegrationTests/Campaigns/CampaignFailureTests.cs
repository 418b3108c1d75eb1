using Microsoft.Extensions.DependencyInjection;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>What SendGrid says no to: rate limits are waited out, server errors retried, refusals recorded, hopeless batches poisoned.</summary>
public sealed class CampaignFailureTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>, IDisposable
{
    public void Dispose() => host.SendGrid.Reset();

    private async Task<(string Id, string[] Emails)> CampaignToAsync(int subscribers)
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), subscribers);
        await host.ImportAsync(audience, "confirmed", emails);
        await host.DrainQueuesAsync(); // nothing else in the queues before the script applies
        return (await host.CreateCampaignAsync(audience), emails);
    }

    [Fact]
    public async Task A_429_then_202_delivers_once()
    {
        var (id, emails) = await CampaignToAsync(3);
        host.SendGrid.Answer(FakeAnswer.TooManyRequests(resetInSeconds: 0), FakeAnswer.Accepted);
        await host.DrainQueuesAsync();

        var requests = host.SendGrid.RequestsOf(id);
        Assert.Equal([429, 202], requests.Select(r => r.Status));
        DeliveryClient.AssertSameAddresses(emails, host.SendGrid.CopiesOf(id).Keys);
        Assert.All(host.SendGrid.CopiesOf(id).Values, n => Assert.Equal(1, n));
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("sent", 3, 0), (campaign.State(), campaign.Count("sent"), campaign.Count("failed")));
        Assert.Empty(host.SendGrid.SchemaProblems);
    }

    [Fact]
    public async Task A_429_waits_for_the_rate_limit_reset_before_trying_again()
    {
        var (id, _) = await CampaignToAsync(3);
        host.SendGrid.Answer(FakeAnswer.TooManyRequests(resetInSeconds: 120));
        await host.DrainQueuesAsync();

        // One try; the retry is queued invisible until the reset, so the drain found nothing more to do.
        var refused = Assert.Single(host.SendGrid.RequestsOf(id));
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("sending", 3), (campaign.State(), campaign.Count("pending")));
        var batch = await host.Services.GetRequiredService<Outreach.Core.Campaigns.Pipeline.CampaignLedger>().FindBatchAsync(id, 1, withManifest: false);
        Assert.Equal(Outreach.Core.Campaigns.Pipeline.BatchStatus.Planned, batch!.Status);
        // Measured from SendGrid's answer, which announced the reset: how long the drain took on a busy machine is no part of it.
        Assert.InRange(batch.NextAttemptAt!.Value, refused.AnsweredAt.AddSeconds(110), refused.AnsweredAt.AddSeconds(125));
        Assert.Contains("429", batch.LastError);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_SendGrid_takes_the_batch()
    {
        var (id, emails) = await CampaignToAsync(3);
        host.SendGrid.Answer(FakeAnswer.ServerError, FakeAnswer.ServerError, FakeAnswer.Accepted);
        await host.DrainQueuesAsync();

        Assert.Equal([500, 500, 202], host.SendGrid.RequestsOf(id).Select(r => r.Status));
        DeliveryClient.AssertSameAddresses(emails, host.SendGrid.CopiesOf(id).Keys);
        Assert.Equal("sent", (await host.CampaignAsync(id)).State());
    }

    [Fact]
    public async Task A_permanent_400_is_recorded_with_SendGrid_s_words_and_not_retried()
    {
        var (id, _) = await CampaignToAsync(6); // two batches of 3
        host.SendGrid.Answer(FakeAnswer.BadRequest("The from address does not match a verified Sender Identity.", "from"), FakeAnswer.Accepted);
        await host.DrainQueuesAsync();

        Assert.Equal(2, host.SendGrid.RequestsOf(id).Count);
        var campaign = await host.CampaignAsync(id);
        Assert.Equal("sent", campaign.State()); // partly sent: the counts say how much
        Assert.Equal((6, 3, 3, 0), (campaign.Count("planned"), campaign.Count("sent"), campaign.Count("failed"), campaign.Count("pending")));
        var problem = Assert.Single(campaign.GetProperty("problems").EnumerateArray()).GetString();
        Assert.Contains("from: The from address does not match a verified Sender Identity.", problem);
    }

    [Fact]
    public async Task A_campaign_that_SendGrid_refuses_entirely_has_failed()
    {
        var (id, _) = await CampaignToAsync(2);
        host.SendGrid.Answer(FakeAnswer.BadRequest("Invalid categories."));
        await host.DrainQueuesAsync();

        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("failed", 0, 2), (campaign.State(), campaign.Count("sent"), campaign.Count("failed")));
        Assert.Single(host.SendGrid.RequestsOf(id));
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_is_poisoned_and_shows_in_the_campaign()
    {
        var (id, _) = await CampaignToAsync(3);
        host.SendGrid.Always = FakeAnswer.ServerError;
        await host.DrainQueuesAsync();
        host.SendGrid.Reset();

        Assert.Equal(DeliveryHostFixture.MaxSendAttempts, host.SendGrid.RequestsOf(id).Count);
        Assert.Equal(1, await host.PoisonedBatchMessagesAsync());
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("failed", 3), (campaign.State(), campaign.Count("failed")));
        Assert.Contains($"Gave up after {DeliveryHostFixture.MaxSendAttempts} attempts", campaign.GetProperty("problems")[0].GetString());
    }
}
