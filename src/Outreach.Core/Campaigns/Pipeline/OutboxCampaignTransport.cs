using Outreach.Core.Mail;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// The local transport for campaigns: one .eml per recipient with the placeholders replaced exactly as SendGrid would,
/// built by the same MIME builder as every other mail, so the outbox shows what each subscriber receives.
/// </summary>
public sealed class OutboxCampaignTransport(OutboxMailSender outbox) : ICampaignTransport
{
    public PreparedBatch Prepare(OutgoingBatch batch) => new OutboxBatch(outbox, batch);

    private sealed class OutboxBatch(OutboxMailSender outbox, OutgoingBatch batch) : PreparedBatch
    {
        public override async Task<string?> SendAsync(CancellationToken cancellationToken = default)
        {
            foreach (var recipient in batch.Recipients)
                await outbox.SendAsync(CopyFor(batch, recipient), cancellationToken);
            return null;
        }
    }

    public static MailMessage CopyFor(OutgoingBatch batch, OutgoingRecipient recipient)
    {
        var copy = batch.Template.RenderFor(recipient.Values);
        return new MailMessage
        {
            To = new MailAddress(recipient.Values.Email, string.IsNullOrWhiteSpace(recipient.Values.FirstName) ? null : recipient.Values.FirstName),
            Subject = copy.Subject,
            Html = copy.Html,
            Text = copy.Text,
            Headers = new Dictionary<string, string>
            {
                [MarketingHeaders.ListUnsubscribe] = recipient.ListUnsubscribe,
                [MarketingHeaders.ListUnsubscribePost] = MarketingHeaders.OneClick,
                [MarketingHeaders.ListId] = recipient.ListId,
            },
            Categories = batch.Categories,
            CustomArgs = new Dictionary<string, string> { [CampaignCustomArgs.CampaignId] = batch.CampaignId, [CampaignCustomArgs.Batch] = batch.BatchId },
        };
    }
}
