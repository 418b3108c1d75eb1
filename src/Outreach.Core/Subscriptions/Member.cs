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

    /// <summary>
    /// When someone asked to bring an unsubscribed membership back. It stays <c>unsubscribed</c> (with its date and proof)
    /// until the person confirms from the mail sent to the address; an import or another sign-up cannot confirm it.
    /// </summary>
    public DateTimeOffset? RejoinRequestedAt { get; init; }

    public string? Source { get; init; }

    /// <summary>A copy of the contact's details, so a segment filters the rows a campaign pages anyway.</summary>
    public ContactDetails Details { get; init; } = ContactDetails.None;

    /// <summary>The import job that last wrote this row, if any.</summary>
    public string? ImportId { get; init; }

    public ETag ETag { get; init; }

    /// <summary>Waiting for the person's confirmation: a new sign-up, or a request to come back after leaving.</summary>
    public bool AwaitsConfirmation => Status == MemberStatus.Pending || (Status == MemberStatus.Unsubscribed && RejoinRequestedAt is not null);
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

    /// <summary>Read from a row of the layout before <see cref="ContactPartitions"/>: its next save moves it.</summary>
    internal bool StoredUnderLegacyKey { get; init; }
}

public static class ConsentActions
{
    public const string Signup = "signup";
    public const string Confirm = "confirm";
    public const string Import = "import";

    /// <summary>Every opt-out (link, one-click, preference centre): its proof outlives the purge of unconfirmed sign-ups.</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>A SendGrid group resubscribe undoing that group's own unsubscribe.</summary>
    public const string Resubscribe = "resubscribe";
}

/// <summary>Proof of a consent change: when, through what, with which wording, for which lists.</summary>
public sealed record ConsentRecord
{
    public required DateTimeOffset At { get; init; }

    /// <summary><c>signup</c>, <c>confirm</c>, <c>unsubscribe</c> (an opt-out, kept by the purge), <c>resubscribe</c>, <c>import</c>.</summary>
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
