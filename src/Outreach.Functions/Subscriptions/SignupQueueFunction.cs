using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;

namespace Outreach.Functions.Subscriptions;

public sealed class SignupQueueFunction(SubscriptionService subscriptions)
{
    /// <summary>Does the state-dependent work of one accepted sign-up; a failure leaves it on the queue to be retried, then poisoned.</summary>
    [Function("ProcessSignup")]
    public Task Run([QueueTrigger(QueueNames.Signups)] string message, CancellationToken cancellationToken) =>
        subscriptions.SignUpQueuedAsync(message, cancellationToken);
}
