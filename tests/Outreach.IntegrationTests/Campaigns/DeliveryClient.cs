using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Common.Storage;
using Outreach.Core.Webhooks.SendGrid;
using Outreach.DevHost;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>What the comms team, the queues and SendGrid do in the delivery tests, in a few words each.</summary>
public static class DeliveryClient
{
    /// <summary>A fresh audience with the given subscribers imported as <paramref name="status"/> (through the admin import).</summary>
    public static async Task ImportAsync(this DevHostFixture host, string audienceId, string status, params string[] emails)
    {
        var csv = new StringBuilder("email,firstName\n");
        foreach (var email in emails) csv.Append(email).Append(',').Append(FirstNameOf(email)).Append('\n');
        var response = await host.CreateAdminClient().PostAsync($"/api/admin/audiences/{audienceId}/import?status={status}&source=integration-test",
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The first name the import gives an address: its local part, capitalised.</summary>
    public static string FirstNameOf(string email) => char.ToUpperInvariant(email[0]) + email[1..email.IndexOf('@')];

    /// <summary>Addresses unique to one test: <c>{prefix}-{i}@example.org</c>.</summary>
    public static string[] Addresses(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => $"{prefix}{i}@example.org").ToArray();

    public static void AssertSameAddresses(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal), actual.Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal));

    public static string NewPrefix() => "r" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>POST /api/admin/campaigns; returns the new campaign's id.</summary>
    public static async Task<string> CreateCampaignAsync(this DevHostFixture host, params string[] audiences) =>
        await host.CreateCampaignAsync(new { subject = "Bonjour {{firstName}}", html = "<p>Bonjour {{firstName|à vous}},</p><p>Le numéro du mois.</p>", audiences });

    public static async Task<string> CreateCampaignAsync(this DevHostFixture host, object body)
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/campaigns", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> CampaignAsync(this DevHostFixture host, string id) =>
        await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{id}");

    public static int Count(this JsonElement campaign, string name) => campaign.GetProperty("counts").GetProperty(name).GetInt32();

    public static string State(this JsonElement campaign) => campaign.GetProperty("state").GetString()!;

    /// <summary>Runs only the planner until its queue is empty: every batch is written and queued, none sent.</summary>
    public static async Task PlanOnlyAsync(this DevHostFixture host)
    {
        var processor = host.Services.GetRequiredService<QueueProcessor>();
        var planner = processor.Functions.Single(f => f.Name == "PlanCampaign");
        while (await processor.ProcessBatchAsync(planner) > 0)
        {
        }
    }

    /// <summary>The batch messages waiting in the queue (at most 32: enough for the tests' campaigns).</summary>
    public static async Task<IReadOnlyList<BatchMessage>> PeekBatchMessagesAsync(this DevHostFixture host)
    {
        var queue = await host.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.CampaignBatches);
        var peeked = (await queue.PeekMessagesAsync(32)).Value;
        return peeked.Select(m => DeliveryQueue.ParseBatch(m.Body.ToString())!).ToList();
    }

    /// <summary>Queues copies of messages, as a replay (or an at-least-once redelivery) would.</summary>
    public static async Task ReplayAsync(this DevHostFixture host, IEnumerable<BatchMessage> messages)
    {
        var queue = await host.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.CampaignBatches);
        foreach (var message in messages) await queue.SendMessageAsync(DeliveryQueue.Serialize(message));
    }

    public static async Task<int> PoisonedBatchMessagesAsync(this DevHostFixture host)
    {
        var queue = await host.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.CampaignBatches + QueueNames.PoisonSuffix);
        return (await queue.PeekMessagesAsync(32)).Value.Length;
    }

    /// <summary>Posts an Event Webhook body signed with the fixture's key (or <paramref name="key"/>).</summary>
    public static async Task<HttpResponseMessage> PostWebhookAsync(this DeliveryHostFixture host, string body, System.Security.Cryptography.ECDsa? key = null, DateTimeOffset? signedAt = null)
    {
        var (signature, timestamp) = host.Sign(body, key, signedAt);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.SignatureHeader, signature);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        return await host.CreateClient().SendAsync(request);
    }

    public static string Event(string type, string email, string? campaignId = null, string? bounceType = null, string? reason = null, string? groupId = null,
        string? eventId = null, string? url = null, string? classification = null, DateTimeOffset? at = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["reason"] = reason,
            ["asm_group_id"] = groupId is null ? null : int.Parse(groupId, System.Globalization.CultureInfo.InvariantCulture),
            ["email"] = email,
            ["event"] = type,
            ["sg_event_id"] = eventId ?? Guid.NewGuid().ToString("N"),
            ["sg_message_id"] = "m." + Guid.NewGuid().ToString("N")[..10],
            ["timestamp"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            ["campaign_id"] = campaignId,
            ["batch"] = "1",
            ["type"] = bounceType,
            ["url"] = url,
            ["bounce_classification"] = classification,
        });
}
