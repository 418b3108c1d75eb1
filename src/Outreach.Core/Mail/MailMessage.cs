
namespace Outreach.Core.Mail;

public sealed record MailAddress(string Email, string? Name = null);

/// <summary>A calendar object carried both as a <c>text/calendar; method=…</c> alternative and as an <c>.ics</c> attachment.</summary>
/// <param name="Method">iTIP method: <c>REQUEST</c>, <c>CANCEL</c> or <c>PUBLISH</c>.</param>
public sealed record CalendarPart(string Method, string Content, string FileName = "invite.ics");

public sealed record Attachment(string FileName, string ContentType, byte[] Content);

/// <summary>One message to one recipient, transactional (confirmation, invite) or marketing (with List-Unsubscribe headers).</summary>
public sealed record MailMessage
{
    public required MailAddress To { get; init; }
    public required string Subject { get; init; }
    public required string Html { get; init; }
    public required string Text { get; init; }

    /// <summary>Headers such as List-Unsubscribe; values are checked for CR/LF before sending.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public CalendarPart? Calendar { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>SendGrid categories (e.g. <c>confirmation</c>, <c>campaign</c>), for statistics.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Values echoed back by SendGrid's Event Webhook (e.g. campaign id).</summary>
    public IReadOnlyDictionary<string, string> CustomArgs { get; init; } = new Dictionary<string, string>();
}

/// <summary>Hands a message to a transport (SendGrid in production, the local outbox otherwise).</summary>
public interface IMailSender
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>A transport refused a message; <see cref="IsTransient"/> says whether trying again later may succeed.</summary>
public sealed class MailDeliveryException(string message, int statusCode, bool isTransient, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public bool IsTransient { get; } = isTransient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

public static class HeaderValues
{
    /// <summary>True when a value can go in a header as it is (no CR, LF or other control character).</summary>
    // char.IsControl's two ranges, searched in the span: no enumerator or delegate per header of every recipient.
    public static bool IsSafe(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') < 0 && value.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') < 0;

    public static void EnsureSafe(IReadOnlyDictionary<string, string> headers)
    {
        foreach (var (name, value) in headers)
        {
            if (!IsSafe(name) || !IsSafe(value)) throw new ArgumentException($"Header {name} contains a control character.");
        }
    }
}

/// <summary>The display name SendGrid accepts in <c>to.name</c>, the one place both SendGrid senders take it from.</summary>
public static class SendGridDisplayName
{
    /// <summary>
    /// SendGrid refuses a whole request when a <c>to.name</c> holds <c>,</c> or <c>;</c> (its address-list separators), so
    /// one subscriber's name would fail a batch of 1000: those become spaces. No name when nothing printable is left.
    /// </summary>
    public static string? For(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || !HeaderValues.IsSafe(name)) return null;
        var cleaned = string.Join(' ', name.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length == 0 ? null : cleaned;
    }
}
