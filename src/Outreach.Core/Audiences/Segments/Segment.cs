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
/// What a member must have to be in a segment. Every condition reads the membership row only (details are copied
/// onto it, <see cref="ContactDetails"/>), so filtering costs no read beyond the pages a campaign already reads.
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

    public bool Matches(ContactDetails details, DateTimeOffset? signedUpAt) =>
        (StructureType.Count == 0 || (details.StructureType is { } type && StructureType.Contains(type)))
        && Tags.All(tag => details.Tags.Contains(tag))
        && Fields.All(f => details.Fields.TryGetValue(f.Key, out var value) && value == f.Value)
        && (SignedUpAfter is null || signedUpAt >= SignedUpAfter)
        && (SignedUpBefore is null || signedUpAt < SignedUpBefore);
}
