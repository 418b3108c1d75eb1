using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Newsletters;

/// <summary>
/// An issue leaves: test send, schedule at a local time or now (one campaign through the delivery engine, published to
/// the archive from the instant it leaves), cancel.
/// </summary>
public sealed class IssueScheduling(
    IssueService issues, IssueStore store, IssueRendering rendering, NewsletterArchive archive, ICampaignEngine campaigns, IOptions<OutreachOptions> outreach, TimeProvider clock, ILogger<IssueScheduling> logger)
{
    /// <summary>
    /// Sends the issue to the given addresses only, through the delivery engine's test send: the same rendering as the
    /// campaign, subject marked [TEST], each address greeted with its own first name when it is a known contact.
    /// </summary>
    public async Task<IssueResult> SendTestAsync(string id, TestSendRequest request, CancellationToken cancellationToken = default)
    {
        var issue = await issues.FindAsync(id, cancellationToken);
        if (issue is null) return IssueResult.NotFound;
        var order = await rendering.CampaignOrderAsync(issue, $"newsletter-{issue.Id}-test", cancellationToken);
        var result = await campaigns.SendTestAsync(order, request.To ?? [], cancellationToken);
        if (!result.Ok) return IssueResult.Invalid(result.Errors);
        logger.LogInformation("Issue {IssueId}: test sent to {Count} address(es)", issue.Id, result.Sent);
        return new IssueResult(IssueOutcome.Ok, issue, TestsSent: result.Sent);
    }

    /// <summary>
    /// Renders the campaign once (per-recipient values as the engine's placeholders), publishes the web copy to the
    /// archive from the send instant, and hands the campaign to the delivery engine.
    /// </summary>
    public async Task<IssueResult> ScheduleAsync(string id, ScheduleRequest request, CancellationToken cancellationToken = default)
    {
        var when = ReadSchedule(request, out var errors);
        if (!errors.IsValid) return IssueResult.Invalid(errors);
        var issue = await issues.FindAsync(id, cancellationToken);
        if (issue is null) return IssueResult.NotFound;
        if (issue.Status == IssueStatus.Scheduled) return IssueResult.Conflict("The issue is already scheduled or sent.");
        var contentErrors = await issues.ValidateAsync(issue.Content, cancellationToken);
        if (!contentErrors.IsValid) return IssueResult.Invalid(contentErrors);

        var now = clock.GetUtcNow();
        var (local, zone) = when ?? (ZonedTime.ToLocal(now, rendering.Zone), rendering.Zone);
        var sendAt = when is null ? now : ZonedTime.ToInstant(local, zone);
        if (sendAt < now.AddMinutes(-1)) return IssueResult.Invalid(new ValidationErrors { { "sendAt", "sendAt is in the past." } });

        var scheduled = issue with { Status = IssueStatus.Scheduled, Attempt = issue.Attempt + 1, SendAt = sendAt, SendAtLocal = local, TimeZone = zone.Id, UpdatedAt = now };
        var order = await rendering.CampaignOrderAsync(scheduled, $"newsletter-{issue.Id}-{scheduled.Attempt}", cancellationToken) with
        {
            SendAtLocal = when is null ? null : local,
            TimeZone = when is null ? null : zone.Id,
            TrackOpens = request.TrackOpens ?? false,
        };
        await PublishAsync(scheduled, cancellationToken);
        var placed = await campaigns.ScheduleAsync(order, cancellationToken);
        if (!placed.Ok)
        {
            await archive.WithdrawAsync(issue.Id, cancellationToken);
            return IssueResult.Invalid(placed.Errors);
        }

        var campaignId = placed.CampaignId!;
        scheduled = scheduled with { CampaignId = campaignId };
        if (!await store.TryReplaceAsync(scheduled, cancellationToken)) return IssueResult.Conflict("The issue was changed meanwhile; read it again.");
        logger.LogInformation("Issue {IssueId}: campaign {CampaignId} scheduled for {SendAt:o}", issue.Id, campaignId, sendAt);
        return new IssueResult(IssueOutcome.Ok, scheduled);
    }

    /// <summary>Cancels the issue's campaign: what is not sent stays unsent; an issue cancelled before it left leaves the archive.</summary>
    public async Task<IssueResult> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        var issue = await issues.FindAsync(id, cancellationToken);
        if (issue is null) return IssueResult.NotFound;
        if (issue.Status != IssueStatus.Scheduled || issue.CampaignId is null) return IssueResult.Conflict("Only a scheduled or running issue can be cancelled.");
        var cancelled = await campaigns.CancelAsync(issue.CampaignId, cancellationToken);
        if (!cancelled && issue.HasLeft(clock.GetUtcNow())) return IssueResult.Conflict("The campaign has already finished.");
        if (!issue.HasLeft(clock.GetUtcNow())) await archive.WithdrawAsync(issue.Id, cancellationToken);

        var updated = issue with { Status = IssueStatus.Cancelled, UpdatedAt = clock.GetUtcNow() };
        if (!await store.TryReplaceAsync(updated, cancellationToken)) return IssueResult.Conflict("The issue was changed meanwhile; read it again.");
        logger.LogInformation("Issue {IssueId}: campaign {CampaignId} cancelled", issue.Id, issue.CampaignId);
        return new IssueResult(IssueOutcome.Ok, updated);
    }

    public Task<string?> CampaignStateAsync(NewsletterIssue issue, CancellationToken cancellationToken = default) =>
        issue.CampaignId is null ? Task.FromResult<string?>(null) : campaigns.StateAsync(issue.CampaignId, cancellationToken);

    /// <summary>The web copy (no personal data) in the archive, public from the instant the campaign leaves.</summary>
    private async Task PublishAsync(NewsletterIssue scheduled, CancellationToken cancellationToken)
    {
        var webCopy = await rendering.WebCopyAsync(scheduled, cancellationToken);
        var entry = new ArchivedIssue(scheduled.Id, webCopy.Subject, scheduled.Content.Preheader ?? "", rendering.DateLabelOf(scheduled), scheduled.SendAt!.Value);
        await archive.PublishAsync(entry, webCopy.Html, cancellationToken);
    }

    private (DateTime Local, TimeZoneInfo Zone)? ReadSchedule(ScheduleRequest request, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        if (request.Now == true)
        {
            if (request.SendAt is not null) errors.Add("sendAt", "Give either sendAt or now, not both.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(request.SendAt))
        {
            errors.Add("sendAt", "sendAt (local date-time, e.g. 2026-12-03T09:00) or now: true is required.");
            return null;
        }

        if (!ZonedTime.TryParseLocal(request.SendAt, out var local))
            errors.Add("sendAt", "sendAt must be a local date-time like 2026-12-03T09:00 (no offset: the time zone says where).");
        var zoneId = request.TimeZone ?? outreach.Value.TimeZone;
        if (!ZonedTime.TryFindZone(zoneId, out var zone)) errors.Add("timeZone", $"Unknown time zone: {zoneId}.");
        return errors.IsValid ? (local, zone) : null;
    }
}
