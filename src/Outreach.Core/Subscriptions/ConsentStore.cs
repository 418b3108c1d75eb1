using System.Globalization;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>Consent records: PartitionKey = contact key, one row per act (sign-up, confirmation, opt-out…), newest first.</summary>
public sealed class ConsentStore(StorageAccount storage)
{
    public async Task AppendConsentAsync(string contactKey, ConsentRecord record, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        // A random suffix so two records in one tick both stay.
        await table.AddEntityAsync(ToEntity(contactKey, record, Guid.NewGuid().ToString("N")[..8]), cancellationToken);
    }

    // Newest first when read back: inverted ticks, then the suffix.
    private static TableEntity ToEntity(string contactKey, ConsentRecord record, string suffix) =>
        new(contactKey, (DateTimeOffset.MaxValue.UtcTicks - record.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + suffix)
        {
            ["At"] = record.At,
            ["Action"] = record.Action,
            ["Source"] = record.Source,
            ["WordingVersion"] = record.WordingVersion,
            ["Audiences"] = string.Join(',', record.Audiences),
            ["IpPrefix"] = record.IpPrefix,
        };

    public async Task<IReadOnlyList<ConsentRecord>> ListConsentsAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        var records = new List<ConsentRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == contactKey, cancellationToken: cancellationToken))
        {
            records.Add(new ConsentRecord
            {
                At = e.GetDateTimeOffset("At") ?? default,
                Action = e.GetString("Action") ?? "",
                Source = e.GetString("Source") ?? "",
                WordingVersion = e.GetString("WordingVersion") ?? "",
                Audiences = (e.GetString("Audiences") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
                IpPrefix = e.GetString("IpPrefix"),
            });
        }

        return records;
    }


    /// <summary>Writes an imported consent under a row key made from its time and <paramref name="importId"/>: the same import written twice leaves one record.</summary>
    public async Task SaveImportedConsentAsync(string contactKey, ConsentRecord record, string importId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        await table.UpsertEntityAsync(ToEntity(contactKey, record, importId), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes every consent record of a contact (the erasure).</summary>
    public async Task DeleteConsentsAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        await table.DeletePartitionAsync(contactKey, keep: _ => false, cancellationToken);
    }

    /// <summary>Deletes a contact's consent records except the proofs of its opt-outs (the purge of unconfirmed sign-ups).</summary>
    public async Task DeleteConsentsKeepingOptOutsAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Consents);
        await table.DeletePartitionAsync(contactKey, keep: e => e.GetString("Action") == ConsentActions.Unsubscribe, cancellationToken);
    }
}
