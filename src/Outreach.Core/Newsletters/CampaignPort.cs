namespace Outreach.Core.Newsletters;

/// <summary>
/// The per-recipient placeholders a campaign body carries; the delivery engine replaces them for each recipient
/// (SendGrid substitutions in production), so the body is rendered once per campaign.
/// </summary>
public sealed record RecipientPlaceholders(string FirstName, string Greeting, string Unsubscribe, string Preferences)
{
    public RecipientView Recipient => new() { FirstName = FirstName, Greeting = Greeting };

    public RecipientLinks Links => new(Unsubscribe, Preferences);
}

/// <summary>A campaign Newsletters hands to the delivery engine: one body for whole audiences, now or at a local time.</summary>
public sealed record CampaignOrder
{
    /// <summary>The same key twice gives the same campaign (a digest's audience and period; an issue's id and attempt).</summary>
    public required string IdempotencyKey { get; init; }

    public required string Subject { get; init; }
    public required string Html { get; init; }
    public required string Text { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>Local send time in <see cref="TimeZone"/>; null sends now.</summary>
    public DateTime? SendAtLocal { get; init; }

    public string? TimeZone { get; init; }

    /// <summary><c>newsletter</c> or <c>digest</c> (SendGrid category, statistics).</summary>
    public required string Category { get; init; }
}

/// <summary>What Newsletters needs from the delivery engine: schedule a campaign, cancel it, read its state.</summary>
public interface ICampaignEngine
{
    RecipientPlaceholders Placeholders { get; }

    /// <summary>Schedules (or starts) the campaign; returns its id. Idempotent on <see cref="CampaignOrder.IdempotencyKey"/>.</summary>
    Task<string> ScheduleAsync(CampaignOrder order, CancellationToken cancellationToken = default);

    /// <summary>Cancels what is not sent yet; false when the campaign is unknown or already finished.</summary>
    Task<bool> CancelAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>The campaign's state (<c>scheduled</c>, <c>sending</c>, <c>sent</c>, <c>cancelled</c>, <c>failed</c>) or null when unknown.</summary>
    Task<string?> StateAsync(string campaignId, CancellationToken cancellationToken = default);
}
