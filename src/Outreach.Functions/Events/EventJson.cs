using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
        questions = s.Questions,
        url = links.SessionPage(s.Id),
        registrationUrl = links.Registrations(s.Id),
        calendarUrl = links.CalendarFile(s.Id),
    };

    public static object Admin(EventSession s, EventLinks links, RegistrationCounts? counts = null, IReadOnlyDictionary<string, int>? mailsSent = null) => new
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
        questions = s.Questions,
        url = links.SessionPage(s.Id),
        calendarUrl = links.CalendarFile(s.Id),
        registrations = counts is null ? null : new { registered = counts.Registered, waitlisted = counts.Waitlisted, cancelled = counts.Cancelled },
        mailsSent,
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
            startUtc = s.StartUtc,
            topic = s.Topic,
            status = s.Status,
            url = links.SessionPage(s.Id),
        }),
    };

    /// <summary>A series in the team's list: its rule and how many sessions it made.</summary>
    public static object SeriesSummary(EventSeries series) => new
    {
        series.Id,
        title = series.Title,
        timeZone = series.TimeZone,
        weekday = series.Weekday.ToString(),
        startTime = series.StartTime.ToString("HH:mm"),
        endTime = series.EndTime.ToString("HH:mm"),
        from = series.From.ToString("yyyy-MM-dd"),
        to = series.To.ToString("yyyy-MM-dd"),
        sessionCount = series.SessionIds.Count,
    };

    /// <summary>What a 409/410 says when a session cannot take a registration.</summary>
    public static IActionResult Unavailable(RegistrationResult reason, EventSession session, string registrationUrl) => reason switch
    {
        RegistrationResult.Past => ApiResults.Problem(StatusCodes.Status410Gone, "This session has already taken place.", $"It ended at {session.EndUtc:u}; registration is closed."),
        RegistrationResult.Cancelled => ApiResults.Problem(StatusCodes.Status410Gone, "This session was cancelled.", "Registration is no longer possible."),
        RegistrationResult.Closed => ApiResults.Problem(StatusCodes.Status409Conflict, "Registration is closed: the session has started.", $"It started at {session.StartUtc:u}."),
        RegistrationResult.Full => ApiResults.Problem(StatusCodes.Status409Conflict, "This session is full.",
            session.Waitlist ? "Join the waitlist: send the same request with \"waitlist\": true. Seats that free up go to the waitlist in order." : "There is no waitlist for this session.",
            extensions: new Dictionary<string, object?> { ["waitlist"] = session.Waitlist ? new { available = true, method = "POST", url = registrationUrl, body = new { waitlist = true } } : new { available = false } }),
        RegistrationResult.TooMany => TooMany(),
        _ => ApiResults.Problem(StatusCodes.Status409Conflict, "Registration is closed."),
    };

    public static IActionResult TooMany() =>
        ApiResults.Problem(StatusCodes.Status429TooManyRequests, "Too many registration requests from your network.", "Try again in an hour.");

    public static int StatusOf(RegistrationResult reason) => reason switch
    {
        RegistrationResult.TooMany => StatusCodes.Status429TooManyRequests,
        RegistrationResult.Past or RegistrationResult.Cancelled => StatusCodes.Status410Gone,
        RegistrationResult.NotFound => StatusCodes.Status404NotFound,
        RegistrationResult.Invalid => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    };

    public static RegistrationRequest FromForm(FormFields form, string language, string defaultSource) => new()
    {
        Email = form.Text("email"),
        FirstName = form.Optional("firstName"),
        Consent = form.IsChecked("consent"),
        JoinWaitlist = form.IsChecked("waitlist"),
        FollowProgramme = form.IsChecked("followProgramme"),
        Source = form.Text("source") ?? defaultSource,
        Website = form.Text("website"),
        Answers = AnswersOf(form),
        Language = language,
    };

    /// <summary>Form fields <c>answers.&lt;question id&gt;</c> (repeated for a multiple choice).</summary>
    private static Dictionary<string, IReadOnlyList<string>> AnswersOf(FormFields form) => form.Keys
        .Where(name => name.StartsWith(AnswerPrefix, StringComparison.Ordinal) && name.Length > AnswerPrefix.Length)
        .ToDictionary(name => name[AnswerPrefix.Length..], form.All);

    private const string AnswerPrefix = "answers.";

    /// <summary>A registration's JSON body (session or series): the request, or the 400/415 that refuses the body.</summary>
    public static async Task<(RegistrationRequest? Request, IActionResult? Refusal)> ReadRegistrationAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestBody.IsJson(request)) return (null, ApiResults.UnsupportedContentType());
        var body = await RequestBody.ReadJsonAsync<RegistrationJson>(request, cancellationToken: cancellationToken);
        return body.Ok ? (body.Value!.ToRequest(request.Language()), null) : (null, ApiResults.Unreadable(body.Error));
    }
}

/// <summary>The JSON body of a registration.</summary>
internal sealed record RegistrationJson(
    string? Email, string? FirstName, bool? Consent, bool? Waitlist, bool? FollowProgramme, string? Source, string? Website, string? Lang,
    Dictionary<string, JsonElement>? Answers)
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
        Answers = Answers?.ToDictionary(a => a.Key, a => Values(a.Value)),
        Language = Lang is null ? language : Language.From(Lang),
    };

    /// <summary>An answer as JSON: a string, an array of strings (multiple choice) or a boolean (yes/no).</summary>
    private static IReadOnlyList<string> Values(JsonElement answer) => answer.ValueKind switch
    {
        JsonValueKind.String => [answer.GetString()!],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Array => answer.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList(),
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        _ => [answer.GetRawText()],
    };
}
