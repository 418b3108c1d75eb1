using System.Globalization;
using System.Text;
using Outreach.Core.Audiences;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.Core.Campaigns.Reports;

/// <summary>The same figures over the first 72 hours after the first event of the campaign.</summary>
public sealed record FirstDays(int Delivered, int Opens, int Clicks);

/// <summary>
/// A campaign's report, aggregates only: what SendGrid said (each event once, by sg_event_id), the people who clicked
/// (unique per campaign and per link) and, when open tracking was on, how many people opened (a sketch, not a list).
/// </summary>
public sealed record CampaignReport
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Subject { get; init; }
    public required string State { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public bool TrackOpens { get; init; }
    public int Sent { get; init; }
    public int Delivered { get; init; }

    /// <summary>Null when open tracking was off: nothing was measured.</summary>
    public int? UniqueOpens { get; init; }
    public double? OpenRate { get; init; }
    public int UniqueClicks { get; init; }
    public int Clicks { get; init; }

    /// <summary>People who clicked over mails delivered.</summary>
    public double ClickRate { get; init; }
    public int Bounces { get; init; }
    public IReadOnlyDictionary<string, int> BouncesByKind { get; init; } = new Dictionary<string, int>();
    public int Dropped { get; init; }
    public int Complaints { get; init; }
    public int Unsubscribes { get; init; }
    public IReadOnlyList<LinkClicks> Links { get; init; } = [];
    public required FirstDays First72Hours { get; init; }
    public IReadOnlyList<HourFigures> Hours { get; init; } = [];
}

/// <summary>Campaign reports, one at a time or side by side, as JSON or CSV.</summary>
public sealed class CampaignReports(CampaignStore campaigns, CampaignTracker tracker, DeliveryEventStore events)
{
    public const int MaxCompared = 24;

    public async Task<CampaignReport?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!CampaignStore.IsWellFormedId(id) || await campaigns.FindAsync(id, cancellationToken) is not { } campaign) return null;
        return await ReportAsync(campaign, cancellationToken);
    }

    /// <summary>The last <paramref name="count"/> newsletters and digests that went out, newest first.</summary>
    public async Task<IReadOnlyList<CampaignReport>> CompareAsync(int count, CancellationToken cancellationToken = default)
    {
        var recent = await campaigns.ListRecentAsync(500, cancellationToken);
        var compared = recent
            .Where(c => c.Kind is CampaignKinds.Newsletter or CampaignKinds.Digest && c.State is CampaignStates.Sent or CampaignStates.Sending)
            .Take(Math.Clamp(count, 1, MaxCompared));
        return await Task.WhenAll(compared.Select(c => ReportAsync(c, cancellationToken)));
    }

    private async Task<CampaignReport> ReportAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var statusRead = tracker.ReadAsync(campaign, cancellationToken);
        var figures = await events.FiguresAsync(campaign.Id, cancellationToken);
        var sent = (await statusRead).Counts.Sent;
        var count = figures.ByType;
        var delivered = count.GetValueOrDefault(SendGridEventTypes.Delivered);
        int? opens = campaign.TrackOpens ? figures.UniqueOpens : null;
        return new CampaignReport
        {
            Id = campaign.Id, Kind = campaign.Kind, Subject = campaign.Subject, State = campaign.State, StartedAt = campaign.StartedAt,
            TrackOpens = campaign.TrackOpens, Sent = sent, Delivered = delivered,
            UniqueOpens = opens, OpenRate = opens is { } o ? Rate(o, delivered) : null,
            UniqueClicks = figures.Clickers, Clicks = count.GetValueOrDefault(SendGridEventTypes.Click), ClickRate = Rate(figures.Clickers, delivered),
            Bounces = count.GetValueOrDefault(SendGridEventTypes.Bounce), BouncesByKind = figures.BouncesByKind,
            Dropped = count.GetValueOrDefault(SendGridEventTypes.Dropped), Complaints = count.GetValueOrDefault(SendGridEventTypes.SpamReport),
            Unsubscribes = count.GetValueOrDefault(SendGridEventTypes.Unsubscribe) + count.GetValueOrDefault(SendGridEventTypes.GroupUnsubscribe),
            Links = figures.Links,
            First72Hours = new FirstDays(figures.FirstHours.Sum(h => h.Delivered), campaign.TrackOpens ? figures.FirstHours.Sum(h => h.Opens) : 0, figures.FirstHours.Sum(h => h.Clicks)),
            Hours = campaign.TrackOpens ? figures.FirstHours : [.. figures.FirstHours.Select(h => h with { Opens = 0 })],
        };
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    /// <summary>One report as CSV: the figures, then one line per link.</summary>
    public static string ToCsv(CampaignReport report)
    {
        var csv = new StringBuilder("figure,value\r\n");
        foreach (var (name, value) in Figures(report)) csv.Append(Csv.Field(name)).Append(',').Append(Csv.Field(value)).Append("\r\n");
        csv.Append("\r\nlink,people,clicks\r\n");
        foreach (var link in report.Links) csv.Append(Csv.Field(link.Url)).Append(',').Append(Number(link.People)).Append(',').Append(Number(link.Clicks)).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>Campaigns side by side as CSV: one line per campaign.</summary>
    public static string ToCsv(IReadOnlyList<CampaignReport> reports)
    {
        var csv = new StringBuilder("id,kind,subject,startedAt,sent,delivered,uniqueOpens,uniqueClicks,clickRate,bounces,complaints,unsubscribes\r\n");
        foreach (var r in reports)
            csv.AppendJoin(',', r.Id, r.Kind, Csv.Field(r.Subject), r.StartedAt?.ToString("o", CultureInfo.InvariantCulture) ?? "", Number(r.Sent), Number(r.Delivered),
                r.UniqueOpens is { } o ? Number(o) : "", Number(r.UniqueClicks), r.ClickRate.ToString(CultureInfo.InvariantCulture),
                Number(r.Bounces), Number(r.Complaints), Number(r.Unsubscribes)).Append("\r\n");
        return csv.ToString();
    }

    private static IEnumerable<(string, string)> Figures(CampaignReport r)
    {
        yield return ("subject", r.Subject);
        yield return ("sent", Number(r.Sent));
        yield return ("delivered", Number(r.Delivered));
        yield return ("uniqueOpens", r.UniqueOpens is { } o ? Number(o) : "not tracked");
        yield return ("uniqueClicks", Number(r.UniqueClicks));
        yield return ("clicks", Number(r.Clicks));
        yield return ("clickRate", r.ClickRate.ToString(CultureInfo.InvariantCulture));
        yield return ("bounces", Number(r.Bounces));
        foreach (var (kind, n) in r.BouncesByKind) yield return ("bounces: " + kind, Number(n));
        yield return ("complaints", Number(r.Complaints));
        yield return ("unsubscribes", Number(r.Unsubscribes));
        yield return ("delivered in the first 72 h", Number(r.First72Hours.Delivered));
        yield return ("clicks in the first 72 h", Number(r.First72Hours.Clicks));
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
