using Outreach.Core.Common.Links;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail.Templates;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// The week's announcement of a series session, for the series' audience (<c>jeudis-odd17</c>). The body is a whole mail
/// (layout, preheader, footer) whose unsubscribe and preference links are the campaign engine's placeholders; the engine
/// fills them and adds the List-Unsubscribe headers per recipient.
/// </summary>
public sealed record ProgrammeAnnouncement(
    string SeriesId,
    string SessionId,
    string AudienceId,
    string Subject,
    string Preheader,
    string Html,
    string Text,
    DateTimeOffset SessionStartUtc);

/// <summary>
/// Hands a programme announcement to the delivery engine as a campaign to the announcement's audience.
/// Returns false when it was not handed over, so the dispatcher tries again at its next run; handing the same
/// announcement over again finds the campaign it made (never a second one).
/// </summary>
public interface IProgrammeAnnouncementPublisher
{
    Task<bool> PublishAsync(ProgrammeAnnouncement announcement, CancellationToken cancellationToken = default);
}

/// <summary>
/// Sends the announcement through the campaign engine's hand-over port (<see cref="CampaignHandOver"/>): one
/// <c>announcement</c> campaign, now, to the audience, keyed by its source id (the session and its start), so a repeat
/// after a crash carries on the same campaign. The engine fills the footer's links and adds the List-Unsubscribe headers
/// per recipient, and pages through the audience in batches.
/// </summary>
public sealed class CampaignProgrammePublisher(CampaignHandOver handOver, ILogger<CampaignProgrammePublisher> logger) : IProgrammeAnnouncementPublisher
{
    public const string Category = "programme";

    public async Task<bool> PublishAsync(ProgrammeAnnouncement announcement, CancellationToken cancellationToken = default)
    {
        var result = await handOver.HandOverAsync(HandOverRequest.BySource(Draft(announcement), CampaignSchedule.Now), cancellationToken);
        if (!result.HandedOver)
        {
            logger.LogWarning("Programme announcement of {SessionId} refused by the campaign engine: {Errors}",
                announcement.SessionId, string.Join("; ", result.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
            return false;
        }

        logger.LogInformation("Programme announcement of {SessionId} is campaign {CampaignId}", announcement.SessionId, result.CampaignId);
        return true;
    }

    /// <summary>The announcement's source id: one per session and start (a session moved gets a new announcement).</summary>
    public static string SourceIdOf(ProgrammeAnnouncement announcement) => $"programme:{announcement.SessionId}:{announcement.SessionStartUtc.UtcDateTime:yyyyMMddHHmm}";

    public static CampaignDraft Draft(ProgrammeAnnouncement announcement) => new()
    {
        Subject = announcement.Subject,
        Html = announcement.Html,
        Text = announcement.Text,
        AppendFooter = false,
        Audiences = [announcement.AudienceId],
        Kind = CampaignKinds.Announcement,
        SourceId = SourceIdOf(announcement),
        Categories = [Category],
    };
}

/// <summary>
/// Writes the week's programme mail from the <c>programme</c> template: this week's topic first, then the whole programme
/// with links, in the mail layout whose footer carries the campaign engine's per-recipient placeholders.
/// </summary>
public sealed class ProgrammeMailBuilder(EventLinks links, MailTemplateRenderer renderer)
{
    /// <summary>The footer's links, filled per recipient by the campaign engine.</summary>
    private static readonly MailFooter CampaignFooter = new(
        "{{" + CampaignPlaceholders.UnsubscribeUrl + "}}", "{{" + CampaignPlaceholders.PreferencesUrl + "}}", "{{" + CampaignPlaceholders.AudienceName + "}}");

    public async Task<ProgrammeAnnouncement> BuildAsync(
        EventSeries series, EventSession session, IReadOnlyList<EventSession> programme, string language = "fr", CancellationToken cancellationToken = default)
    {
        var variables = new Dictionary<string, object?>
        {
            ["series"] = new Dictionary<string, object?>
            {
                ["title"] = series.Title, ["url"] = links.SeriesPage(series.Id, language), ["register_url"] = OneClickPlaceholder(OneClickScope.ForSeries(series.Id, OneClickScope.Programme)),
            },
            ["session"] = new Dictionary<string, object?>(EventMailTemplates.Session(
                session.DisplayTitle, SessionTimes.When(session, language), SessionTimes.ShortDay(session.LocalStart, language), SessionTimes.Clock(session.LocalStart, language),
                session.Description, joinUrl: "", links.SessionPage(session.Id, language), manageUrl: "", googleUrl: "", outlookUrl: "", links.CalendarFile(session.Id)))
            {
                ["register_url"] = OneClickPlaceholder(OneClickScope.ForSession(session.Id, OneClickScope.Programme)),
            },
            ["topic"] = session.Topic ?? session.Title,
            ["programme"] = programme.Select(item => (object?)EventMailTemplates.ProgrammeItem(
                SessionTimes.ShortDay(item.LocalStart, language), item.Topic ?? item.Title, links.SessionPage(item.Id, language),
                current: item.Id == session.Id, cancelled: item.IsCancelled)).ToList(),
        };
        var mail = await renderer.RenderAsync(EventMailTemplates.Programme, language, variables, CampaignFooter, cancellationToken);
        return new ProgrammeAnnouncement(series.Id, session.Id, series.ProgrammeAudienceId, mail.Subject, mail.Preheader, mail.Html, mail.Text, session.StartUtc);
    }

    /// <summary>Each recipient's own one-click registration link, filled by the campaign engine.</summary>
    private static string OneClickPlaceholder(OneClickScope scope) => CampaignPlaceholders.Written(CampaignPlaceholders.OneClickUrl, scope.ToString());
}

/// <summary>
/// Before each series session (<see cref="EventsOptions.ProgrammeLeadTime"/>), hands the week's announcement to the
/// publisher once. The run's ledger row is written only after the publisher took it, as a record that it is done: the
/// hand-over itself is what cannot happen twice (its source id finds the campaign it made), so a run that stopped
/// anywhere is simply done again at the next wake-up and carries on the same campaign.
/// </summary>
public sealed class ProgrammeDispatcher(
    EventStore events,
    EventMailLedger ledger,
    ProgrammeMailBuilder builder,
    IProgrammeAnnouncementPublisher publisher,
    IOptions<EventsOptions> options,
    TimeProvider clock,
    ILogger<ProgrammeDispatcher> logger)
{
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var lead = options.Value.ProgrammeLeadTime;
        var due = (await events.ListStartingBetweenAsync(now, now + lead, cancellationToken)).Where(s => s.SeriesId is not null && !s.IsCancelled);
        var published = 0;
        foreach (var session in due)
        {
            var kind = LedgerKinds.Programme(session.StartUtc);
            if (await ledger.WasRunClaimedAsync(session.Id, kind, cancellationToken)) continue;
            var series = await events.FindSeriesAsync(session.SeriesId!, cancellationToken);
            if (series is null) continue;
            var programme = await events.ListSessionsAsync(series.SessionIds, cancellationToken);
            if (!await publisher.PublishAsync(await builder.BuildAsync(series, session, programme, cancellationToken: cancellationToken), cancellationToken)) continue;

            await ledger.TryClaimRunAsync(session.Id, kind, cancellationToken);
            logger.LogInformation("Programme announcement of {SessionId} handed to the campaign engine", session.Id);
            published++;
        }

        return published;
    }
}
