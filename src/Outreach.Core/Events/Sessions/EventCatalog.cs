using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Pages;

namespace Outreach.Core.Events.Sessions;

/// <summary>
/// Sessions and series as the routes read them: one session or series, the upcoming list, the models of their pages
/// (with the seats left and whether registration is open) and their calendar files. Reads only.
/// </summary>
public sealed class EventCatalog(EventStore events, RegistrationStore registrations, RegistrationService registration, UpcomingSessions upcoming, InviteBuilder invites, TimeProvider clock)
{
    public const int DefaultUpcomingCount = 20;

    public Task<EventSession?> FindSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        events.FindSessionAsync(sessionId, cancellationToken);

    public Task<EventSeries?> FindSeriesAsync(string seriesId, CancellationToken cancellationToken = default) =>
        events.FindSeriesAsync(seriesId, cancellationToken);

    /// <summary>The series and its sessions, or null for an unknown series.</summary>
    public async Task<(EventSeries Series, IReadOnlyList<EventSession> Sessions)?> FindSeriesWithSessionsAsync(string seriesId, CancellationToken cancellationToken = default) =>
        await events.FindSeriesAsync(seriesId, cancellationToken) is { } series
            ? (series, await events.ListSessionsAsync(series.SessionIds, cancellationToken))
            : null;

    /// <summary>The next sessions open for registration; <paramref name="count"/> as asked (1 to 100), 20 when not a number.</summary>
    public Task<IReadOnlyList<EventSession>> UpcomingAsync(string? count, CancellationToken cancellationToken = default) =>
        upcoming.ListAsync(clock.GetUtcNow(), int.TryParse(count, out var asked) ? Math.Clamp(asked, 1, UpcomingSessions.MaxCount) : DefaultUpcomingCount, cancellationToken);

    /// <summary>The session page's model: its series, the seats left (when it has a capacity) and why registration is closed, if it is.</summary>
    public async Task<SessionPageModel> SessionPageAsync(string language, EventSession session, CancellationToken cancellationToken = default)
    {
        var series = session.SeriesId is null ? null : await events.FindSeriesAsync(session.SeriesId, cancellationToken);
        int? seatsLeft = session.Capacity is { } capacity
            ? Math.Max(0, capacity - (await registrations.ReadSeatsAsync(session.Id, cancellationToken)).Taken)
            : null;
        return new SessionPageModel(language, session, series, seatsLeft, registration.Unavailability(session));
    }

    /// <summary>The series page's model, or null for an unknown series.</summary>
    public async Task<SeriesPageModel?> SeriesPageAsync(string language, string seriesId, CancellationToken cancellationToken = default) =>
        await FindSeriesWithSessionsAsync(seriesId, cancellationToken) is (var series, var sessions)
            ? new SeriesPageModel(language, series, sessions, OpenSessions(sessions).Select(s => s.Id).ToHashSet())
            : null;

    /// <summary>The sessions of a series still open for registration, or null for an unknown series.</summary>
    public async Task<(EventSeries Series, IReadOnlyList<EventSession> Open)?> OpenSessionsAsync(string seriesId, CancellationToken cancellationToken = default) =>
        await FindSeriesWithSessionsAsync(seriesId, cancellationToken) is (var series, var sessions) ? (series, OpenSessions(sessions)) : null;

    /// <summary>The session as an iCalendar file, or null for an unknown session.</summary>
    public async Task<string?> SessionCalendarAsync(string sessionId, string language, CancellationToken cancellationToken = default) =>
        await events.FindSessionAsync(sessionId, cancellationToken) is { } session ? invites.BuildPublish([session], language) : null;

    /// <summary>Every session of the series as one iCalendar file, or null for an unknown series.</summary>
    public async Task<string?> SeriesCalendarAsync(string seriesId, string language, CancellationToken cancellationToken = default) =>
        await FindSeriesWithSessionsAsync(seriesId, cancellationToken) is (_, var sessions) ? invites.BuildPublish(sessions, language) : null;

    private IReadOnlyList<EventSession> OpenSessions(IReadOnlyList<EventSession> sessions) =>
        sessions.Where(s => registration.Unavailability(s) is null).ToList();
}
