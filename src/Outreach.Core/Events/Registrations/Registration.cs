using Azure;

namespace Outreach.Core.Events.Registrations;

public static class RegistrationStatus
{
    public const string Registered = "registered";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";

    /// <summary>Asked for a place in a session with limited seats; holds nothing until the person confirms from their mailbox.</summary>
    public const string Pending = "pending";

    public static readonly IReadOnlyList<string> All = [Registered, Waitlisted, Cancelled, Pending];
}

/// <summary>One address's registration to one session (a series registration is one of these per session).</summary>
public sealed record Registration
{
    public required string SessionId { get; init; }
    public required string ContactKey { get; init; }
    public required string Email { get; init; }
    public string? FirstName { get; init; }
    public string Language { get; init; } = "fr";
    public required string Status { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>When the seat was obtained: at registration, or when promoted from the waitlist.</summary>
    public DateTimeOffset? SeatSince { get; init; }

    public DateTimeOffset? WaitlistedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public DateTimeOffset? LastMailAt { get; init; }

    /// <summary><c>event-form</c>, <c>series-form</c>, <c>api</c>…</summary>
    public string? Source { get; init; }

    public string? SeriesId { get; init; }

    /// <summary>Whether the person attended: from the team's attendee list, or their join link clicked during the session (null: unknown).</summary>
    public bool? Attended { get; init; }

    /// <summary>When the person's join link was first clicked inside the session window (the attendance it recorded).</summary>
    public DateTimeOffset? JoinedAt { get; init; }

    /// <summary>Answers to the session's questions: question id → the text, the chosen options, or <c>true</c>/<c>false</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Answers { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public ETag ETag { get; init; }

    public bool HasSeat => Status == RegistrationStatus.Registered;
}
