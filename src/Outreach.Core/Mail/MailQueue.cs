using System.Text.Json;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Mail;

/// <summary>
/// Hands transactional mail to a queue instead of the transport, so a request never waits on SendGrid and a
/// transient failure is retried by the queue rather than lost. <see cref="SendQueuedAsync"/> is the consumer.
/// </summary>
public sealed class MailQueue(StorageAccount storage, IMailSender transport)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        HeaderValues.EnsureSafe(message.Headers);
        var queue = await storage.QueueAsync(QueueNames.OutgoingMail);
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, Json), cancellationToken);
    }

    public Task SendQueuedAsync(string queuedMessage, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<MailMessage>(queuedMessage, Json)
                      ?? throw new InvalidOperationException("Empty mail message in the queue.");
        return transport.SendAsync(message, cancellationToken);
    }
}
