using Outreach.Core.Events.Calendar;

namespace Outreach.Core.Events.Sessions;

/// <summary>One line of the "upcoming webinars" block: what, when (local), and where to register.</summary>
public sealed record UpcomingSession(
    string Id,
    string Title,
    string? Topic,
    string? SeriesId,
    DateTime LocalStart,
    DateTime LocalEnd,
    string TimeZone,
    DateTimeOffset StartUtc,
    string When,
    string RegistrationUrl);

/// <summary>The next sessions open for registration, for the newsletter's "upcoming webinars" block and the public list.</summary>
public sealed class UpcomingSessions(EventStore events, EventLinks links)
{
    public const int MaxCount = 100;

    /// <summary>The next <paramref name="count"/> scheduled sessions starting at or after <paramref name="from"/>, earliest first.</summary>
    public async Task<IReadOnlyList<UpcomingSession>> UpcomingSessionsAsync(DateTimeOffset from, int count, string language = "fr", CancellationToken cancellationToken = default)
    {
        var sessions = await ListAsync(from, count, cancellationToken);
        return sessions.Select(s => new UpcomingSession(s.Id, s.Title, s.Topic, s.SeriesId, s.LocalStart, s.LocalEnd, s.TimeZone, s.StartUtc,
            SessionTimes.When(s, language), links.SessionPage(s.Id, language))).ToList();
    }

    public async Task<IReadOnlyList<EventSession>> ListAsync(DateTimeOffset from, int count, CancellationToken cancellationToken = default)
    {
        var sessions = await events.ListStartingBetweenAsync(from, from.AddYears(2), cancellationToken);
        return sessions.Where(s => !s.IsCancelled).Take(Math.Clamp(count, 0, MaxCount)).ToList();
    }
}
