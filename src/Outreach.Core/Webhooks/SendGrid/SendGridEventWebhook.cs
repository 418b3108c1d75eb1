using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Subscriptions;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Webhooks.SendGrid;

public enum WebhookOutcome
{
    Accepted,

    /// <summary>Missing or wrong signature (or no verification key configured): nothing applied.</summary>
    Unauthorized,

    /// <summary>Signed long ago (or in the future): a captured post replayed; nothing applied.</summary>
    Stale,

    /// <summary>Signed, but not a JSON array of events.</summary>
    Invalid,
}

public sealed record WebhookReceipt(WebhookOutcome Outcome, int Applied = 0, int Duplicates = 0);

/// <summary>
/// Verifies the Event Webhook's ECDSA P-256 signature (over the timestamp header followed by the raw body) with the
/// configured verification key. The headers are checked on their own first, so a post without a plausible signature
/// or with a stale timestamp is refused before its body is read; the body is then verified as the bytes received.
/// </summary>
public sealed class WebhookSignature(IOptions<SendGridOptions> options, ILogger<WebhookSignature> logger)
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>A signed post older than this is a replay (SendGrid signs each attempt, retries included, when it sends it).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    /// <summary>How far ahead of our clock a timestamp may be (clock skew).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(2);

    /// <summary>A DER-encoded P-256 signature is at most 72 bytes.</summary>
    private const int MaxSignatureBytes = 72;

    private readonly Lazy<ECParameters?> publicKey = new(() => ReadKey(options.Value.WebhookPublicKey, logger));

    /// <summary>What the headers alone say: <see cref="WebhookOutcome.Accepted"/> means "worth reading the body".</summary>
    public WebhookOutcome CheckHeaders(string? signature, string? timestamp, DateTimeOffset now)
    {
        if (publicKey.Value is null || DecodeSignature(signature) is null || !long.TryParse(timestamp?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return WebhookOutcome.Unauthorized;
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return WebhookOutcome.Stale;
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return signedAt < now - MaxAge || signedAt > now + MaxAhead ? WebhookOutcome.Stale : WebhookOutcome.Accepted;
    }

    public bool IsValid(ReadOnlySpan<byte> payload, string? signature, string? timestamp)
    {
        if (publicKey.Value is not { } parameters || DecodeSignature(signature) is not { } der || string.IsNullOrWhiteSpace(timestamp)) return false;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(timestamp.Trim()));
        hash.AppendData(payload);
        using var key = ECDsa.Create(parameters);
        try
        {
            return key.VerifyHash(hash.GetHashAndReset(), der, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false; // a signature that does not even decode as DER
        }
    }

    public bool IsValid(string payload, string? signature, string? timestamp) => IsValid(Encoding.UTF8.GetBytes(payload), signature, timestamp);

    private static byte[]? DecodeSignature(string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature) || signature.Length > 4 * MaxSignatureBytes) return null;
        var bytes = new byte[MaxSignatureBytes];
        return Convert.TryFromBase64String(signature.Trim(), bytes, out var written) && written >= 8 ? bytes[..written] : null;
    }

    private static ECParameters? ReadKey(string configured, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            logger.LogError("SendGrid:WebhookPublicKey is not configured: every Event Webhook post is refused (401)");
            return null;
        }

        try
        {
            using var key = ECDsa.Create();
            if (configured.Contains("-----BEGIN", StringComparison.Ordinal)) key.ImportFromPem(configured);
            else key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(configured.Trim()), out _);
            return key.ExportParameters(includePrivateParameters: false);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            logger.LogError(e, "SendGrid:WebhookPublicKey is not a valid ECDSA public key: every Event Webhook post is refused (401)");
            return null;
        }
    }
}

/// <summary>
/// SendGrid's Event Webhook: a signed, fresh post of events. Each event counts once toward its campaign (deduplicated by
/// sg_event_id, since SendGrid retries posts) and has its effect once (<see cref="SendGridEventRules"/>): address-level
/// failures suppress the address, content and account drops become problems of the campaign, group events change
/// only the audience mapped to their group.
/// </summary>
public sealed class SendGridEventWebhook(
    WebhookSignature signature,
    DeliveryEventStore events,
    WebhookEventEffects effects,
    ClickLedger clicks,
    TimeProvider clock,
    ILogger<SendGridEventWebhook> logger)
{
    /// <summary>The headers alone, before the body is read.</summary>
    public WebhookOutcome CheckHeaders(string? signatureHeader, string? timestampHeader) =>
        signature.CheckHeaders(signatureHeader, timestampHeader, clock.GetUtcNow());

    public async Task<WebhookReceipt> ReceiveAsync(ReadOnlyMemory<byte> body, string? signatureHeader, string? timestampHeader, CancellationToken cancellationToken = default)
    {
        var headers = CheckHeaders(signatureHeader, timestampHeader);
        if (headers != WebhookOutcome.Accepted) return new WebhookReceipt(headers);
        if (!signature.IsValid(body.Span, signatureHeader, timestampHeader)) return new WebhookReceipt(WebhookOutcome.Unauthorized);
        var posted = SendGridEvent.ParseAll(body);
        if (posted is null) return new WebhookReceipt(WebhookOutcome.Invalid);

        var applied = 0;
        var duplicates = 0;
        var tallies = new System.Collections.Concurrent.ConcurrentDictionary<string, CampaignTally>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(posted, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (e, token) =>
        {
            var recording = await ApplyOnceAsync(e, token);
            if (recording == EventRecording.Duplicate)
            {
                Interlocked.Increment(ref duplicates);
                return;
            }

            Interlocked.Increment(ref applied);
            if (recording == EventRecording.New && CampaignStore.IsWellFormedId(e.CampaignId))
                tallies.GetOrAdd(e.CampaignId!, _ => new CampaignTally()).Add(e, await FirstClicksAsync(e, token));
        });

        foreach (var (campaignId, tally) in tallies) await events.AddAsync(campaignId, tally, cancellationToken);
        logger.LogInformation("SendGrid webhook: {Applied} events applied, {Duplicates} duplicates ignored", applied, duplicates);
        return new WebhookReceipt(WebhookOutcome.Accepted, applied, duplicates);
    }

    /// <summary>For a click, whether it is the person's first in the campaign and on that link (null for other events).</summary>
    private async Task<FirstClicks?> FirstClicksAsync(SendGridEvent e, CancellationToken cancellationToken) =>
        e.Type == SendGridEventTypes.Click && CampaignTally.Link(e) is { } url && EmailAddress.TryParse(e.Email, out var address)
            ? await clicks.RecordAsync(e.CampaignId!, address.Key, url, cancellationToken)
            : null;

    private async Task<EventRecording> ApplyOnceAsync(SendGridEvent e, CancellationToken cancellationToken)
    {
        var effect = SendGridEventRules.EffectOf(e);
        var recording = await events.TryRecordAsync(e, effect != EventEffect.None, cancellationToken);
        if (recording == EventRecording.Duplicate || effect == EventEffect.None) return recording;
        await effects.ApplyAsync(e, effect, cancellationToken);
        await events.MarkAppliedAsync(e, cancellationToken);
        return recording;
    }
}

/// <summary>What an event changes: a suppression, a campaign problem, a membership of the audience mapped to a group.</summary>
public sealed class WebhookEventEffects(
    SubscriberPrivacy privacy,
    OptOuts optOuts,
    DeliveryEventStore events,
    IOptions<SendGridOptions> options,
    ILogger<WebhookEventEffects> logger)
{
    public async Task ApplyAsync(SendGridEvent e, EventEffect effect, CancellationToken cancellationToken = default)
    {
        var address = EmailAddress.TryParse(e.Email, out var parsed) ? parsed : null;
        switch (effect)
        {
            case EventEffect.Suppress when address is not null:
                await privacy.SuppressAsync(address, $"sendgrid:{e.Type}", cancellationToken);
                break;
            case EventEffect.CampaignProblem:
                await RecordProblemAsync(e, $"{e.Type}: {SendGridEventRules.ScrubbedReason(e) ?? e.BounceClassification ?? "no reason given"}", cancellationToken);
                break;
            case EventEffect.LeaveGroup or EventEffect.RejoinGroup when address is not null:
                await ApplyGroupAsync(e, effect, address, cancellationToken);
                break;
        }
    }

    private async Task ApplyGroupAsync(SendGridEvent e, EventEffect effect, EmailAddress address, CancellationToken cancellationToken)
    {
        if (e.GroupId is null || !options.Value.Groups.TryGetValue(e.GroupId, out var audienceId))
        {
            await RecordProblemAsync(e, $"{e.Type}: unsubscribe group {e.GroupId ?? "(none)"} is not mapped to an audience (SendGrid:Groups); nobody's subscriptions changed", cancellationToken);
            return;
        }

        var channel = $"sendgrid-group-{e.GroupId}";
        if (effect == EventEffect.LeaveGroup)
            await optOuts.LeaveAsync(address.Key, [audienceId], new RequestOrigin(channel, null), cancellationToken);
        else
            await optOuts.UndoChannelUnsubscribeAsync(address.Key, audienceId, new RequestOrigin(channel, null), cancellationToken);
    }

    private async Task RecordProblemAsync(SendGridEvent e, string problem, CancellationToken cancellationToken)
    {
        logger.LogWarning("SendGrid event {Type} for campaign {CampaignId}: {Problem}", e.Type, e.CampaignId, problem);
        if (CampaignStore.IsWellFormedId(e.CampaignId)) await events.AddProblemAsync(e.CampaignId!, problem, cancellationToken);
    }
}
