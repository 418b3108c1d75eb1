
namespace Outreach.Core.Newsletters;

/// <summary>A webinar or series session that has not happened yet, as newsletters and digests announce it.</summary>
/// <param name="Start">The start instant; shown in <paramref name="TimeZone"/>.</param>
/// <param name="Url">The absolute URL of its public page (registration).</param>
/// <param name="SeriesTitle">The series it belongs to, e.g. "Les Jeudis de l'ODD 17"; null for a one-off webinar.</param>
/// <param name="SessionId">The session's id, for its one-click registration link; null in samples.</param>
public sealed record AnnouncedSession(string Title, DateTimeOffset Start, string TimeZone, string Url, string? SeriesTitle = null, string? SessionId = null);

/// <summary>
/// The "upcoming webinars" block's source. The Events module replaces the empty default with its own query
/// (register an implementation in <c>AddEvents</c>; the last registration wins).
/// </summary>
public interface IUpcomingSessions
{
    /// <summary>Sessions starting after <paramref name="from"/>, soonest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AnnouncedSession>> ListAsync(DateTimeOffset from, int max, CancellationToken cancellationToken = default);
}

/// <summary>No events module yet: the block stays empty and templates hide it.</summary>
public sealed class NoUpcomingSessions : IUpcomingSessions
{
    public Task<IReadOnlyList<AnnouncedSession>> ListAsync(DateTimeOffset from, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AnnouncedSession>>([]);
}
