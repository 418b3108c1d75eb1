using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>Campaigns to whole audiences through the queues: one copy each, nobody missed, nobody who said no.</summary>
public sealed class CampaignDeliveryTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    [Fact]
    public async Task Subscribers_of_two_overlapping_audiences_each_get_exactly_one_copy()
    {
        var prefix = DeliveryClient.NewPrefix();
        var (first, second) = (await host.NewAudienceAsync(), await host.NewAudienceAsync());
        var onlyFirst = DeliveryClient.Addresses(prefix + "a", 5);
        var onlySecond = DeliveryClient.Addresses(prefix + "b", 4);
        var both = DeliveryClient.Addresses(prefix + "ab", 3);
        await host.ImportAsync(first, "confirmed", [.. onlyFirst, .. both]);
        await host.ImportAsync(second, "confirmed", [.. onlySecond, .. both]);

        var id = await host.CreateCampaignAsync(first, second);
        await host.DrainQueuesAsync();

        var copies = host.SendGrid.CopiesOf(id);
        DeliveryClient.AssertSameAddresses([.. onlyFirst, .. onlySecond, .. both], copies.Keys);
        Assert.All(copies.Values, n => Assert.Equal(1, n));
        var requests = host.SendGrid.RequestsOf(id);
        Assert.Equal(4, requests.Count); // 12 recipients in batches of 3: one request each
        Assert.All(requests, r => Assert.True(r.Recipients.Count <= DeliveryHostFixture.BatchSize));
        Assert.Empty(host.SendGrid.SchemaProblems);

        var campaign = await host.CampaignAsync(id);
        Assert.Equal("sent", campaign.State());
        Assert.Equal((12, 12, 0, 0), (campaign.Count("planned"), campaign.Count("sent"), campaign.Count("failed"), campaign.Count("suppressed")));
    }

    [Fact]
    public async Task Each_copy_carries_the_recipient_s_own_values_and_unsubscribe_headers()
    {
        var prefix = DeliveryClient.NewPrefix();
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(prefix, 2);
        await host.ImportAsync(audience, "confirmed", emails);

        var id = await host.CreateCampaignAsync(new { subject = "Bonjour {{firstName}}", html = "<p>Pour {{email}}</p>", audiences = new[] { audience }, categories = new[] { "octobre" }, kind = "newsletter" });
        await host.DrainQueuesAsync();

        var body = System.Text.Json.JsonDocument.Parse(Assert.Single(host.SendGrid.RequestsOf(id)).Body!).RootElement;
        var personalization = body.GetProperty("personalizations").EnumerateArray()
            .Single(p => p.GetProperty("to")[0].GetProperty("email").GetString() == emails[0]);
        var key = EmailAddress.KeyOf(emails[0]);
        var unsubscribe = host.Services.GetRequiredService<SubscriptionLinks>().Unsubscribe(key, audience);
        Assert.Equal($"<{unsubscribe}>", personalization.GetProperty("headers").GetProperty("List-Unsubscribe").GetString());
        Assert.Equal(DeliveryClient.FirstNameOf(emails[0]), personalization.GetProperty("substitutions").GetProperty("%%firstName:t%%").GetString());
        Assert.Equal(System.Net.WebUtility.HtmlEncode(unsubscribe), personalization.GetProperty("substitutions").GetProperty("%%unsubscribeUrl:h%%").GetString());
        Assert.Equal(id, personalization.GetProperty("custom_args").GetProperty("campaign_id").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", body.GetProperty("headers").GetProperty("List-Unsubscribe-Post").GetString());
        Assert.EndsWith($"<{audience}.outreach.example.org>", body.GetProperty("headers").GetProperty("List-Id").GetString());
        Assert.Equal(["newsletter", "octobre"], body.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(host.SendGrid.SchemaProblems);
    }

    [Fact]
    public async Task Pending_unsubscribed_and_suppressed_addresses_get_nothing()
    {
        var prefix = DeliveryClient.NewPrefix();
        var audience = await host.NewAudienceAsync();
        var confirmed = DeliveryClient.Addresses(prefix + "c", 3);
        var (unsubscribed, suppressed, leavesDuringSend) = ($"{prefix}u@example.org", $"{prefix}x@example.org", $"{prefix}late@example.org");
        var pending = $"{prefix}p@example.org";
        await host.ImportAsync(audience, "confirmed", [.. confirmed, unsubscribed, suppressed, leavesDuringSend]);
        await host.ImportAsync(audience, "pending", pending);
        await OneClickUnsubscribeAsync(unsubscribed, audience);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await host.PostWebhookAsync($"[{DeliveryClient.Event("bounce", suppressed, bounceType: "bounce")}]")).StatusCode);

        var id = await host.CreateCampaignAsync(audience);
        await host.PlanOnlyAsync();
        await OneClickUnsubscribeAsync(leavesDuringSend, audience); // after planning, before sending: re-checked at send time
        await host.DrainQueuesAsync();

        var copies = host.SendGrid.CopiesOf(id);
        DeliveryClient.AssertSameAddresses(confirmed, copies.Keys);
        var campaign = await host.CampaignAsync(id);
        Assert.Equal("sent", campaign.State());
        Assert.Equal((5, 3, 2), (campaign.Count("planned"), campaign.Count("sent"), campaign.Count("suppressed"))); // pending and unsubscribed were never planned
        Assert.Empty(host.SendGrid.SchemaProblems);
    }

    [Fact]
    public async Task A_sender_that_crashes_after_some_batches_then_every_message_redelivered_sends_nothing_twice_and_misses_nobody()
    {
        var prefix = DeliveryClient.NewPrefix();
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(prefix, 10);
        await host.ImportAsync(audience, "confirmed", emails);
        var id = await host.CreateCampaignAsync(audience);
        await host.PlanOnlyAsync();
        var messages = (await host.PeekBatchMessagesAsync()).Where(m => m.CampaignId == id).ToList();
        Assert.Equal(4, messages.Count);

        // A worker takes the first two batches, sends them, and dies before the queue hears of it: both messages come back.
        var sender = host.Services.GetRequiredService<BatchSender>();
        foreach (var message in messages.Take(2)) await sender.SendAsync(message, dequeueCount: 1);
        // Then every message is delivered again (redelivery, and a replay of the whole campaign for good measure).
        await host.ReplayAsync(messages);
        await host.DrainQueuesAsync();
        await host.ReplayAsync(messages);
        await host.DrainQueuesAsync();

        var copies = host.SendGrid.CopiesOf(id);
        DeliveryClient.AssertSameAddresses(emails, copies.Keys);
        Assert.All(copies.Values, n => Assert.Equal(1, n));
        Assert.Equal(4, host.SendGrid.RequestsOf(id).Count);
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("sent", 10, 10), (campaign.State(), campaign.Count("planned"), campaign.Count("sent")));
    }

    [Fact]
    public async Task A_planner_step_run_twice_plans_every_address_once()
    {
        var prefix = DeliveryClient.NewPrefix();
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(prefix, 7));
        var id = await host.CreateCampaignAsync(audience);

        var planner = host.Services.GetRequiredService<CampaignPlanner>();
        await planner.PlanStepAsync(new PlanStepMessage(id, 1));
        await planner.PlanStepAsync(new PlanStepMessage(id, 1)); // redelivered
        await host.DrainQueuesAsync();

        var copies = host.SendGrid.CopiesOf(id);
        Assert.Equal(7, copies.Count);
        Assert.All(copies.Values, n => Assert.Equal(1, n));
        Assert.Equal(("sent", 3), ((await host.CampaignAsync(id)).State(), (await host.CampaignAsync(id)).Count("batches")));
    }

    [Fact]
    public async Task A_planner_that_crashed_mid_step_resumes_after_the_batches_it_wrote_even_when_the_list_changed()
    {
        var prefix = DeliveryClient.NewPrefix();
        var audience = await host.NewAudienceAsync();
        var original = DeliveryClient.Addresses(prefix + "o", 7);
        await host.ImportAsync(audience, "confirmed", original);
        var id = await host.CreateCampaignAsync(audience);
        await host.PlanOnlyAsync();

        // The planner wrote batch 1, then died: its step never completed, batches 2 and 3 never existed.
        var ledger = await host.Services.GetRequiredService<Outreach.Core.Common.Storage.StorageAccount>().TableAsync(TableNames.DeliveryLedger);
        await ledger.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(id, "plan") { ["CompletedStep"] = 0, ["NextBatch"] = 1, ["Done"] = false }, Azure.Data.Tables.TableUpdateMode.Replace);
        await ledger.DeleteEntityAsync(id, CampaignLedger.BatchKey(2));
        await ledger.DeleteEntityAsync(id, CampaignLedger.BatchKey(3));
        // Meanwhile the list changes: new subscribers, some sorting inside batch 1's key range, some after it.
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(prefix + "n", 6));

        await host.Services.GetRequiredService<CampaignPlanner>().PlanStepAsync(new PlanStepMessage(id, 1));
        await host.DrainQueuesAsync();

        var copies = host.SendGrid.CopiesOf(id);
        Assert.All(copies.Values, n => Assert.Equal(1, n));
        Assert.All(original, email => Assert.True(copies.ContainsKey(email), $"{email} was missed"));
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("sent", copies.Count), (campaign.State(), campaign.Count("sent")));
    }

    [Fact]
    public async Task Cancelling_halts_what_is_not_sent_yet()
    {
        var prefix = DeliveryClient.NewPrefix();
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(prefix, 10));
        var id = await host.CreateCampaignAsync(audience);
        await host.PlanOnlyAsync();
        var first = (await host.PeekBatchMessagesAsync()).First(m => m.CampaignId == id);
        await host.Services.GetRequiredService<BatchSender>().SendAsync(first, dequeueCount: 1);

        var cancel = await host.CreateAdminClient().PostAsync($"/api/admin/campaigns/{id}/cancel", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, cancel.StatusCode);
        await host.DrainQueuesAsync();

        Assert.Equal(3, host.SendGrid.CopiesOf(id).Count);
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("cancelled", 3, 7), (campaign.State(), campaign.Count("sent"), campaign.Count("cancelled")));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await host.CreateAdminClient().PostAsync($"/api/admin/campaigns/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_finished_campaign_cannot_be_cancelled()
    {
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 1));
        var id = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        Assert.Equal("sent", (await host.CampaignAsync(id)).State());

        var cancel = await host.CreateAdminClient().PostAsync($"/api/admin/campaigns/{id}/cancel", null);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_empty_audience_makes_a_sent_campaign_with_nobody_planned()
    {
        var id = await host.CreateCampaignAsync(await host.NewAudienceAsync());
        await host.DrainQueuesAsync();
        var campaign = await host.CampaignAsync(id);
        Assert.Equal(("sent", 0), (campaign.State(), campaign.Count("planned")));
        Assert.Empty(host.SendGrid.RequestsOf(id));
    }

    private async Task OneClickUnsubscribeAsync(string email, string audience)
    {
        var link = new Uri(host.Services.GetRequiredService<SubscriptionLinks>().Unsubscribe(EmailAddress.KeyOf(email), audience));
        var response = await host.CreateClient().PostAsync(link.PathAndQuery,
            new StringContent("List-Unsubscribe=One-Click", Encoding.UTF8, "application/x-www-form-urlencoded"));
        response.EnsureSuccessStatusCode();
    }
}
