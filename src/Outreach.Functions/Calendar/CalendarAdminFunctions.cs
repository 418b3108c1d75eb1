using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Calendar;
using Outreach.Core.Common.Time;
using Outreach.Functions.Http;

namespace Outreach.Functions.Calendar;

/// <summary>The calendar of everything that goes out.</summary>
public sealed class CalendarAdminFunctions(OutgoingCalendar calendar)
{
    [Function("AdminCalendar")]
    [Description("Everything that goes out or takes place between ?from= and ?to= (yyyy-MM-dd, Paris days, to included, at most 62 days; default the current month): campaigns (newsletter, digest, one-off), planned digests, webinar sessions, reminders, programme mails → { items: [{ kind, title, at, local, id, state }] }.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/calendar")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (items, errors) = await calendar.ListAsync(request.Query["from"], request.Query["to"], cancellationToken);
        return items is null ? ApiResults.Invalid(errors) : ApiResults.JsonBody(new { items = items.Select(i => new { i.Kind, i.Title, i.At, local = ZonedTime.FormatLocal(i.Local), i.Id, i.State }) });
    }
}
