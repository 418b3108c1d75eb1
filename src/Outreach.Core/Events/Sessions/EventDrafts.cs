using System.Globalization;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Sessions;

/// <summary>What the comms team sends to create or edit a webinar session, as typed (validated by <see cref="EventRules"/>).</summary>
public sealed record EventDraft
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Topic { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? TimeZone { get; init; }
    public string? JoinUrl { get; init; }
    public int? Capacity { get; init; }
    public bool? Waitlist { get; init; }
    public string? OrganizerName { get; init; }
    public string? OrganizerEmail { get; init; }

    /// <summary>The registration form's questions; null keeps those a session has.</summary>
    public IReadOnlyList<RegistrationQuestion>? Questions { get; init; }
}

/// <summary>A draft that passed the rules: parsed times, known zone, instants computed.</summary>
public sealed record EventPlan(
    string Title,
    string? Description,
    string? Topic,
    DateTime LocalStart,
    DateTime LocalEnd,
    string TimeZone,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string JoinUrl,
    int? Capacity,
    bool? Waitlist,
    string? OrganizerName,
    string? OrganizerEmail);

/// <summary>The rules every webinar and series obeys; each broken rule is one readable message per field.</summary>
public static class EventRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxCapacity = 100_000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(12);

    public static (EventPlan? Plan, ValidationErrors Errors) Check(EventDraft draft, string defaultTimeZone)
    {
        var errors = new ValidationErrors();
        CheckTitle(draft.Title, errors);
        CheckText("description", draft.Description, MaxDescriptionLength, allowLineBreaks: true, errors);
        CheckText("topic", draft.Topic, MaxTitleLength, allowLineBreaks: false, errors);
        var zoneFound = CheckZone(draft.TimeZone ?? defaultTimeZone, errors, out var zone, out var zoneId);
        var startParsed = CheckLocal("start", draft.Start, errors, out var start);
        var endParsed = CheckLocal("end", draft.End, errors, out var end);
        if (startParsed && endParsed) CheckDuration(start, end, "end", errors);
        if (zoneFound && startParsed) CheckExists("start", start, zone, errors);
        if (zoneFound && endParsed) CheckExists("end", end, zone, errors);
        CheckJoinUrl(draft.JoinUrl, errors);
        CheckCapacity(draft.Capacity, errors);
        CheckOrganizer(draft.OrganizerName, draft.OrganizerEmail, errors);
        RegistrationQuestion.Check(draft.Questions, errors);
        if (!errors.IsValid) return (null, errors);

        var plan = new EventPlan(draft.Title!.Trim(), Clean(draft.Description), Clean(draft.Topic), start, end, zoneId,
            ZonedTime.ToInstant(start, zone), ZonedTime.ToInstant(end, zone), JoinUrlOf(draft.JoinUrl), draft.Capacity, draft.Waitlist,
            Clean(draft.OrganizerName), OrganizerAddress(draft.OrganizerEmail));
        return (plan, errors);
    }

    public static void CheckTitle(string? title, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(title)) errors.Add("title", "A title is required.");
        else CheckText("title", title, MaxTitleLength, allowLineBreaks: false, errors);
    }

    public static void CheckText(string field, string? text, int maxLength, bool allowLineBreaks, ValidationErrors errors)
    {
        if (text is null) return;
        if (text.Length > maxLength) errors.Add(field, $"{Capitalised(field)} must be at most {maxLength} characters.");
        var forbidden = allowLineBreaks ? text.Where(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') : text.Where(char.IsControl);
        if (forbidden.Any()) errors.Add(field, $"{Capitalised(field)} must not contain {(allowLineBreaks ? "control characters" : "line breaks or control characters")}.");
    }

    public static bool CheckZone(string? id, ValidationErrors errors, out TimeZoneInfo zone, out string ianaId)
    {
        if (ZonedTime.TryFindZone(id, out zone, out ianaId)) return true;
        errors.Add("timeZone", string.IsNullOrWhiteSpace(id)
            ? "A time zone is required, e.g. Europe/Paris."
            : $"Unknown time zone: {Truncate(id)}. Use an IANA name such as Europe/Paris.");
        return false;
    }

    public static void CheckDuration(DateTime start, DateTime end, string field, ValidationErrors errors)
    {
        if (end <= start) errors.Add(field, "The end must be after the start.");
        else if (end - start > MaxDuration) errors.Add(field, $"A session lasts at most {MaxDuration.TotalHours:0} hours.");
    }

    /// <summary>
    /// The video link may wait: until it is set, registrants' join links show a page saying it is not available yet, and
    /// setting it later mails nothing (the join links follow it).
    /// </summary>
    public static void CheckJoinUrl(string? url, ValidationErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(url) && !IsWebUrl(url)) errors.Add("joinUrl", "The join URL must be an absolute http(s) URL of at most 2000 characters.");
    }

    /// <summary>The video link as stored: trimmed, empty when there is none yet.</summary>
    public static string JoinUrlOf(string? url) => url?.Trim() ?? "";

    public static void CheckCapacity(int? capacity, ValidationErrors errors)
    {
        if (capacity is < 1 or > MaxCapacity) errors.Add("capacity", $"Capacity must be from 1 to {MaxCapacity}, or left out for no limit.");
    }

    public static bool IsWebUrl(string? url) =>
        url is { Length: <= 2000 } && !url.Any(char.IsControl) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static bool CheckLocal(string field, string? text, ValidationErrors errors, out DateTime local)
    {
        if (ZonedTime.TryParseLocal(text, out local)) return true;
        errors.Add(field, string.IsNullOrWhiteSpace(text)
            ? $"{Capitalised(field)} is required, as local time: 2026-11-19T13:00."
            : $"{Capitalised(field)} must be a local date and time such as 2026-11-19T13:00 (no offset: the zone says it).");
        return false;
    }

    private static void CheckExists(string field, DateTime local, TimeZoneInfo zone, ValidationErrors errors)
    {
        if (ZonedTime.IsSkipped(local, zone)) errors.Add(field, ZonedTime.SkippedMessage(local, zone));
    }

    private static void CheckOrganizer(string? name, string? email, ValidationErrors errors)
    {
        CheckText("organizerName", name, MaxTitleLength, allowLineBreaks: false, errors);
        if (email is not null && !EmailAddress.TryParse(email, out _)) errors.Add("organizerEmail", "The organizer's e-mail address is not valid.");
    }

    private static string? OrganizerAddress(string? email) => EmailAddress.TryParse(email, out var address) ? address.Value : null;

    private static string Capitalised(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}

/// <summary>What the comms team sends to create a weekly series.</summary>
public sealed record SeriesDraft
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? TimeZone { get; init; }
    public string? Weekday { get; init; }
    public string? StartTime { get; init; }
    public string? EndTime { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? JoinUrl { get; init; }
    public IReadOnlyList<string?>? Topics { get; init; }
    public int? Capacity { get; init; }
    public string? ProgrammeAudience { get; init; }

    /// <summary>The registration form's questions, asked for every session of the series.</summary>
    public IReadOnlyList<RegistrationQuestion>? Questions { get; init; }
}

/// <summary>A series draft that passed the rules, with its sessions planned.</summary>
public sealed record SeriesPlan(
    string Title,
    string? Description,
    string TimeZone,
    DayOfWeek Weekday,
    TimeOnly StartTime,
    TimeOnly EndTime,
    DateOnly From,
    DateOnly To,
    string JoinUrl,
    int? Capacity,
    string? ProgrammeAudience,
    IReadOnlyList<PlannedSession> Sessions);

/// <summary>One session a series rule yields: its date, local times, instants and topic.</summary>
public sealed record PlannedSession(DateOnly Date, DateTime LocalStart, DateTime LocalEnd, DateTimeOffset StartUtc, DateTimeOffset EndUtc, string? Topic);
