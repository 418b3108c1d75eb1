using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Subscriptions;
using SendGrid.Helpers.EventWebhook;

namespace Outreach.Core.Webhooks.SendGrid;

public enum WebhookOutcome
{
    Accepted,

    /// <summary>Missing or wrong signature (or no verification key configured): nothing applied.</summary>
    Unauthorized,

    /// <summary>Signed, but not a JSON array of events.</summary>
    Invalid,
}

public sealed record WebhookReceipt(WebhookOutcome Outcome, int Applied = 0, int Duplicates = 0);

/// <summary>Verifies the Event Webhook's ECDSA signature with SendGrid's own validator and the configured verification key.</summary>
public sealed class WebhookSignature(IOptions<SendGridOptions> options, ILogger<WebhookSignature> logger)
{
    public const string SignatureHeader = RequestValidator.SIGNATURE_HEADER;
    public const string TimestampHeader = RequestValidator.TIMESTAMP_HEADER;

    private readonly RequestValidator validator = new();
    private readonly Lazy<EllipticCurve.PublicKey?> publicKey = new(() => ReadKey(options.Value.WebhookPublicKey, logger));

    public bool IsValid(string payload, string? signature, string? timestamp)
    {
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp) || publicKey.Value is not { } key) return false;
        try
        {
            return validator.VerifySignature(key, payload, signature.Trim(), timestamp.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
        {
            return false; // a signature that does not even decode
        }
    }

    private static EllipticCurve.PublicKey? ReadKey(string configured, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            logger.LogError("SendGrid:WebhookPublicKey is not configured: every Event Webhook post is refused (401)");
            return null;
        }

        var pem = configured.Contains("-----BEGIN", StringComparison.Ordinal)
            ? configured
            : $"-----BEGIN PUBLIC KEY-----\n{configured.Trim()}\n-----END PUBLIC KEY-----";
        try
        {
            return new RequestValidator().ConvertPublicKeyToECDSA(pem);
        }
        catch (Exception e)
        {
            logger.LogError(e, "SendGrid:WebhookPublicKey is not a valid ECDSA public key: every Event Webhook post is refused (401)");
            return null;
        }
    }
}

/// <summary>
/// SendGrid's Event Webhook: a signed post of events. Bounces, drops, spam reports and unsubscribes suppress the address
/// everywhere; each event counts once toward its campaign (deduplicated by sg_event_id, since SendGrid retries posts).
/// </summary>
public sealed class SendGridEventWebhook(
    WebhookSignature signature,
    DeliveryEventStore events,
    SubscriberPrivacy privacy,
    ILogger<SendGridEventWebhook> logger)
{
    public async Task<WebhookReceipt> ReceiveAsync(string body, string? signatureHeader, string? timestampHeader, CancellationToken cancellationToken = default)
    {
        if (!signature.IsValid(body, signatureHeader, timestampHeader)) return new WebhookReceipt(WebhookOutcome.Unauthorized);
        var posted = SendGridEvent.ParseAll(body);
        if (posted is null) return new WebhookReceipt(WebhookOutcome.Invalid);

        var applied = 0;
        var duplicates = 0;
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(posted, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (e, token) =>
        {
            if (await ApplyAsync(e, token))
            {
                Interlocked.Increment(ref applied);
                if (CampaignStore.IsWellFormedId(e.CampaignId))
                {
                    lock (counts)
                    {
                        var perType = counts.TryGetValue(e.CampaignId!, out var existing) ? existing : counts[e.CampaignId!] = new Dictionary<string, int>(StringComparer.Ordinal);
                        perType[e.Type] = perType.GetValueOrDefault(e.Type) + 1;
                    }
                }
            }
            else
            {
                Interlocked.Increment(ref duplicates);
            }
        });

        foreach (var (campaignId, perType) in counts) await events.AddAsync(campaignId, perType, cancellationToken);
        logger.LogInformation("SendGrid webhook: {Applied} events applied, {Duplicates} duplicates ignored", applied, duplicates);
        return new WebhookReceipt(WebhookOutcome.Accepted, applied, duplicates);
    }

    /// <summary>Suppresses first (idempotent), then records the event: a post retried after a failure still suppresses.</summary>
    private async Task<bool> ApplyAsync(SendGridEvent e, CancellationToken cancellationToken)
    {
        var address = EmailAddress.TryParse(e.Email, out var parsed) ? parsed : null;
        if (address is not null && SendGridEventTypes.Suppresses(e))
            await privacy.SuppressAsync(address, $"sendgrid:{e.Type}", cancellationToken);
        return await events.TryRecordAsync(e, address?.Key, cancellationToken);
    }
}
