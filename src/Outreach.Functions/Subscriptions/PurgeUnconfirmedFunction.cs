using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Subscriptions;

namespace Outreach.Functions.Subscriptions;

public sealed class PurgeUnconfirmedFunction(UnconfirmedPurge purge)
{
    /// <summary>Every night at 03:30 UTC: sign-ups never confirmed within the retention period are deleted.</summary>
    [Function("PurgeUnconfirmed")]
    public Task Run([TimerTrigger("0 30 3 * * *")] TimerInfo timer, CancellationToken cancellationToken) => purge.PurgeAsync(cancellationToken);
}
