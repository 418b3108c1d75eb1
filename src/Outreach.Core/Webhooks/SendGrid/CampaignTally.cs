namespace Outreach.Core.Webhooks.SendGrid;

/// <summary>
/// What one webhook post adds to one campaign's report, gathered in memory and written once per campaign: events by
/// type, bounces by kind, clicks per link, first clicks, the openers' sketch and the first-72-hours timeline.
/// Addresses pass through it into the sketch only; nothing here is stored per person.
/// </summary>
public sealed class CampaignTally
{
    private readonly Lock gate = new();

    public Dictionary<string, int> ByType { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> BouncesByKind { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (int Clicks, int People)> Links { get; } = new(StringComparer.Ordinal);
    public int Clickers { get; private set; }
    public List<string> Openers { get; } = [];
    public List<(DateTimeOffset At, string Series)> Timeline { get; } = [];

    /// <summary>The longest link kept (a table property holds at most 32K characters; no real link is near this).</summary>
    public const int MaxUrlLength = 2048;

    public void Add(SendGridEvent e, FirstClicks? firstClicks)
    {
        lock (gate)
        {
            ByType[e.Type] = ByType.GetValueOrDefault(e.Type) + 1;
            if (e.Type is SendGridEventTypes.Bounce) Increment(BouncesByKind, BounceKind(e));
            if (e.Type is SendGridEventTypes.Open) Openers.Add(e.Email);
            if (e.Type is SendGridEventTypes.Click && firstClicks is { } first && Link(e) is { } url)
            {
                var (clicks, people) = Links.GetValueOrDefault(url);
                Links[url] = (clicks + 1, people + (first.OnLink ? 1 : 0));
                if (first.InCampaign) Clickers++;
            }

            if (e.Timestamp is { } at && TimelineSeries.Of(e.Type) is { } series) Timeline.Add((at, series));
        }
    }

    public static string? Link(SendGridEvent e) =>
        e.Url is not { Length: > 0 } url ? null : url.Length > MaxUrlLength ? url[..MaxUrlLength] : url;

    /// <summary><c>blocked</c> (a refusal by the receiving server) or SendGrid's classification of a bounce.</summary>
    public static string BounceKind(SendGridEvent e) =>
        string.Equals(e.BounceType, "blocked", StringComparison.OrdinalIgnoreCase) ? "Blocked" : e.BounceClassification is { Length: > 0 } c ? c.Trim() : "Unclassified";

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}

/// <summary>
/// The lines of the first-72-hours chart, per hour: delivered, opens and clicks (events, not people: which of a person's
/// clicks was the first depends on the order SendGrid's posts are processed in, an event's hour does not).
/// </summary>
public static class TimelineSeries
{
    public const string Delivered = "d";
    public const string Opens = "o";
    public const string Clicks = "c";
    public const int Hours = 72;

    public static string? Of(string type) => type switch
    {
        SendGridEventTypes.Delivered => Delivered,
        SendGridEventTypes.Open => Opens,
        SendGridEventTypes.Click => Clicks,
        _ => null,
    };
}
