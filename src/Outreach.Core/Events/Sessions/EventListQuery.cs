using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Events.Sessions;

/// <summary>
/// What the team's list of sessions asks for: starting on or after <see cref="From"/> and before <see cref="To"/>
/// (days in the organisation's time zone; by default 90 days back to a year ahead), or <see cref="When"/> (upcoming:
/// from now to a year ahead; past: the year before now, by the server's clock), and, optionally, one status.
/// </summary>
public sealed record EventListQuery(DateTimeOffset? From, DateTimeOffset? To, string? Status, string? When = null)
{
    public const string Upcoming = "upcoming";
    public const string Past = "past";

    public const int MaxSessions = 200;
    public const int DefaultDaysBack = 90;
    public const int DefaultDaysAhead = 365;

    /// <summary>Reads <c>from</c> and <c>to</c> (<c>yyyy-MM-dd</c>, <c>to</c> included), <c>status</c> (scheduled or cancelled) and <c>when</c>.</summary>
    public static (EventListQuery? Query, ValidationErrors Errors) Read(string? from, string? to, string? status, string timeZone, string? when = null)
    {
        var errors = new ValidationErrors();
        var zone = ZonedTime.Zone(timeZone);
        var start = Day(from, "from", zone, errors, 0);
        var end = Day(to, "to", zone, errors, 1);
        if (start is not null && end is not null && end <= start) errors.Add("to", "'to' must not be before 'from'.");
        if (!string.IsNullOrEmpty(status) && status is not (SessionStatus.Scheduled or SessionStatus.Cancelled))
            errors.Add("status", "Use scheduled or cancelled.");
        if (!string.IsNullOrEmpty(when) && when is not (Upcoming or Past)) errors.Add("when", "Use upcoming or past.");
        return errors.IsValid
            ? (new EventListQuery(start, end, string.IsNullOrEmpty(status) ? null : status, string.IsNullOrEmpty(when) ? null : when), errors)
            : (null, errors);
    }

    /// <summary>The period asked, the defaults filled in from <paramref name="now"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Period(DateTimeOffset now) => When switch
    {
        Upcoming => (From ?? now, To ?? now.AddDays(DefaultDaysAhead)),
        Past => (From ?? now.AddDays(-DefaultDaysAhead), To ?? now),
        _ => (From ?? now.AddDays(-DefaultDaysBack), To ?? now.AddDays(DefaultDaysAhead)),
    };

    private static DateTimeOffset? Day(string? text, string field, TimeZoneInfo zone, ValidationErrors errors, int daysAfter) =>
        QueryDays.Read(text, field, errors) is { } day ? ZonedTime.ToInstant(day.AddDays(daysAfter).ToDateTime(TimeOnly.MinValue), zone) : null;
}
