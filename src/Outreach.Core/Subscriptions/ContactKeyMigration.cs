using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// The one-off step that moves profiles and consent records of the older layout (PartitionKey = contact key) into
/// <see cref="ContactPartitions"/>. A row is written in its new place before its old one is deleted, so a crash
/// in between only leaves work for the next run; a profile already in its new place (written since) is kept.
/// Runs at start-up and nightly; once done it finds nothing to do, and the stores stop reading the old layout.
/// </summary>
public sealed class ContactKeyMigration(StorageAccount storage, LegacyContactRows legacy, ILogger<ContactKeyMigration> logger)
{
    public async Task<(int Profiles, int Consents)> RunAsync(CancellationToken cancellationToken = default)
    {
        var profiles = await MoveAsync(TableNames.Contacts, ToNewProfile, keepNewer: true, cancellationToken);
        var consents = await MoveAsync(TableNames.Consents, ToNewConsent, keepNewer: false, cancellationToken);
        if (profiles + consents > 0)
            logger.LogInformation("Contact keys: {Profiles} profile(s) and {Consents} consent record(s) moved to the partitioned layout", profiles, consents);
        legacy.NoneLeft();
        return (profiles, consents);
    }

    private static TableEntity ToNewProfile(TableEntity old) => Moved(old, ContactPartitions.Of(old.PartitionKey), old.PartitionKey);

    private static TableEntity ToNewConsent(TableEntity old) => Moved(old, ContactPartitions.Of(old.PartitionKey), ConsentStore.MovedRowKey(old.PartitionKey, old.RowKey));

    private static TableEntity Moved(TableEntity old, string partitionKey, string rowKey)
    {
        var moved = new TableEntity(partitionKey, rowKey);
        foreach (var (name, value) in old)
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) moved[name] = value;
        return moved;
    }

    /// <param name="keepNewer">A profile found in its new place was written since (the new one wins); a consent record is the same act either way.</param>
    private async Task<int> MoveAsync(string tableName, Func<TableEntity, TableEntity> toNew, bool keepNewer, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName);
        var moved = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(ContactPartitions.LegacyFilter, 1000, cancellationToken: cancellationToken).AsPages())
        {
            foreach (var old in page.Values)
            {
                if (keepNewer) await table.TryAddAsync(toNew(old), cancellationToken);
                else await table.UpsertEntityAsync(toNew(old), TableUpdateMode.Replace, cancellationToken);
                await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, Azure.ETag.All, cancellationToken);
                moved++;
            }
        }

        return moved;
    }
}
