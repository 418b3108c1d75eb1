using MimeKit;
using MimeKit.Text;

namespace Outreach.Core.Mail;

/// <summary>Builds the RFC 5322 form of a message: text, HTML, then the calendar part, with the .ics and other files attached.</summary>
public static class MimeMessageBuilder
{
    public static MimeMessage Build(MailMessage message, MailAddress from, DateTimeOffset date)
    {
        HeaderValues.EnsureSafe(message.Headers);
        var mime = new MimeMessage { Subject = message.Subject, Date = date };
        mime.From.Add(new MailboxAddress(from.Name, from.Email));
        mime.To.Add(new MailboxAddress(message.To.Name, message.To.Email));
        mime.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Email.Split('@')[^1]);
        foreach (var (name, value) in message.Headers) mime.Headers.Add(name, value);

        var alternative = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = message.Text },
            new TextPart(TextFormat.Html) { Text = message.Html },
        };
        if (message.Calendar is { } calendar)
        {
            var calendarPart = new TextPart("calendar") { Text = calendar.Content };
            calendarPart.ContentType.Parameters.Add("method", calendar.Method);
            calendarPart.ContentType.Charset = "utf-8";
            alternative.Add(calendarPart);
        }

        var files = new List<MimePart>();
        if (message.Calendar is { } ics)
            files.Add(Attach(ics.FileName, "application/ics", System.Text.Encoding.UTF8.GetBytes(ics.Content)));
        files.AddRange(message.Attachments.Select(a => Attach(a.FileName, a.ContentType, a.Content)));

        if (files.Count == 0)
        {
            mime.Body = alternative;
        }
        else
        {
            var mixed = new Multipart("mixed") { alternative };
            foreach (var file in files) mixed.Add(file);
            mime.Body = mixed;
        }

        return mime;
    }

    private static MimePart Attach(string fileName, string contentType, byte[] content) =>
        new(ContentType.Parse(contentType))
        {
            Content = new MimeContent(new MemoryStream(content)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName,
        };
}
