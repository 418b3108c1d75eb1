using System.Text.Json;
using Outreach.Core.Campaigns.Pipeline;

namespace Outreach.Core.Webhooks.SendGrid;

/// <summary>The Event Webhook's event names.</summary>
public static class SendGridEventTypes
{
    public const string Processed = "processed";
    public const string Delivered = "delivered";
    public const string Deferred = "deferred";
    public const string Bounce = "bounce";
    public const string Dropped = "dropped";
    public const string SpamReport = "spamreport";
    public const string Unsubscribe = "unsubscribe";
    public const string GroupUnsubscribe = "group_unsubscribe";
    public const string GroupResubscribe = "group_resubscribe";
    public const string Open = "open";
    public const string Click = "click";

    public static readonly IReadOnlyList<string> All =
        [Processed, Delivered, Deferred, Bounce, Dropped, SpamReport, Unsubscribe, GroupUnsubscribe, GroupResubscribe, Open, Click];
}

/// <summary>What an event does beyond being counted toward its campaign.</summary>
public enum EventEffect
{
    None,

    /// <summary>The address itself is dead or refuses our mail: never mailed again.</summary>
    Suppress,

    /// <summary>Something about the content or the account, not the address: shown on the campaign, nobody suppressed.</summary>
    CampaignProblem,

    /// <summary>The person left one SendGrid unsubscribe group: only the audience mapped to it.</summary>
    LeaveGroup,

    /// <summary>The person came back to a group they had left from SendGrid's page: undoes that group unsubscribe.</summary>
    RejoinGroup,
}

/// <summary>
/// Which events are about the address. Only address-level reasons suppress: a hard bounce of a dead or unknown
/// mailbox, a spam report, an unsubscribe, a drop because the address is invalid or already bounced, reported or
/// unsubscribed at SendGrid. A drop or bounce caused by the content or the account (spam content, quota, a bad
/// SMTPAPI header, reputation, volume) is a problem of the campaign, and suppressing on it would empty the list.
/// </summary>
public static class SendGridEventRules
{
    /// <summary>SendGrid's drop reasons that are about the address (anything else is about the content or the account).</summary>
    private static readonly string[] AddressDropReasons = ["Bounced Address", "Spam Reporting Address", "Unsubscribed Address", "Invalid", "Invalid Email", "Invalid Address"];

    /// <summary>SendGrid's bounce classifications that are not about the mailbox itself.</summary>
    private static readonly string[] NotAddressBounceClassifications = ["Content", "Reputation", "Frequency or Volume Too High", "Technical"];

    public static EventEffect EffectOf(SendGridEvent e) => e.Type switch
    {
        SendGridEventTypes.Bounce => BounceEffect(e),
        SendGridEventTypes.Dropped => AddressDropReasons.Any(r => string.Equals(r, e.Reason?.Trim(), StringComparison.OrdinalIgnoreCase))
            ? EventEffect.Suppress
            : EventEffect.CampaignProblem,
        SendGridEventTypes.SpamReport or SendGridEventTypes.Unsubscribe => EventEffect.Suppress,
        SendGridEventTypes.GroupUnsubscribe => EventEffect.LeaveGroup,
        SendGridEventTypes.GroupResubscribe => EventEffect.RejoinGroup,
        _ => EventEffect.None,
    };

    /// <summary>A <c>blocked</c> bounce is a temporary refusal by the receiving server (reputation, rate), not a dead mailbox.</summary>
    private static EventEffect BounceEffect(SendGridEvent e)
    {
        if (string.Equals(e.BounceType, "blocked", StringComparison.OrdinalIgnoreCase)) return EventEffect.None;
        return NotAddressBounceClassifications.Any(c => string.Equals(c, e.BounceClassification, StringComparison.OrdinalIgnoreCase))
            ? EventEffect.CampaignProblem
            : EventEffect.Suppress;
    }

    /// <summary>
    /// The event's reason without the recipient's address (bounce reasons quote it: "550 5.1.1 &lt;marie@…&gt; unknown"),
    /// so what is kept about a campaign holds no personal data.
    /// </summary>
    public static string? ScrubbedReason(SendGridEvent e)
    {
        if (e.Reason is not { Length: > 0 } reason) return null;
        var scrubbed = e.Email.Length == 0 ? reason : reason.Replace(e.Email.Trim(), "<recipient>", StringComparison.OrdinalIgnoreCase);
        var at = e.Email.IndexOf('@');
        if (at > 0) scrubbed = scrubbed.Replace(e.Email[..at], "<recipient>", StringComparison.OrdinalIgnoreCase);
        return scrubbed.Length > 1000 ? scrubbed[..1000] : scrubbed;
    }
}

/// <summary>One event of an Event Webhook post, with the custom_args we attached (campaign id, batch).</summary>
public sealed record SendGridEvent(
    string EventId,
    string Type,
    string Email,
    DateTimeOffset? Timestamp,
    string? CampaignId,
    string? Batch,
    string? Reason,
    string? BounceType)
{
    /// <summary>SendGrid's <c>bounce_classification</c> (Invalid Address, Mailbox Unavailable, Content, Reputation…).</summary>
    public string? BounceClassification { get; init; }

    /// <summary>The unsubscribe group (<c>asm_group_id</c>) of a group event.</summary>
    public string? GroupId { get; init; }

    /// <summary>The link a <c>click</c> event is about (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>Reads a webhook post (a JSON array of events); events without an id, type or address are skipped.</summary>
    public static IReadOnlyList<SendGridEvent>? ParseAll(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Array) return null;
            return json.RootElement.EnumerateArray().Select(Parse).OfType<SendGridEvent>().ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IReadOnlyList<SendGridEvent>? ParseAll(string body) => ParseAll(System.Text.Encoding.UTF8.GetBytes(body));

    private static SendGridEvent? Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        var id = Text(e, "sg_event_id");
        var type = Text(e, "event");
        var email = Text(e, "email");
        if (id is null || type is null || email is null) return null;
        DateTimeOffset? at = e.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var seconds)
            && seconds is >= 0 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new SendGridEvent(id, type.ToLowerInvariant(), email, at, Text(e, CampaignCustomArgs.CampaignId), Text(e, CampaignCustomArgs.Batch),
            Text(e, "reason") ?? Text(e, "response"), Text(e, "type"))
        {
            BounceClassification = Text(e, "bounce_classification"),
            GroupId = Text(e, "asm_group_id"),
            Url = Text(e, "url"),
        };
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
