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
    /// <summary>
    /// Turns a batch into what will be sent (for SendGrid, the request body), before the batch is claimed. The batch
    /// itself is then let go: only the prepared request is held while it is in flight, so the up to
    /// <c>Delivery:MaxConcurrentBatches</c> batches on the wire each hold their body and not also their 1000 recipients.
    /// </summary>
    PreparedBatch Prepare(OutgoingBatch batch);
}

/// <summary>A batch turned into its request, ready to go once; disposing it returns what it rented.</summary>
public abstract class PreparedBatch : IDisposable
{
    /// <returns>The provider's message id, when it gives one.</returns>
    public abstract Task<string?> SendAsync(CancellationToken cancellationToken = default);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

public static class CampaignTransportExtensions
{
    /// <summary>Prepares and sends at once (a test send, a few recipients: nothing worth letting go early).</summary>
    public static async Task<string?> SendAsync(this ICampaignTransport transport, OutgoingBatch batch, CancellationToken cancellationToken = default)
    {
        using var prepared = transport.Prepare(batch);
        return await prepared.SendAsync(cancellationToken);
    }
}

/// <summary>The names under which a batch is tagged, so SendGrid's events can be traced back (custom_args).</summary>
public static class CampaignCustomArgs
{
    public const string CampaignId = "campaign_id";
    public const string Batch = "batch";
}
