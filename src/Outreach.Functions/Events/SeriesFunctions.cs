using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Pages;
using Outreach.Functions.Http;

namespace Outreach.Functions.Events;

/// <summary>The public series routes: the programme page with its "follow the programme" form, registration, calendar file.</summary>
public sealed class SeriesFunctions(EventCatalog catalog, SeriesRegistrationService registration, EventPages pages)
{
    [Function("SeriesPage")]
    [Description("A series' page: every session with its topic, and the form to register to all of them (HTML, ?lang=en).")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/series/{seriesId}")] HttpRequest request, string seriesId, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var model = await catalog.SeriesPageAsync(language, seriesId, cancellationToken);
        return model is null ? ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound) : ApiResults.Html(pages.Series(model));
    }

    [Function("RegisterForSeries")]
    [Description("Registers to every session of a series still to come (one invite per session): JSON { email, firstName?, consent: true, followProgramme? } → 202 with each session's status, or the page's form → 303. Series over → 410.")]
    public async Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/series/{seriesId}/registrations")] HttpRequest request, string seriesId, CancellationToken cancellationToken)
    {
        if (RequestBody.IsForm(request)) return await RegisterFromFormAsync(request, seriesId, cancellationToken);
        var (body, refusal) = await EventJson.ReadRegistrationAsync(request, cancellationToken);
        if (refusal is not null) return refusal;
        var outcome = await registration.RegisterAsync(seriesId, body!, new RequestOrigin("api", request.ClientIp()), cancellationToken);
        return outcome.Result switch
        {
            RegistrationResult.NotFound => ApiResults.NotFound("Series"),
            RegistrationResult.Invalid => ApiResults.Invalid(outcome.Errors!),
            RegistrationResult.Past => ApiResults.Problem(StatusCodes.Status410Gone, "This series is over.", "Every session has taken place or been cancelled."),
            RegistrationResult.TooMany => EventJson.TooMany(),
            _ => Accepted(seriesId, outcome),
        };
    }

    [Function("SeriesRegistered")]
    [Description("The page shown after a form registration to a series.")]
    public async Task<IActionResult> Registered(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/series/{seriesId}/registered")] HttpRequest request, string seriesId, CancellationToken cancellationToken)
    {
        var language = request.Language();
        if (await catalog.OpenSessionsAsync(seriesId, cancellationToken) is not ({ } series, var open))
            return ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound);
        var registered = open.Select(s => new RegistrationOutcome(s.Capacity is null ? RegistrationResult.Registered : RegistrationResult.AwaitingConfirmation, s)).ToList();
        return ApiResults.Html(pages.SeriesRegistered(language, series, registered, request.Query["programme"] == "1"));
    }

    [Function("SeriesCalendar")]
    [Description("Every session of a series as one iCalendar file (METHOD:PUBLISH, text/calendar).")]
    public async Task<IActionResult> Calendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/series/{seriesId}/calendar.ics")] HttpRequest request, string seriesId, CancellationToken cancellationToken)
    {
        var calendar = await catalog.SeriesCalendarAsync(seriesId, request.Language(), cancellationToken);
        return calendar is null ? ApiResults.NotFound("Series") : EventFunctions.CalendarFile(calendar);
    }

    private static IActionResult Accepted(string seriesId, SeriesRegistrationOutcome outcome) => ApiResults.JsonBody(new
    {
        status = "registered",
        seriesId,
        sessions = outcome.Sessions.Where(o => o.Session is not null).Select(o => new
        {
            id = o.Session!.Id,
            start = ZonedTime.FormatLocal(o.Session.LocalStart),
            topic = o.Session.Topic,
            status = o.Result switch
            {
                RegistrationResult.Waitlisted => RegistrationStatus.Waitlisted,
                RegistrationResult.AwaitingConfirmation => RegistrationStatus.Pending,
                _ => RegistrationStatus.Registered,
            },
        }),
        message = "Registration received: one invitation per session is on its way.",
    }, StatusCodes.Status202Accepted);

    private async Task<IActionResult> RegisterFromFormAsync(HttpRequest request, string seriesId, CancellationToken cancellationToken)
    {
        var form = await RequestBody.ReadFormAsync(request, cancellationToken: cancellationToken);
        var language = request.Language(form.Value?.Text("lang"));
        if (!form.Ok) return ApiResults.Html(pages.BadForm(language, form.Error!), StatusCodes.Status400BadRequest);

        var asked = EventJson.FromForm(form.Value!, language, "series-form");
        var outcome = await registration.RegisterAsync(seriesId, asked, new RequestOrigin("series-form", request.ClientIp()), cancellationToken);
        var model = outcome.Result is RegistrationResult.Invalid or RegistrationResult.Past ? await catalog.SeriesPageAsync(language, seriesId, cancellationToken) : null;
        return outcome.Result switch
        {
            RegistrationResult.NotFound => ApiResults.Html(pages.NotFound(language), StatusCodes.Status404NotFound),
            RegistrationResult.Invalid when model is not null => ApiResults.Html(pages.Series(model with { Email = asked.Email, FirstName = asked.FirstName, Errors = outcome.Errors }), StatusCodes.Status400BadRequest),
            RegistrationResult.Past when model is not null => ApiResults.Html(pages.Series(model), StatusCodes.Status410Gone),
            RegistrationResult.TooMany => ApiResults.Html(pages.TooManyRequests(language), StatusCodes.Status429TooManyRequests),
            _ => ApiResults.SeeOther(EventLinks.SeriesRegisteredPage(seriesId, language, asked.FollowProgramme)),
        };
    }
}
