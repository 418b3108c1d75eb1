using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Accounts;

namespace Outreach.Functions.Accounts;

public sealed class PurgeAuditLogFunction(AuditLog audit)
{
    /// <summary>Every night at 03:45 UTC: audit entries older than Accounts:AuditRetentionDays are deleted.</summary>
    [Function("PurgeAuditLog")]
    public Task Run([TimerTrigger("0 45 3 * * *")] TimerInfo timer, CancellationToken cancellationToken) => audit.PurgeAsync(cancellationToken);
}
