using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Newsletters;

/// <summary>
/// Newsletters' view of the delivery engine: orders go through the engine's one hand-over port
/// (<see cref="CampaignHandOver"/>) keyed by their source id, so an order placed again for the same source (a digest
/// period or an issue retried after a crash) carries on the campaign it made instead of making a second one, and an id
/// comes back only once the campaign is in the pipeline's hands. The body carries the engine's placeholders; the
/// template's own footer replaces the engine's standard one.
/// </summary>
public sealed class DeliveryCampaignEngine(CampaignHandOver handOver, CampaignService campaigns) : ICampaignEngine
{
    public RecipientPlaceholders Placeholders { get; } = new(
        FirstName: "{{" + CampaignPlaceholders.FirstName + "}}",
        FirstNameOr: "{{{{" + CampaignPlaceholders.FirstName + "|{0}}}}}",
        Unsubscribe: "{{" + CampaignPlaceholders.UnsubscribeUrl + "}}",
        Preferences: "{{" + CampaignPlaceholders.PreferencesUrl + "}}",
        AudienceName: "{{" + CampaignPlaceholders.AudienceName + "}}");

    public async Task<CampaignOrderResult> ScheduleAsync(CampaignOrder order, CancellationToken cancellationToken = default)
    {
        var when = order.SendAtLocal is { } local ? CampaignSchedule.At(local, order.TimeZone) : CampaignSchedule.Now;
        var result = await handOver.HandOverAsync(HandOverRequest.BySource(Draft(order), when), cancellationToken);
        return result.HandedOver ? new CampaignOrderResult(result.CampaignId, new ValidationErrors()) : new CampaignOrderResult(null, result.Errors);
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
        TrackOpens = order.TrackOpens,
    };
}
