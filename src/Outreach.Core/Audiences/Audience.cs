namespace Outreach.Core.Audiences;

/// <summary>A list people can subscribe to (La quotidienne, the hebdo lists, the Newsletter, the Jeudis de l'ODD 17).</summary>
public sealed record Audience
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? NameEn { get; init; }
    public string Description { get; init; } = "";
    public string? DescriptionEn { get; init; }

    /// <summary><c>daily</c>, <c>weekdays</c>, <c>weekly</c>, <c>monthly</c> or <c>series</c>.</summary>
    public string Cadence { get; init; } = "weekly";

    public bool OpenForSignup { get; init; } = true;
    public int SortOrder { get; init; }

    public string DisplayName(string language) => language == "en" && !string.IsNullOrWhiteSpace(NameEn) ? NameEn! : Name;

    public string DisplayDescription(string language) =>
        language == "en" && !string.IsNullOrWhiteSpace(DescriptionEn) ? DescriptionEn! : Description;
}

/// <summary>Subscriber counts of one audience, by status.</summary>
public sealed record AudienceCounts(int Pending, int Confirmed, int Unsubscribed);

public sealed record AudienceWithCounts(Audience Audience, AudienceCounts Counts);
