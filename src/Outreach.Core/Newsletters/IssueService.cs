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
/// <summary>The body of <c>POST /{id}/schedule</c>; <paramref name="TrackOpens"/> (off unless true) lets SendGrid count opens.</summary>
public sealed record ScheduleRequest(string? SendAt, string? TimeZone, bool? Now, bool? TrackOpens = null);

/// <summary>The body of <c>POST /{id}/test</c>: the addresses to send to (1 to 10).</summary>
public sealed record TestSendRequest(IReadOnlyList<string>? To);

/// <summary>Newsletter issues as drafts: read, create, edit, check; the sample issue is seeded at start-up (<see cref="SampleIssueSeeding"/>).</summary>
public sealed partial class IssueService(IssueStore store, TemplateStore templates, AudienceStore audiences, MarkdownContent markdown, IssueRendering rendering, TimeProvider clock)
{
    public async Task<NewsletterIssue?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        return IsIssueId(id) ? await store.FindAsync(id, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<NewsletterIssue>> ListAsync(CancellationToken cancellationToken = default)
    {
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
        return await rendering.PreviewAsync(issue, cancellationToken);
    }

    public async Task<ValidationErrors> ValidateAsync(IssueContent content, CancellationToken cancellationToken)
    {
        var known = (await audiences.ListAsync(cancellationToken)).Select(a => a.Id).ToHashSet();
        var errors = IssueRules.Validate(content, known, markdown);
        if (errors.ContainsKey("templateId") || content.TemplateId is null) return errors;
        var template = await templates.FindAsync(content.TemplateId, cancellationToken);
        if (template is null) errors.Add("templateId", $"Unknown template: {content.TemplateId}.");
        else if (template.Kind != TemplateKind.Newsletter) errors.Add("templateId", "The template is a digest template, not a newsletter template.");
        return errors;
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
