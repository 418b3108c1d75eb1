using System.Text.Json.Serialization;

namespace Outreach.Core.Audiences.Segments;

/// <summary>A webinar a condition is about: one session, or any session of a series (exactly one of the two).</summary>
public sealed record EventRef
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Session { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Series { get; init; }
}

/// <summary>What a person did at a webinar, as its registrations record it.</summary>
public enum EventEngagement
{
    /// <summary>Holds a seat (registration status <c>registered</c>).</summary>
    Registered,

    /// <summary>Marked attended (personal join link, or the attendee list uploaded with the replay).</summary>
    Attended,

    /// <summary>Held a seat in a session that is over (not cancelled) and is not marked attended.</summary>
    Missed,
}

/// <summary>
/// One engagement condition of a segment, exactly one of its members set:
/// <c>{ "registered": { "session": id } }</c>, <c>{ "attended": { "series": id } }</c>, <c>{ "missed": … }</c> or
/// <c>{ "clickedInLastCampaigns": n }</c>. Stored and shown in that same shape.
/// </summary>
public sealed record EngagementCondition
{
    public const int MaxCampaigns = 50;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EventRef? Registered { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EventRef? Attended { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EventRef? Missed { get; init; }

    /// <summary>Clicked a link in at least one of the audience's last n sent campaigns (1 to <see cref="MaxCampaigns"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ClickedInLastCampaigns { get; init; }

    /// <summary>The webinar condition this is, or null for a click condition.</summary>
    public (EventEngagement Kind, EventRef Target)? AtEvent() =>
        Registered is { } registered ? (EventEngagement.Registered, registered)
        : Attended is { } attended ? (EventEngagement.Attended, attended)
        : Missed is { } missed ? (EventEngagement.Missed, missed)
        : null;

    public static EngagementCondition At(EventEngagement kind, EventRef target) => kind switch
    {
        EventEngagement.Registered => new EngagementCondition { Registered = target },
        EventEngagement.Attended => new EngagementCondition { Attended = target },
        _ => new EngagementCondition { Missed = target },
    };
}

/// <summary>
/// Who did what at webinars, for segments. Implemented by the Events capability (registered in <c>AddEvents</c>), so
/// that Audiences reads registrations without depending on Events.
/// </summary>
public interface IEventEngagement
{
    /// <summary>Whether the session or series named exists.</summary>
    Task<bool> ExistsAsync(EventRef target, CancellationToken cancellationToken = default);

    /// <summary>The contact keys of the people who did <paramref name="kind"/> at the session, or at any session of the series, as of <paramref name="now"/>.</summary>
    Task<IReadOnlySet<string>> ContactKeysAsync(EventEngagement kind, EventRef target, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>Who clicked in recent campaigns, for segments. Implemented by the Campaigns capability (registered in <c>AddDelivery</c>).</summary>
public interface IClickEngagement
{
    /// <summary>
    /// The contact keys of the people who clicked a link in at least one of the last <paramref name="count"/> campaigns to
    /// <paramref name="audienceId"/> that had finished sending before <paramref name="before"/>.
    /// </summary>
    Task<IReadOnlySet<string>> ClickedInLastCampaignsAsync(string audienceId, int count, DateTimeOffset before, CancellationToken cancellationToken = default);
}
