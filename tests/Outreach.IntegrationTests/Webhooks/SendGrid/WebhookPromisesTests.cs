using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Time;
using Outreach.Core.Mail;
using Outreach.Core.Webhooks.SendGrid;
using Outreach.Functions.Webhooks.SendGrid;
using Outreach.IntegrationTests.Subscriptions;
using Outreach.IntegrationTests.Campaigns;

namespace Outreach.IntegrationTests.Webhooks.SendGrid;

/// <summary>
/// What the Event Webhook must not do, even when SendGrid (or someone with a captured post) says so: empty the list over
/// a content or account problem, reach beyond a group, replay, or read a large body before it knows who sent it.
/// </summary>
public sealed class WebhookPromisesTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    [Theory]
    [InlineData("Recipient List over Package Quota")]
    [InlineData("Spam Content (if spam checker app enabled)")]
    [InlineData("Invalid SMTPAPI header")]
    public async Task A_drop_about_the_content_or_the_account_suppresses_nobody_and_shows_on_the_campaign(string reason)
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 4);
        await host.ImportAsync(audience, "confirmed", emails);
        var first = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();

        var drops = "[" + string.Join(",", emails.Select(e => DeliveryClient.Event("dropped", e, first, reason: reason))) + "]";
        (await host.PostWebhookAsync(drops)).EnsureSuccessStatusCode();

        foreach (var email in emails)
        {
            var record = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{email}");
            Assert.False(record.TryGetProperty("suppressed", out var suppressed) && suppressed.ValueKind == JsonValueKind.String, $"{email} was suppressed by '{reason}'");
        }

        var problems = (await host.CampaignAsync(first)).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains(reason, StringComparison.Ordinal) && p.Contains("4", StringComparison.Ordinal));
        var second = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        DeliveryClient.AssertSameAddresses(emails, host.SendGrid.CopiesOf(second).Keys);
    }

    [Fact]
    public async Task A_bounce_reason_kept_on_the_campaign_does_not_quote_the_address()
    {
        var audience = await host.NewAudienceAsync();
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        await host.ImportAsync(audience, "confirmed", email);
        var id = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();

        var reputation = JsonSerializer.Deserialize<Dictionary<string, object?>>(DeliveryClient.Event("bounce", email, id, bounceType: "bounce",
            reason: $"550 5.7.1 <{email}>: message refused for reputation"))!;
        reputation["bounce_classification"] = "Reputation";
        (await host.PostWebhookAsync($"[{JsonSerializer.Serialize(reputation)}]")).EnsureSuccessStatusCode();

        var campaign = await host.CampaignAsync(id);
        var problem = Assert.Single(campaign.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("reputation", StringComparison.Ordinal)).GetString()!;
        Assert.DoesNotContain(email[..email.IndexOf('@')], problem, StringComparison.OrdinalIgnoreCase);
        var record = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{email}");
        Assert.False(record.TryGetProperty("suppressed", out var suppressed) && suppressed.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task A_captured_post_replayed_more_than_ten_minutes_later_is_refused_and_changes_nothing()
    {
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", email);

        var replayed = await host.PostWebhookAsync($"[{DeliveryClient.Event("spamreport", email)}]", signedAt: DateTimeOffset.UtcNow.AddMinutes(-11));
        var fromTheFuture = await host.PostWebhookAsync($"[{DeliveryClient.Event("spamreport", email)}]", signedAt: DateTimeOffset.UtcNow.AddMinutes(30));

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, fromTheFuture.StatusCode);
        var record = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{email}");
        Assert.False(record.TryGetProperty("suppressed", out var suppressed) && suppressed.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task A_group_unsubscribe_leaves_only_the_audience_of_its_group_and_a_group_resubscribe_undoes_it()
    {
        await EnsureAudienceAsync(DeliveryHostFixture.GroupAudience);
        var other = await host.NewAudienceAsync();
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        await host.ImportAsync(DeliveryHostFixture.GroupAudience, "confirmed", email);
        await host.ImportAsync(other, "confirmed", email);

        (await host.PostWebhookAsync($"[{DeliveryClient.Event("group_unsubscribe", email, groupId: DeliveryHostFixture.GroupId)}]")).EnsureSuccessStatusCode();
        var left = await StatusesAsync(email);
        (await host.PostWebhookAsync($"[{DeliveryClient.Event("group_resubscribe", email, groupId: DeliveryHostFixture.GroupId)}]")).EnsureSuccessStatusCode();
        var back = await StatusesAsync(email);

        Assert.Equal(("unsubscribed", "confirmed", false), (left[DeliveryHostFixture.GroupAudience], left[other], left.ContainsKey("suppressed")));
        Assert.Equal(("confirmed", "confirmed", false), (back[DeliveryHostFixture.GroupAudience], back[other], back.ContainsKey("suppressed")));
    }

    [Fact]
    public async Task A_group_event_of_an_unmapped_group_changes_no_subscription()
    {
        var audience = await host.NewAudienceAsync();
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        await host.ImportAsync(audience, "confirmed", email);

        (await host.PostWebhookAsync($"[{DeliveryClient.Event("group_unsubscribe", email, groupId: "7")}]")).EnsureSuccessStatusCode();

        var statuses = await StatusesAsync(email);
        Assert.Equal(("confirmed", false), (statuses[audience], statuses.ContainsKey("suppressed")));
    }

    [Fact]
    public async Task A_group_resubscribe_does_not_undo_an_unsubscribe_made_from_our_own_link()
    {
        await EnsureAudienceAsync(DeliveryHostFixture.GroupAudience);
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        await host.ImportAsync(DeliveryHostFixture.GroupAudience, "confirmed", email);
        (await host.PostWebhookAsync($"[{DeliveryClient.Event("unsubscribe", email)}]")).EnsureSuccessStatusCode();

        (await host.PostWebhookAsync($"[{DeliveryClient.Event("group_resubscribe", email, groupId: DeliveryHostFixture.GroupId)}]")).EnsureSuccessStatusCode();

        var statuses = await StatusesAsync(email);
        Assert.True(statuses.ContainsKey("suppressed"));
    }

    [Fact]
    public async Task An_event_posted_again_within_the_window_has_its_effect_once()
    {
        await EnsureAudienceAsync(DeliveryHostFixture.GroupAudience);
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        await host.ImportAsync(DeliveryHostFixture.GroupAudience, "confirmed", email);
        var leave = $"[{DeliveryClient.Event("group_unsubscribe", email, groupId: DeliveryHostFixture.GroupId)}]";
        (await host.PostWebhookAsync(leave)).EnsureSuccessStatusCode();
        (await host.PostWebhookAsync($"[{DeliveryClient.Event("group_resubscribe", email, groupId: DeliveryHostFixture.GroupId)}]")).EnsureSuccessStatusCode();

        var again = await (await host.PostWebhookAsync(leave)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        Assert.Equal("confirmed", (await StatusesAsync(email))[DeliveryHostFixture.GroupAudience]);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("bm90IGEgc2lnbmF0dXJl", null)]
    [InlineData("bm90IGEgc2lnbmF0dXJl", "stale")]
    public async Task A_post_without_a_fresh_plausible_signature_is_refused_before_its_body_is_read(string? signature, string? timestamp)
    {
        var function = ActivatorUtilities.CreateInstance<SendGridWebhookFunction>(host.Services);
        var body = new UnreadableBody();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = SendGridWebhookFunction.MaxWebhookBytes;
        context.Request.Body = body;
        if (signature is not null) context.Request.Headers[WebhookSignature.SignatureHeader] = signature;
        context.Request.Headers[WebhookSignature.TimestampHeader] = timestamp == "stale"
            ? DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : timestamp;

        var result = await function.Receive(context.Request, CancellationToken.None);

        Assert.Equal(StatusCodes.Status401Unauthorized, Assert.IsType<Microsoft.AspNetCore.Mvc.ContentResult>(result).StatusCode);
        Assert.Equal(0, body.Reads);
    }

    [Fact]
    public async Task A_signed_post_announcing_more_than_the_limit_is_refused_before_its_body_is_read()
    {
        var function = ActivatorUtilities.CreateInstance<SendGridWebhookFunction>(host.Services);
        var (signature, timestamp) = host.Sign("[]");
        var body = new UnreadableBody();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentLength = SendGridWebhookFunction.MaxWebhookBytes + 1;
        context.Request.Body = body;
        context.Request.Headers[WebhookSignature.SignatureHeader] = signature;
        context.Request.Headers[WebhookSignature.TimestampHeader] = timestamp;

        var result = await function.Receive(context.Request, CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsType<Microsoft.AspNetCore.Mvc.ContentResult>(result).StatusCode);
        Assert.Equal(0, body.Reads);
    }

    private async Task EnsureAudienceAsync(string id)
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/audiences", new { id, name = "Group " + id, cadence = "weekly" });
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Membership status per audience, plus a "suppressed" entry when the address is suppressed.</summary>
    private async Task<Dictionary<string, string>> StatusesAsync(string email)
    {
        var record = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{email}");
        var statuses = record.GetProperty("memberships").EnumerateArray().ToDictionary(m => m.GetProperty("audience").GetString()!, m => m.GetProperty("status").GetString()!);
        if (record.TryGetProperty("suppressed", out var suppressed) && suppressed.ValueKind == JsonValueKind.String) statuses["suppressed"] = suppressed.GetString()!;
        return statuses;
    }

    /// <summary>A request body that counts every attempt to read it.</summary>
    private sealed class UnreadableBody : Stream
    {
        public int Reads { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            return 0;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return ValueTask.FromResult(0);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
