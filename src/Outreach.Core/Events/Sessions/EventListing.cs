using Outreach.Core.Common.Validation;

namespace Outreach.Core.Events.Sessions;

/// <summary>The team's lists of sessions and series (the events desk). Reads only.</summary>
public sealed class EventListing(EventStore events, SessionDefaults defaults, TimeProvider clock)
{
    /// <summary>
    /// The sessions (one-off and of series) starting in the asked period, newest start first, at most
    /// <see cref="EventListQuery.MaxSessions"/>; with a status, only those in it. Null with the errors when the query is not one.
    /// </summary>
    public async Task<(IReadOnlyList<EventSession>? Sessions, ValidationErrors Errors)> ListSessionsAsync(
        string? from, string? to, string? status, string? when = null, CancellationToken cancellationToken = default)
    {
        var (query, errors) = EventListQuery.Read(from, to, status, defaults.TimeZone, when);
        if (query is null) return (null, errors);
        var (start, end) = query.Period(clock.GetUtcNow());
        var sessions = await events.ListStartingBetweenAsync(start, end, cancellationToken);
        return (sessions.Where(s => query.Status is null || s.Status == query.Status).OrderByDescending(s => s.StartUtc).Take(EventListQuery.MaxSessions).ToList(), errors);
    }

    /// <summary>Every series, the latest first.</summary>
    public Task<IReadOnlyList<EventSeries>> ListSeriesAsync(CancellationToken cancellationToken = default) => events.ListSeriesAsync(cancellationToken);
}
