using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Newsletters;

/// <summary>
/// Newsletters' view of the delivery engine (<see cref="CampaignService"/>): the body carries the engine's placeholders,
/// the template's own footer replaces the engine's standard one, and an order already placed for the same source
/// (a digest period retried after a crash) finds its campaign instead of making a second one.
/// </summary>
public sealed class DeliveryCampaignEngine(CampaignService campaigns) : ICampaignEngine
{
    public const int RecentCampaignsSearched = 200;

    public RecipientPlaceholders Placeholders { get; } = new(
        FirstName: "{{" + CampaignPlaceholders.FirstName + "}}",
        FirstNameOr: "{{{{" + CampaignPlaceholders.FirstName + "|{0}}}}}",
        Unsubscribe: "{{" + CampaignPlaceholders.UnsubscribeUrl + "}}",
        Preferences: "{{" + CampaignPlaceholders.PreferencesUrl + "}}",
        AudienceName: "{{" + CampaignPlaceholders.AudienceName + "}}");

    public async Task<CampaignOrderResult> ScheduleAsync(CampaignOrder order, CancellationToken cancellationToken = default)
    {
        var existing = (await campaigns.ListRecentAsync(RecentCampaignsSearched, cancellationToken)).FirstOrDefault(c => c.SourceId == order.SourceId);
        if (existing is not null) return new CampaignOrderResult(existing.Id, new ValidationErrors());

        var when = order.SendAtLocal is { } local ? CampaignSchedule.At(local, order.TimeZone) : CampaignSchedule.Now;
        var created = await campaigns.CreateAndScheduleAsync(Draft(order), when, cancellationToken);
        return new CampaignOrderResult(created.Id, created.Errors);
    }

    public async Task<CampaignOrderResult> SendTestAsync(CampaignOrder order, IReadOnlyList<string> to, CancellationToken cancellationToken = default)
    {
        var result = await campaigns.SendTestAsync(Draft(order), to, cancellationToken);
        return new CampaignOrderResult(null, result.Errors, result.Sent);
    }

    public async Task<bool> CancelAsync(string campaignId, CancellationToken cancellationToken = default) =>
        await campaigns.CancelAsync(campaignId, cancellationToken) is CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled;

    public async Task<string?> StateAsync(string campaignId, CancellationToken cancellationToken = default) =>
        (await campaigns.GetAsync(campaignId, cancellationToken))?.State;

    private static CampaignDraft Draft(CampaignOrder order) => new()
    {
        Subject = order.Subject,
        Html = order.Html,
        Text = order.Text,
        Audiences = order.Audiences,
        Kind = order.Category == CampaignKinds.Digest ? CampaignKinds.Digest : CampaignKinds.Newsletter,
        SourceId = order.SourceId,
        Language = order.Language,
        AppendFooter = false,
    };
}
