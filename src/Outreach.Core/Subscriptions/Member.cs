using Azure;
using Outreach.Core.Audiences.Profiles;

namespace Outreach.Core.Subscriptions;

public static class MemberStatus
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Unsubscribed = "unsubscribed";

    public static readonly IReadOnlyList<string> All = [Pending, Confirmed, Unsubscribed];
}

/// <summary>One address's membership of one audience.</summary>
public sealed record Member
{
    public required string AudienceId { get; init; }
    public required string ContactKey { get; init; }
    public required string Email { get; init; }
    public string? FirstName { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset SubscribedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? UnsubscribedAt { get; init; }
    public string? Source { get; init; }

    /// <summary>A copy of the contact's details, so a segment filters the rows a campaign pages anyway.</summary>
    public ContactDetails Details { get; init; } = ContactDetails.None;

    /// <summary>The import job that last wrote this row, if any.</summary>
    public string? ImportId { get; init; }

    public ETag ETag { get; init; }
}

/// <summary>The profile kept for an address, with what rate-limits its confirmation mails.</summary>
public sealed record Contact
{
    public required string ContactKey { get; init; }
    public required string Email { get; init; }
    public string? FirstName { get; init; }
    public string Language { get; init; } = "fr";
    public ContactDetails Details { get; init; } = ContactDetails.None;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastConfirmationMailAt { get; init; }
    public DateTimeOffset? ConfirmationWindowStart { get; init; }
    public int ConfirmationMailsInWindow { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>Proof of a consent change: when, through what, with which wording, for which lists.</summary>
public sealed record ConsentRecord
{
    public required DateTimeOffset At { get; init; }

    /// <summary><c>signup</c>, <c>confirm</c>, <c>unsubscribe</c>, <c>preferences</c>, <c>import</c>, <c>purge</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The form or channel, e.g. <c>signup-form</c>, <c>api</c>, <c>one-click</c>, or the import's attested source.</summary>
    public required string Source { get; init; }

    public required string WordingVersion { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>IPv4 /24 or IPv6 /48 prefix: enough as proof, not enough to identify a device.</summary>
    public string? IpPrefix { get; init; }
}

/// <summary>What a mail to one member needs: the contact key, the address and the first name.</summary>
public sealed record MemberAddress(string ContactKey, string Email, string? FirstName);
