using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Time;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Events;

/// <summary>The JSON shapes of the Events routes, and the reading of registration bodies (JSON or form).</summary>
internal static class EventJson
{
    public static object Public(EventSession s, EventLinks links) => new
    {
        s.Id,
        title = s.Title,
        topic = s.Topic,
        description = s.Description,
        seriesId = s.SeriesId,
        start = ZonedTime.FormatLocal(s.LocalStart),
        end = ZonedTime.FormatLocal(s.LocalEnd),
        timeZone = s.TimeZone,
        startUtc = s.StartUtc,
        endUtc = s.EndUtc,
        status = s.Status,
        capacity = s.Capacity,
        url = links.SessionPage(s.Id),
        registrationUrl = links.Api($"events/{s.Id}/registrations"),
        calendarUrl = links.CalendarFile(s.Id),
    };

    public static object Admin(EventSession s, EventLinks links, RegistrationCounts? counts = null) => new
    {
        s.Id,
        title = s.Title,
        topic = s.Topic,
        description = s.Description,
        seriesId = s.SeriesId,
        start = ZonedTime.FormatLocal(s.LocalStart),
        end = ZonedTime.FormatLocal(s.LocalEnd),
        timeZone = s.TimeZone,
        startUtc = s.StartUtc,
        endUtc = s.EndUtc,
        joinUrl = s.JoinUrl,
        capacity = s.Capacity,
        waitlist = s.Waitlist,
        organizer = new { name = s.OrganizerName, email = s.OrganizerEmail },
        status = s.Status,
        sequence = s.Sequence,
        uid = InviteBuilder.Uid(s),
        replayUrl = s.ReplayUrl,
        url = links.SessionPage(s.Id),
        calendarUrl = links.CalendarFile(s.Id),
        registrations = counts is null ? null : new { registered = counts.Registered, waitlisted = counts.Waitlisted, cancelled = counts.Cancelled },
        createdAt = s.CreatedAt,
        updatedAt = s.UpdatedAt,
    };

    public static object Series(EventSeries series, IReadOnlyList<EventSession> sessions, EventLinks links) => new
    {
        series.Id,
        title = series.Title,
        description = series.Description,
        timeZone = series.TimeZone,
        weekday = series.Weekday.ToString(),
        startTime = series.StartTime.ToString("HH:mm"),
        endTime = series.EndTime.ToString("HH:mm"),
        from = series.From.ToString("yyyy-MM-dd"),
        to = series.To.ToString("yyyy-MM-dd"),
        programmeAudience = series.ProgrammeAudienceId,
        url = links.SeriesPage(series.Id),
        sessions = sessions.Select(s => new
        {
            s.Id,
            start = ZonedTime.FormatLocal(s.LocalStart),
            end = ZonedTime.FormatLocal(s.LocalEnd),
            topic = s.Topic,
            status = s.Status,
            url = links.SessionPage(s.Id),
        }),
    };

    /// <summary>An RFC 9457 problem with extension members (e.g. the waitlist offer of a full session).</summary>
    public static ContentResult Problem(int status, string title, string detail, IDictionary<string, object?> extensions)
    {
        var problem = new Dictionary<string, object?> { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail };
        foreach (var (key, value) in extensions) problem[key] = value;
        return new ContentResult
        {
            Content = JsonSerializer.Serialize(problem, ApiResults.Json),
            ContentType = "application/problem+json; charset=utf-8",
            StatusCode = status,
        };
    }

    /// <summary>What a 409/410 says when a session cannot take a registration.</summary>
    public static IActionResult Unavailable(RegistrationResult reason, EventSession session, string registrationUrl) => reason switch
    {
        RegistrationResult.Past => ApiResults.Problem(StatusCodes.Status410Gone, "This session has already taken place.", $"It ended at {session.EndUtc:u}; registration is closed."),
        RegistrationResult.Cancelled => ApiResults.Problem(StatusCodes.Status410Gone, "This session was cancelled.", "Registration is no longer possible."),
        RegistrationResult.Closed => ApiResults.Problem(StatusCodes.Status409Conflict, "Registration is closed: the session has started.", $"It started at {session.StartUtc:u}."),
        RegistrationResult.Full => Problem(StatusCodes.Status409Conflict, "This session is full.",
            session.Waitlist ? "Join the waitlist: send the same request with \"waitlist\": true. Seats that free up go to the waitlist in order." : "There is no waitlist for this session.",
            new Dictionary<string, object?> { ["waitlist"] = session.Waitlist ? new { available = true, method = "POST", url = registrationUrl, body = new { waitlist = true } } : new { available = false } }),
        _ => ApiResults.Problem(StatusCodes.Status409Conflict, "Registration is closed."),
    };

    public static int StatusOf(RegistrationResult reason) => reason switch
    {
        RegistrationResult.Past or RegistrationResult.Cancelled => StatusCodes.Status410Gone,
        RegistrationResult.NotFound => StatusCodes.Status404NotFound,
        RegistrationResult.Invalid => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    };

    public static RegistrationRequest FromForm(Dictionary<string, StringValues> fields, string language, string defaultSource) => new()
    {
        Email = fields.GetValueOrDefault("email").FirstOrDefault(),
        FirstName = EmptyAsNull(fields.GetValueOrDefault("firstName").FirstOrDefault()),
        Consent = IsChecked(fields.GetValueOrDefault("consent").FirstOrDefault()),
        JoinWaitlist = IsChecked(fields.GetValueOrDefault("waitlist").FirstOrDefault()),
        FollowProgramme = IsChecked(fields.GetValueOrDefault("followProgramme").FirstOrDefault()),
        Source = fields.GetValueOrDefault("source").FirstOrDefault() ?? defaultSource,
        Website = fields.GetValueOrDefault("website").FirstOrDefault(),
        Language = language,
    };

    private static bool IsChecked(string? value) => value is "on" or "true" or "yes" or "1";

    private static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>The JSON body of a registration.</summary>
internal sealed record RegistrationJson(string? Email, string? FirstName, bool? Consent, bool? Waitlist, bool? FollowProgramme, string? Source, string? Website, string? Lang)
{
    public RegistrationRequest ToRequest(string language) => new()
    {
        Email = Email,
        FirstName = FirstName,
        Consent = Consent == true,
        JoinWaitlist = Waitlist == true,
        FollowProgramme = FollowProgramme == true,
        Source = Source,
        Website = Website,
        Language = Lang is null ? language : Language.From(Lang),
    };
}
