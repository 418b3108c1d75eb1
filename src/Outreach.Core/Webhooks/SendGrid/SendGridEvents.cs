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

    /// <summary>
    /// Events after which an address is never mailed again. A <c>bounce</c> of type <c>blocked</c> is a temporary refusal
    /// by the receiving server (reputation, rate), not a dead mailbox, so it does not suppress.
    /// </summary>
    public static bool Suppresses(SendGridEvent e) => e.Type switch
    {
        Bounce => !string.Equals(e.BounceType, "blocked", StringComparison.OrdinalIgnoreCase),
        Dropped or SpamReport or Unsubscribe or GroupUnsubscribe => true,
        _ => false,
    };
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
    /// <summary>Reads a webhook post (a JSON array of events); events without an id, type or address are skipped.</summary>
    public static IReadOnlyList<SendGridEvent>? ParseAll(string body)
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

    private static SendGridEvent? Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        var id = Text(e, "sg_event_id");
        var type = Text(e, "event");
        var email = Text(e, "email");
        if (id is null || type is null || email is null) return null;
        DateTimeOffset? at = e.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new SendGridEvent(id, type.ToLowerInvariant(), email, at, Text(e, CampaignCustomArgs.CampaignId), Text(e, CampaignCustomArgs.Batch),
            Text(e, "reason") ?? Text(e, "response"), Text(e, "type"));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
