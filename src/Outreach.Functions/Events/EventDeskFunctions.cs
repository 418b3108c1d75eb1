using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Sessions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Events;

/// <summary>The events desk's lists: sessions over a period, series, and the sessions a series would make before it is saved.</summary>
public sealed class EventDeskFunctions(EventListing listing, SeriesAdminService seriesAdmin, EventLinks links)
{
    [Function("AdminListEvents")]
    [Description("Sessions (one-off and of series) starting between ?from= and ?to= (yyyy-MM-dd, Paris days, to included; default 90 days back to a year ahead), ?when=upcoming|past (by the server's clock), ?status=scheduled|cancelled, newest start first, at most 200.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/events")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (sessions, errors) = await listing.ListSessionsAsync(request.Query["from"], request.Query["to"], request.Query["status"], request.Query["when"], cancellationToken);
        return sessions is null ? ApiResults.Invalid(errors) : ApiResults.JsonBody(new { items = sessions.Select(s => EventJson.Admin(s, links)) });
    }

    [Function("AdminListSeries")]
    [Description("Every weekly series, the latest first: its rule and how many sessions it made.")]
    public async Task<IActionResult> ListSeries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/series")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody(new { items = (await listing.ListSeriesAsync(cancellationToken)).Select(EventJson.SeriesSummary) });

    [Function("AdminPreviewSeries")]
    [Description("The sessions a series body (as for POST /api/admin/series) would make, checked the same way; nothing is written → 200 { sessions: [{ start, end, startUtc, topic }] } or 400.")]
    public async Task<IActionResult> PreviewSeries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/series/preview")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<SeriesDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await seriesAdmin.PreviewAsync(body.Value!, cancellationToken);
        return result.Change == EventChange.Invalid ? ApiResults.Invalid(result.Errors!) : ApiResults.JsonBody(EventJson.Series(result.Series!, result.Sessions, links));
    }
}
