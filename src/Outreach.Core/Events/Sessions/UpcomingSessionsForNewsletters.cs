using Outreach.Core.Newsletters;

namespace Outreach.Core.Events.Sessions;

/// <summary>Fills the newsletter's "upcoming webinars" block with the next scheduled sessions and their registration links.</summary>
public sealed class UpcomingSessionsForNewsletters(UpcomingSessions upcoming, EventStore events) : IUpcomingSessions
{
    public async Task<IReadOnlyList<AnnouncedSession>> ListAsync(DateTimeOffset from, int max, CancellationToken cancellationToken = default)
    {
        var sessions = await upcoming.UpcomingSessionsAsync(from, max, cancellationToken: cancellationToken);
        var seriesTitles = new Dictionary<string, string?>();
        var announced = new List<AnnouncedSession>();
        foreach (var session in sessions)
        {
            var seriesTitle = session.SeriesId is null ? null : await SeriesTitleAsync(session.SeriesId, seriesTitles, cancellationToken);
            var title = session.Topic is { Length: > 0 } topic && seriesTitle is not null ? topic : session.Title;
            announced.Add(new AnnouncedSession(title, session.StartUtc, session.TimeZone, session.RegistrationUrl, seriesTitle, session.Id));
        }

        return announced;
    }

    private async Task<string?> SeriesTitleAsync(string seriesId, Dictionary<string, string?> known, CancellationToken cancellationToken)
    {
        if (!known.TryGetValue(seriesId, out var title))
            known[seriesId] = title = (await events.FindSeriesAsync(seriesId, cancellationToken))?.Title;
        return title;
    }
}
