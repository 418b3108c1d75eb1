using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Storage;

namespace Outreach.Functions.Mail;

public sealed class PurgeQueuedPayloadsFunction(QueuedPayloads payloads)
{
    /// <summary>Every night at 03:20 UTC: payloads of queue messages older than a message lives (7 days) are deleted.</summary>
    [Function("PurgeQueuedPayloads")]
    public Task Run([TimerTrigger("0 20 3 * * *")] TimerInfo timer, CancellationToken cancellationToken) => payloads.PurgeAsync(cancellationToken);
}
