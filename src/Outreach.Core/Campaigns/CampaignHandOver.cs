using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Campaigns;

/// <summary>A campaign to hand to the pipeline: what, when, and the key that makes a repeat find the same campaign.</summary>
public sealed record HandOverRequest
{
    public required CampaignDraft Draft { get; init; }

    public CampaignSchedule When { get; init; } = CampaignSchedule.Now;

    /// <summary>
    /// The repeat key: a second hand-over with it finds the campaign the first made and carries it on (a newsletter's
    /// source id, an admin's Idempotency-Key). Null: every hand-over makes a new campaign.
    /// </summary>
    public string? RepeatKey { get; init; }

    /// <summary>
    /// True when a repeat key met with another request (other content or time) is refused (<see cref="HandOverOutcome.KeyReused"/>)
    /// instead of standing for the campaign it made: the admin API's Idempotency-Key.
    /// </summary>
    public bool RefuseOtherRequest { get; init; }

    /// <summary>A hand-over whose repeat key is the draft's own source id (newsletters, digests, programme announcements).</summary>
    public static HandOverRequest BySource(CampaignDraft draft, CampaignSchedule when) =>
        new() { Draft = draft, When = when, RepeatKey = string.IsNullOrWhiteSpace(draft.SourceId) ? throw new ArgumentException("A source id is needed.", nameof(draft)) : "source:" + draft.SourceId.Trim() };
}

public enum HandOverOutcome
{
    /// <summary>A new campaign, now in the pipeline's hands.</summary>
    HandedOver,

    /// <summary>The repeat key had made this campaign already: it is in the pipeline's hands (carried on if a crash had stopped it).</summary>
    AlreadyHandedOver,

    /// <summary>The repeat key was used before for another request, which <see cref="HandOverRequest.RefuseOtherRequest"/> refuses.</summary>
    KeyReused,

    /// <summary>The draft or the time is not valid; nothing was stored.</summary>
    Invalid,
}

public sealed record HandOverResult(HandOverOutcome Outcome, string? CampaignId, ValidationErrors Errors)
{
    /// <summary>The campaign is in the pipeline's hands: the dispatcher starts and settles it whatever happens to the caller.</summary>
    public bool HandedOver => Outcome is HandOverOutcome.HandedOver or HandOverOutcome.AlreadyHandedOver;
}

/// <summary>The points between the hand-over's writes (see <see cref="CrashPoints"/>).</summary>
public static class HandOverSteps
{
    /// <summary>The repeat key names the campaign id; no campaign row yet.</summary>
    public const string KeyClaimed = "handover:key-claimed";

    /// <summary>The campaign row is written, <c>scheduled</c> and in the schedule index; not started.</summary>
    public const string CampaignWritten = "handover:campaign-written";

    /// <summary>The campaign is <c>sending</c>; its first planner step is not queued yet.</summary>
    public const string Started = "handover:started";

    /// <summary>The first planner step is queued; the caller has not heard back yet.</summary>
    public const string Queued = "handover:queued";
}

/// <summary>
/// The one way a campaign reaches the pipeline, for Newsletters (issues, digests), Events (programme announcements) and
/// the admin API. (1) The repeat key, when there is one, is claimed by a conditional insert naming the new campaign's
/// id; (2) the campaign row is written <c>scheduled</c>, due now or at its time, behind its schedule index row, so the
/// dispatcher starts it even if the process dies right after; (3) a campaign due now is started (<c>sending</c>, first
/// planner step queued; planning that never began is queued again by the dispatcher). A repeat with the same key finds
/// the claim and carries the SAME campaign on from wherever it stopped; "handed over" always means in the pipeline, never
/// a draft left behind.
/// </summary>
public sealed class CampaignHandOver(
    CampaignStore store,
    CampaignTargeting targeting,
    CampaignDispatcher dispatcher,
    CrashPoints crashPoints,
    IOptions<OutreachOptions> options,
    TimeProvider clock,
    ILogger<CampaignHandOver> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<HandOverResult> HandOverAsync(HandOverRequest request, CancellationToken cancellationToken = default)
    {
        var (draft, segment, errors) = await targeting.CheckAsync(request.Draft, cancellationToken);
        var now = clock.GetUtcNow();
        var (dueAt, timeErrors) = CampaignRules.DueAt(request.When, options.Value.TimeZone, now);
        foreach (var (field, messages) in timeErrors)
            foreach (var message in messages) errors.Add(field, message);
        if (!errors.IsValid) return new HandOverResult(HandOverOutcome.Invalid, null, errors);

        var later = !request.When.IsNow && dueAt > now;
        var campaign = draft.ToCampaign(segment, CampaignStates.Scheduled, now) with
        {
            SendAt = later ? request.When.LocalTime : null,
            TimeZone = later ? request.When.TimeZone ?? options.Value.TimeZone : null,
            DueAt = later ? dueAt : now,
        };

        var outcome = HandOverOutcome.HandedOver;
        if (request.RepeatKey is { } key)
        {
            var fingerprint = Fingerprint(draft, request.When);
            var claim = await store.ClaimSourceAsync(key, campaign.Id, fingerprint, cancellationToken);
            if (!claim.Claimed)
            {
                outcome = claim.Fingerprint == fingerprint ? HandOverOutcome.AlreadyHandedOver : HandOverOutcome.KeyReused;
                if (outcome == HandOverOutcome.KeyReused && request.RefuseOtherRequest)
                    return new HandOverResult(outcome, claim.CampaignId, errors);
                campaign = campaign with { Id = claim.CampaignId };
                if (await store.FindAsync(campaign.Id, cancellationToken) is { } existing)
                    return await CarryOnAsync(existing, HandOverOutcome.AlreadyHandedOver, cancellationToken);
                logger.LogWarning("Campaign {CampaignId} of key {Key} was claimed but never written: writing it now", campaign.Id, key);
                outcome = HandOverOutcome.AlreadyHandedOver;
            }

            crashPoints.Reached(HandOverSteps.KeyClaimed);
        }

        if (!await store.TryAddScheduledAsync(campaign, draft, cancellationToken))
        {
            // A concurrent repeat wrote it first: carry on from what it wrote.
            var written = await store.FindAsync(campaign.Id, cancellationToken) ?? throw new InvalidOperationException($"Campaign {campaign.Id} vanished.");
            return await CarryOnAsync(written, HandOverOutcome.AlreadyHandedOver, cancellationToken);
        }

        crashPoints.Reached(HandOverSteps.CampaignWritten);
        logger.LogInformation("Campaign {CampaignId} handed over ({Kind}, audiences {Audiences}, due {DueAt:u})", campaign.Id, campaign.Kind, string.Join(",", campaign.Audiences), campaign.DueAt);
        return await CarryOnAsync(await store.FindAsync(campaign.Id, cancellationToken) ?? campaign, outcome, cancellationToken);
    }

    /// <summary>Takes a campaign the hand-over wrote (now, or in an earlier attempt) as far as the pipeline: a due one is started.</summary>
    private async Task<HandOverResult> CarryOnAsync(Campaign campaign, HandOverOutcome outcome, CancellationToken cancellationToken)
    {
        // The hand-over writes no drafts: what it wrote is scheduled, or already further along.
        var now = clock.GetUtcNow();
        if (campaign is { State: CampaignStates.Scheduled, DueAt: { } dueAt } && dueAt <= now)
        {
            await dispatcher.StartAsync(campaign, cancellationToken); // null: started meanwhile (the dispatcher, a concurrent repeat)
            crashPoints.Reached(HandOverSteps.Queued);
        }

        return new HandOverResult(outcome, campaign.Id, new ValidationErrors());
    }

    /// <summary>What makes two requests the same: the checked draft and the time asked for.</summary>
    private static string Fingerprint(CampaignDraft draft, CampaignSchedule when)
    {
        var json = JsonSerializer.Serialize(new { draft, when = new { when.LocalTime, when.TimeZone } }, Json);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
