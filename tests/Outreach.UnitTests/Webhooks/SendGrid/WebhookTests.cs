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
    [InlineData("bounce", "bounce", null, null, EventEffect.Suppress)]
    [InlineData("bounce", "bounce", null, "Invalid Address", EventEffect.Suppress)]
    [InlineData("bounce", "bounce", null, "Content", EventEffect.CampaignProblem)]
    [InlineData("bounce", "bounce", null, "Reputation", EventEffect.CampaignProblem)]
    [InlineData("bounce", "blocked", null, null, EventEffect.None)]
    [InlineData("dropped", null, "Bounced Address", null, EventEffect.Suppress)]
    [InlineData("dropped", null, "Spam Reporting Address", null, EventEffect.Suppress)]
    [InlineData("dropped", null, "Unsubscribed Address", null, EventEffect.Suppress)]
    [InlineData("dropped", null, "Invalid", null, EventEffect.Suppress)]
    [InlineData("dropped", null, "Spam Content (if spam checker app enabled)", null, EventEffect.CampaignProblem)]
    [InlineData("dropped", null, "Recipient List over Package Quota", null, EventEffect.CampaignProblem)]
    [InlineData("dropped", null, "Invalid SMTPAPI header", null, EventEffect.CampaignProblem)]
    [InlineData("dropped", null, null, null, EventEffect.CampaignProblem)]
    [InlineData("spamreport", null, null, null, EventEffect.Suppress)]
    [InlineData("unsubscribe", null, null, null, EventEffect.Suppress)]
    [InlineData("group_unsubscribe", null, null, null, EventEffect.LeaveGroup)]
    [InlineData("group_resubscribe", null, null, null, EventEffect.RejoinGroup)]
    [InlineData("delivered", null, null, null, EventEffect.None)]
    [InlineData("open", null, null, null, EventEffect.None)]
    public void Only_address_level_failures_and_complaints_suppress(string type, string? bounceType, string? reason, string? classification, EventEffect effect) =>
        Assert.Equal(effect, SendGridEventRules.EffectOf(new SendGridEvent("id", type, "a@example.org", null, null, null, reason, bounceType) { BounceClassification = classification }));

    [Fact]
    public void A_kept_reason_does_not_quote_the_address()
    {
        var e = new SendGridEvent("id", "bounce", "Marie.Curie@example.org", null, null, null, "550 5.1.1 <marie.curie@example.org>: unknown user marie.curie", "bounce");
        Assert.Equal("550 5.1.1 <<recipient>>: unknown user <recipient>", SendGridEventRules.ScrubbedReason(e));
    }

    [Fact]
    public void Headers_without_a_plausible_signature_or_with_a_stale_timestamp_are_refused_on_their_own()
    {
        var (check, key) = Signature();
        var now = DateTimeOffset.FromUnixTimeSeconds(1764000000);
        var signature = Sign(key, "1764000000", Payload);

        Assert.Equal(WebhookOutcome.Accepted, check.CheckHeaders(signature, "1764000000", now));
        Assert.Equal(WebhookOutcome.Accepted, check.CheckHeaders(signature, "1764000000", now.AddMinutes(9)));
        Assert.Equal(WebhookOutcome.Stale, check.CheckHeaders(signature, "1764000000", now.AddMinutes(11)));
        Assert.Equal(WebhookOutcome.Stale, check.CheckHeaders(signature, "1764000000", now.AddMinutes(-5)));
        Assert.Equal(WebhookOutcome.Unauthorized, check.CheckHeaders(null, "1764000000", now));
        Assert.Equal(WebhookOutcome.Unauthorized, check.CheckHeaders("not base64!", "1764000000", now));
        Assert.Equal(WebhookOutcome.Unauthorized, check.CheckHeaders(signature, "yesterday", now));
        Assert.Equal(WebhookOutcome.Unauthorized, check.CheckHeaders(new string('A', 400), "1764000000", now));
    }
}
