using System.Globalization;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Sessions;

/// <summary>
/// Turns a weekly rule ("every Thursday 12:00–13:00 Europe/Paris from 1 to 29 October") into sessions. Each session
/// keeps the same wall-clock time, so 12:00 stays 12:00 in Paris on both sides of a daylight-saving change.
/// </summary>
public static class SeriesPlanner
{
    public const int MaxSessions = 60;
    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH:mm:ss"];

    private static readonly Dictionary<string, DayOfWeek> FrenchWeekdays = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lundi"] = DayOfWeek.Monday, ["mardi"] = DayOfWeek.Tuesday, ["mercredi"] = DayOfWeek.Wednesday, ["jeudi"] = DayOfWeek.Thursday,
        ["vendredi"] = DayOfWeek.Friday, ["samedi"] = DayOfWeek.Saturday, ["dimanche"] = DayOfWeek.Sunday,
    };

    public static (SeriesPlan? Plan, ValidationErrors Errors) Check(SeriesDraft draft, string defaultTimeZone)
    {
        var errors = new ValidationErrors();
        EventRules.CheckTitle(draft.Title, errors);
        EventRules.CheckText("description", draft.Description, EventRules.MaxDescriptionLength, allowLineBreaks: true, errors);
        var zoneFound = EventRules.CheckZone(draft.TimeZone ?? defaultTimeZone, errors, out var zone, out var zoneId);
        var weekdayFound = TryParseWeekday(draft.Weekday, out var weekday);
        if (!weekdayFound) errors.Add("weekday", "The weekday must be a day name such as Thursday (or jeudi).");
        var startFound = TryParseTime("startTime", draft.StartTime, errors, out var startTime);
        var endFound = TryParseTime("endTime", draft.EndTime, errors, out var endTime);
        if (startFound && endFound && endTime <= startTime) errors.Add("endTime", "The end time must be after the start time (sessions end the day they start).");
        var fromFound = TryParseDate("from", draft.From, errors, out var from);
        var toFound = TryParseDate("to", draft.To, errors, out var to);
        if (fromFound && toFound && to < from) errors.Add("to", "The last date must be on or after the first date.");
        EventRules.CheckJoinUrl(draft.JoinUrl, errors);
        EventRules.CheckCapacity(draft.Capacity, errors);
        RegistrationQuestion.Check(draft.Questions, errors);
        var topics = (draft.Topics ?? []).Select(EventRules.Clean).ToList();
        foreach (var topic in topics) EventRules.CheckText("topics", topic, EventRules.MaxTitleLength, allowLineBreaks: false, errors);
        if (draft.ProgrammeAudience is { } audience && (audience.Length is 0 or > 64 || audience.Any(char.IsControl)))
            errors.Add("programmeAudience", "The programme audience must be an audience id.");
        if (!errors.IsValid) return (null, errors);

        var dates = Dates(from, to, weekday).ToList();
        if (dates.Count == 0) errors.Add("from", $"No {weekday} falls between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}.");
        if (dates.Count > MaxSessions) errors.Add("to", $"A series has at most {MaxSessions} sessions; this one would have {dates.Count}.");
        if (topics.Count > dates.Count) errors.Add("topics", $"There are {topics.Count} topics for {dates.Count} sessions.");
        foreach (var date in dates.Where(d => zoneFound && ZonedTime.IsSkipped(d.ToDateTime(startTime), zone)))
            errors.Add("startTime", ZonedTime.SkippedMessage(date.ToDateTime(startTime), zone));
        if (!errors.IsValid) return (null, errors);

        var sessions = dates.Select((date, index) => Session(date, startTime, endTime, zone, index < topics.Count ? topics[index] : null)).ToList();
        return (new SeriesPlan(draft.Title!.Trim(), EventRules.Clean(draft.Description), zoneId, weekday, startTime, endTime, from, to,
            EventRules.JoinUrlOf(draft.JoinUrl), draft.Capacity, EventRules.Clean(draft.ProgrammeAudience), sessions), errors);
    }

    /// <summary>Every <paramref name="weekday"/> from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IEnumerable<DateOnly> Dates(DateOnly from, DateOnly to, DayOfWeek weekday)
    {
        var first = from.AddDays(((int)weekday - (int)from.DayOfWeek + 7) % 7);
        for (var date = first; date <= to; date = date.AddDays(7)) yield return date;
    }

    public static PlannedSession Session(DateOnly date, TimeOnly start, TimeOnly end, TimeZoneInfo zone, string? topic)
    {
        var localStart = date.ToDateTime(start);
        var localEnd = date.ToDateTime(end);
        return new PlannedSession(date, localStart, localEnd, ZonedTime.ToInstant(localStart, zone), ZonedTime.ToInstant(localEnd, zone), topic);
    }

    public static bool TryParseWeekday(string? text, out DayOfWeek weekday)
    {
        weekday = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        return FrenchWeekdays.TryGetValue(trimmed, out weekday) || TryParseDayName(trimmed, out weekday);
    }

    /// <summary>An English day name (<c>Thursday</c>, any case); never a number, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would take.</summary>
    public static bool TryParseDayName(string? text, out DayOfWeek weekday)
    {
        weekday = default;
        return !string.IsNullOrWhiteSpace(text) && !int.TryParse(text, out _) && Enum.TryParse(text.Trim(), ignoreCase: true, out weekday) && Enum.IsDefined(weekday);
    }

    private static bool TryParseTime(string field, string? text, ValidationErrors errors, out TimeOnly time)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time)) return true;
        errors.Add(field, $"{field} must be a time such as 12:00.");
        return false;
    }

    private static bool TryParseDate(string field, string? text, ValidationErrors errors, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        errors.Add(field, $"{field} must be a date such as 2026-10-01.");
        return false;
    }
}

/// <summary>Readable, URL-safe ids: a slug of the title and a random suffix; series sessions add their date.</summary>
public static class EventIds
{
    public static string NewSessionId(string title) => Slug(title, 48) + "-" + RandomSuffix();

    public static string NewSeriesId(string title) => Slug(title, 40) + "-" + RandomSuffix();

    public static string SeriesSessionId(string seriesId, DateOnly date) => $"{seriesId}-{date:yyyyMMdd}";

    /// <summary>An id as the routes accept it: lower-case letters, digits and dashes.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 100 } && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    public static string Slug(string text, int maxLength)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var slug = new System.Text.StringBuilder();
        foreach (var c in decomposed)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (c is >= 'A' and <= 'Z') slug.Append(char.ToLowerInvariant(c));
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length >= maxLength) break;
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "webinaire" : result;
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
}
