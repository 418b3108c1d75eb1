using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>Locally, a campaign becomes one .eml per recipient with everything filled in, exactly what each subscriber receives.</summary>
public sealed class OutboxCampaignTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task Each_recipient_gets_an_eml_with_their_own_values_and_unsubscribe_headers()
    {
        var audience = await host.NewAudienceAsync();
        var emails = DeliveryClient.Addresses(DeliveryClient.NewPrefix(), 3);
        await host.ImportAsync(audience, "confirmed", emails);

        var id = await host.CreateCampaignAsync(new
        {
            subject = "Bonjour {{firstName}}",
            preheader = "Le numéro d'octobre",
            html = "<html><body><h1>L'économie de l'alliance</h1><p>Bonjour {{firstName|à vous}},</p></body></html>",
            audiences = new[] { audience },
        });
        await host.DrainQueuesAsync();

        var links = host.Services.GetRequiredService<SubscriptionLinks>();
        foreach (var email in emails)
        {
            var mail = Assert.Single(await host.ReadOutboxAsync(email));
            var firstName = DeliveryClient.FirstNameOf(email);
            Assert.Equal($"Bonjour {firstName}", mail.Subject);
            Assert.Contains($"Bonjour {firstName},", mail.HtmlBody);
            Assert.Contains($"Bonjour {firstName},", mail.TextBody);
            Assert.DoesNotContain("%%", mail.HtmlBody + mail.TextBody + mail.Subject);
            Assert.DoesNotContain("{{", mail.HtmlBody + mail.TextBody);
            var unsubscribe = links.Unsubscribe(EmailAddress.KeyOf(email), audience);
            Assert.Equal($"<{unsubscribe}>", mail.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
            Assert.EndsWith($"<{audience}.outreach.example.org>", mail.Headers["List-Id"]);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(unsubscribe), mail.HtmlBody); // the visible footer link
            Assert.Contains(unsubscribe, mail.TextBody);
        }

        Assert.Equal(("sent", 3), ((await host.CampaignAsync(id)).State(), (await host.CampaignAsync(id)).Count("sent")));
    }
}
