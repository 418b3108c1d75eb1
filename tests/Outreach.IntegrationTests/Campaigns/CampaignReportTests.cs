using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>A campaign's report, from signed webhook events only, each sg_event_id once; nothing per person outlives an erasure.</summary>
public sealed class CampaignReportTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    private const string Programme = "https://example.org/programme";
    private const string Replay = "https://example.org/replay";

    [Fact]
    public async Task A_campaign_report_counts_unique_clicks_per_link_once_per_event_id_and_matches_a_hand_count()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 4);
        await host.ImportAsync(audience, "confirmed", emails);
        var id = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        var start = DateTimeOffset.UtcNow;
        var redelivered = DeliveryClient.Event("click", emails[0], id, eventId: "click-" + Guid.NewGuid().ToString("N"), url: Programme, at: start.AddHours(1));

        string[] events =
        [
            .. emails.Select(e => DeliveryClient.Event("delivered", e, id, at: start)),
            redelivered,
            DeliveryClient.Event("click", emails[0], id, url: Programme, at: start.AddHours(2)), // the same person again: a click, not a person
            DeliveryClient.Event("click", emails[1], id, url: Programme, at: start.AddHours(1)),
            DeliveryClient.Event("click", emails[1], id, url: Replay, at: start.AddHours(1)),
            DeliveryClient.Event("click", emails[2], id, url: Replay, at: start.AddHours(80)), // after the first 72 hours
            DeliveryClient.Event("open", emails[0], id, at: start.AddHours(1)), // opens are not tracked for this campaign
            DeliveryClient.Event("bounce", "gone@example.org", id, bounceType: "bounce", classification: "Invalid Address", at: start),
            DeliveryClient.Event("bounce", "busy@example.org", id, bounceType: "blocked", classification: "Reputation", at: start),
            DeliveryClient.Event("spamreport", emails[3], id, at: start.AddHours(3)),
        ];
        (await host.PostWebhookAsync("[" + string.Join(",", events) + "]")).EnsureSuccessStatusCode();
        (await host.PostWebhookAsync($"[{redelivered}]")).EnsureSuccessStatusCode(); // SendGrid retries a post: counted once

        var report = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{id}/report");
        // By hand: programme clicked by emails[0] (twice) and emails[1] → 2 people, 3 clicks; replay by emails[1] and
        // emails[2] → 2 people, 2 clicks. People who clicked: 0, 1, 2 → 3 of 4 delivered. Clicks in the first 72 h: three in
        // hour 1 (the redelivered one once), one in hour 2; the one at 80 h is after.
        var links = report.GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("url").GetString(), l.GetProperty("people").GetInt32(), l.GetProperty("clicks").GetInt32())).ToList();
        Assert.Equal([(Programme, 2, 3), (Replay, 2, 2)], links);
        Assert.Equal(4, report.GetProperty("delivered").GetInt32());
        Assert.Equal(4, report.GetProperty("sent").GetInt32());
        Assert.Equal(3, report.GetProperty("uniqueClicks").GetInt32());
        Assert.Equal(5, report.GetProperty("clicks").GetInt32());
        Assert.Equal(0.75, report.GetProperty("clickRate").GetDouble());
        Assert.False(report.TryGetProperty("uniqueOpens", out _)); // not measured, so not shown
        Assert.Equal(2, report.GetProperty("bounces").GetInt32());
        Assert.Equal(1, report.GetProperty("bouncesByKind").GetProperty("Invalid Address").GetInt32());
        Assert.Equal(1, report.GetProperty("bouncesByKind").GetProperty("Blocked").GetInt32());
        Assert.Equal(1, report.GetProperty("complaints").GetInt32());
        var first72 = report.GetProperty("first72Hours");
        Assert.Equal((4, 4), (first72.GetProperty("delivered").GetInt32(), first72.GetProperty("clicks").GetInt32()));
        var hours = report.GetProperty("hours").EnumerateArray().ToList();
        Assert.Equal(72, hours.Count);
        Assert.Equal((4, 0, 3, 1), (hours[0].GetProperty("delivered").GetInt32(), hours[0].GetProperty("clicks").GetInt32(), hours[1].GetProperty("clicks").GetInt32(), hours[2].GetProperty("clicks").GetInt32()));

        var csv = await host.CreateAdminClient().GetStringAsync($"/api/admin/campaigns/{id}/report?format=csv");
        Assert.Contains($"{Programme},2,3", csv);
        Assert.Contains("uniqueOpens,not tracked", csv);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync("/api/admin/campaigns/nosuchcampaign/report")).StatusCode);
    }

    [Fact]
    public async Task Open_tracking_is_off_unless_asked_and_when_on_the_report_counts_people_who_opened_without_keeping_who()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync(audience, "confirmed", emails);
        var untracked = await host.CreateCampaignAsync(audience);
        var tracked = await host.CreateCampaignAsync(new { subject = "Suivi", html = "<p>Le numéro.</p>", audiences = new[] { audience }, trackOpens = true });
        await host.DrainQueuesAsync();

        Assert.False(OpenTrackingOf(untracked));
        Assert.True(OpenTrackingOf(tracked));
        // Fixed addresses: the sketch's answer for them does not change from run to run.
        string[] opens =
        [
            DeliveryClient.Event("open", "lecteur.un@example.org", tracked), DeliveryClient.Event("open", "lecteur.un@example.org", tracked),
            DeliveryClient.Event("open", "lecteur.deux@example.org", tracked), DeliveryClient.Event("open", "Lecteur.Deux@example.org", tracked),
            DeliveryClient.Event("open", "lecteur.trois@example.org", tracked),
        ];
        (await host.PostWebhookAsync("[" + string.Join(",", opens) + "]")).EnsureSuccessStatusCode();

        var report = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{tracked}/report");
        Assert.True(report.GetProperty("trackOpens").GetBoolean());
        Assert.Equal(3, report.GetProperty("uniqueOpens").GetInt32());
        var untrackedReport = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{untracked}/report");
        Assert.False(untrackedReport.TryGetProperty("uniqueOpens", out _));
    }

    [Fact]
    public async Task A_newsletter_issue_counts_opens_only_when_its_scheduling_asks()
    {
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2));
        var admin = host.CreateAdminClient();
        async Task<string> ScheduleIssueAsync(object schedule)
        {
            var created = await admin.PostAsJsonAsync("/api/admin/newsletters", new
            {
                subject = "Ouvertures " + Guid.NewGuid().ToString("N")[..6], editorial = "Un édito.", audiences = new[] { audience },
                sections = new[] { new { title = "Le guide", body = "Subventions et mécénat.", link = "https://www.outreach.example.org/guide" } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var issueId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var scheduled = await admin.PostAsJsonAsync($"/api/admin/newsletters/{issueId}/schedule", schedule);
            Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);
            return (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetString()!;
        }

        var untracked = await ScheduleIssueAsync(new { now = true });
        var tracked = await ScheduleIssueAsync(new { now = true, trackOpens = true });
        await host.DrainQueuesAsync();

        Assert.False(OpenTrackingOf(untracked));
        Assert.True(OpenTrackingOf(tracked));
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{tracked}/report")).GetProperty("trackOpens").GetBoolean());
    }

    [Fact]
    public async Task An_erasure_removes_who_clicked_and_leaves_the_campaigns_counts_untouched()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync(audience, "confirmed", emails);
        var id = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        (await host.PostWebhookAsync($"[{DeliveryClient.Event("click", emails[0], id, url: Programme)},{DeliveryClient.Event("click", emails[1], id, url: Programme)}]")).EnsureSuccessStatusCode();
        var admin = host.CreateAdminClient();
        var export = await (await admin.PostAsJsonAsync("/api/admin/subscribers/export", new { email = emails[0] })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(export.GetProperty("heldIn").EnumerateArray(), h => h.GetProperty("name").GetString() == TableNames.Clicks);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/subscribers/{Uri.EscapeDataString(emails[0])}")).StatusCode);

        var clicks = await host.Services.GetRequiredService<StorageAccount>().TableAsync(TableNames.Clicks);
        Assert.Empty(await clicks.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{KeyOf(emails[0])}'").ToListAsync());
        Assert.NotEmpty(await clicks.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{KeyOf(emails[1])}'").ToListAsync());
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{id}/report");
        Assert.Equal(2, report.GetProperty("uniqueClicks").GetInt32());
    }

    [Fact]
    public async Task The_last_newsletters_and_digests_compare_side_by_side_and_a_bad_count_is_refused()
    {
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2));
        var newsletter = await host.CreateCampaignAsync(new { subject = "Lettre de décembre", html = "<p>Le numéro.</p>", audiences = new[] { audience }, kind = "newsletter" });
        var oneOff = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();

        var compared = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/reports/campaigns?last=24");
        var ids = compared.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains(newsletter, ids);
        Assert.DoesNotContain(oneOff, ids);
        Assert.Contains(newsletter, await host.CreateAdminClient().GetStringAsync("/api/admin/reports/campaigns?format=csv&last=24"));
        foreach (var bad in new[] { "0", "25", "x", "-1" })
        {
            var refused = await host.CreateAdminClient().GetAsync($"/api/admin/reports/campaigns?last={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("last", await refused.Content.ReadAsStringAsync());
        }
    }

    private static string KeyOf(string email) => EmailAddress.TryParse(email, out var address) ? address.Key : throw new ArgumentException(email);

    private bool OpenTrackingOf(string campaignId)
    {
        var body = JsonDocument.Parse(host.SendGrid.RequestsOf(campaignId).First().Body!).RootElement;
        var tracking = body.GetProperty("tracking_settings");
        Assert.True(tracking.GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        return tracking.GetProperty("open_tracking").GetProperty("enable").GetBoolean();
    }
}
