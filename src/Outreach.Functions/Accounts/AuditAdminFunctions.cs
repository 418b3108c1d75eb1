using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Accounts;
using Outreach.Core.Common.Validation;
using Outreach.Functions.Http;

namespace Outreach.Functions.Accounts;

/// <summary>The audit log, for admins.</summary>
public sealed class AuditAdminFunctions(AuditLog audit)
{
    [Function("AdminListAudit")]
    [Description("The audit log, newest first: ?actor=&action=&target=&from=&to=&pageSize=1..200&continuationToken= → { items: [{ at, actor, actorKind, role, action, target, outcome, status, ipPrefix }], continuationToken? }.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/audit")] HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = PagingQuery.Read(request, statuses: [], defaultPageSize: 50, maxPageSize: AuditLog.MaxPageSize);
        var query = new AuditQuery(request.Query["actor"].FirstOrDefault(), request.Query["action"].FirstOrDefault(), request.Query["target"].FirstOrDefault(),
            Instant(request, "from", paging.Errors), Instant(request, "to", paging.Errors));
        if (!paging.IsValid) return ApiResults.Invalid(paging.Errors);

        var page = await audit.PageAsync(query, paging.PageSize, paging.ContinuationToken, cancellationToken);
        if (page.InvalidToken) return ApiResults.InvalidContinuationToken();
        return ApiResults.JsonBody(new
        {
            items = page.Items.Select(e => new { e.At, e.Actor, actorKind = e.ActorKind.ToString().ToLowerInvariant(), e.Role, e.Action, e.Target, e.Outcome, e.Status, e.IpPrefix }),
            continuationToken = page.ContinuationToken,
        });
    }

    /// <summary>A date (<c>2026-12-01</c>, the day's start in UTC) or an instant with its offset (<c>2026-12-01T09:00:00Z</c>).</summary>
    private static DateTimeOffset? Instant(HttpRequest request, string name, ValidationErrors errors)
    {
        if (request.Query[name].FirstOrDefault() is not { Length: > 0 } text) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)) return instant;
        errors.Add(name, $"{name} must be a date (2026-12-01) or an instant (2026-12-01T09:00:00Z).");
        return null;
    }
}
