using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>A campaign's report counts clicks per link from signed webhook events, each event once.</summary>
public sealed class CampaignReportTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    [Fact]
    public async Task A_campaign_report_shows_unique_clicks_per_link_and_counts_a_redelivered_event_once()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 3);
        await host.ImportAsync(audience, "confirmed", emails);
        var id = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        const string programme = "https://example.org/programme";
        const string replay = "https://example.org/replay";
        var redelivered = DeliveryClient.Event("click", emails[0], id, eventId: "click-" + Guid.NewGuid().ToString("N"), url: programme);

        var body = "[" + string.Join(",", emails.Select(e => DeliveryClient.Event("delivered", e, id))
            .Append(redelivered)
            .Append(DeliveryClient.Event("click", emails[0], id, url: programme)) // the same person again: a click, not a new person
            .Append(DeliveryClient.Event("click", emails[1], id, url: programme))
            .Append(DeliveryClient.Event("click", emails[1], id, url: replay))) + "]";
        (await host.PostWebhookAsync(body)).EnsureSuccessStatusCode();
        (await host.PostWebhookAsync($"[{redelivered}]")).EnsureSuccessStatusCode();

        var report = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{id}/report");
        // By hand: programme clicked by emails[0] (twice) and emails[1] → 2 people, 3 clicks; replay by emails[1] → 1 person, 1 click.
        var links = report.GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("url").GetString(), l.GetProperty("uniqueClicks").GetInt32(), l.GetProperty("clicks").GetInt32())).ToList();
        Assert.Equal([(programme, 2, 3), (replay, 1, 1)], links);
        Assert.Equal(3, report.GetProperty("delivered").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync("/api/admin/campaigns/nosuchcampaign/report")).StatusCode);
    }
}
