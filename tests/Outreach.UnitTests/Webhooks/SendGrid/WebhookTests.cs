using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.UnitTests.Webhooks.SendGrid;

public class WebhookTests
{
    private const string Payload = "[{\"email\":\"a@example.org\",\"event\":\"bounce\",\"sg_event_id\":\"e1\",\"timestamp\":1764000000,\"campaign_id\":\"c\",\"type\":\"bounce\"}]";

    private static (WebhookSignature Check, ECDsa Key) Signature()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = Options.Create(new SendGridOptions { WebhookPublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()) });
        return (new WebhookSignature(options, NullLogger<WebhookSignature>.Instance), key);
    }

    private static string Sign(ECDsa key, string timestamp, string payload) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    [Fact]
    public void A_post_signed_with_the_configured_key_is_genuine()
    {
        var (check, key) = Signature();
        Assert.True(check.IsValid(Payload, Sign(key, "1764000000", Payload), "1764000000"));
    }

    [Fact]
    public void A_forged_or_altered_post_is_not()
    {
        var (check, key) = Signature();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(check.IsValid(Payload, Sign(other, "1764000000", Payload), "1764000000"));
        Assert.False(check.IsValid(Payload.Replace("bounce", "delivered"), Sign(key, "1764000000", Payload), "1764000000"));
        Assert.False(check.IsValid(Payload, Sign(key, "1764000000", Payload), "1764000001"));
        Assert.False(check.IsValid(Payload, "not base64!", "1764000000"));
        Assert.False(check.IsValid(Payload, null, null));
    }

    [Fact]
    public void Without_a_configured_key_nothing_is_genuine()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var check = new WebhookSignature(Options.Create(new SendGridOptions()), NullLogger<WebhookSignature>.Instance);
        Assert.False(check.IsValid(Payload, Sign(key, "1", Payload), "1"));
    }

    [Fact]
    public void Events_are_read_with_their_campaign_and_bad_ones_skipped()
    {
        var events = SendGridEvent.ParseAll("[{\"email\":\"a@example.org\",\"event\":\"Delivered\",\"sg_event_id\":\"x\",\"campaign_id\":\"c1\",\"batch\":\"3\"},{\"event\":\"open\"},42]");

        var only = Assert.Single(events!);
        Assert.Equal(("delivered", "c1", "3"), (only.Type, only.CampaignId, only.Batch));
        Assert.Null(SendGridEvent.ParseAll("{\"not\":\"an array\"}"));
        Assert.Null(SendGridEvent.ParseAll("not json"));
    }

    [Theory]
    [InlineData("bounce", "bounce", true)]
    [InlineData("bounce", "blocked", false)]
    [InlineData("dropped", null, true)]
    [InlineData("spamreport", null, true)]
    [InlineData("unsubscribe", null, true)]
    [InlineData("group_unsubscribe", null, true)]
    [InlineData("delivered", null, false)]
    [InlineData("open", null, false)]
    public void Hard_failures_and_complaints_suppress_the_address(string type, string? bounceType, bool suppresses) =>
        Assert.Equal(suppresses, SendGridEventTypes.Suppresses(new SendGridEvent("id", type, "a@example.org", null, null, null, null, bounceType)));
}
