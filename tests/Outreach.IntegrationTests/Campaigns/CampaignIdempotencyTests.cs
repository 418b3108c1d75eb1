using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary><c>POST /api/admin/campaigns</c> with an <c>Idempotency-Key</c>: a retry gives the same campaign, never a second one.</summary>
public sealed class CampaignIdempotencyTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    [Fact]
    public async Task A_create_sent_again_with_its_Idempotency_Key_gives_the_same_campaign_and_each_recipient_one_copy()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 4);
        await host.ImportAsync(audience, "confirmed", emails);
        var key = Guid.NewGuid().ToString();
        var body = new { subject = "Bonjour {{firstName}}", html = "<p>Le numéro du mois.</p>", audiences = new[] { audience } };

        var first = await PostAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await host.DrainQueuesAsync();
        var again = await PostAsync(body, key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal($"/api/admin/campaigns/{id}", again.Headers.Location?.OriginalString);
        await host.DrainQueuesAsync();

        var copies = host.SendGrid.CopiesOf(id!);
        DeliveryClient.AssertSameAddresses(emails, copies.Keys);
        Assert.All(copies.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_another_body_is_a_422_and_makes_nothing()
    {
        var audience = await host.NewAudienceAsync();
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(new { subject = "Octobre", html = "<p>Un</p>", audiences = new[] { audience } }, key)).StatusCode);

        var other = await PostAsync(new { subject = "Novembre", html = "<p>Deux</p>", audiences = new[] { audience } }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var recent = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/campaigns?count=200");
        Assert.DoesNotContain(recent.EnumerateArray(), c => c.GetProperty("subject").GetString() == "Novembre");
    }

    [Theory]
    [InlineData("clé avec espaces")]
    [InlineData(null)]
    public async Task An_Idempotency_Key_that_is_not_1_to_255_visible_ASCII_characters_is_a_400(string? key)
    {
        key ??= new string('k', 256);
        var response = await PostAsync(new { subject = "s", html = "<p>x</p>", audiences = new[] { "newsletter" } }, key);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Without_an_Idempotency_Key_each_create_is_a_campaign_of_its_own()
    {
        var audience = await host.NewAudienceAsync();
        var body = new { subject = "Deux fois", html = "<p>x</p>", audiences = new[] { audience } };
        Assert.NotEqual(await host.CreateCampaignAsync(body), await host.CreateCampaignAsync(body));
    }

    private async Task<HttpResponseMessage> PostAsync(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/campaigns") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await host.CreateAdminClient().SendAsync(request);
    }
}
