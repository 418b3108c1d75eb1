using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Events;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>
/// The newsletter's one-click links through the SendGrid transport: one signed link per recipient, carried as a
/// substitution in a request the fake SendGrid checks against SendGrid's schema (a refused body would fail the campaign).
/// </summary>
public sealed class PersonalLinksOverSendGridTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    [Fact]
    public async Task Each_recipient_of_a_newsletter_gets_their_own_one_click_link_as_a_substitution_sendgrid_accepts()
    {
        var start = DateTimeOffset.UtcNow.AddDays(12);
        var session = await host.CreateSessionAtAsync(start, start.AddHours(1));
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 2);
        await host.ImportAsync(audience, "confirmed", emails);
        var admin = host.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/newsletters", new
        {
            subject = "Lettre aux liens personnels", editorial = "Un édito.", audiences = new[] { audience },
            sections = new[] { new { title = "Le guide", body = "Subventions et mécénat." } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issue = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var scheduled = await admin.PostAsJsonAsync($"/api/admin/newsletters/{issue}/schedule", new { now = true });
        Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);
        var campaign = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetString()!;
        await host.DrainQueuesAsync();

        Assert.Equal(2, (await host.CampaignAsync(campaign)).Count("sent"));
        var request = Assert.Single(host.SendGrid.RequestsOf(campaign), r => r.Status == 202);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        // Each personalization carries the session's link (as the HTML part and as the text part want it).
        var perRecipient = body.GetProperty("personalizations").EnumerateArray()
            .Select(p => p.GetProperty("substitutions").EnumerateObject().Where(s => s.Value.GetString()!.Contains($"/api/events/{session}/one-click?token=", StringComparison.Ordinal)).ToList())
            .ToList();
        Assert.Equal(2, perRecipient.Count);
        Assert.All(perRecipient, Assert.NotEmpty);
        var tokens = perRecipient.Select(links => links.Select(l => l.Value.GetString()!.Split("token=")[1].Split('&', '"')[0]).Distinct().Single()).ToList();
        Assert.NotEqual(tokens[0], tokens[1]); // one link per person, never shared
        var html = body.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString()!;
        Assert.Contains(perRecipient[0], l => html.Contains(l.Name, StringComparison.Ordinal)); // the body names the substitution
    }
}
