using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Outreach.IntegrationTests.Campaigns;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Webhooks.SendGrid;

/// <summary>SendGrid's Event Webhook: only signed posts count; bounces and complaints suppress; events count once.</summary>
public sealed class SendGridWebhookTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    [Fact]
    public async Task A_forged_post_is_refused_and_changes_nothing()
    {
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forged = await host.PostWebhookAsync($"[{DeliveryClient.Event("spamreport", email)}]", forger);
        var unsigned = await host.CreateClient().PostAsync("/api/webhooks/sendgrid", new StringContent($"[{DeliveryClient.Event("bounce", email)}]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync($"/api/admin/subscribers/{email}")).StatusCode);
    }

    [Theory]
    [InlineData("bounce", "bounce", null)]
    [InlineData("dropped", null, "Bounced Address")]
    [InlineData("dropped", null, "Invalid")]
    [InlineData("spamreport", null, null)]
    [InlineData("unsubscribe", null, null)]
    public async Task A_signed_hard_failure_or_complaint_suppresses_the_address_everywhere(string type, string? bounceType, string? reason)
    {
        var audience = await host.NewAudienceAsync();
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        await host.ImportAsync(audience, "confirmed", email);

        var response = await host.PostWebhookAsync($"[{DeliveryClient.Event(type, email, bounceType: bounceType, reason: reason)}]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{email}");
        Assert.Equal($"sendgrid:{type}", record.GetProperty("suppressed").GetString());
        // And a campaign to its audience leaves it out.
        var id = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        Assert.Empty(host.SendGrid.CopiesOf(id));
        Assert.Equal(1, (await host.CampaignAsync(id)).Count("suppressed"));
    }

    [Fact]
    public async Task A_blocked_bounce_is_temporary_and_suppresses_nothing()
    {
        var email = $"{DeliveryClient.NewPrefix()}@example.org";
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", email);
        (await host.PostWebhookAsync($"[{DeliveryClient.Event("bounce", email, bounceType: "blocked")}]")).EnsureSuccessStatusCode();

        var record = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{email}");
        Assert.False(record.TryGetProperty("suppressed", out _));
    }

    [Fact]
    public async Task Delivery_events_count_toward_their_campaign_once_even_when_SendGrid_posts_them_again()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync(audience, "confirmed", emails);
        var id = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();

        var body = "[" + string.Join(",", DeliveryClient.Event("delivered", emails[0], id), DeliveryClient.Event("delivered", emails[1], id),
            DeliveryClient.Event("open", emails[0], id), DeliveryClient.Event("click", emails[0], id)) + "]";
        var first = await (await host.PostWebhookAsync(body)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await host.PostWebhookAsync(body)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((4, 0), (first.GetProperty("applied").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        Assert.Equal((0, 4), (again.GetProperty("applied").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        var campaign = await host.CampaignAsync(id);
        Assert.Equal((2, 1, 1), (campaign.Count("delivered"), campaign.Count("opened"), campaign.Count("clicked")));
    }

    [Fact]
    public async Task A_signed_post_that_is_not_a_list_of_events_is_a_400()
    {
        var response = await host.PostWebhookAsync("{\"event\":\"delivered\"}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
