using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Mail;

/// <summary>
/// Hands transactional mail to a queue instead of the transport, so a request never waits on SendGrid and a
/// transient failure is retried by the queue rather than lost. <see cref="SendQueuedAsync"/> is the consumer. The
/// mail itself waits beside the queue (<see cref="QueuedPayloads"/>), so an erasure can take it back.
/// </summary>
public sealed class MailQueue(StorageAccount storage, QueuedPayloads payloads, IMailSender transport, ILogger<MailQueue> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        HeaderValues.EnsureSafe(message.Headers);
        var recipient = EmailAddress.TryParse(message.To.Email, out var address) ? address.Key : "unparsed";
        var body = await payloads.StoreAsync(recipient, JsonSerializer.Serialize(message, Json), cancellationToken);
        var queue = await storage.QueueAsync(QueueNames.OutgoingMail);
        await queue.SendMessageAsync(body, cancellationToken);
    }

    /// <summary>Sends a queued mail; one whose recipient was erased meanwhile (its payload is gone) is dropped.</summary>
    public async Task SendQueuedAsync(string queuedMessage, CancellationToken cancellationToken = default)
    {
        if (await payloads.LoadAsync(queuedMessage, cancellationToken) is not { } payload)
        {
            logger.LogInformation("Queued mail dropped: its recipient was erased, or it was sent already");
            return;
        }

        var message = JsonSerializer.Deserialize<MailMessage>(payload, Json)
                      ?? throw new InvalidOperationException("Empty mail message in the queue.");
        await transport.SendAsync(message, cancellationToken);
        await payloads.DeleteAsync(queuedMessage, cancellationToken);
    }
}
