using Outreach.Core.Audiences.Segments;
using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.Core.Campaigns;

/// <summary>
/// Segments' click condition: the audience's last sent campaigns (by the time they finished sending) and who clicked
/// in them, from the click ledger (one row per person per campaign; no opens, no times).
/// </summary>
public sealed class RecentClickers(CampaignStore campaigns, ClickLedger clicks) : IClickEngagement
{
    public async Task<IReadOnlySet<string>> ClickedInLastCampaignsAsync(string audienceId, int count, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var last = await LastSentAsync(audienceId, count, before, cancellationToken);
        return await clicks.ClickersAsync(last, cancellationToken);
    }

    /// <summary>The ids of the last <paramref name="count"/> campaigns to the audience (whole or a segment of it) that finished sending before <paramref name="before"/>.</summary>
    private async Task<IReadOnlyList<string>> LastSentAsync(string audienceId, int count, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var sent = new List<Campaign>();
        await foreach (var campaign in campaigns.ListInStateAsync(CampaignStates.Sent, cancellationToken))
            if (campaign.Audiences.Contains(audienceId) && campaign.FinishedAt < before) sent.Add(campaign);
        return sent.OrderByDescending(c => c.FinishedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal).Take(count).Select(c => c.Id).ToList();
    }
}
