using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// Reads where a campaign stands from its ledger (one query over its batch rows, no counter contended by senders). For the
/// dispatcher, it also reports batches abandoned in <c>sending</c> as unknown and moves a sending campaign to its final
/// state once all is settled; a status read (<see cref="ReadAsync"/>) writes nothing.
/// </summary>
public sealed class CampaignTracker(
    CampaignStore store,
    CampaignLedger ledger,
    DeliveryEventStore events,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<CampaignTracker> logger)
{
    /// <summary>
    /// Where a campaign stands, writing nothing: a batch abandoned in <c>sending</c> is shown as unknown and a sending
    /// campaign whose batches are all settled as finished, as the dispatcher will record them (<see cref="SettleAsync"/>).
    /// </summary>
    public async Task<CampaignStatus> ReadAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        var plan = await ledger.FindPlanAsync(campaign.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var batches = (await BatchesAsync(campaign.Id, cancellationToken))
            .Select(b => CampaignProgress.IsAbandoned(b, now, options.Value.SendingLease) ? UnknownOutcome.Of(b, now) : b).ToList();
        var counts = CampaignProgress.Count(batches, campaign.State == CampaignStates.Cancelled, await events.CountsAsync(campaign.Id, cancellationToken));
        if (campaign.State == CampaignStates.Sending && CampaignProgress.FinalState(plan?.Done == true, batches, counts) is { } final)
            campaign = campaign with { State = final, FinishedAt = batches.Max(b => b.CompletedAt) ?? now };
        return ToStatus(campaign, plan?.Done == true, counts, await ProblemsAsync(campaign, plan, batches, cancellationToken));
    }

    /// <summary>The dispatcher's part: records abandoned batches as unknown and a settled campaign's final state, then reads it.</summary>
    public async Task<CampaignStatus> SettleAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        var plan = await ledger.FindPlanAsync(campaign.Id, cancellationToken);
        var batches = await BatchesAsync(campaign.Id, cancellationToken);
        if (await ReportAbandonedAsync(batches, cancellationToken)) batches = await BatchesAsync(campaign.Id, cancellationToken);

        var counts = CampaignProgress.Count(batches, campaign.State == CampaignStates.Cancelled, await events.CountsAsync(campaign.Id, cancellationToken));
        if (campaign.State == CampaignStates.Sending && CampaignProgress.FinalState(plan?.Done == true, batches, counts) is { } final)
            campaign = await FinishAsync(campaign, final, cancellationToken);
        return ToStatus(campaign, plan?.Done == true, counts, await ProblemsAsync(campaign, plan, batches, cancellationToken));
    }

    private async Task<IReadOnlyList<string>> ProblemsAsync(Campaign campaign, PlanCursor? plan, IReadOnlyList<BatchRecord> batches, CancellationToken cancellationToken) =>
        [.. plan?.Error is { } planning ? [$"planning: {planning}"] : Array.Empty<string>(), .. CampaignProgress.Problems(batches),
            .. await events.ProblemsAsync(campaign.Id, cancellationToken)];

    private async Task<Campaign> FinishAsync(Campaign campaign, string final, CancellationToken cancellationToken)
    {
        var finished = campaign with { State = final, FinishedAt = clock.GetUtcNow() };
        if (await store.TryReplaceAsync(finished, cancellationToken))
        {
            logger.LogInformation("Campaign {CampaignId} {State}", campaign.Id, final);
            return finished;
        }

        return await store.FindAsync(campaign.Id, cancellationToken) ?? campaign; // changed meanwhile (cancelled, or finished by another)
    }

    private async Task<bool> ReportAbandonedAsync(IEnumerable<BatchRecord> batches, CancellationToken cancellationToken)
    {
        var reported = false;
        var now = clock.GetUtcNow();
        foreach (var batch in batches.Where(b => CampaignProgress.IsAbandoned(b, now, options.Value.SendingLease)))
        {
            logger.LogError("Batch {Batch} of campaign {CampaignId} was left sending since {Since}: reported unknown, not sent again", batch.Number, batch.CampaignId, batch.SendingSince);
            reported |= await ledger.TryUpdateAsync(UnknownOutcome.Of(batch, now), cancellationToken);
        }

        return reported;
    }

    private async Task<List<BatchRecord>> BatchesAsync(string campaignId, CancellationToken cancellationToken)
    {
        var batches = new List<BatchRecord>();
        await foreach (var batch in ledger.ListBatchesAsync(campaignId, cancellationToken)) batches.Add(batch);
        return batches;
    }

    public static CampaignStatus ToStatus(Campaign campaign, bool planningDone, CampaignCounts counts, IReadOnlyList<string> problems) =>
        new(campaign, counts) { PlanningDone = planningDone, Problems = problems };
}

/// <summary>How a batch abandoned in <c>sending</c> is recorded.</summary>
public static class UnknownOutcome
{
    public static BatchRecord Of(BatchRecord batch, DateTimeOffset now) => batch with
    {
        Status = BatchStatus.Unknown,
        CompletedAt = now,
        LastError = $"The sender stopped while SendGrid had this batch (sending since {batch.SendingSince ?? batch.PlannedAt:u}); it may or may not have left, and is not sent again.",
    };
}
