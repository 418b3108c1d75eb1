using Microsoft.Extensions.Options;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Time;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Newsletters;

/// <summary>Who a rendering is for: a real person, the preview's sample reader, nobody (the web view), or placeholders.</summary>
public static class Recipients
{
    public static RecipientView Named(string? firstName, string language) => new()
    {
        FirstName = firstName?.Trim() ?? "",
        Greeting = string.IsNullOrWhiteSpace(firstName)
            ? Strings.Shared.For(language)["mail.greeting"]
            : Strings.Shared.For(language)["mail.greeting_named", firstName.Trim()],
    };

    public static RecipientView Sample(string language) => Named("Marie", language);

    /// <summary>The web view: no personal data.</summary>
    public static RecipientView Anonymous(string language) => Named(null, language);
}

/// <summary>
/// The per-recipient links of a mail; empty in the web view. <paramref name="RegisterFor"/> gives a session's one-click
/// registration link (a campaign's placeholder); without it "Je m'inscris" leads to the session's page.
/// </summary>
public sealed record RecipientLinks(string Unsubscribe, string Preferences, Func<AnnouncedSession, string?>? RegisterFor = null)
{
    public static RecipientLinks None { get; } = new("", "");
}

/// <summary>Builds what templates see from an issue or a digest: Markdown rendered, links absolute, events, organisation.</summary>
public sealed class NewsletterViews(
    IOptions<OutreachOptions> outreach, IOptions<NewsletterOptions> newsletters, PublicUrls urls,
    MarkdownContent markdown, IUpcomingSessions sessions, TimeProvider clock)
{
    public const int MaxEvents = 4;

    public string ArchiveUrl => urls.Api("newsletters");

    public string SignupUrl(string language) => urls.Signup(language: language);

    public string WebViewUrl(string issueId) => urls.Api("newsletters/" + Uri.EscapeDataString(issueId));

    /// <param name="audienceName">The name the footer shows; the engine's placeholder in a campaign to several audiences.</param>
    public async Task<MailView> IssueAsync(NewsletterIssue issue, Audience audience, RecipientView recipient, RecipientLinks links, string? audienceName = null, CancellationToken cancellationToken = default)
    {
        var language = issue.Language;
        return new MailView
        {
            Language = language,
            Issue = IssueView(issue.Content, DateLabel(issue)),
            Events = await EventsAsync(language, links, cancellationToken),
            Recipient = recipient,
            Links = Links(links, audience, WebViewUrl(issue.Id)),
            Organisation = Organisation(),
            Audience = new AudienceView { Id = audience.Id, Name = audienceName ?? audience.DisplayName(language) },
        };
    }

    public async Task<MailView> DigestAsync(DigestView digest, Audience audience, RecipientView recipient, RecipientLinks links, string language, CancellationToken cancellationToken = default) => new()
    {
        Language = language,
        Digest = digest,
        Events = await EventsAsync(language, links, cancellationToken),
        Recipient = recipient,
        Links = Links(links, audience, ""),
        Organisation = Organisation(),
        Audience = new AudienceView { Id = audience.Id, Name = audience.DisplayName(language) },
    };

    public IssueView IssueView(IssueContent content, string dateLabel)
    {
        var editorial = markdown.Render(content.Editorial);
        return new IssueView
        {
            Subject = content.Subject.Trim(),
            Preheader = content.Preheader?.Trim() ?? "",
            DateLabel = dateLabel,
            Editorial = editorial.Html,
            EditorialText = editorial.Text,
            Sections = content.Sections.Select(s => Section(s, content.Language)).ToList(),
            Dossier = content.Dossier is { } dossier ? Section(dossier, content.Language, "Dossier du mois") : null,
        };
    }

    public OrganisationView Organisation() => new()
    {
        Name = newsletters.Value.OrganisationName,
        PostalAddress = outreach.Value.PostalAddress,
        Website = newsletters.Value.WebsiteUrl,
    };

    public LinksView Links(RecipientLinks links, Audience audience, string viewInBrowser) => new()
    {
        Unsubscribe = links.Unsubscribe,
        Preferences = links.Preferences,
        ViewInBrowser = viewInBrowser,
        Archive = ArchiveUrl,
        Signup = urls.Signup(audience.Id),
    };

    public async Task<IReadOnlyList<EventView>> EventsAsync(string language, RecipientLinks links, CancellationToken cancellationToken)
    {
        var upcoming = await sessions.ListAsync(clock.GetUtcNow(), MaxEvents, cancellationToken);
        return upcoming.Select(s => EventView(s, language, links)).ToList();
    }

    public EventView EventView(AnnouncedSession session, string language, RecipientLinks? links = null)
    {
        var zone = ZonedTime.TryFindZone(session.TimeZone, out var z) ? z : Zone;
        var url = markdown.Absolute(session.Url) ?? ArchiveUrl;
        return new EventView
        {
            Title = session.Title,
            When = DateLabels.DayAndTime(ZonedTime.ToLocal(session.Start, zone), language),
            Url = url,
            Series = session.SeriesTitle ?? "",
            RegisterUrl = links?.RegisterFor?.Invoke(session) ?? url,
        };
    }

    public TimeZoneInfo Zone => ZonedTime.TryFindZone(outreach.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public string DateLabel(NewsletterIssue issue)
    {
        if (!string.IsNullOrWhiteSpace(issue.Content.Edition)) return issue.Content.Edition.Trim();
        return DateLabels.Month(ZonedTime.ToLocal(issue.SendAt ?? clock.GetUtcNow(), Zone), issue.Language);
    }

    private SectionView Section(IssueSection section, string? language, string defaultKicker = "")
    {
        var body = markdown.Render(section.Body);
        return new SectionView
        {
            Title = section.Title.Trim(),
            Kicker = string.IsNullOrWhiteSpace(section.Kicker) ? defaultKicker : section.Kicker.Trim(),
            Body = body.Html,
            BodyText = body.Text,
            Link = markdown.Absolute(section.Link) ?? "",
            LinkLabel = string.IsNullOrWhiteSpace(section.LinkLabel) ? (language == "en" ? "Read more" : "Lire la suite") : section.LinkLabel.Trim(),
        };
    }
}

/// <summary>Sample views (the October issue, a few articles, two sessions) that templates are checked against on save.</summary>
public sealed class SampleViews(NewsletterViews views, PublicUrls urls)
{
    private static readonly Audience SampleAudience = DefaultAudiences.All.First(a => a.Id == DefaultAudiences.Newsletter);
    private static readonly Audience SampleDigestAudience = DefaultAudiences.All.First(a => a.Id == DefaultAudiences.Quotidienne);

    public RecipientLinks SampleLinks => new(urls.Api("unsubscribe", Language.French, ("token", "sample")), urls.Api("preferences", Language.French, ("token", "sample")));

    public MailView Newsletter() => new()
    {
        Language = "fr",
        Issue = views.IssueView(SampleIssue.Content, "Octobre 2026"),
        Events = SampleSessions(),
        Recipient = Recipients.Sample("fr"),
        Links = views.Links(SampleLinks, SampleAudience, views.WebViewUrl(SampleIssue.Id)),
        Organisation = views.Organisation(),
        Audience = new AudienceView { Id = SampleAudience.Id, Name = SampleAudience.Name },
    };

    public MailView Digest() => new()
    {
        Language = "fr",
        Digest = new DigestView
        {
            Title = SampleDigestAudience.Name,
            PeriodLabel = "lundi 26 octobre 2026",
            Articles =
            [
                new ArticleView { Title = "Mécénat de compétences : le guide 2026", Summary = "Ce qui change cette année.", Url = urls.BaseUrl + "/articles/1", PublishedLabel = "vendredi 23 octobre 2026" },
                new ArticleView { Title = "Trois alliances qui ont changé un territoire", Url = urls.BaseUrl + "/articles/2" },
            ],
        },
        Events = SampleSessions(),
        Recipient = Recipients.Sample("fr"),
        Links = views.Links(SampleLinks, SampleDigestAudience, ""),
        Organisation = views.Organisation(),
        Audience = new AudienceView { Id = SampleDigestAudience.Id, Name = SampleDigestAudience.Name },
    };

    private IReadOnlyList<EventView> SampleSessions() =>
    [
        views.EventView(new AnnouncedSession("La cartographie des parties prenantes", new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.Zero), "Europe/Paris", urls.Api("events/sample"), "Les Jeudis de l'ODD 17"), "fr"),
        views.EventView(new AnnouncedSession("De la connaissance à la compétence", new DateTimeOffset(2026, 11, 19, 12, 0, 0, TimeSpan.Zero), "Europe/Paris", urls.Api("events/sample-2")), "fr"),
    ];
}
