using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Links;
using Outreach.Core.Events.Attendance;
using Outreach.Core.Pages;
using Outreach.Functions.Http;

namespace Outreach.Functions.Events;

/// <summary>A registrant's personal join link, carried by every invite, update and reminder instead of the video link.</summary>
public sealed class JoinFunction(JoinService joins, EventPages pages)
{
    [Function("JoinEvent")]
    [Description("A registrant's personal join link: 302 to the session's current video link; the first GET inside the session window (15 minutes before the start to the end) records attendance, a HEAD never does. No video link yet → a page (200); altered or other-purpose token → 400 page; no registration → 404 page; expired, cancelled registration or session → 410 page; no seat → 403 page.")]
    public async Task<IActionResult> Join(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/join/{token}")] HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var result = await joins.JoinAsync(token, recordAttendance: !HttpMethods.IsHead(request.Method), cancellationToken);
        return result.Outcome switch
        {
            JoinOutcome.Redirect => ApiResults.FoundUncached(result.VideoUrl!),
            JoinOutcome.InvalidLink => ApiResults.Html(pages.InvalidLink(language, result.Check), StatusCodes.Status400BadRequest),
            JoinOutcome.Expired => ApiResults.Html(pages.JoinRefused(language, "events.join.expired"), StatusCodes.Status410Gone),
            JoinOutcome.NotRegistered => ApiResults.Html(pages.JoinRefused(language, "events.join.not_registered"), StatusCodes.Status404NotFound),
            JoinOutcome.NoVideoLinkYet => ApiResults.Html(pages.JoinUnavailable(language, result.Session!, "events.join.not_yet", problem: false)),
            JoinOutcome.NoSeat => ApiResults.Html(pages.JoinUnavailable(language, result.Session!, "events.join.no_seat", problem: true), StatusCodes.Status403Forbidden),
            JoinOutcome.RegistrationCancelled => ApiResults.Html(pages.JoinUnavailable(language, result.Session!, "events.join.registration_cancelled", problem: true), StatusCodes.Status410Gone),
            _ => ApiResults.Html(pages.JoinUnavailable(language, result.Session!, "events.join.session_cancelled", problem: true), StatusCodes.Status410Gone),
        };
    }
}
