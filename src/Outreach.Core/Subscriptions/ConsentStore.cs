using System.Globalization;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// Consent records, one row per act (sign-up, confirmation, opt-out…): PartitionKey <c>s</c> + the contact key's first
/// hex digit (<see cref="ContactPartitions"/>), RowKey = contact key, then inverted ticks (newest first) and a suffix.
/// Rows of the older layout (PartitionKey = contact key) are read until <see cref="ContactKeyMigration"/> has moved them.
/// </summary>
public sealed class ConsentStore(StorageAccount storage, LegacyContactRows legacy)
{
    public async Task AppendConsentAsync(string contactKey, ConsentRecord record, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        // A random suffix so two records in one tick both stay.
        await table.AddEntityAsync(ToEntity(contactKey, record, Guid.NewGuid().ToString("N")[..8]), cancellationToken);
    }

    private static TableEntity ToEntity(string contactKey, ConsentRecord record, string suffix) =>
        new(ContactPartitions.Of(contactKey), RowKeyOf(contactKey, record.At, suffix))
        {
            ["At"] = record.At,
            ["Action"] = record.Action,
            ["Source"] = record.Source,
            ["WordingVersion"] = record.WordingVersion,
            ["Audiences"] = string.Join(',', record.Audiences),
            ["IpPrefix"] = record.IpPrefix,
        };

    // Newest first when read back: inverted ticks, then the suffix.
    private static string RowKeyOf(string contactKey, DateTimeOffset at, string suffix) =>
        $"{contactKey}-{(DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{suffix}";

    /// <summary>The row key that follows the older layout's row key (inverted ticks and suffix) in the new layout.</summary>
    internal static string MovedRowKey(string contactKey, string legacyRowKey) => $"{contactKey}-{legacyRowKey}";

    /// <summary>A contact's records: the row keys from "key-" up to "key." (the character after '-').</summary>
    private static string FilterOf(string contactKey) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {ContactPartitions.Of(contactKey)} and RowKey gt {contactKey + "-"} and RowKey lt {contactKey + "."}");

    public async Task<IReadOnlyList<ConsentRecord>> ListConsentsAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        var records = new List<ConsentRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(FilterOf(contactKey), cancellationToken: cancellationToken))
            records.Add(ToRecord(e));
        if (await legacy.MayRemainAsync(cancellationToken))
        {
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == contactKey, cancellationToken: cancellationToken))
                records.Add(ToRecord(e));
            records.Sort((a, b) => b.At.CompareTo(a.At));
        }

        return records;
    }

    private static ConsentRecord ToRecord(TableEntity e) => new()
    {
        At = e.GetDateTimeOffset("At") ?? default,
        Action = e.GetString("Action") ?? "",
        Source = e.GetString("Source") ?? "",
        WordingVersion = e.GetString("WordingVersion") ?? "",
        Audiences = (e.GetString("Audiences") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        IpPrefix = e.GetString("IpPrefix"),
    };

    /// <summary>
    /// Writes imported consents, each under a row key made from its time and its id (the same import written twice
    /// leaves one record), in entity-group transactions of up to 100 per partition.
    /// </summary>
    public async Task SaveImportedConsentsAsync(IReadOnlyList<(string ContactKey, ConsentRecord Record, string Id)> imported, CancellationToken cancellationToken = default)
    {
        if (imported.Count == 0) return;
        var table = await storage.TableAsync(TableNames.Consents);
        var actions = imported.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(c.ContactKey, c.Record, c.Id)));
        await table.SubmitByPartitionAsync(actions, cancellationToken);
    }

    /// <summary>Deletes every consent record of a contact (the erasure).</summary>
    public Task DeleteConsentsAsync(string contactKey, CancellationToken cancellationToken = default) =>
        DeleteConsentsAsync(contactKey, keep: _ => false, cancellationToken);

    /// <summary>Deletes a contact's consent records except the proofs of its opt-outs (the purge of unconfirmed sign-ups).</summary>
    public Task DeleteConsentsKeepingOptOutsAsync(string contactKey, CancellationToken cancellationToken = default) =>
        DeleteConsentsAsync(contactKey, keep: e => e.GetString("Action") == ConsentActions.Unsubscribe, cancellationToken);

    private async Task DeleteConsentsAsync(string contactKey, Func<TableEntity, bool> keep, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        await table.DeleteWhereAsync(FilterOf(contactKey), keep, cancellationToken);
        if (await legacy.MayRemainAsync(cancellationToken)) await table.DeletePartitionAsync(contactKey, keep, cancellationToken);
    }
}
