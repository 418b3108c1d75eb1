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

    /// <summary>Adds to a campaign's event counters (read-modify-write on its ETag, retried when webhooks race).</summary>
    public async Task AddAsync(string campaignId, IReadOnlyDictionary<string, int> increments, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryEvents);
        await table.ReadModifyWriteAsync(campaignId, CountsRow, row =>
        {
            foreach (var (type, count) in increments) row[Column(type)] = (row.GetInt32(Column(type)) ?? 0) + count;
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

    private static string Column(string type) => "N_" + type;

    private static string PartitionOf(SendGridEvent e) => CampaignStore.IsWellFormedId(e.CampaignId) ? e.CampaignId! : NoCampaign;

    private static string RowOf(SendGridEvent e) => "e-" + Hash(e.EventId);

    private static string Hash(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..40];
}
