using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Audiences.Segments;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Mail;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Campaigns;

/// <summary>
/// The delivery engine's front door, for the admin API, newsletters, digests and event announcements: create a campaign
/// from a draft, schedule it (now or at a local time), cancel it, see where it stands, or send a test of a draft.
/// </summary>
public sealed class CampaignService(
    CampaignStore store,
    CampaignTargeting targeting,
    CampaignHandOver handOver,
    CampaignDispatcher dispatcher,
    CampaignTracker tracker,
    CampaignTemplates templates,
    OutgoingBatchBuilder builder,
    ICampaignTransport transport,
    SuppressionStore suppressions,
    ContactStore contacts,
    IOptions<OutreachOptions> options,
    TimeProvider clock,
    ILogger<CampaignService> logger)
{
    /// <summary>What is wrong with a draft (empty when it can be created).</summary>
    public async Task<ValidationErrors> ValidateAsync(CampaignDraft draft, CancellationToken cancellationToken = default) =>
        (await targeting.CheckAsync(draft, cancellationToken)).Errors;

    /// <summary>Stores a draft as a campaign in state <c>draft</c>; nothing is sent until <see cref="ScheduleAsync"/>.</summary>
    public async Task<CampaignCreation> CreateAsync(CampaignDraft draft, CancellationToken cancellationToken = default)
    {
        var (targeted, segment, errors) = await targeting.CheckAsync(draft, cancellationToken);
        if (!errors.IsValid) return new CampaignCreation(null, errors);
        var campaign = await AddAsync(targeted, segment, cancellationToken);
        return new CampaignCreation(campaign.Id, errors);
    }

    /// <summary>
    /// Creates and schedules in one go, through the hand-over (<see cref="CampaignHandOver"/>: never a draft left behind);
    /// nothing is stored when the draft or the send time is not valid. A campaign made from something of yours goes through
    /// <see cref="CampaignHandOver.HandOverAsync"/> with its source id, so that a retry finds it instead of making another.
    /// </summary>
    public async Task<CampaignCreation> CreateAndScheduleAsync(CampaignDraft draft, CampaignSchedule when, CancellationToken cancellationToken = default) =>
        await CreateAndScheduleAsync(draft, when, idempotencyKey: null, cancellationToken);

    /// <summary>
    /// The admin API's create: with an <paramref name="idempotencyKey"/> (the <c>Idempotency-Key</c> header) the same key
    /// and the same request give the same campaign however often they are sent (a retry after a 500 or a lost answer
    /// carries on the campaign the first made); the same key with another request is refused (<see cref="HandOverOutcome.KeyReused"/>).
    /// </summary>
    public async Task<CampaignCreation> CreateAndScheduleAsync(CampaignDraft draft, CampaignSchedule when, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var keyErrors = CampaignRules.ValidateIdempotencyKey(idempotencyKey);
        if (!keyErrors.IsValid) return new CampaignCreation(null, keyErrors, HandOverOutcome.Invalid);
        var result = await handOver.HandOverAsync(new HandOverRequest
        {
            Draft = draft,
            When = when,
            RepeatKey = idempotencyKey is null ? null : "idempotency-key:" + idempotencyKey,
            RefuseOtherRequest = true,
        }, cancellationToken);
        return new CampaignCreation(result.HandedOver ? result.CampaignId : null, result.Errors, result.Outcome);
    }

    /// <summary>Schedules (or reschedules) a draft or scheduled campaign: <see cref="CampaignSchedule.Now"/> starts it at once.</summary>
    public async Task<ScheduleResult> ScheduleAsync(string campaignId, CampaignSchedule when, CancellationToken cancellationToken = default)
    {
        var campaign = await store.FindAsync(campaignId, cancellationToken);
        if (campaign is null) return new ScheduleResult(ScheduleOutcome.NotFound, new ValidationErrors());
        if (campaign.State is not (CampaignStates.Draft or CampaignStates.Scheduled)) return new ScheduleResult(ScheduleOutcome.Conflict, new ValidationErrors());

        var now = clock.GetUtcNow();
        var (dueAt, errors) = CampaignRules.DueAt(when, options.Value.TimeZone, now);
        if (!errors.IsValid) return new ScheduleResult(ScheduleOutcome.Invalid, errors);
        if (campaign.State == CampaignStates.Scheduled && campaign.DueAt is { } previous) await store.RemoveFromScheduleAsync(campaign.Id, previous, cancellationToken);

        if (when.IsNow || dueAt <= now)
        {
            var due = campaign with { DueAt = now, SendAt = null, TimeZone = null };
            return await dispatcher.StartAsync(due, cancellationToken) is null
                ? new ScheduleResult(ScheduleOutcome.Conflict, errors)
                : new ScheduleResult(ScheduleOutcome.Started, errors, now);
        }

        // The index row first: a campaign marked scheduled is then always findable by the dispatcher.
        await store.AddToScheduleAsync(campaign.Id, dueAt!.Value, cancellationToken);
        var scheduled = campaign with { State = CampaignStates.Scheduled, SendAt = when.LocalTime, TimeZone = when.TimeZone ?? options.Value.TimeZone, DueAt = dueAt };
        if (!await store.TryReplaceAsync(scheduled, cancellationToken)) return new ScheduleResult(ScheduleOutcome.Conflict, errors);
        logger.LogInformation("Campaign {CampaignId} scheduled for {SendAt} {TimeZone} ({DueAt:u})", campaign.Id, scheduled.SendAt, scheduled.TimeZone, dueAt);
        return new ScheduleResult(ScheduleOutcome.Scheduled, errors, dueAt);
    }

    /// <summary>Cancels a draft, scheduled or sending campaign: batches not sent yet stay unsent. A campaign whose batches are all settled is finished.</summary>
    public async Task<CancelOutcome> CancelAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var campaign = await store.FindAsync(campaignId, cancellationToken);
            if (campaign is null) return CancelOutcome.NotFound;

            // Every batch settled but the dispatcher has not recorded it yet: it is finished, record it so now.
            if (campaign.State == CampaignStates.Sending && (await tracker.SettleAsync(campaign, cancellationToken)).State != CampaignStates.Sending)
                campaign = await store.FindAsync(campaignId, cancellationToken) ?? campaign;
            if (campaign.State == CampaignStates.Cancelled) return CancelOutcome.AlreadyCancelled;
            if (CampaignStates.IsFinished(campaign.State)) return CancelOutcome.AlreadyFinished;

            var cancelled = campaign with { State = CampaignStates.Cancelled, CancelledAt = clock.GetUtcNow(), FinishedAt = clock.GetUtcNow() };
            if (!await store.TryReplaceAsync(cancelled, cancellationToken)) continue; // changed meanwhile: look again
            if (campaign is { State: CampaignStates.Scheduled, DueAt: { } dueAt }) await store.RemoveFromScheduleAsync(campaign.Id, dueAt, cancellationToken);
            logger.LogInformation("Campaign {CampaignId} cancelled (was {State})", campaign.Id, campaign.State);
            return CancelOutcome.Cancelled;
        }

        throw new InvalidOperationException($"Campaign {campaignId} kept changing while being cancelled.");
    }

    /// <summary>
    /// Where a campaign stands, with its counts; null when there is no such campaign. Writes nothing: what the ledger says
    /// is shown as the dispatcher will record it (abandoned batches unknown, a settled campaign finished).
    /// </summary>
    public async Task<CampaignStatus?> GetAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var campaign = await store.FindAsync(campaignId, cancellationToken);
        return campaign is null ? null : await tracker.ReadAsync(campaign, cancellationToken);
    }

    /// <summary>The most recent campaigns, newest first, without their counts.</summary>
    public async Task<IReadOnlyList<CampaignStatus>> ListRecentAsync(int count, CancellationToken cancellationToken = default) =>
        (await store.ListRecentAsync(count, cancellationToken)).Select(c => CampaignTracker.ToStatus(c, false, new CampaignCounts(), [])).ToList();

    /// <summary>
    /// Sends a draft to a few given addresses only, subject marked <c>[TEST]</c>, through the same transport and rendering
    /// as the real send (first name from the address's profile when known). Suppressed addresses are skipped.
    /// </summary>
    public async Task<TestSendResult> SendTestAsync(CampaignDraft draft, IReadOnlyList<string> to, CancellationToken cancellationToken = default)
    {
        var (targeted, _, errors) = await targeting.CheckAsync(draft, cancellationToken);
        var recipientErrors = CampaignRules.ValidateTestRecipients(to, out var addresses);
        foreach (var (field, messages) in recipientErrors)
            foreach (var message in messages) errors.Add(field, message);
        if (!errors.IsValid) return new TestSendResult(0, errors);

        var recipients = new List<PlannedRecipient>();
        foreach (var address in addresses.DistinctBy(a => a.Key))
        {
            if (await suppressions.IsSuppressedAsync(address.Key, cancellationToken)) continue;
            var profile = await contacts.FindContactAsync(address.Key, cancellationToken);
            recipients.Add(new PlannedRecipient(address.Key, 0, address.Value, profile?.FirstName));
        }

        if (recipients.Count == 0) return new TestSendResult(0, errors);
        var normalised = targeted;
        var template = templates.Compile(normalised with { Subject = "[TEST] " + normalised.Subject });
        var batch = await builder.BuildAsync("test", "test", normalised.Audiences, normalised.Language,
            OutgoingBatchBuilder.CategoriesOf("test", [normalised.Kind]), template, recipients, cancellationToken);
        try
        {
            await transport.SendAsync(batch, cancellationToken);
        }
        catch (MailDeliveryException refusal)
        {
            errors.Add("transport", refusal.Message);
            return new TestSendResult(0, errors);
        }

        return new TestSendResult(recipients.Count, errors);
    }

    private async Task<Campaign> AddAsync(CampaignDraft draft, Segment? segment, CancellationToken cancellationToken)
    {
        var campaign = draft.ToCampaign(segment, CampaignStates.Draft, clock.GetUtcNow());
        await store.AddAsync(campaign, draft, cancellationToken);
        logger.LogInformation("Campaign {CampaignId} created ({Kind}, audiences {Audiences})", campaign.Id, campaign.Kind, string.Join(",", campaign.Audiences));
        return campaign;
    }
}
