using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Mail;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>One recipient of a batch as the transport sees it: the values for the placeholders and the per-recipient headers.</summary>
public sealed record OutgoingRecipient(string ContactKey, RecipientValues Values, string ListUnsubscribe, string ListId);

/// <summary>A batch ready to leave: the campaign rendered once, and up to 1000 recipients.</summary>
public sealed record OutgoingBatch(
    string CampaignId,
    string BatchId,
    CampaignTemplate Template,
    IReadOnlyList<OutgoingRecipient> Recipients,
    IReadOnlyList<string> Categories)
{
    /// <summary>Whether the mails carry SendGrid's open-tracking pixel (<see cref="CampaignFacts.TrackOpens"/>).</summary>
    public bool TrackOpens { get; init; }
}

/// <summary>
/// Hands a whole batch to a mail service: SendGrid (one request with one personalization per recipient) or the local
/// outbox (one .eml per recipient). Throws <see cref="MailDeliveryException"/> when the batch is refused.
/// </summary>
public interface ICampaignTransport
{
    /// <returns>The provider's message id, when it gives one.</returns>
    Task<string?> SendAsync(OutgoingBatch batch, CancellationToken cancellationToken = default);
}

/// <summary>The names under which a batch is tagged, so SendGrid's events can be traced back (custom_args).</summary>
public static class CampaignCustomArgs
{
    public const string CampaignId = "campaign_id";
    public const string Batch = "batch";
}
