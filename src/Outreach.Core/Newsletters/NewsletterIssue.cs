using Azure;

namespace Outreach.Core.Newsletters;

/// <summary>A titled block of an issue: a section, the "dossier du mois", a cycle…; its body is Markdown.</summary>
public sealed record IssueSection
{
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string? Link { get; init; }

    /// <summary>The words of the link button; "Lire la suite" when absent.</summary>
    public string? LinkLabel { get; init; }

    /// <summary>A small label above the title, e.g. "Cycle" or "Dossier du mois".</summary>
    public string? Kicker { get; init; }
}

/// <summary>What the comms team writes: the body of <c>POST /api/admin/newsletters</c> and <c>PUT /{id}</c>.</summary>
public sealed record IssueContent
{
    public string Subject { get; init; } = "";
    public string? Preheader { get; init; }

    /// <summary>The template; the default newsletter layout when absent.</summary>
    public string? TemplateId { get; init; }

    /// <summary>Shown under the title, e.g. "Octobre 2026"; the month of sending when absent.</summary>
    public string? Edition { get; init; }

    public string Editorial { get; init; } = "";
    public IReadOnlyList<IssueSection> Sections { get; init; } = [];

    /// <summary>The highlighted "dossier du mois", if any.</summary>
    public IssueSection? Dossier { get; init; }

    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary><c>fr</c> (default) or <c>en</c>: the language of the template's fixed words.</summary>
    public string? Language { get; init; }
}

public static class IssueStatus
{
    public const string Draft = "draft";
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
}

/// <summary>An issue of a newsletter: its content, and when (if ever) its campaign leaves.</summary>
public sealed record NewsletterIssue
{
    public required string Id { get; init; }
    public required IssueContent Content { get; init; }
    public string Status { get; init; } = IssueStatus.Draft;
    public string? CampaignId { get; init; }

    /// <summary>How many times it was scheduled; part of the campaign's idempotency key, so a rescheduled issue gets a new campaign.</summary>
    public int Attempt { get; init; }

    /// <summary>The local date-time the team asked for, in <see cref="TimeZone"/>.</summary>
    public DateTime? SendAtLocal { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>The instant it leaves (from the local time and zone, computed when scheduled).</summary>
    public DateTimeOffset? SendAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public ETag ETag { get; init; }

    public string TemplateId => string.IsNullOrWhiteSpace(Content.TemplateId) ? DefaultTemplates.NewsletterId : Content.TemplateId!;
    public string Language => Content.Language == "en" ? "en" : "fr";

    /// <summary>True once the campaign has started: the issue is in the archive and can no longer be edited.</summary>
    public bool HasLeft(DateTimeOffset now) => Status == IssueStatus.Scheduled && SendAt <= now;
}
