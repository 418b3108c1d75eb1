using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Audiences.Segments;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// Cuts a campaign's recipients into batches. Each planner step reads the union of the campaign's audiences in
/// contact-key order (<see cref="RecipientMerge"/>) from where the previous step stopped, writes up to
/// <see cref="DeliveryOptions.BatchesPerPlanStep"/> batch manifests of ≤1000 recipients, queues each batch as soon as it is
/// written (so sending starts while planning goes on), then records its cursor and queues the next step.
/// A step run twice writes nothing twice: a batch number already written is kept as it is and planning continues after it.
/// </summary>
public sealed class CampaignPlanner(
    CampaignStore campaigns,
    CampaignLedger ledger,
    MembershipStore memberships,
    SegmentEngagement engagement,
    DeliveryQueue queue,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<CampaignPlanner> logger)
{
    private static readonly TimeSpan MaxStepDuration = TimeSpan.FromMinutes(2);
    private readonly DeliveryOptions settings = options.Value;

    /// <param name="dequeueCount">How many times the queue has delivered this message: on the last allowed one a failure is recorded on the plan.</param>
    public async Task PlanStepAsync(PlanStepMessage message, long dequeueCount = 1, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CampaignId"] = message.CampaignId, ["PlanStep"] = message.Step });
        try
        {
            await PlanOnceAsync(message, cancellationToken);
        }
        catch (Exception exception) when (dequeueCount >= settings.MaxDequeueCount && exception is not OperationCanceledException && CampaignStore.IsWellFormedId(message.CampaignId))
        {
            logger.LogError(exception, "Planning step {Step} of campaign {CampaignId} keeps failing; its message goes to the poison queue", message.Step, message.CampaignId);
            await ledger.RecordPlanErrorAsync(message.CampaignId, $"Planning step {message.Step} failed {dequeueCount} times: {exception.Message}", cancellationToken);
            throw;
        }
    }

    private async Task PlanOnceAsync(PlanStepMessage message, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.FindAsync(message.CampaignId, cancellationToken);
        if (campaign is null || campaign.State != CampaignStates.Sending) return;

        var plan = await ledger.GetOrStartPlanAsync(campaign.Id, cancellationToken);
        if (plan.Done) return;
        if (plan.CompletedStep >= message.Step)
        {
            // This step already completed (a redelivery): make sure the chain goes on, then stop.
            if (plan.CompletedStep == message.Step) await queue.EnqueuePlanStepAsync(campaign.Id, message.Step + 1, cancellationToken);
            return;
        }

        if (plan.CompletedStep != message.Step - 1) return; // a stray message from a chain that has moved on

        var (afterKey, nextBatch, done) = await WriteBatchesAsync(campaign, plan, cancellationToken);
        if (!await ledger.TryCompleteStepAsync(campaign.Id, plan, message.Step, afterKey, nextBatch, done, cancellationToken)) return;
        if (done) logger.LogInformation("Campaign {CampaignId} planned: {Batches} batches", campaign.Id, nextBatch - 1);
        else await queue.EnqueuePlanStepAsync(campaign.Id, message.Step + 1, cancellationToken);
    }

    private async Task<(string? AfterKey, int NextBatch, bool Done)> WriteBatchesAsync(Campaign campaign, PlanCursor plan, CancellationToken cancellationToken)
    {
        var afterKey = plan.AfterKey;
        var number = plan.NextBatch;
        var elapsed = Stopwatch.StartNew();
        var segment = await SegmentOfAsync(campaign, cancellationToken);
        await using var recipients = new RecipientMerge(campaign.Audiences, PagesOf(segment), afterKey, cancellationToken);
        for (var written = 0; written < settings.BatchesPerPlanStep && elapsed.Elapsed < MaxStepDuration; written++)
        {
            if (written > 0 && await IsCancelledAsync(campaign.Id, cancellationToken)) return (afterKey, number, true);
            var members = await recipients.TakeAsync(settings.BatchSize);
            if (members.Count == 0) return (afterKey, number, true);

            var manifest = new BatchManifest(members);
            afterKey = manifest.LastKey;
            var lastOfAll = members.Count < settings.BatchSize;
            if (!await ledger.TryAddBatchAsync(campaign.Id, number, manifest, clock.GetUtcNow(), cancellationToken))
            {
                // Written by an earlier run of this step, maybe with other boundaries: that one stands; continue after it.
                var existing = await ledger.FindBatchAsync(campaign.Id, number, withManifest: false, cancellationToken);
                if (existing is not null && existing.LastKey != afterKey)
                {
                    afterKey = existing.LastKey;
                    await recipients.RestartAfterAsync(afterKey);
                    lastOfAll = false;
                }
            }

            await queue.EnqueueBatchAsync(campaign.Id, number, cancellationToken: cancellationToken);
            number++;
            if (lastOfAll) return (afterKey, number, true);
        }

        return (afterKey, number, false);
    }

    /// <summary>
    /// The campaign's segment with its engagement conditions resolved once for this step, as of the campaign's start
    /// (so every step counts the same campaigns as "the last sent"); null when it goes to whole audiences.
    /// </summary>
    private async Task<SegmentMatch?> SegmentOfAsync(Campaign campaign, CancellationToken cancellationToken) =>
        campaign.SegmentFilter is { } filter
            ? await engagement.ResolveAsync(filter, campaign.Audiences.FirstOrDefault() ?? "", campaign.StartedAt ?? clock.GetUtcNow(), cancellationToken)
            : null;

    /// <summary>The audience pages the campaign reads; a segment's filter is applied to those same pages.</summary>
    private AudiencePages PagesOf(SegmentMatch? segment) => (audienceId, afterKey, cancellationToken) =>
        memberships.StreamConfirmedAsync(audienceId, afterKey, 1000, segment, cancellationToken);

    private async Task<bool> IsCancelledAsync(string campaignId, CancellationToken cancellationToken) =>
        (await campaigns.FindAsync(campaignId, cancellationToken))?.State == CampaignStates.Cancelled;
}
