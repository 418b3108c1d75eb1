using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Webhooks.SendGrid;

/// <summary>
/// SendGrid events already applied (one row per event, keyed by a hash of its sg_event_id, so a redelivered webhook
/// applies nothing twice) and the per-campaign event counters shown with the campaign's state.
/// </summary>
public sealed class DeliveryEventStore(StorageAccount storage)
{
    private const string CountsRow = "counts";
    private const string NoCampaign = "-";
    private const int MaxConflictRetries = 20;

    /// <summary>Records an event; false when it was recorded before (a duplicate delivery).</summary>
    public async Task<bool> TryRecordAsync(SendGridEvent e, string? contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(DeliveryTables.Events);
        var entity = new TableEntity(e.CampaignId ?? NoCampaign, "e-" + Hash(e.EventId))
        {
            ["Event"] = e.Type,
            ["ContactKey"] = contactKey,
            ["Batch"] = e.Batch,
            ["Reason"] = e.Reason is { Length: > 1000 } reason ? reason[..1000] : e.Reason,
            ["At"] = e.Timestamp,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException failure) when (failure.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Adds to a campaign's event counters (read-modify-write on its ETag, retried when webhooks race).</summary>
    public async Task AddAsync(string campaignId, IReadOnlyDictionary<string, int> increments, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(DeliveryTables.Events);
        for (var attempt = 0; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, CountsRow, cancellationToken: cancellationToken);
            var row = found.HasValue ? found.Value! : new TableEntity(campaignId, CountsRow);
            foreach (var (type, count) in increments) row[Column(type)] = (row.GetInt32(Column(type)) ?? 0) + count;
            try
            {
                if (found.HasValue) await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                else await table.AddEntityAsync(row, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxConflictRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), cancellationToken);
            }
        }
    }

    /// <summary>A campaign's event counts by SendGrid event type.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(DeliveryTables.Events);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, CountsRow, cancellationToken: cancellationToken);
        if (!found.HasValue) return new Dictionary<string, int>();
        return SendGridEventTypes.All.ToDictionary(type => type, type => found.Value!.GetInt32(Column(type)) ?? 0);
    }

    private static string Column(string type) => "N_" + type;

    private static string Hash(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..40];
}
