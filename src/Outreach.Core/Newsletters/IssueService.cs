using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Newsletters;

public enum IssueOutcome
{
    Ok,
    NotFound,
    Invalid,

    /// <summary>The issue's state does not allow it (edit a scheduled issue, cancel a draft…), or someone changed it meanwhile.</summary>
    Conflict,
}

/// <param name="TestsSent">For a test send: how many of the given addresses got it (suppressed ones are skipped).</param>
public sealed record IssueResult(IssueOutcome Outcome, NewsletterIssue? Issue = null, ValidationErrors? Errors = null, string? Detail = null, int TestsSent = 0)
{
    public static IssueResult NotFound { get; } = new(IssueOutcome.NotFound);

    public static IssueResult Invalid(ValidationErrors errors) => new(IssueOutcome.Invalid, Errors: errors);

    public static IssueResult Conflict(string detail) => new(IssueOutcome.Conflict, Detail: detail);
}

/// <summary>The body of <c>POST /{id}/schedule</c>: <c>{ "sendAt": "2026-12-03T09:00", "timeZone"? }</c> or <c>{ "now": true }</c>.</summary>
public sealed record ScheduleRequest(string? SendAt, string? TimeZone, bool? Now);

/// <summary>The body of <c>POST /{id}/test</c>: the addresses to send to (1 to 10).</summary>
public sealed record TestSendRequest(IReadOnlyList<string>? To);

/// <summary>
/// Newsletter issues from draft to archive: create and edit, preview, test send, schedule at a local time or now
/// (one campaign through the delivery engine, published to the archive from the instant it leaves), cancel.
/// </summary>
public sealed partial class IssueService(
    IssueStore store, TemplateStore templates, AudienceStore audiences, MailRenderer renderer, NewsletterViews views,
    MarkdownContent markdown, NewsletterArchive archive, ICampaignEngine campaigns, SubscriptionLinks links, IOptions<OutreachOptions> outreach, IOptions<NewsletterOptions> options, TimeProvider clock, ILogger<IssueService> logger)
{
    private bool sampleSeeded;

    public async Task<NewsletterIssue?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureSampleAsync(cancellationToken);
        return IsIssueId(id) ? await store.FindAsync(id, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<NewsletterIssue>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSampleAsync(cancellationToken);
        return await store.ListAsync(cancellationToken);
    }

    public async Task<IssueResult> CreateAsync(IssueContent content, CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(content, cancellationToken);
        if (!errors.IsValid) return IssueResult.Invalid(errors);
        var now = clock.GetUtcNow();
        var issue = new NewsletterIssue { Id = NewId(content.Subject, now), Content = Normalised(content), CreatedAt = now, UpdatedAt = now };
        return await store.TryAddAsync(issue, cancellationToken)
            ? new IssueResult(IssueOutcome.Ok, issue)
            : IssueResult.Conflict("An issue with this id exists; try again.");
    }

    public async Task<IssueResult> UpdateAsync(string id, IssueContent content, CancellationToken cancellationToken = default)
    {
        var issue = await FindAsync(id, cancellationToken);
        if (issue is null) return IssueResult.NotFound;
        if (issue.Status == IssueStatus.Scheduled) return IssueResult.Conflict("The issue is scheduled or sent: cancel it before editing.");
        var errors = await ValidateAsync(content, cancellationToken);
        if (!errors.IsValid) return IssueResult.Invalid(errors);
        var updated = issue with { Content = Normalised(content), UpdatedAt = clock.GetUtcNow() };
        return await store.TryReplaceAsync(updated, cancellationToken)
            ? new IssueResult(IssueOutcome.Ok, updated)
            : IssueResult.Conflict("The issue was changed meanwhile; read it again.");
    }

    /// <summary>The issue as a subscriber named Marie would see it (links absolute, CSS inlined).</summary>
    public async Task<RenderedMail?> PreviewAsync(string id, CancellationToken cancellationToken = default)
    {
        var issue = await FindAsync(id, cancellationToken);
        if (issue is null) return null;
        var audience = await AudienceOfAsync(issue, cancellationToken);
        var recipientLinks = new RecipientLinks(links.Unsubscribe("preview", audience.Id, issue.Language), links.Preferences("preview", issue.Language));
        return await RenderAsync(issue, audience, Recipients.Sample(issue.Language), recipientLinks, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Sends the issue to the given addresses only, through the delivery engine's test send: the same rendering as the
    /// campaign, subject marked [TEST], each address greeted with its own first name when it is a known contact.
    /// </summary>
    public async Task<IssueResult> SendTestAsync(string id, TestSendRequest request, CancellationToken cancellationToken = default)
    {
        var issue = await FindAsync(id, cancellationToken);
        if (issue is null) return IssueResult.NotFound;
        var order = await CampaignOrderAsync(issue, $"newsletter-{issue.Id}-test", cancellationToken);
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
        var issue = await FindAsync(id, cancellationToken);
        if (issue is null) return IssueResult.NotFound;
        if (issue.Status == IssueStatus.Scheduled) return IssueResult.Conflict("The issue is already scheduled or sent.");
        var contentErrors = await ValidateAsync(issue.Content, cancellationToken);
        if (!contentErrors.IsValid) return IssueResult.Invalid(contentErrors);

        var now = clock.GetUtcNow();
        var (local, zone) = when ?? (ZonedTime.ToLocal(now, views.Zone), views.Zone);
        var sendAt = when is null ? now : ZonedTime.ToInstant(local, zone);
        if (sendAt < now.AddMinutes(-1)) return IssueResult.Invalid(new ValidationErrors { { "sendAt", "sendAt is in the past." } });

        var scheduled = issue with { Status = IssueStatus.Scheduled, Attempt = issue.Attempt + 1, SendAt = sendAt, SendAtLocal = local, TimeZone = zone.Id, UpdatedAt = now };
        var order = await CampaignOrderAsync(scheduled, $"newsletter-{issue.Id}-{scheduled.Attempt}", cancellationToken) with
        {
            SendAtLocal = when is null ? null : local,
            TimeZone = when is null ? null : zone.Id,
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
        var issue = await FindAsync(id, cancellationToken);
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

    /// <summary>The campaign body: rendered once, per-recipient values left as the engine's placeholders.</summary>
    public async Task<CampaignOrder> CampaignOrderAsync(NewsletterIssue issue, string sourceId, CancellationToken cancellationToken = default)
    {
        var audience = await AudienceOfAsync(issue, cancellationToken);
        var placeholders = campaigns.Placeholders;
        var body = await RenderAsync(issue, audience, placeholders.RecipientFor(issue.Language), placeholders.Links, placeholders.AudienceName, cancellationToken);
        return new CampaignOrder
        {
            SourceId = sourceId,
            Subject = body.Subject,
            Html = body.Html,
            Text = body.Text,
            Audiences = issue.Content.Audiences,
            Language = issue.Language,
            Category = "newsletter",
        };
    }

    /// <summary>The web copy (no personal data) in the archive, public from the instant the campaign leaves.</summary>
    private async Task PublishAsync(NewsletterIssue scheduled, CancellationToken cancellationToken)
    {
        var audience = await AudienceOfAsync(scheduled, cancellationToken);
        var webCopy = await RenderAsync(scheduled, audience, Recipients.Anonymous(scheduled.Language), RecipientLinks.None, cancellationToken: cancellationToken);
        var entry = new ArchivedIssue(scheduled.Id, webCopy.Subject, scheduled.Content.Preheader ?? "", DateLabelOf(scheduled), scheduled.SendAt!.Value);
        await archive.PublishAsync(entry, webCopy.Html, cancellationToken);
    }

    /// <summary>Renders one issue for one kind of reader with its own template.</summary>
    public async Task<RenderedMail> RenderAsync(
        NewsletterIssue issue, Audience audience, RecipientView recipient, RecipientLinks recipientLinks, string? audienceName = null, CancellationToken cancellationToken = default)
    {
        var template = await templates.FindAsync(issue.TemplateId, cancellationToken)
                       ?? await templates.FindAsync(DefaultTemplates.NewsletterId, cancellationToken)
                       ?? DefaultTemplates.All[0];
        var view = await views.IssueAsync(issue, audience, recipient, recipientLinks, audienceName, cancellationToken);
        return await renderer.RenderAsync(template.Source, view);
    }

    /// <summary>Adds the default templates' companion: the sample October issue, as a draft, the first time.</summary>
    public async Task EnsureSampleAsync(CancellationToken cancellationToken = default)
    {
        if (sampleSeeded || !options.Value.SeedSample) return;
        var now = clock.GetUtcNow();
        await store.TryAddAsync(new NewsletterIssue { Id = SampleIssue.Id, Content = SampleIssue.Content, CreatedAt = now, UpdatedAt = now }, cancellationToken);
        sampleSeeded = true;
    }

    private async Task<ValidationErrors> ValidateAsync(IssueContent content, CancellationToken cancellationToken)
    {
        var known = (await audiences.ListAsync(cancellationToken)).Select(a => a.Id).ToHashSet();
        var errors = IssueRules.Validate(content, known, markdown);
        if (errors.ContainsKey("templateId") || content.TemplateId is null) return errors;
        var template = await templates.FindAsync(content.TemplateId, cancellationToken);
        if (template is null) errors.Add("templateId", $"Unknown template: {content.TemplateId}.");
        else if (template.Kind != TemplateKind.Newsletter) errors.Add("templateId", "The template is a digest template, not a newsletter template.");
        return errors;
    }

    /// <summary>The audience named in the footer: the first one (an issue sent to several lists is signed by its first).</summary>
    private async Task<Audience> AudienceOfAsync(NewsletterIssue issue, CancellationToken cancellationToken)
    {
        var first = issue.Content.Audiences.FirstOrDefault() ?? DefaultAudiences.Newsletter;
        return await audiences.FindAsync(first, cancellationToken)
               ?? new Audience { Id = first, Name = first };
    }

    private string DateLabelOf(NewsletterIssue issue) =>
        !string.IsNullOrWhiteSpace(issue.Content.Edition)
            ? issue.Content.Edition.Trim()
            : DateLabels.Month(ZonedTime.ToLocal(issue.SendAt ?? clock.GetUtcNow(), views.Zone), issue.Language);

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

    private static IssueContent Normalised(IssueContent content) => content with
    {
        Subject = content.Subject.Trim(),
        Audiences = content.Audiences.Distinct().ToList(),
        Sections = content.Sections ?? [],
    };

    private static string NewId(string subject, DateTimeOffset now)
    {
        var slug = Slug(subject);
        return $"{now:yyyy-MM}-{(slug.Length > 0 ? slug + "-" : "")}{Guid.NewGuid().ToString("N")[..6]}";
    }

    public static string Slug(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var ascii = new string(decomposed.Where(c => c < 128).ToArray()).ToLowerInvariant();
        var slug = NonSlug().Replace(ascii, "-").Trim('-');
        return slug.Length > 50 ? slug[..50].TrimEnd('-') : slug;
    }

    public static bool IsIssueId(string id) => id.Length is > 0 and <= 100 && IssueId().IsMatch(id);

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IssueId();
}
