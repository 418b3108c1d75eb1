using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Audiences;

namespace Outreach.Functions.Audiences;

public sealed class ReconcileAudienceCountsFunction(AudienceCountReconciliation reconciliation)
{
    /// <summary>Every night at 02:45 UTC: each audience's counts are checked against a full recount and repaired if they drifted.</summary>
    [Function("ReconcileAudienceCounts")]
    public Task Run([TimerTrigger("0 45 2 * * *")] TimerInfo timer, CancellationToken cancellationToken) => reconciliation.ReconcileAsync(cancellationToken);
}
