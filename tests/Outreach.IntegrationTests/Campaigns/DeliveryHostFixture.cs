using System.Security.Cryptography;
using System.Text;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>
/// The DevHost sending through SendGrid to a <see cref="FakeSendGrid"/>, with small batches (3 recipients) so a handful of
/// subscribers makes several batches, no back-off waits, failed queue messages visible again at once, and an Event
/// Webhook verification key whose private half the tests hold.
/// </summary>
public class DeliveryHostFixture : DevHostFixture
{
    public const int BatchSize = 3;
    public const int MaxSendAttempts = 3;

    /// <summary>A SendGrid unsubscribe group mapped to an audience (<c>SendGrid:Groups</c>); tests create the audience.</summary>
    public const string GroupId = "4242";

    public const string GroupAudience = "webhook-group";

    public DeliveryHostFixture()
    {
        SendGrid = FakeSendGrid.StartAsync().GetAwaiter().GetResult();
        WithSettings(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "SendGrid",
            ["SendGrid:ApiKey"] = FakeSendGrid.ApiKey,
            ["SendGrid:Host"] = SendGrid.BaseAddress.ToString().TrimEnd('/'),
            ["SendGrid:WebhookPublicKey"] = Convert.ToBase64String(WebhookKey.ExportSubjectPublicKeyInfo()),
            ["Delivery:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delivery:MaxSendAttempts"] = MaxSendAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delivery:RetryBaseDelay"] = "00:00:00",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
            [$"SendGrid:Groups:{GroupId}"] = GroupAudience,
        });
    }

    public FakeSendGrid SendGrid { get; }

    /// <summary>The key SendGrid would sign its Event Webhook posts with.</summary>
    public ECDsa WebhookKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Signs a webhook body the way SendGrid does: ECDSA P-256 / SHA-256 over timestamp + body, DER, base64.</summary>
    public (string Signature, string Timestamp) Sign(string body, ECDsa? key = null, DateTimeOffset? signedAt = null)
    {
        var timestamp = (signedAt ?? FakeTime?.GetUtcNow() ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = (key ?? WebhookKey).SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return (Convert.ToBase64String(signature), timestamp);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await SendGrid.DisposeAsync();
        WebhookKey.Dispose();
        GC.SuppressFinalize(this);
    }
}
