using Outreach.Core.Audiences;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Mail;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// Gives each recipient of a batch its values: first name, signed unsubscribe and preference links, the personal links
/// the campaign names (one-click registration), audience name, headers.
/// </summary>
public sealed class OutgoingBatchBuilder(AudienceStore audiences, SubscriptionLinks links, IPersonalLinks personalLinks, MarketingHeaders headers)
{
    public async Task<OutgoingBatch> BuildAsync(
        string campaignId, string batchId, IReadOnlyList<string> campaignAudiences, string language, IReadOnlyList<string> categories,
        CampaignTemplate template, IEnumerable<PlannedRecipient> recipients, CancellationToken cancellationToken = default)
    {
        var lists = new List<(string Id, string Name, string ListId)>();
        foreach (var id in campaignAudiences)
        {
            var audience = await audiences.FindAsync(id, cancellationToken);
            lists.Add((id, audience?.DisplayName(language) ?? id, headers.ListIdValue(id, audience?.Name ?? id)));
        }

        var personal = await personalLinks.PrepareAsync(template.PersonalLinkArguments, language, cancellationToken);
        var outgoing = recipients.Select(r =>
        {
            var (audienceId, audienceName, listId) = lists[r.AudienceIndex];
            var unsubscribe = links.Unsubscribe(r.ContactKey, audienceId, language);
            var values = new RecipientValues(r.Email, r.FirstName, audienceName, unsubscribe, links.Preferences(r.ContactKey, language), personal(r.ContactKey));
            return new OutgoingRecipient(r.ContactKey, values, headers.UnsubscribeValue(unsubscribe), listId);
        }).ToList();
        return new OutgoingBatch(campaignId, batchId, template, outgoing, categories);
    }

    /// <summary>The categories a campaign's mails carry: its kind first, then its own (SendGrid keeps at most 10).</summary>
    public static IReadOnlyList<string> CategoriesOf(string kind, IEnumerable<string> categories) =>
        new[] { kind }.Concat(categories).Distinct(StringComparer.Ordinal).Take(10).ToList();
}
