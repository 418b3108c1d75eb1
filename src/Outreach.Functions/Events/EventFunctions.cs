using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Pages;
using Outreach.Functions.Http;

namespace Outreach.Functions.Events;

/// <summary>The public webinar routes: upcoming list, session page, registration, calendar file, the registrant's own cancellation.</summary>
public sealed class EventFunctions(EventCatalog catalog, RegistrationService registration, EventLinks links, EventPages pages)
{
    [Function("ListEvents")]
    [Description("Upcoming sessions open for registration (JSON; Accept: text/html or ?format=html gives the page; ?count=1..100).")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events")] HttpRequest request, CancellationToken cancellationToken)
    {
        var sessions = await catalog.UpcomingAsync(request.Query["count"].FirstOrDefault(), cancellationToken);
        if (request.WantsHtml()) return ApiResults.Html(pages.Upcoming(request.Language(), sessions));
        return ApiResults.JsonBody(sessions.Select(s => EventJson.Public(s, links)));
    }

    [Function("EventPage")]
    [Description("A session's page with its registration form (HTML, ?lang=en); 404 page for an unknown session.")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var session = await catalog.FindSessionAsync(eventId, cancellationToken);
        if (session is null) return ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound);
        return ApiResults.Html(pages.Session(await catalog.SessionPageAsync(language, session, cancellationToken)));
    }

    [Function("RegisterForEvent")]
    [Description("Registers to a session: JSON { email, firstName?, consent: true, waitlist? } → 202 { status: registered|waitlisted|pending }, or the page's form → 303. A session with limited seats answers pending for every address: the place is taken from the confirmation mail. Full → 409 with the waitlist offer; started → 409; past or cancelled → 410; unknown → 404; invalid → 400; too many requests from the network → 429.")]
    public async Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{eventId}/registrations")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        if (RequestBody.IsForm(request)) return await RegisterFromFormAsync(request, eventId, cancellationToken);
        var (body, refusal) = await EventJson.ReadRegistrationAsync(request, cancellationToken);
        if (refusal is not null) return refusal;
        var outcome = await registration.RegisterAsync(eventId, body!, new RequestOrigin("api", request.ClientIp()), cancellationToken);
        return outcome.Result switch
        {
            RegistrationResult.NotFound => ApiResults.NotFound("Session"),
            RegistrationResult.Invalid => ApiResults.Invalid(outcome.Errors!),
            RegistrationResult.Registered or RegistrationResult.Waitlisted or RegistrationResult.AwaitingConfirmation => Accepted(outcome),
            _ => EventJson.Unavailable(outcome.Result, outcome.Session!, links.Registrations(eventId)),
        };
    }

    [Function("ConfirmEventSeatPage")]
    [Description("The \"confirm my place\" link of a session with limited seats: a page with one button; changes nothing (link scanners follow it).")]
    public async Task<IActionResult> ConfirmSeatPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}/confirm")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var token = request.Query["token"].FirstOrDefault();
        var (check, session, pending) = await registration.FindSeatRequestAsync(eventId, token, cancellationToken);
        if (check != TokenCheck.Valid) return ApiResults.Html(pages.InvalidLink(language, check), StatusCodes.Status400BadRequest);
        if (session is null) return ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound);
        if (pending is null || pending.Status == RegistrationStatus.Cancelled) return ApiResults.Html(pages.SeatRequestGone(language), StatusCodes.Status404NotFound);
        return ApiResults.Html(pending.Status == RegistrationStatus.Pending ? pages.ConfirmSeat(language, session, token!) : pages.Registered(language, session, pending.Status));
    }

    [Function("ConfirmEventSeat")]
    [Description("The button of the \"confirm my place\" page: takes the seat (or a waitlist place when the seats went meanwhile) and sends the invite; 200 page.")]
    public async Task<IActionResult> ConfirmSeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{eventId}/confirm")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var (check, outcome) = await registration.ConfirmSeatAsync(eventId, request.Query["token"].FirstOrDefault(), new RequestOrigin("event-confirm", request.ClientIp()), cancellationToken);
        if (check != TokenCheck.Valid) return ApiResults.Html(pages.InvalidLink(language, check), StatusCodes.Status400BadRequest);
        return outcome!.Result switch
        {
            RegistrationResult.NotFound when outcome.Session is null => ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound),
            RegistrationResult.NotFound => ApiResults.Html(pages.SeatRequestGone(language), StatusCodes.Status404NotFound),
            RegistrationResult.Registered => ApiResults.Html(pages.Registered(language, outcome.Session!, RegistrationStatus.Registered)),
            RegistrationResult.Waitlisted => ApiResults.Html(pages.Registered(language, outcome.Session!, RegistrationStatus.Waitlisted)),
            _ => ApiResults.Html(pages.Unavailable(language, outcome.Session!, outcome.Result), EventJson.StatusOf(outcome.Result)),
        };
    }

    [Function("EventRegistered")]
    [Description("The page shown after a form registration (?status=waitlisted for the waitlist).")]
    public async Task<IActionResult> Registered(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}/registered")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var session = await catalog.FindSessionAsync(eventId, cancellationToken);
        if (session is null) return ApiResults.Html(pages.NotFound(request.Language()), StatusCodes.Status404NotFound);
        return ApiResults.Html(pages.Registered(request.Language(), session, request.Query["status"].FirstOrDefault()));
    }

    [Function("EventCalendar")]
    [Description("The session as an iCalendar file (METHOD:PUBLISH, text/calendar).")]
    public async Task<IActionResult> Calendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}/calendar.ics")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var calendar = await catalog.SessionCalendarAsync(eventId, request.Language(), cancellationToken);
        return calendar is null ? ApiResults.NotFound("Session") : CalendarFile(calendar);
    }

    [Function("ManageEventRegistration")]
    [Description("The registrant's page (signed link from every mail) offering to cancel their registration; changes nothing.")]
    public async Task<IActionResult> Manage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}/registration")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var token = request.Query["token"].FirstOrDefault();
        var (check, session, found) = await registration.FindByLinkAsync(eventId, token, cancellationToken);
        if (check != TokenCheck.Valid) return ApiResults.Html(pages.InvalidLink(language, check), StatusCodes.Status400BadRequest);
        if (session is null || found is null) return ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound);
        return ApiResults.Html(pages.ManageRegistration(language, session, found, token!));
    }

    [Function("CancelEventRegistration")]
    [Description("Cancels one's registration from the signed link's page: the seat goes to the waitlist, a METHOD:CANCEL withdraws the calendar copy.")]
    public async Task<IActionResult> CancelRegistration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{eventId}/registration")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var result = await registration.CancelByLinkAsync(eventId, request.Query["token"].FirstOrDefault(), cancellationToken);
        var session = await catalog.FindSessionAsync(eventId, cancellationToken);
        return result switch
        {
            RegistrationCancelResult.InvalidLink => ApiResults.Html(pages.InvalidLink(language, TokenCheck.BadSignature), StatusCodes.Status400BadRequest),
            RegistrationCancelResult.NotFound => ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound),
            _ when session is null => ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound),
            _ => ApiResults.Html(pages.RegistrationCancelled(language, session)),
        };
    }

    public static IActionResult CalendarFile(string content) => new ContentResult
    {
        Content = content,
        ContentType = "text/calendar; charset=utf-8",
        StatusCode = StatusCodes.Status200OK,
    };

    private static IActionResult Accepted(RegistrationOutcome outcome) => ApiResults.JsonBody(new
    {
        status = StatusOf(outcome.Result),
        sessionId = outcome.Session!.Id,
        message = outcome.Result switch
        {
            RegistrationResult.Waitlisted => "The session is full: you are on the waitlist. If a seat frees up, the invitation is sent straight away.",
            RegistrationResult.AwaitingConfirmation => "Check your inbox: seats are limited, and the place is yours once you confirm it from the mail we sent.",
            _ => "Registration received: a confirmation with the calendar invitation is on its way.",
        },
    }, StatusCodes.Status202Accepted);

    private static string StatusOf(RegistrationResult result) => result switch
    {
        RegistrationResult.Waitlisted => RegistrationStatus.Waitlisted,
        RegistrationResult.AwaitingConfirmation => RegistrationStatus.Pending,
        _ => RegistrationStatus.Registered,
    };

    private async Task<IActionResult> RegisterFromFormAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var form = await RequestBody.ReadFormAsync(request, cancellationToken: cancellationToken);
        var language = request.Language(form.Value?.Text("lang"));
        if (!form.Ok) return ApiResults.Html(pages.BadForm(language, form.Error!), StatusCodes.Status400BadRequest);

        var asked = EventJson.FromForm(form.Value!, language, "event-form");
        var outcome = await registration.RegisterAsync(eventId, asked, new RequestOrigin("event-form", request.ClientIp()), cancellationToken);
        return outcome.Result switch
        {
            RegistrationResult.NotFound => ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound),
            RegistrationResult.Registered or RegistrationResult.Waitlisted or RegistrationResult.AwaitingConfirmation =>
                ApiResults.SeeOther(EventLinks.RegisteredPage(outcome.Session!.Id, language, StatusOf(outcome.Result))),
            RegistrationResult.TooMany => ApiResults.Html(pages.TooManyRequests(language), StatusCodes.Status429TooManyRequests),
            _ => ApiResults.Html(pages.Session(await FormPageAsync(language, asked, outcome, cancellationToken)), EventJson.StatusOf(outcome.Result)),
        };
    }

    /// <summary>The session page again, after a form registration that did not go through: with the values, errors or waitlist offer.</summary>
    private async Task<SessionPageModel> FormPageAsync(string language, RegistrationRequest asked, RegistrationOutcome outcome, CancellationToken cancellationToken)
    {
        var model = await catalog.SessionPageAsync(language, outcome.Session!, cancellationToken);
        return outcome.Result switch
        {
            RegistrationResult.Invalid => model with { Email = asked.Email, FirstName = asked.FirstName, Errors = outcome.Errors },
            RegistrationResult.Full => model with { Email = asked.Email, FirstName = asked.FirstName, OfferWaitlist = outcome.WaitlistOffered },
            _ => model,
        };
    }
}
