using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Webhooks.SendGrid;

public enum EventRecording
{
    /// <summary>First time seen: count it and apply its effect.</summary>
    New,

    /// <summary>Seen before, but its effect may not have been applied (the previous post failed half-way): apply it again.</summary>
    NotYetApplied,

    /// <summary>Seen and applied before: nothing to do.</summary>
    Duplicate,
}

/// <summary>
/// SendGrid events already applied (one row per event, keyed by a hash of its sg_event_id, so a redelivered webhook
/// applies nothing twice) and the per-campaign event counters shown with the campaign's state.
/// </summary>
public sealed class DeliveryEventStore(StorageAccount storage)
{
    private const string CountsRow = "counts";
    private const string NoCampaign = "-";
    private const string ProblemPrefix = "p-";
    private const int MaxWriteAttempts = 21;
    private const string LinkPrefix = "l-";
    private const string TimelineRow = "timeline";
    private const string BouncePrefix = "B_";
    private const string ClickersColumn = "U_click";
    private const string OpenersColumn = "OpenSketch";
    private const string FirstAtColumn = "FirstAt";

    /// <summary>
    /// Records an event once. An event with an effect (a suppression, a group change) is recorded as pending first and
    /// marked applied after (<see cref="MarkAppliedAsync"/>): a post retried after a crash in between applies it again,
    /// a post replayed after it was applied applies nothing. Kept: type, batch and time; never the reason, which may
    /// quote the address or the name (a content or account problem keeps its reason, without the address, on the campaign).
    /// </summary>
    public async Task<EventRecording> TryRecordAsync(SendGridEvent e, bool hasEffect, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        var entity = new TableEntity(PartitionOf(e), RowOf(e))
        {
            ["Event"] = e.Type,
            ["Batch"] = e.Batch,
            ["At"] = e.Timestamp,
            ["Applied"] = !hasEffect,
        };
        if (await table.TryAddAsync(entity, cancellationToken) == WriteOutcome.Written) return EventRecording.New;
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["Applied"], cancellationToken);
        return existing.HasValue && existing.Value!.GetBoolean("Applied") == false ? EventRecording.NotYetApplied : EventRecording.Duplicate;
    }

    public async Task MarkAppliedAsync(SendGridEvent e, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        await table.UpdateEntityAsync(new TableEntity(PartitionOf(e), RowOf(e)) { ["Applied"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Counts one content or account problem SendGrid reported for a campaign (one row per distinct reason).</summary>
    public async Task AddProblemAsync(string campaignId, string reason, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        await table.ReadModifyWriteAsync(campaignId, ProblemPrefix + Hash(reason), row =>
        {
            row["Reason"] = reason;
            row["Count"] = (row.GetInt32("Count") ?? 0) + 1;
        }, MaxWriteAttempts, cancellationToken);
    }

    /// <summary>The content and account problems SendGrid reported for a campaign, as lines for its status.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {ProblemPrefix} and RowKey lt {"p."}");
        var problems = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            problems.Add($"SendGrid: {row.GetInt32("Count") ?? 0} × {row.GetString("Reason")}");
        return problems;
    }

    /// <summary>
    /// Adds one post's tally to a campaign's report rows: the counters (read-modify-write on its ETag, retried when
    /// webhooks race), then each clicked link, then the first-72-hours timeline counted from the first event seen.
    /// </summary>
    public async Task AddAsync(string campaignId, CampaignTally tally, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        DateTimeOffset? firstAt = null;
        await table.ReadModifyWriteAsync(campaignId, CountsRow, row =>
        {
            foreach (var (type, count) in tally.ByType) Add(row, Column(type), count);
            foreach (var (kind, count) in tally.BouncesByKind) Add(row, BounceColumn(kind), count);
            Add(row, ClickersColumn, tally.Clickers);
            if (tally.Openers.Count > 0) row[OpenersColumn] = WithOpeners(row.GetBinary(OpenersColumn), tally.Openers);
            firstAt = row.GetDateTimeOffset(FirstAtColumn) ?? tally.Timeline.Select(t => (DateTimeOffset?)t.At).Min();
            if (firstAt is not null) row[FirstAtColumn] = firstAt;
        }, MaxWriteAttempts, cancellationToken);

        foreach (var (url, (clicks, people)) in tally.Links)
            await table.ReadModifyWriteAsync(campaignId, LinkPrefix + ClickLedger.LinkHash(url), row =>
            {
                row["Url"] = url;
                Add(row, "Clicks", clicks);
                Add(row, "People", people);
            }, MaxWriteAttempts, cancellationToken);

        if (firstAt is { } start && HourlyCounts(tally, start) is { Count: > 0 } hours)
            await table.ReadModifyWriteAsync(campaignId, TimelineRow, row =>
            {
                foreach (var (column, count) in hours) Add(row, column, count);
            }, MaxWriteAttempts, cancellationToken);
    }

    /// <summary>A campaign's event counts by SendGrid event type.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, CountsRow, cancellationToken: cancellationToken);
        if (!found.HasValue) return new Dictionary<string, int>();
        return SendGridEventTypes.All.ToDictionary(type => type, type => found.Value!.GetInt32(Column(type)) ?? 0);
    }

    /// <summary>Everything the campaign's report reads, in three reads: counters, links, timeline.</summary>
    public async Task<CampaignEventFigures> FiguresAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        var countsRead = table.GetEntityIfExistsAsync<TableEntity>(campaignId, CountsRow, cancellationToken: cancellationToken);
        var timelineRead = table.GetEntityIfExistsAsync<TableEntity>(campaignId, TimelineRow, cancellationToken: cancellationToken);
        var links = new List<LinkClicks>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {LinkPrefix} and RowKey lt {"l."}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            links.Add(new LinkClicks(row.GetString("Url") ?? "", row.GetInt32("People") ?? 0, row.GetInt32("Clicks") ?? 0));
        var counts = (await countsRead).HasValue ? (await countsRead).Value! : new TableEntity();
        var timeline = (await timelineRead).HasValue ? (await timelineRead).Value! : new TableEntity();
        return new CampaignEventFigures(
            SendGridEventTypes.All.ToDictionary(type => type, type => counts.GetInt32(Column(type)) ?? 0),
            counts.Keys.Where(k => k.StartsWith(BouncePrefix, StringComparison.Ordinal))
                .ToDictionary(k => k[BouncePrefix.Length..].Replace('_', ' '), k => counts.GetInt32(k) ?? 0),
            counts.GetInt32(ClickersColumn) ?? 0,
            DistinctCount.Estimate(counts.GetBinary(OpenersColumn)),
            [.. links.OrderByDescending(l => l.People).ThenByDescending(l => l.Clicks).ThenBy(l => l.Url, StringComparer.Ordinal)],
            Enumerable.Range(0, TimelineSeries.Hours).Select(h => new HourFigures(h,
                timeline.GetInt32(HourColumn(h, TimelineSeries.Delivered)) ?? 0,
                timeline.GetInt32(HourColumn(h, TimelineSeries.Opens)) ?? 0,
                timeline.GetInt32(HourColumn(h, TimelineSeries.Clicks)) ?? 0)).ToList());
    }

    private static Dictionary<string, int> HourlyCounts(CampaignTally tally, DateTimeOffset start)
    {
        var hours = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (at, series) in tally.Timeline)
        {
            var hour = Math.Max(0, (int)Math.Floor((at - start).TotalHours));
            if (hour < TimelineSeries.Hours) hours[HourColumn(hour, series)] = hours.GetValueOrDefault(HourColumn(hour, series)) + 1;
        }

        return hours;
    }

    private static byte[] WithOpeners(byte[]? stored, IReadOnlyList<string> openers)
    {
        var registers = stored is { Length: DistinctCount.Registers } ? stored : DistinctCount.Empty();
        foreach (var email in openers) DistinctCount.Add(registers, email);
        return registers;
    }

    private static void Add(TableEntity row, string column, int count)
    {
        if (count != 0) row[column] = (row.GetInt32(column) ?? 0) + count;
    }

    private static string BounceColumn(string kind) => BouncePrefix + new string([.. kind.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private static string HourColumn(int hour, string series) => $"H{hour:00}_{series}";

    private static string Column(string type) => "N_" + type;

    private static string PartitionOf(SendGridEvent e) => CampaignStore.IsWellFormedId(e.CampaignId) ? e.CampaignId! : NoCampaign;

    private static string RowOf(SendGridEvent e) => "e-" + Hash(e.EventId);

    private static string Hash(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..40];
}

/// <summary>How many people clicked one link of a campaign, and how many clicks in all.</summary>
public sealed record LinkClicks(string Url, int People, int Clicks);

/// <summary>One hour of a campaign's first 72: mails delivered, opens and clicks.</summary>
public sealed record HourFigures(int Hour, int Delivered, int Opens, int Clicks);

/// <summary>The aggregates the webhook kept for one campaign.</summary>
public sealed record CampaignEventFigures(
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> BouncesByKind,
    int Clickers,
    int UniqueOpens,
    IReadOnlyList<LinkClicks> Links,
    IReadOnlyList<HourFigures> FirstHours);
