using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Pages;
using static Outreach.Core.Pages.Html;
using static Outreach.Core.Common.Localization.Language;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Localization;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// The week's announcement of a series session, for the series' audience (<c>jeudis-odd17</c>). The body has no
/// preheader, no unsubscribe footer and no List-Unsubscribe headers: the campaign engine adds them (per recipient).
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
/// Returns false when it was not handed over, so the dispatcher tries again at its next run.
/// </summary>
public interface IProgrammeAnnouncementPublisher
{
    Task<bool> PublishAsync(ProgrammeAnnouncement announcement, CancellationToken cancellationToken = default);
}

/// <summary>
/// Sends the announcement through the campaign engine (<see cref="CampaignService"/>): one <c>announcement</c>
/// campaign, now, to the audience; the engine adds the preheader, the footer and the List-Unsubscribe headers per
/// recipient, and pages through the audience in batches.
/// </summary>
public sealed class CampaignProgrammePublisher(CampaignService campaigns, ILogger<CampaignProgrammePublisher> logger) : IProgrammeAnnouncementPublisher
{
    public const string Category = "programme";

    public async Task<bool> PublishAsync(ProgrammeAnnouncement announcement, CancellationToken cancellationToken = default)
    {
        var created = await campaigns.CreateAndScheduleAsync(Draft(announcement), CampaignSchedule.Now, cancellationToken);
        if (created.Id is null)
        {
            logger.LogWarning("Programme announcement of {SessionId} refused by the campaign engine: {Errors}",
                announcement.SessionId, string.Join("; ", created.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
            return false;
        }

        // Once a campaign exists it counts as handed over (even if scheduling complained): never create a second one.
        logger.LogInformation("Programme announcement of {SessionId} is campaign {CampaignId}", announcement.SessionId, created.Id);
        return true;
    }

    public static CampaignDraft Draft(ProgrammeAnnouncement announcement) => new()
    {
        Subject = announcement.Subject,
        Preheader = announcement.Preheader,
        Html = announcement.Html,
        Text = announcement.Text,
        Audiences = [announcement.AudienceId],
        Kind = CampaignKinds.Announcement,
        SourceId = $"programme:{announcement.SessionId}",
        Categories = [Category],
    };
}

/// <summary>Writes the week's programme mail: this week's topic first, then the whole programme with links.</summary>
public sealed class ProgrammeMailBuilder(EventLinks links)
{
    public ProgrammeAnnouncement Build(EventSeries series, EventSession session, IReadOnlyList<EventSession> programme, string language = "fr")
    {
        var topic = session.Topic ?? session.Title;
        var when = SessionTimes.When(session, language);
        var subject = T(language,
            $"{Capitalised(SessionTimes.ShortDay(session.LocalStart, language))} à {SessionTimes.Clock(session.LocalStart, language)} : {topic} — {series.Title}",
            $"{SessionTimes.ShortDay(session.LocalStart, language)} at {SessionTimes.Clock(session.LocalStart, language)}: {topic} — {series.Title}");
        var preheader = T(language, $"Le programme de la semaine : {topic}. Inscrivez-vous pour recevoir le lien.", $"This week's programme: {topic}. Register to get the link.");
        var register = links.SessionPage(session.Id, language);
        var seriesPage = links.SeriesPage(series.Id, language);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><body style=\"font-family:Arial,sans-serif;color:#1b1f24;line-height:1.5\">")
            .Append("<p style=\"color:#566070;text-transform:uppercase;font-size:12px\">").Append(Encode(series.Title)).Append("</p>")
            .Append("<h1 style=\"color:#123a6b;font-size:22px\">").Append(Encode(topic)).Append("</h1>")
            .Append("<p><strong>").Append(Encode(when)).Append("</strong></p>");
        if (!string.IsNullOrWhiteSpace(session.Description)) html.Append("<p>").Append(Encode(session.Description)).Append("</p>");
        html.Append("<p><a href=\"").Append(Encode(register)).Append("\" style=\"background:#123a6b;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none\">")
            .Append(T(language, "Je m'inscris à cette séance", "Register for this session")).Append("</a></p>")
            .Append("<h2 style=\"font-size:18px\">").Append(T(language, "Le programme", "The programme")).Append("</h2><ul>");
        foreach (var item in programme)
        {
            html.Append("<li>").Append(Encode(SessionTimes.ShortDay(item.LocalStart, language))).Append(" — ");
            var label = Encode(item.Topic ?? item.Title);
            html.Append(item.Id == session.Id ? $"<strong>{label}</strong>" : item.IsCancelled ? $"<s>{label}</s>" : $"<a href=\"{Encode(links.SessionPage(item.Id, language))}\">{label}</a>")
                .Append("</li>");
        }

        html.Append("</ul><p><a href=\"").Append(Encode(seriesPage)).Append("\">")
            .Append(T(language, "S'inscrire à toutes les séances", "Register for every session")).Append("</a></p></body></html>");

        var text = new StringBuilder();
        text.Append(series.Title).Append("\n\n").Append(topic).Append('\n').Append(when).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(session.Description)) text.Append(session.Description).Append("\n\n");
        text.Append(T(language, "Je m'inscris à cette séance", "Register for this session")).Append(" : ").Append(register).Append("\n\n")
            .Append(T(language, "Le programme", "The programme")).Append(" :\n");
        foreach (var item in programme)
            text.Append("- ").Append(SessionTimes.ShortDay(item.LocalStart, language)).Append(" — ").Append(item.Topic ?? item.Title)
                .Append(item.IsCancelled ? T(language, " (annulée)", " (cancelled)") : "").Append('\n');
        text.Append('\n').Append(T(language, "S'inscrire à toutes les séances", "Register for every session")).Append(" : ").Append(seriesPage).Append('\n');

        return new ProgrammeAnnouncement(series.Id, session.Id, series.ProgrammeAudienceId, subject, preheader, html.ToString(), text.ToString(), session.StartUtc);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>
/// Before each series session (<see cref="EventsOptions.ProgrammeLeadTime"/>), hands the week's announcement to the
/// publisher once: the run is claimed in the ledger and released if the publisher did not take it.
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
            if (!await ledger.TryClaimRunAsync(session.Id, kind, cancellationToken)) continue;
            var handedOver = false;
            try
            {
                var series = await events.FindSeriesAsync(session.SeriesId!, cancellationToken);
                if (series is null) continue;
                var programme = await events.ListSessionsAsync(series.SessionIds, cancellationToken);
                handedOver = await publisher.PublishAsync(builder.Build(series, session, programme), cancellationToken);
            }
            finally
            {
                if (!handedOver) await ledger.ReleaseRunAsync(session.Id, kind, CancellationToken.None);
            }

            logger.LogInformation("Programme announcement of {SessionId} handed to the campaign engine", session.Id);
            published++;
        }

        return published;
    }
}
