using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Registrations.OneClick;
using Outreach.Core.Pages;
using Outreach.Functions.Http;

namespace Outreach.Functions.Events;

/// <summary>
/// The one-click registration links of newsletters, digests and the programme mail: GET shows one button and changes
/// nothing (link scanners follow GETs); POST registers the subscriber the link was made for.
/// </summary>
public sealed class OneClickRegistrationFunctions(OneClickRegistrationService oneClick, EventPages pages)
{
    [Function("OneClickSessionPage")]
    [Description("A subscriber's one-click registration link to a session (from a newsletter, digest or programme mail): a page with one button; changes nothing. Tampered, other session's or expired token → readable 400/410 page.")]
    public Task<IActionResult> SessionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}/one-click")] HttpRequest request, string eventId, CancellationToken cancellationToken) =>
        ShowAsync(request, OneClickTarget.Session, eventId, cancellationToken);

    [Function("OneClickSessionRegister")]
    [Description("The button of the one-click page: registers the subscriber with their stored address (a waitlist place when full) and sends the invite; again → \"already registered\", nothing sent.")]
    public Task<IActionResult> SessionRegister(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{eventId}/one-click")] HttpRequest request, string eventId, CancellationToken cancellationToken) =>
        RegisterAsync(request, OneClickTarget.Session, eventId, cancellationToken);

    [Function("OneClickSeriesPage")]
    [Description("A subscriber's one-click \"follow the programme\" link to a series: a page with one button listing the sessions still open; changes nothing.")]
    public Task<IActionResult> SeriesPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/series/{seriesId}/one-click")] HttpRequest request, string seriesId, CancellationToken cancellationToken) =>
        ShowAsync(request, OneClickTarget.Series, seriesId, cancellationToken);

    [Function("OneClickSeriesRegister")]
    [Description("The button of the series' one-click page: registers the subscriber to every session still open (waitlist where full), one invite per session.")]
    public Task<IActionResult> SeriesRegister(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/series/{seriesId}/one-click")] HttpRequest request, string seriesId, CancellationToken cancellationToken) =>
        RegisterAsync(request, OneClickTarget.Series, seriesId, cancellationToken);

    private async Task<IActionResult> ShowAsync(HttpRequest request, OneClickTarget target, string id, CancellationToken cancellationToken)
    {
        var token = request.Query["token"].FirstOrDefault();
        var outcome = await oneClick.ReadAsync(target, id, token, cancellationToken);
        var (page, status) = pages.OneClick(request.Language(), outcome, target, id, token);
        return ApiResults.Html(page, status);
    }

    private async Task<IActionResult> RegisterAsync(HttpRequest request, OneClickTarget target, string id, CancellationToken cancellationToken)
    {
        var token = request.Query["token"].FirstOrDefault();
        var outcome = await oneClick.RegisterAsync(target, id, token, new RequestOrigin("one-click", request.ClientIp()), cancellationToken);
        var (page, status) = pages.OneClick(request.Language(), outcome, target, id, token);
        return ApiResults.Html(page, status);
    }
}
