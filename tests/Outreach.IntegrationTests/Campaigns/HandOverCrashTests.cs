using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Campaigns;
using Outreach.Core.Newsletters;
using Outreach.IntegrationTests.Events;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>
/// A crash injected at each step between "the campaign's key is claimed" and "its first planner step is queued" (and
/// right after, before the caller heard back), on each path that hands a campaign to the pipeline, followed by what
/// recovers it (the caller's own retry, the dispatcher): every recipient is mailed exactly once, by one campaign.
/// </summary>
public sealed class HandOverCrashTests
{
    private static readonly DateTimeOffset FridayNineParis = DateTimeOffset.Parse("2026-10-23T07:00:00Z");

    private static readonly Dictionary<string, string?> FridaysAtNine = new()
    {
        ["Digests:Schedules:0:Audience"] = "quotidienne",
        ["Digests:Schedules:0:Days:0"] = "Friday",
        ["Digests:Schedules:0:Time"] = "09:00",
    };

    [Theory]
    [InlineData(HandOverSteps.KeyClaimed)]
    [InlineData(HandOverSteps.CampaignWritten)]
    [InlineData(HandOverSteps.Started)]
    [InlineData(HandOverSteps.Queued)]
    public async Task A_programme_announcement_stopped_at_any_step_of_its_hand_over_reaches_each_follower_exactly_once(string step)
    {
        await using var host = await CrashRecoveryHostFixture.StartAsync(EventsDevHostFixture.Start);
        var followers = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync("jeudis-odd17", "confirmed", followers);
        await host.CreateSeriesAsync();

        host.FakeTime!.SetUtcNow(new DateTimeOffset(2026, 9, 28, 10, 5, 0, TimeSpan.Zero));
        host.Crashes.Arm(step);
        await host.RunTimerAsync("DispatchEventMails");
        Assert.Equal(step, host.Crashes.Fired);

        for (var wakeUp = 0; wakeUp < 2; wakeUp++)
        {
            host.FakeTime.Advance(TimeSpan.FromMinutes(5));
            await host.RunTimerAsync("DispatchEventMails");
            await host.RecoverAsync();
        }

        foreach (var follower in followers) Assert.Equal(1, await host.MailsToAsync(follower, "Cartographier ses partenaires"));
        Assert.Single(await CampaignsAsync(host, CampaignKinds.Announcement));
    }

    [Theory]
    [InlineData(HandOverSteps.KeyClaimed)]
    [InlineData(HandOverSteps.CampaignWritten)]
    [InlineData(HandOverSteps.Started)]
    [InlineData(HandOverSteps.Queued)]
    public async Task A_digest_stopped_at_any_step_of_its_hand_over_reaches_each_subscriber_exactly_once_and_is_recorded_with_that_campaign(string step)
    {
        await using var host = await CrashRecoveryHostFixture.StartAsync(FridayNineParis.AddMinutes(-10), FridaysAtNine);
        var subscribers = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync("quotidienne", "confirmed", subscribers);
        using var admin = host.CreateAdminClient();
        var article = await admin.PostAsJsonAsync("/api/admin/articles", new { title = "Le mécénat de compétences", summary = "Résumé.", url = "https://www.outreach.example.org/a/crash", audiences = new[] { "quotidienne" } });
        Assert.Equal(HttpStatusCode.Created, article.StatusCode);

        host.FakeTime!.SetUtcNow(FridayNineParis.AddMinutes(1));
        host.Crashes.Arm(step);
        await host.RunTimerAsync("SendDueDigests");
        Assert.Equal(step, host.Crashes.Fired);

        // The digest timer keeps waking; past the claim's staleness the period is taken again and handed over again.
        for (var wakeUp = 0; wakeUp < 2; wakeUp++)
        {
            host.FakeTime.Advance(DigestLedger.StaleAfter + TimeSpan.FromMinutes(1));
            await host.RunTimerAsync("SendDueDigests");
            await host.RecoverAsync();
        }

        foreach (var subscriber in subscribers) Assert.Equal(1, await host.MailsToAsync(subscriber, "La quotidienne"));
        var campaign = Assert.Single(await CampaignsAsync(host, CampaignKinds.Digest));
        var recorded = await host.Services.GetRequiredService<DigestLedger>().FindAsync("quotidienne", "2026-W43"); // one day a week: a weekly period
        Assert.Equal((DigestState.Sent, campaign.Id), (recorded?.State, recorded?.CampaignId));
        Assert.Equal(CampaignStates.Sent, campaign.State);
    }

    [Theory]
    [InlineData(HandOverSteps.KeyClaimed)]
    [InlineData(HandOverSteps.CampaignWritten)]
    [InlineData(HandOverSteps.Started)]
    [InlineData(HandOverSteps.Queued)]
    public async Task An_issue_whose_scheduling_stopped_at_any_step_reaches_each_subscriber_exactly_once_when_scheduled_again(string step)
    {
        await using var host = await CrashRecoveryHostFixture.StartAsync(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero));
        var subscribers = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync("newsletter", "confirmed", subscribers);
        using var admin = host.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/newsletters", new
        {
            subject = "Les alliances de l'hiver",
            editorial = "Un édito.",
            sections = new[] { new { title = "Le guide", body = "Subventions et mécénat.", link = "https://www.outreach.example.org/guide" } },
            audiences = new[] { "newsletter" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issueId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        host.Crashes.Arm(step);
        var stopped = await admin.PostAsJsonAsync($"/api/admin/newsletters/{issueId}/schedule", new { now = true });
        Assert.Equal(HttpStatusCode.InternalServerError, stopped.StatusCode);
        Assert.Equal(step, host.Crashes.Fired);

        // The team sees the error and schedules again; the dispatcher does the rest.
        var again = await admin.PostAsJsonAsync($"/api/admin/newsletters/{issueId}/schedule", new { now = true });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var campaignId = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetString();
        await host.RecoverAsync();

        foreach (var subscriber in subscribers) Assert.Equal(1, await host.MailsToAsync(subscriber, "Les alliances de l'hiver"));
        var campaign = Assert.Single(await CampaignsAsync(host, CampaignKinds.Newsletter));
        Assert.Equal((campaignId, CampaignStates.Sent), (campaign.Id, campaign.State));
    }

    [Theory]
    [InlineData(HandOverSteps.KeyClaimed)]
    [InlineData(HandOverSteps.CampaignWritten)]
    [InlineData(HandOverSteps.Started)]
    [InlineData(HandOverSteps.Queued)]
    public async Task An_admin_campaign_stopped_at_any_step_and_posted_again_with_its_Idempotency_Key_reaches_each_recipient_exactly_once(string step)
    {
        await using var host = await CrashRecoveryHostFixture.StartAsync(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var audience = await host.NewAudienceAsync();
        var recipients = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync(audience, "confirmed", recipients);
        var body = new { subject = "Une seule fois", html = "<p>Bonjour {{firstName|à vous}}</p>", audiences = new[] { audience } };
        var key = Guid.NewGuid().ToString();

        host.Crashes.Arm(step);
        Assert.Equal(HttpStatusCode.InternalServerError, (await PostCampaignAsync(host, body, key)).StatusCode);
        Assert.Equal(step, host.Crashes.Fired);

        // The script retries the 500 with the same key; the dispatcher does the rest.
        var again = await PostCampaignAsync(host, body, key);
        Assert.True(again.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, again.StatusCode.ToString());
        var id = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await host.RecoverAsync();

        foreach (var recipient in recipients) Assert.Equal(1, await host.MailsToAsync(recipient, "Une seule fois"));
        var campaign = Assert.Single(await CampaignsAsync(host, CampaignKinds.OneOff));
        Assert.Equal((id, CampaignStates.Sent), (campaign.Id, campaign.State));
    }

    private static async Task<HttpResponseMessage> PostCampaignAsync(CrashRecoveryHostFixture host, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/campaigns") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await host.CreateAdminClient().SendAsync(request);
    }

    private static async Task<IReadOnlyList<CampaignStatus>> CampaignsAsync(CrashRecoveryHostFixture host, string kind) =>
        (await host.Services.GetRequiredService<CampaignService>().ListRecentAsync(50)).Where(c => c.Kind == kind).ToList();
}
