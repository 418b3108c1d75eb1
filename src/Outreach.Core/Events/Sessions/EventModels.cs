using Azure;
using Outreach.Core.Events.Registrations;

namespace Outreach.Core.Events.Sessions;

public static class SessionStatus
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// One webinar session people register for: a one-off webinar or one session of a series. Times are kept as
/// local date-time + zone (what the team typed) and as UTC instants (what the clock compares).
/// </summary>
public sealed record EventSession
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }

    /// <summary>The session's topic within its series (one tool per Thursday), null for a one-off webinar.</summary>
    public string? Topic { get; init; }

    public string? SeriesId { get; init; }
    public required DateTime LocalStart { get; init; }
    public required DateTime LocalEnd { get; init; }

    /// <summary>IANA zone id, e.g. <c>Europe/Paris</c>.</summary>
    public required string TimeZone { get; init; }

    public required DateTimeOffset StartUtc { get; init; }
    public required DateTimeOffset EndUtc { get; init; }
    public required string JoinUrl { get; init; }

    /// <summary>Seats; null for unlimited.</summary>
    public int? Capacity { get; init; }

    /// <summary>Whether a full session offers a waitlist.</summary>
    public bool Waitlist { get; init; } = true;

    public required string OrganizerName { get; init; }
    public required string OrganizerEmail { get; init; }

    /// <summary>iCalendar SEQUENCE: raised each time the invite changes for attendees (time, cancellation).</summary>
    public int Sequence { get; init; }

    public string Status { get; init; } = SessionStatus.Scheduled;
    public string? ReplayUrl { get; init; }

    /// <summary>What the registration form asks beyond address and first name.</summary>
    public IReadOnlyList<RegistrationQuestion> Questions { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public ETag ETag { get; init; }

    public bool IsCancelled => Status == SessionStatus.Cancelled;

    /// <summary>The title with the series topic, as calendars and mails show it.</summary>
    public string DisplayTitle => string.IsNullOrWhiteSpace(Topic) ? Title : $"{Title} : {Topic}";
}

/// <summary>A weekly series ("Les Jeudis de l'ODD 17"): its rule and the sessions it generated.</summary>
public sealed record EventSeries
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string TimeZone { get; init; }
    public required DayOfWeek Weekday { get; init; }
    public required TimeOnly StartTime { get; init; }
    public required TimeOnly EndTime { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required string JoinUrl { get; init; }
    public int? Capacity { get; init; }

    /// <summary>The audience that gets the programme mail before each session.</summary>
    public required string ProgrammeAudienceId { get; init; }

    public required IReadOnlyList<string> SessionIds { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
