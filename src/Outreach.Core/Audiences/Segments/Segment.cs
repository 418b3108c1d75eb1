using Outreach.Core.Audiences.Profiles;

namespace Outreach.Core.Audiences.Segments;

/// <summary>A saved filter over one audience: who of its confirmed members a campaign to it reaches.</summary>
public sealed record Segment
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string AudienceId { get; init; }
    public required SegmentFilter Where { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public static bool IsWellFormedId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}

/// <summary>
/// What a member must have to be in a segment. The profile conditions read the membership row only (details are copied
/// onto it, <see cref="ContactDetails"/>), so filtering costs no read beyond the pages a campaign already reads; the
/// <see cref="Engagement"/> conditions are resolved once per count or planning step into a set of contact keys
/// (<see cref="SegmentEngagement"/>), which <see cref="SegmentMatch"/> tests beside them.
/// </summary>
public sealed record SegmentFilter
{
    /// <summary>Any of these types de structure (none: any type).</summary>
    public IReadOnlyList<string> StructureType { get; init; } = [];

    /// <summary>All of these tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Custom field id → the value it must have (as stored: text, choice id, yyyy-MM-dd, true/false).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>Signed up to the audience at or after this instant.</summary>
    public DateTimeOffset? SignedUpAfter { get; init; }

    /// <summary>Signed up to the audience before this instant.</summary>
    public DateTimeOffset? SignedUpBefore { get; init; }

    /// <summary>All of these engagement conditions (webinar registrations, attendance, clicks).</summary>
    public IReadOnlyList<EngagementCondition> Engagement { get; init; } = [];

    public bool Matches(ContactDetails details, DateTimeOffset? signedUpAt) =>
        (StructureType.Count == 0 || (details.StructureType is { } type && StructureType.Contains(type)))
        && Tags.All(tag => details.Tags.Contains(tag))
        && Fields.All(f => details.Fields.TryGetValue(f.Key, out var value) && value == f.Value)
        && (SignedUpAfter is null || signedUpAt >= SignedUpAfter)
        && (SignedUpBefore is null || signedUpAt < SignedUpBefore);
}

/// <summary>
/// A segment's filter with its engagement conditions resolved: <see cref="Engaged"/> holds the contact keys that meet
/// all of them (null when the filter has none), so testing a member costs one set look-up more than its profile.
/// </summary>
public sealed record SegmentMatch(SegmentFilter Filter, IReadOnlySet<string>? Engaged)
{
    /// <summary>Nobody meets the engagement conditions: there is nothing to read.</summary>
    public bool ReachesNoOne => Engaged is { Count: 0 };

    public bool Matches(string contactKey, ContactDetails details, DateTimeOffset? signedUpAt) =>
        (Engaged is null || Engaged.Contains(contactKey)) && Filter.Matches(details, signedUpAt);
}
