using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// Suppressions: addresses never to be mailed or re-added. Two rows per suppression. The kept row (PartitionKey = the
/// peppered suppression key, RowKey "kept") is what outlives an erasure: nothing in it leads back to the address without
/// the pepper. The live row (PartitionKey = contact key, RowKey "suppression") exists while the person's data does (a
/// bounce, a complaint): campaign batches and imports find it with one range query over contact keys. An erasure
/// deletes the live row and keeps the other.
/// </summary>
public sealed class SuppressionStore(StorageAccount storage, SuppressionKeys keys)
{
    /// <summary>The suppression reason an erasure records.</summary>
    public const string ErasedReason = "erased";

    private const string SuppressionRow = "suppression";
    private const string KeptRow = "kept";

    public async Task<bool> IsSuppressedAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Suppressions);
        var kept = table.GetEntityIfExistsAsync<TableEntity>(keys.Of(contactKey), KeptRow, select: ["RowKey"], cancellationToken: cancellationToken);
        var live = table.GetEntityIfExistsAsync<TableEntity>(contactKey, SuppressionRow, select: ["RowKey"], cancellationToken: cancellationToken);
        return (await kept).HasValue || (await live).HasValue;
    }

    /// <summary>
    /// The contact keys between <paramref name="firstKey"/> and <paramref name="lastKey"/> (inclusive) with a live
    /// suppression row: one range query. An erased address has none (its data is gone): see <see cref="FindKeptSuppressionsAsync"/>.
    /// </summary>
    public async Task<HashSet<string>> FindSuppressedInRangeAsync(string firstKey, string lastKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Suppressions);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {firstKey} and PartitionKey le {lastKey} and RowKey eq {SuppressionRow}");
        var found = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey"], cancellationToken))
            found.Add(entity.PartitionKey);
        return found;
    }

    /// <summary>Which of these contact keys have a kept (peppered) suppression: one point read each, in parallel.</summary>
    public async Task<HashSet<string>> FindKeptSuppressionsAsync(IReadOnlyCollection<string> contactKeys, CancellationToken cancellationToken = default)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (contactKeys.Count == 0) return found;
        var table = await storage.TableAsync(TableNames.Suppressions);
        var reads = contactKeys.Select(async key =>
            (Key: key, Found: (await table.GetEntityIfExistsAsync<TableEntity>(keys.Of(key), KeptRow, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue));
        foreach (var (key, isKept) in await Task.WhenAll(reads))
            if (isKept) found.Add(key);
        return found;
    }

    public async Task<(string Reason, DateTimeOffset At)?> FindSuppressionAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Suppressions);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(keys.Of(contactKey), KeptRow, cancellationToken: cancellationToken);
        if (!response.HasValue) response = await table.GetEntityIfExistsAsync<TableEntity>(contactKey, SuppressionRow, cancellationToken: cancellationToken);
        return response.HasValue ? (response.Value!.GetString("Reason") ?? "", response.Value.GetDateTimeOffset("At") ?? default) : null;
    }

    /// <summary>Records that an address must never be mailed or re-added: the kept row, and the live row beside it.</summary>
    public async Task SuppressAsync(string contactKey, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Suppressions);
        await table.UpsertEntityAsync(new TableEntity(keys.Of(contactKey), KeptRow) { ["Reason"] = reason, ["At"] = at }, TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(contactKey, SuppressionRow) { ["Reason"] = reason, ["At"] = at }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes the live suppression row (the last step of an erasure): only the kept, peppered row stays.</summary>
    public async Task DeleteLiveSuppressionAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Suppressions);
        await table.DeleteEntityAsync(contactKey, SuppressionRow, ETag.All, cancellationToken);
    }

    /// <summary>Lifts a suppression (both rows); false when the address was not suppressed.</summary>
    public async Task<bool> LiftSuppressionAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Suppressions);
        var kept = await table.DeleteEntityAsync(keys.Of(contactKey), KeptRow, ETag.All, cancellationToken);
        var live = await table.DeleteEntityAsync(contactKey, SuppressionRow, ETag.All, cancellationToken);
        return kept.Status != 404 || live.Status != 404;
    }

    /// <summary>
    /// Re-keys suppressions written before the pepper (PartitionKey = unpeppered contact key): each gets its kept row,
    /// and an erased address loses the unpeppered row, which a dictionary of addresses could match. Safe to run again.
    /// </summary>
    public async Task<int> RekeyLegacySuppressionsAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Suppressions);
        var rekeyed = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {SuppressionRow}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            var kept = keys.Of(row.PartitionKey);
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(kept, KeptRow, select: ["RowKey"], cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                await table.UpsertEntityAsync(new TableEntity(kept, KeptRow) { ["Reason"] = row.GetString("Reason"), ["At"] = row.GetDateTimeOffset("At") }, TableUpdateMode.Replace, cancellationToken);
                rekeyed++;
            }

            if (row.GetString("Reason") == ErasedReason) await table.DeleteEntityAsync(row.PartitionKey, SuppressionRow, ETag.All, cancellationToken);
        }

        return rekeyed;
    }
}
