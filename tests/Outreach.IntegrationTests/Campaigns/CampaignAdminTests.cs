using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>The campaign admin API at its edges: bad input is a 400 problem, never a 500; tests go to the given addresses only.</summary>
public sealed class CampaignAdminTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    public static TheoryData<string, string> BadCampaigns => new()
    {
        { "{\"html\":\"<p>x</p>\",\"audiences\":[\"newsletter\"]}", "subject" },
        { "{\"subject\":\"s\",\"audiences\":[\"newsletter\"]}", "html" },
        { "{\"subject\":\"s\",\"html\":\"<p>x</p>\"}", "audiences" },
        { "{\"subject\":\"s\",\"html\":\"<p>x</p>\",\"audiences\":[\"nope\"]}", "audiences" },
        { "{\"subject\":\"s\",\"html\":\"<p>{{prenom}}</p>\",\"audiences\":[\"newsletter\"]}", "html" },
        { "{\"subject\":\"s\",\"html\":\"<p>x</p>\",\"audiences\":[\"newsletter\"],\"sendAt\":\"2020-01-01T09:00\"}", "sendAt" },
        { "{\"subject\":\"s\",\"html\":\"<p>x</p>\",\"audiences\":[\"newsletter\"],\"sendAt\":\"2030-03-31T02:30\",\"timeZone\":\"Europe/Paris\"}", "sendAt" },
        { "{\"subject\":\"s\",\"html\":\"<p>x</p>\",\"audiences\":[\"newsletter\"],\"sendAt\":\"2030-01-01T09:00Z\"}", "sendAt" },
        { "{\"subject\":\"s\",\"html\":\"<p>x</p>\",\"audiences\":[\"newsletter\"],\"sendAt\":\"2030-01-01T09:00\",\"timeZone\":\"Mars/Olympus\"}", "timeZone" },
        { "{\"subject\":\"s\",\"html\":\"<p>x</p>\",\"audiences\":[\"newsletter\"],\"kind\":\"spam\"}", "kind" },
    };

    [Theory]
    [MemberData(nameof(BadCampaigns))]
    public async Task A_campaign_that_is_not_valid_is_a_400_naming_the_field(string body, string field)
    {
        var response = await host.CreateAdminClient().PostAsync("/api/admin/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"subject\":42}")]
    [InlineData("[]")]
    public async Task A_body_that_is_not_a_campaign_is_a_400(string body)
    {
        var response = await host.CreateAdminClient().PostAsync("/api/admin/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("0190c2a1b2c3d4e5f60718293a4b5c6d")]
    [InlineData("not-an-id")]
    [InlineData("%27%20or%201%20eq%201")]
    public async Task An_unknown_campaign_is_a_404(string id)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync($"/api/admin/campaigns/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().PostAsync($"/api/admin/campaigns/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Campaign_routes_need_the_admin_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/admin/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().PostAsJsonAsync("/api/admin/campaigns", new { subject = "s" })).StatusCode);
    }

    [Fact]
    public async Task A_created_campaign_answers_201_with_its_id_and_is_listed()
    {
        var audience = await host.NewAudienceAsync();
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/campaigns",
            new { subject = "Bientôt", html = "<p>x</p>", audiences = new[] { audience }, sendAt = "2030-06-01T09:00", timeZone = "Europe/Paris" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/api/admin/campaigns/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("scheduled", created.GetProperty("state").GetString());
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 7, 0, 0, TimeSpan.Zero), created.GetProperty("dueAt").GetDateTimeOffset()); // summer time in Paris
        var list = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/campaigns");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        (await host.CreateAdminClient().PostAsync($"/api/admin/campaigns/{id}/cancel", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_test_send_goes_to_the_given_addresses_only_marked_as_a_test()
    {
        var audience = await host.NewAudienceAsync();
        await host.ImportAsync(audience, "confirmed", DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 3));
        var tester = $"{DeliveryClient.NewPrefix()}@outreach.example.org";
        var before = host.SendGrid.RequestCount;

        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/campaigns/test",
            new { subject = "Octobre", html = "<p>Bonjour {{firstName|à vous}}</p>", audiences = new[] { audience }, to = new[] { tester } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(host.SendGrid.Requests, r => r.Index > before);
        Assert.Equal([tester], request.Recipients);
        Assert.Equal("[TEST] Octobre", request.Subject);
        Assert.Empty(request.Problems);
    }

    [Fact]
    public async Task A_test_send_without_addresses_is_a_400()
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/campaigns/test", new { subject = "s", html = "<p>x</p>", audiences = new[] { "newsletter" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
