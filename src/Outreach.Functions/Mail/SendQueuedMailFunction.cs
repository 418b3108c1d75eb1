using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Storage;
using Outreach.Core.Mail;

namespace Outreach.Functions.Mail;

public sealed class SendQueuedMailFunction(MailQueue mailQueue)
{
    /// <summary>Sends one queued transactional mail; a failure leaves it on the queue to be retried, then poisoned.</summary>
    [Function("SendQueuedMail")]
    public Task Run([QueueTrigger(QueueNames.OutgoingMail)] string message, CancellationToken cancellationToken) =>
        mailQueue.SendQueuedAsync(message, cancellationToken);
}
