using Outreach.Core.Audiences.Segments;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Registrations;

/// <summary>
/// Segments' webinar conditions, read from the registrations: one partition per session, a series being its sessions.
/// Only a registration's status and its attendance mark are looked at.
/// </summary>
public sealed class RegistrationEngagement(EventStore events, RegistrationStore registrations) : IEventEngagement
{
    public async Task<bool> ExistsAsync(EventRef target, CancellationToken cancellationToken = default) =>
        target.Session is { } session ? await events.FindSessionAsync(session, cancellationToken) is not null
        : target.Series is { } series && await events.FindSeriesAsync(series, cancellationToken) is not null;

    public async Task<IReadOnlySet<string>> ContactKeysAsync(EventEngagement kind, EventRef target, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var session in await SessionsOfAsync(target, cancellationToken))
        {
            if (kind == EventEngagement.Missed && !IsOver(session, now)) continue;
            await foreach (var page in registrations.StreamAsync(session.Id, cancellationToken))
                keys.UnionWith(page.Where(r => Did(kind, r)).Select(r => r.ContactKey));
        }

        return keys;
    }

    private static bool Did(EventEngagement kind, Registration registration) => kind switch
    {
        EventEngagement.Registered => registration.HasSeat,
        EventEngagement.Attended => registration.Attended == true,
        _ => registration.HasSeat && registration.Attended != true,
    };

    /// <summary>A session one can have missed: it has ended, and it was not cancelled.</summary>
    private static bool IsOver(EventSession session, DateTimeOffset now) => session.EndUtc <= now && session.Status != SessionStatus.Cancelled;

    private async Task<IReadOnlyList<EventSession>> SessionsOfAsync(EventRef target, CancellationToken cancellationToken)
    {
        if (target.Session is { } id) return await events.FindSessionAsync(id, cancellationToken) is { } session ? [session] : [];
        var series = target.Series is { } seriesId ? await events.FindSeriesAsync(seriesId, cancellationToken) : null;
        return series is null ? [] : await events.ListSessionsAsync(series.SessionIds, cancellationToken);
    }
}
