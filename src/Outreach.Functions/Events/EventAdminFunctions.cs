using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Audiences;
using Outreach.Functions.Http;

namespace Outreach.Functions.Events;

/// <summary>The comms team's webinar endpoints: sessions, series, cancellation, replay, registrants.</summary>
public sealed class EventAdminFunctions(
    EventAdminService admin, SeriesAdminService seriesAdmin, ReplayService replays, RegistrantReport registrants, EventCatalog catalog, EventLinks links)
{
    [Function("AdminCreateEvent")]
    [Description("Creates a webinar session: { title, description?, start: \"2026-11-19T13:00\", end, timeZone: \"Europe/Paris\", joinUrl, capacity?, waitlist?, organizerName?, organizerEmail? } → 201 with the session (local times).")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/events")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<EventDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await admin.CreateAsync(body.Value!, cancellationToken);
        return result.Change == EventChange.Invalid ? ApiResults.Invalid(result.Errors!) : ApiResults.JsonBody(EventJson.Admin(result.Session!, links), StatusCodes.Status201Created);
    }

    [Function("AdminGetEvent")]
    [Description("A session as the team sees it: join link, SEQUENCE, UID, registration counts, and the mails it has sent (mailsSent: kind → registrants).")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/events/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var session = await catalog.FindSessionAsync(id, cancellationToken);
        if (session is null) return ApiResults.NotFound("Session");
        var counts = registrants.CountRegistrationsAsync(session, cancellationToken);
        var mails = registrants.MailsSentAsync(session, cancellationToken);
        return ApiResults.JsonBody(EventJson.Admin(session, links, await counts, await mails));
    }

    [Function("AdminUpdateEvent")]
    [Description("Edits a session (same body as create). A change of time raises SEQUENCE and sends every registrant the updated invite (a new join link sends nothing: the personal join links follow it); more seats promote the waitlist. Cancelled session → 409.")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/events/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<EventDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await admin.UpdateAsync(id, body.Value!, cancellationToken);
        return result.Change switch
        {
            EventChange.NotFound => ApiResults.NotFound("Session"),
            EventChange.Invalid => ApiResults.Invalid(result.Errors!),
            EventChange.Conflict => ApiResults.Problem(StatusCodes.Status409Conflict, result.Reason ?? "The session cannot be changed."),
            _ => ApiResults.JsonBody(EventJson.Admin(result.Session!, links)),
        };
    }

    [Function("AdminCancelEvent")]
    [Description("Cancels a session: every registrant gets METHOD:CANCEL (same UID, higher SEQUENCE, STATUS:CANCELLED). Cancelling again changes nothing.")]
    public async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/events/{id}/cancel")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var result = await admin.CancelAsync(id, cancellationToken);
        return result.Change switch
        {
            EventChange.NotFound => ApiResults.NotFound("Session"),
            EventChange.Conflict => ApiResults.Problem(StatusCodes.Status409Conflict, result.Reason ?? "The session cannot be cancelled now."),
            _ => ApiResults.JsonBody(EventJson.Admin(result.Session!, links)),
        };
    }

    [Function("AdminSendReplay")]
    [Description("Mails the replay link to the registrants: { url, attended?: [emails] }. With the attendees, or when registrants' join links recorded attendance, each mail says whether the person attended or missed it → 202 with the counts (attendanceKnown). A new replay link also adds one article per session to the next digests. Before the end or cancelled → 409.")]
    public async Task<IActionResult> Replay(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/events/{id}/replay")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ReplayJson>(request, 2 * 1024 * 1024, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await replays.SendReplayAsync(id, body.Value!.Url, body.Value.Attended, cancellationToken);
        return result.Change switch
        {
            EventChange.NotFound => ApiResults.NotFound("Session"),
            EventChange.Invalid => ApiResults.Invalid(result.Errors!),
            EventChange.Conflict => ApiResults.Problem(StatusCodes.Status409Conflict, result.Reason ?? "The replay cannot be sent now."),
            _ => ApiResults.JsonBody(new
            {
                status = "queued",
                sessionId = id,
                recipients = result.Report!.Recipients,
                attended = result.Report.Attended,
                missed = result.Report.Missed,
                unknownAttendees = result.Report.UnknownAttendees,
                attendanceKnown = result.Report.AttendanceKnown,
            }, StatusCodes.Status202Accepted),
        };
    }

    [Function("AdminListRegistrations")]
    [Description("A session's registrants: JSON pages (?status=registered|waitlisted|cancelled&pageSize=1..1000&continuationToken=…), or CSV with ?format=csv or Accept: text/csv.")]
    public async Task<IActionResult> Registrations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/events/{id}/registrations")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var session = await catalog.FindSessionAsync(id, cancellationToken);
        if (session is null) return ApiResults.NotFound("Session");
        if (request.WantsCsv())
            return new StreamedCsvResult($"{id}-registrations.csv", (writer, ct) => registrants.WriteRegistrationsCsvAsync(id, writer, ct));

        var paging = PagingQuery.Read(request, RegistrationStatus.All);
        if (!paging.IsValid) return ApiResults.Invalid(paging.Errors);
        var page = await registrants.PageRegistrationsAsync(id, paging.Status, paging.PageSize, paging.ContinuationToken, cancellationToken);
        if (page.InvalidToken) return ApiResults.InvalidContinuationToken();
        var counts = await registrants.CountRegistrationsAsync(session, cancellationToken);
        return ApiResults.JsonBody(new
        {
            sessionId = id,
            counts = new { registered = counts.Registered, waitlisted = counts.Waitlisted, cancelled = counts.Cancelled, capacity = counts.Capacity },
            items = page.Items.Select(r => new { r.Email, r.FirstName, r.Status, r.RegisteredAt, r.SeatSince, r.WaitlistedAt, r.CancelledAt, r.Source, r.SeriesId, r.Attended, r.JoinedAt, r.Language, r.Answers }),
            continuationToken = page.ContinuationToken,
        });
    }

    [Function("AdminCreateSeries")]
    [Description("Creates a weekly series: { title, description?, timeZone, weekday: \"Thursday\", startTime: \"12:00\", endTime: \"13:00\", from: \"2026-10-01\", to: \"2026-10-29\", joinUrl, topics: [...], capacity?, programmeAudience? } → 201 { id, sessions: [{ id, start, end, topic }] } in local times.")]
    public async Task<IActionResult> CreateSeries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/series")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<SeriesDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await seriesAdmin.CreateAsync(body.Value!, cancellationToken);
        return result.Change == EventChange.Invalid ? ApiResults.Invalid(result.Errors!) : ApiResults.JsonBody(EventJson.Series(result.Series!, result.Sessions, links), StatusCodes.Status201Created);
    }

    [Function("AdminGetSeries")]
    [Description("A series and its sessions (local times, status).")]
    public async Task<IActionResult> GetSeries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/series/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        return await catalog.FindSeriesWithSessionsAsync(id, cancellationToken) is ({ } series, var sessions)
            ? ApiResults.JsonBody(EventJson.Series(series, sessions, links))
            : ApiResults.NotFound("Series");
    }

    private sealed record ReplayJson(string? Url, List<string>? Attended);
}
