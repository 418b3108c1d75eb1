using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Mail;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// Sends one planned batch, exactly once. The ledger row is the lock: the batch is marked <c>sending</c> (conditionally
/// on its ETag) right before the one transport call and <c>sent</c> right after, so a redelivered or replayed message
/// finds it done and sends nothing. A batch found <c>sending</c> long after its sender started is reported
/// <c>unknown</c>, never sent again blindly. 429 waits for SendGrid's reset, 5xx and timeouts back off; a 4xx is
/// recorded with SendGrid's words; a batch that keeps failing is poisoned (the message goes to <c>-poison</c>).
/// </summary>
public sealed class BatchSender(
    CampaignStore campaigns,
    CampaignLedger ledger,
    CampaignTemplates templates,
    RecipientRecheck recheck,
    OutgoingBatchBuilder builder,
    ICampaignTransport transport,
    DeliveryQueue queue,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<BatchSender> logger)
{
    private readonly DeliveryOptions settings = options.Value;
    private readonly SemaphoreSlim concurrentBatches = new(options.Value.MaxConcurrentBatches, options.Value.MaxConcurrentBatches);

    /// <param name="dequeueCount">How many times the queue has delivered this message (the last allowed one records the batch as poisoned if it fails).</param>
    public async Task SendAsync(BatchMessage message, long dequeueCount, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CampaignId"] = message.CampaignId, ["Batch"] = message.Batch });
        await concurrentBatches.WaitAsync(cancellationToken);
        try
        {
            await SendOnceAsync(message, cancellationToken);
        }
        catch (Exception exception) when (dequeueCount >= settings.MaxDequeueCount && exception is not OperationCanceledException)
        {
            await RecordPoisonedAsync(message, exception.Message, cancellationToken);
            throw;
        }
        finally
        {
            concurrentBatches.Release();
        }
    }

    private async Task SendOnceAsync(BatchMessage message, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.FindAsync(message.CampaignId, cancellationToken);
        var batch = campaign is null ? null : await ledger.FindBatchAsync(campaign.Id, message.Batch, withManifest: true, cancellationToken);
        if (campaign is null || batch is null || BatchStatus.IsFinal(batch.Status)) return;
        if (batch.Status == BatchStatus.Sending)
        {
            await ReportUnknownIfAbandonedAsync(batch, cancellationToken);
            return;
        }

        if (campaign.State == CampaignStates.Cancelled)
        {
            await ledger.TryUpdateAsync(batch with { Status = BatchStatus.Cancelled, CompletedAt = clock.GetUtcNow() }, cancellationToken);
            return;
        }

        var recipients = await recheck.RecheckAsync(campaign, batch.Manifest!, cancellationToken);
        if (recipients.Mailable.Count == 0)
        {
            await RecordNothingToSendAsync(batch, recipients, cancellationToken);
            return;
        }

        // Everything is prepared before the batch is claimed: only the transport call happens while it is "sending".
        var template = await templates.GetAsync(campaign.Id, cancellationToken);
        var categories = OutgoingBatchBuilder.CategoriesOf(campaign.Kind, campaign.Categories);
        // Only the prepared request is kept across the awaits below, not the batch it was made from (see ICampaignTransport.Prepare).
        using var request = transport.Prepare(await builder.BuildAsync(campaign.Id, message.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            campaign.Audiences, campaign.Language, categories, template, recipients.Mailable, cancellationToken) with { TrackOpens = campaign.TrackOpens });

        var attempts = batch.Status == BatchStatus.Poisoned ? 0 : batch.Attempts; // a replayed poisoned batch starts afresh
        var claimed = await ledger.TryTransitionAsync(batch with
        {
            Status = BatchStatus.Sending,
            SendingSince = clock.GetUtcNow(),
            Attempts = attempts + 1,
            Suppressed = recipients.Suppressed,
            NextAttemptAt = null,
        }, cancellationToken);
        if (claimed is null) return; // another sender claimed it first

        try
        {
            var messageId = await request.SendAsync(cancellationToken);
            await RecordSentAsync(claimed, recipients, messageId, cancellationToken);
        }
        catch (MailDeliveryException refusal) when (refusal.IsTransient)
        {
            await RetryLaterAsync(message, claimed, refusal, cancellationToken);
        }
        catch (MailDeliveryException refusal)
        {
            await RecordRefusedAsync(claimed, recipients, refusal, cancellationToken);
        }
    }

    private async Task RecordSentAsync(BatchRecord claimed, RecheckedBatch recipients, string? messageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sent = claimed with
        {
            Status = BatchStatus.Sent,
            Sent = recipients.Mailable.Count,
            Failed = recipients.Invalid.Count,
            CompletedAt = now,
            MessageId = messageId,
            LastError = recipients.Invalid.Count > 0 ? $"{recipients.Invalid.Count} invalid address(es) skipped." : null,
        };
        if (recipients.Invalid.Count > 0)
            await ledger.RecordFailuresAsync(claimed.CampaignId, claimed.Number, recipients.Invalid, "Invalid address.", now, cancellationToken);
        if (await ledger.TryUpdateAsync(sent, cancellationToken)) return;

        // Someone changed the row meanwhile (e.g. reported it unknown): we know it was sent, so say so.
        var current = await ledger.FindBatchAsync(claimed.CampaignId, claimed.Number, withManifest: false, cancellationToken);
        if (current is not null) await ledger.TryUpdateAsync(sent with { ETag = current.ETag }, cancellationToken);
    }

    private async Task RetryLaterAsync(BatchMessage message, BatchRecord claimed, MailDeliveryException refusal, CancellationToken cancellationToken)
    {
        if (claimed.Attempts >= settings.MaxSendAttempts)
        {
            logger.LogError("Batch {Batch} of campaign {CampaignId} given up after {Attempts} attempts: {Error}", claimed.Number, claimed.CampaignId, claimed.Attempts, refusal.Message);
            var poisoned = claimed with { Status = BatchStatus.Poisoned, SendingSince = null, LastError = $"Gave up after {claimed.Attempts} attempts: {refusal.Message}" };
            if (await ledger.TryUpdateAsync(poisoned, cancellationToken)) await queue.PoisonBatchAsync(message, cancellationToken);
            return;
        }

        var delay = SendRetryPolicy.DelayAfter(refusal, claimed.Attempts, settings, Random.Shared.NextDouble());
        logger.LogWarning("Batch {Batch} of campaign {CampaignId}: {Error}; retrying in {Delay}", claimed.Number, claimed.CampaignId, refusal.Message, delay);
        var waiting = claimed with { Status = BatchStatus.Planned, SendingSince = null, LastError = refusal.Message, NextAttemptAt = clock.GetUtcNow() + delay };
        if (await ledger.TryUpdateAsync(waiting, cancellationToken))
            await queue.EnqueueBatchAsync(message.CampaignId, message.Batch, delay, cancellationToken);
    }

    private async Task RecordRefusedAsync(BatchRecord claimed, RecheckedBatch recipients, MailDeliveryException refusal, CancellationToken cancellationToken)
    {
        logger.LogError("Batch {Batch} of campaign {CampaignId} refused: {Error}", claimed.Number, claimed.CampaignId, refusal.Message);
        var now = clock.GetUtcNow();
        await ledger.RecordFailuresAsync(claimed.CampaignId, claimed.Number, recipients.Mailable.Concat(recipients.Invalid), refusal.Message, now, cancellationToken);
        await ledger.TryUpdateAsync(claimed with
        {
            Status = BatchStatus.Failed,
            SendingSince = null,
            Failed = recipients.Mailable.Count + recipients.Invalid.Count,
            LastError = refusal.Message,
            CompletedAt = now,
        }, cancellationToken);
    }

    private async Task RecordNothingToSendAsync(BatchRecord batch, RecheckedBatch recipients, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (recipients.Invalid.Count > 0)
            await ledger.RecordFailuresAsync(batch.CampaignId, batch.Number, recipients.Invalid, "Invalid address.", now, cancellationToken);
        await ledger.TryUpdateAsync(batch with
        {
            Status = recipients.Invalid.Count > 0 ? BatchStatus.Failed : BatchStatus.Sent,
            Suppressed = recipients.Suppressed,
            Failed = recipients.Invalid.Count,
            CompletedAt = now,
        }, cancellationToken);
    }

    /// <summary>A batch left <c>sending</c> by a sender that stopped: after the lease it is reported unknown (never re-sent).</summary>
    private async Task ReportUnknownIfAbandonedAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!CampaignProgress.IsAbandoned(batch, now, settings.SendingLease)) return; // its sender is still at it
        logger.LogError("Batch {Batch} of campaign {CampaignId} was left sending since {Since}: reported unknown, not sent again", batch.Number, batch.CampaignId, batch.SendingSince);
        await ledger.TryUpdateAsync(UnknownOutcome.Of(batch, now), cancellationToken);
    }

    private async Task RecordPoisonedAsync(BatchMessage message, string error, CancellationToken cancellationToken)
    {
        try
        {
            var batch = await ledger.FindBatchAsync(message.CampaignId, message.Batch, withManifest: false, cancellationToken);
            // Only a batch that is not in SendGrid's hands: a "sending" one may have left, so it stays for the unknown report.
            if (batch is { Status: BatchStatus.Planned or BatchStatus.Poisoned })
                await ledger.TryUpdateAsync(batch with { Status = BatchStatus.Poisoned, LastError = $"Poisoned after repeated failures: {error}" }, cancellationToken);
        }
        catch (Exception recordFailure)
        {
            logger.LogError(recordFailure, "Could not record batch {Batch} of campaign {CampaignId} as poisoned", message.Batch, message.CampaignId);
        }
    }
}
