using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.Core.Campaigns;

/// <summary>A campaign's report: aggregates only, from the counters the SendGrid webhook keeps (each event counted once by sg_event_id).</summary>
public sealed record CampaignReport(
    string Id,
    string Subject,
    int Delivered,
    int UniqueClicks,
    double ClickRate,
    int Bounces,
    int Complaints,
    int Unsubscribes,
    IReadOnlyList<LinkClicks> Links);

public sealed class CampaignReports(CampaignStore campaigns, DeliveryEventStore events)
{
    public async Task<CampaignReport?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!CampaignStore.IsWellFormedId(id) || await campaigns.FindAsync(id, cancellationToken) is not { } campaign) return null;
        var counts = await events.CountsAsync(id, cancellationToken);
        var links = await events.LinkClicksAsync(id, cancellationToken);
        var delivered = counts.GetValueOrDefault(SendGridEventTypes.Delivered);
        var uniqueClicks = links.Sum(l => l.UniqueClicks);
        return new CampaignReport(id, campaign.Subject, delivered, uniqueClicks, delivered == 0 ? 0 : Math.Round((double)uniqueClicks / delivered, 4),
            counts.GetValueOrDefault(SendGridEventTypes.Bounce), counts.GetValueOrDefault(SendGridEventTypes.SpamReport),
            counts.GetValueOrDefault(SendGridEventTypes.Unsubscribe) + counts.GetValueOrDefault(SendGridEventTypes.GroupUnsubscribe), links);
    }
}
