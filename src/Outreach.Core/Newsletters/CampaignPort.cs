using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Newsletters;

/// <summary>
/// The per-recipient placeholders a campaign body carries; the delivery engine replaces them for each recipient
/// (SendGrid substitutions in production), so the body is rendered once per campaign.
/// </summary>
public sealed record RecipientPlaceholders(string FirstName, string FirstNameOr, string Unsubscribe, string Preferences, string AudienceName)
{
    /// <summary>The greeting with the first name filled per recipient ("Bonjour Marie," or "Bonjour à vous,").</summary>
    public RecipientView RecipientFor(string language) => new()
    {
        FirstName = FirstName,
        Greeting = language == "en" ? $"Hello {string.Format(FirstNameOr, "there")}," : $"Bonjour {string.Format(FirstNameOr, "à vous")},",
    };

    public RecipientLinks Links => new(Unsubscribe, Preferences);

    /// <summary>
    /// The links of a campaign whose upcoming sessions carry each recipient's one-click registration link, recorded as
    /// coming from <paramref name="source"/> (<c>newsletter</c>, <c>digest</c>).
    /// </summary>
    public RecipientLinks LinksWithOneClick(string source) => new(Unsubscribe, Preferences, session =>
        session.SessionId is null ? null : CampaignPlaceholders.Written(CampaignPlaceholders.OneClickUrl, OneClickScope.ForSession(session.SessionId, source).ToString()));
}

/// <summary>A campaign Newsletters hands to the delivery engine: one body for whole audiences, now or at a local time.</summary>
public sealed record CampaignOrder
{
    /// <summary>What the campaign is made from (a digest's audience and period; an issue's id and attempt): the same key finds the same campaign.</summary>
    public required string SourceId { get; init; }

    public required string Subject { get; init; }
    public required string Html { get; init; }
    public required string Text { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>Local send time in <see cref="TimeZone"/>; null sends now.</summary>
    public DateTime? SendAtLocal { get; init; }

    public string? TimeZone { get; init; }

    public string Language { get; init; } = "fr";

    /// <summary><c>newsletter</c> or <c>digest</c> (SendGrid category, statistics).</summary>
    public required string Category { get; init; }

    /// <summary>Whether SendGrid counts opens (off unless the team asks, issue by issue).</summary>
    public bool TrackOpens { get; init; }
}

/// <summary>What Newsletters needs from the delivery engine: schedule a campaign, cancel it, read its state.</summary>
public interface ICampaignEngine
{
    RecipientPlaceholders Placeholders { get; }

    /// <summary>Schedules (or starts) the campaign: its id, or what the engine refused.</summary>
    Task<CampaignOrderResult> ScheduleAsync(CampaignOrder order, CancellationToken cancellationToken = default);

    /// <summary>Sends the body to a few addresses only, marked as a test; the count sent, or what is wrong.</summary>
    Task<CampaignOrderResult> SendTestAsync(CampaignOrder order, IReadOnlyList<string> to, CancellationToken cancellationToken = default);

    /// <summary>Cancels what is not sent yet; false when the campaign is unknown or already finished.</summary>
    Task<bool> CancelAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>The campaign's state (<c>scheduled</c>, <c>sending</c>, <c>sent</c>, <c>cancelled</c>, <c>failed</c>) or null when unknown.</summary>
    Task<string?> StateAsync(string campaignId, CancellationToken cancellationToken = default);
}

/// <summary>A campaign id (or a count of test mails), or the engine's validation errors.</summary>
public sealed record CampaignOrderResult(string? CampaignId, ValidationErrors Errors, int Sent = 0)
{
    public bool Ok => Errors.IsValid;
}
