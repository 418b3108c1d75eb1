using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Outreach.Core.Mail;

/// <summary>The production transport for single messages: one SendGrid v3 <c>mail/send</c> request per message.</summary>
public sealed class SendGridMailSender(IOptions<SendGridOptions> sendGrid, IOptions<MailOptions> mail, IHttpClientFactory httpClients) : IMailSender
{
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        var response = await CreateClient().SendEmailAsync(ToSendGridMessage(message), cancellationToken);
        await ThrowIfRefusedAsync(response, cancellationToken);
    }

    public SendGridClient CreateClient() =>
        new(httpClients.CreateClient(nameof(SendGridMailSender)), new SendGridClientOptions { ApiKey = sendGrid.Value.ApiKey, Host = sendGrid.Value.Host });

    public SendGridMessage ToSendGridMessage(MailMessage message)
    {
        HeaderValues.EnsureSafe(message.Headers);
        var msg = new SendGridMessage
        {
            From = new EmailAddress(mail.Value.FromAddress, mail.Value.FromName),
            Subject = message.Subject,
        };

        // Content goes in SendGrid's required order: text/plain, text/html, then the calendar. All three through
        // AddContent: when PlainTextContent/HtmlContent are set, the client's serializer drops contents added otherwise.
        msg.AddContent(MimeType.Text, message.Text);
        msg.AddContent(MimeType.Html, message.Html);
        msg.AddTo(new EmailAddress(message.To.Email, SendGridDisplayName.For(message.To.Name)));
        if (message.Headers.Count > 0) msg.Headers = new Dictionary<string, string>(message.Headers);
        if (message.Categories.Count > 0) msg.AddCategories(message.Categories.ToList());
        // In the personalization: SendGrid's request schema types the message-level custom_args as a string.
        if (message.CustomArgs.Count > 0) msg.Personalizations[0].CustomArgs = new Dictionary<string, string>(message.CustomArgs);
        if (message.Calendar is { } calendar)
        {
            msg.AddContent($"text/calendar; method={calendar.Method}", calendar.Content);
            msg.AddAttachment(calendar.FileName, Convert.ToBase64String(Encoding.UTF8.GetBytes(calendar.Content)), "application/ics", "attachment");
        }

        foreach (var file in message.Attachments)
            msg.AddAttachment(file.FileName, Convert.ToBase64String(file.Content), file.ContentType, "attachment");
        return msg;
    }

    /// <summary>Turns a non-2xx answer into a <see cref="MailDeliveryException"/> carrying SendGrid's own error text.</summary>
    public static async Task ThrowIfRefusedAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        var transient = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
        throw new MailDeliveryException($"SendGrid answered {status}: {body}", status, transient, RetryAfter(response));
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values) && long.TryParse(values.FirstOrDefault(), out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return response.Headers.RetryAfter?.Delta;
    }
}
