
namespace Outreach.Core.Newsletters;

/// <summary>
/// What a template sees. Names reach Liquid in snake_case (<c>issue.view_in_browser</c>); only these types are
/// readable from a template. Text is HTML-encoded when printed; <see cref="SafeHtml"/> values (rendered Markdown) are not.
/// </summary>
public static class TemplateModel
{
    public static readonly Type[] Types =
    [
        typeof(IssueView), typeof(SectionView), typeof(EventView), typeof(RecipientView), typeof(LinksView),
        typeof(OrganisationView), typeof(AudienceView), typeof(DigestView), typeof(ArticleView),
    ];

    /// <summary>The variables every template gets, by name.</summary>
    public static Dictionary<string, object?> Variables(MailView view) => new()
    {
        ["lang"] = view.Language,
        ["issue"] = view.Issue,
        ["digest"] = view.Digest,
        ["events"] = view.Events,
        ["subscriber"] = view.Recipient,
        ["links"] = view.Links,
        ["organisation"] = view.Organisation,
        ["audience"] = view.Audience,
    };
}

/// <summary>Everything one rendering needs; <see cref="Issue"/> for a newsletter, <see cref="Digest"/> for a digest.</summary>
public sealed record MailView
{
    public string Language { get; init; } = "fr";
    public IssueView? Issue { get; init; }
    public DigestView? Digest { get; init; }
    public IReadOnlyList<EventView> Events { get; init; } = [];
    public required RecipientView Recipient { get; init; }
    public required LinksView Links { get; init; }
    public required OrganisationView Organisation { get; init; }
    public required AudienceView Audience { get; init; }
}

public sealed record IssueView
{
    public required string Subject { get; init; }
    public string Preheader { get; init; } = "";

    /// <summary>E.g. "Octobre 2026".</summary>
    public string DateLabel { get; init; } = "";

    public required SafeHtml Editorial { get; init; }

    /// <summary>The editorial as plain text (for the text part).</summary>
    public string EditorialText { get; init; } = "";

    public IReadOnlyList<SectionView> Sections { get; init; } = [];

    /// <summary>The "dossier du mois", highlighted; null when the issue has none.</summary>
    public SectionView? Dossier { get; init; }
}

public sealed record SectionView
{
    public required string Title { get; init; }

    /// <summary>A small label above the title, e.g. "Dossier du mois" or "Cycle".</summary>
    public string Kicker { get; init; } = "";

    public required SafeHtml Body { get; init; }
    public string BodyText { get; init; } = "";
    public string Link { get; init; } = "";
    public string LinkLabel { get; init; } = "";
}

/// <summary>An upcoming webinar or series session (empty until the events module provides them).</summary>
public sealed record EventView
{
    public required string Title { get; init; }

    /// <summary>E.g. "jeudi 8 octobre 2026, 12:00".</summary>
    public required string When { get; init; }

    public required string Url { get; init; }
    public string Series { get; init; } = "";

    /// <summary>"Je m'inscris": in a campaign the recipient's own one-click registration link (a placeholder filled per recipient); elsewhere the session's page.</summary>
    public string RegisterUrl { get; init; } = "";
}

/// <summary>Per-recipient values. In a campaign they are the delivery engine's placeholders, filled per recipient.</summary>
public sealed record RecipientView
{
    public required string FirstName { get; init; }

    /// <summary>"Bonjour Marie," or "Bonjour," when the first name is unknown.</summary>
    public required string Greeting { get; init; }
}

public sealed record LinksView
{
    public required string Unsubscribe { get; init; }
    public required string Preferences { get; init; }

    /// <summary>The archived web copy of this issue (empty for digests).</summary>
    public string ViewInBrowser { get; init; } = "";

    public required string Archive { get; init; }
    public required string Signup { get; init; }
}

public sealed record OrganisationView
{
    public required string Name { get; init; }
    public required string PostalAddress { get; init; }
    public required string Website { get; init; }
}

public sealed record AudienceView
{
    public required string Id { get; init; }
    public required string Name { get; init; }
}

public sealed record DigestView
{
    /// <summary>E.g. "La quotidienne".</summary>
    public required string Title { get; init; }

    /// <summary>E.g. "lundi 26 octobre 2026" or "semaine du 19 octobre 2026".</summary>
    public required string PeriodLabel { get; init; }

    public IReadOnlyList<ArticleView> Articles { get; init; } = [];
}

public sealed record ArticleView
{
    public required string Title { get; init; }
    public string Summary { get; init; } = "";
    public required string Url { get; init; }
    public string PublishedLabel { get; init; } = "";
}
