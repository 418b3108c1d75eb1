using Microsoft.Extensions.Logging;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// What the clock does for campaigns (every minute): start the scheduled ones that are due (a hand-over that stopped
/// before starting its campaign included), and keep an eye on the ones sending — report abandoned batches, restart a
/// planning that never began, and close each campaign once all is settled. It is the only writer of those outcomes:
/// reading a campaign's status writes nothing.
/// </summary>
public sealed class CampaignDispatcher(
    CampaignStore store,
    CampaignLedger ledger,
    DeliveryQueue queue,
    CampaignTracker tracker,
    CrashPoints crashPoints,
    TimeProvider clock,
    ILogger<CampaignDispatcher> logger)
{
    private static readonly TimeSpan PlanningStartGrace = TimeSpan.FromMinutes(2);

    /// <summary>Planning that has not moved for this long (well beyond a step's 2 minutes) gets its next step queued again.</summary>
    private static readonly TimeSpan PlanningStallAfter = TimeSpan.FromMinutes(15);

    public async Task DispatchAsync(CancellationToken cancellationToken = default)
    {
        await StartDueAsync(cancellationToken);
        await FollowSendingAsync(cancellationToken);
    }

    /// <summary>Moves a draft or scheduled campaign to <c>sending</c> and queues its first planner step; null when it changed meanwhile.</summary>
    public async Task<Campaign?> StartAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        var started = campaign with { State = CampaignStates.Sending, StartedAt = clock.GetUtcNow() };
        if (!await store.TryReplaceAsync(started, cancellationToken)) return null;
        logger.LogInformation("Campaign {CampaignId} started", campaign.Id);
        crashPoints.Reached(HandOverSteps.Started);
        await queue.EnqueuePlanStepAsync(campaign.Id, 1, cancellationToken);
        return started;
    }

    private async Task StartDueAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, dueAt) in await store.DueAsync(clock.GetUtcNow(), cancellationToken))
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["CampaignId"] = id });
            var campaign = await store.FindAsync(id, cancellationToken);
            if (campaign is { State: CampaignStates.Scheduled } && campaign.DueAt == dueAt) await StartAsync(campaign, cancellationToken);
            await store.RemoveFromScheduleAsync(id, dueAt, cancellationToken);
        }
    }

    /// <summary>
    /// Queues the next planner step again when planning never began (a crash right after the start) or stopped moving
    /// (its message poisoned after a storage outage, say). A step that already ran ignores the duplicate.
    /// </summary>
    private async Task RestartStalledPlanningAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plan = await ledger.FindPlanAsync(campaign.Id, cancellationToken);
        if (plan is null && now - campaign.StartedAt > PlanningStartGrace)
            await queue.EnqueuePlanStepAsync(campaign.Id, 1, cancellationToken);
        else if (plan is { Done: false, UpdatedAt: { } moved } && now - moved > PlanningStallAfter)
        {
            logger.LogWarning("Planning of campaign {CampaignId} has not moved since {Moved}: queuing step {Step} again", campaign.Id, moved, plan.CompletedStep + 1);
            await queue.EnqueuePlanStepAsync(campaign.Id, plan.CompletedStep + 1, cancellationToken);
        }
    }

    private async Task FollowSendingAsync(CancellationToken cancellationToken)
    {
        await foreach (var campaign in store.ListInStateAsync(CampaignStates.Sending, cancellationToken))
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["CampaignId"] = campaign.Id });
            try
            {
                await RestartStalledPlanningAsync(campaign, cancellationToken);
                await tracker.SettleAsync(campaign, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Following campaign {CampaignId} failed; trying again at the next tick", campaign.Id);
            }
        }
    }
}
