using Azure;
using Azure.Data.Tables;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>A profile an import writes, with the consent record it attests (if any) under its own id.</summary>
public sealed record ImportedProfile(Contact Contact, bool IsNew, ConsentRecord? Consent, string ConsentId);

/// <summary>
/// Contact profiles: PartitionKey <c>s</c> + the contact key's first hex digit, RowKey = contact key
/// (<see cref="ContactPartitions"/>); rows of the older layout (PartitionKey = contact key, RowKey "profile") are read
/// until <see cref="ContactKeyMigration"/> has moved them.
/// </summary>
public sealed class ContactStore(StorageAccount storage, ConsentStore consents, LegacyContactRows legacy)
{
    internal const string LegacyProfileRow = "profile";

    public async Task<Contact?> FindContactAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(ContactPartitions.Of(contactKey), contactKey, cancellationToken: cancellationToken);
        if (!response.HasValue && await legacy.MayRemainAsync(cancellationToken))
            response = await table.GetEntityIfExistsAsync<TableEntity>(contactKey, LegacyProfileRow, cancellationToken: cancellationToken);
        return response.HasValue ? ToContact(response.Value!) : null;
    }

    /// <summary>The profiles whose contact key lies between <paramref name="firstKey"/> and <paramref name="lastKey"/> (inclusive): one range query.</summary>
    public async Task<Dictionary<string, Contact>> FindContactsInRangeAsync(string firstKey, string lastKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var found = new Dictionary<string, Contact>(StringComparer.Ordinal);
        if (await legacy.MayRemainAsync(cancellationToken))
        {
            var legacyFilter = TableClient.CreateQueryFilter($"PartitionKey ge {firstKey} and PartitionKey le {lastKey} and RowKey eq {LegacyProfileRow}");
            await foreach (var entity in table.QueryAsync<TableEntity>(legacyFilter, 1000, cancellationToken: cancellationToken))
                found[entity.PartitionKey] = ToContact(entity);
        }

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {ContactPartitions.Of(firstKey)} and PartitionKey le {ContactPartitions.Of(lastKey)} and RowKey ge {firstKey} and RowKey le {lastKey}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
            found[entity.RowKey] = ToContact(entity);
        return found;
    }

    internal static Contact ToContact(TableEntity e) => new()
    {
        ContactKey = ContactPartitions.IsLegacy(e) ? e.PartitionKey : e.RowKey,
        Email = e.GetString("Email") ?? "",
        FirstName = e.GetString("FirstName"),
        Language = e.GetString("Language") ?? "fr",
        Details = ContactDetails.ReadFrom(e),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        LastConfirmationMailAt = e.GetDateTimeOffset("LastConfirmationMailAt"),
        ConfirmationWindowStart = e.GetDateTimeOffset("ConfirmationWindowStart"),
        ConfirmationMailsInWindow = e.GetInt32("ConfirmationMailsInWindow") ?? 0,
        ETag = e.ETag,
        StoredUnderLegacyKey = ContactPartitions.IsLegacy(e),
    };

    /// <summary>
    /// Creates or updates a profile. With an ETag the write is conditional: false when another writer got there first.
    /// A profile read from the older layout is written in the new one (false if another writer moved it first) and its
    /// old row deleted.
    /// </summary>
    public async Task<bool> TrySaveContactAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var entity = ToEntity(contact);
        var written = contact.ETag == default || contact.StoredUnderLegacyKey
            ? await table.TryAddAsync(entity, cancellationToken) == WriteOutcome.Written
            : (await table.TryUpdateAsync(entity, contact.ETag, TableUpdateMode.Replace, cancellationToken)).Written;
        if (!written) return false;
        if (contact.StoredUnderLegacyKey) await DeleteLegacyRowAsync(table, contact.ContactKey, cancellationToken);
        return true;
    }

    internal static TableEntity ToEntity(Contact contact)
    {
        var entity = new TableEntity(ContactPartitions.Of(contact.ContactKey), contact.ContactKey)
        {
            ["Email"] = contact.Email,
            ["FirstName"] = contact.FirstName,
            ["Language"] = contact.Language,
            ["CreatedAt"] = contact.CreatedAt,
            ["LastConfirmationMailAt"] = contact.LastConfirmationMailAt,
            ["ConfirmationWindowStart"] = contact.ConfirmationWindowStart,
            ["ConfirmationMailsInWindow"] = contact.ConfirmationMailsInWindow,
        };
        contact.Details.WriteTo(entity);
        return entity;
    }

    /// <summary>
    /// Writes an import's profiles (merged, so the confirmation-mail counters are kept) and their consent records, in
    /// entity-group transactions of up to 100 per partition. A consent's row key comes from its time and its id, so
    /// writing the same profiles twice leaves one record each.
    /// </summary>
    public async Task SaveImportedProfilesAsync(IReadOnlyList<ImportedProfile> profiles, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var distinct = profiles.GroupBy(p => p.Contact.ContactKey).Select(g => g.Last()).ToList();
        await Task.WhenAll(
            table.SubmitByPartitionAsync(distinct.Select(ToImportAction), cancellationToken),
            consents.SaveImportedConsentsAsync(distinct.Where(p => p.Consent is not null).Select(p => (p.Contact.ContactKey, p.Consent!, p.ConsentId)).ToList(), cancellationToken));
        await Task.WhenAll(distinct.Where(p => p.Contact.StoredUnderLegacyKey).Select(p => DeleteLegacyRowAsync(table, p.Contact.ContactKey, cancellationToken)));
    }

    /// <summary>A merge of what the import knows; a profile of the older layout is written whole, as it moves.</summary>
    private static TableTransactionAction ToImportAction(ImportedProfile imported)
    {
        var contact = imported.Contact;
        if (contact.StoredUnderLegacyKey) return new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(contact));
        var profile = new TableEntity(ContactPartitions.Of(contact.ContactKey), contact.ContactKey) { ["Email"] = contact.Email, ["FirstName"] = contact.FirstName };
        if (imported.IsNew)
        {
            profile["Language"] = contact.Language;
            profile["CreatedAt"] = contact.CreatedAt;
        }

        contact.Details.WriteTo(profile);
        return new TableTransactionAction(TableTransactionActionType.UpsertMerge, profile);
    }

    /// <summary>Deletes a contact's profile (its consent records are the <see cref="ConsentStore"/>'s).</summary>
    public async Task DeleteContactAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        await table.DeleteEntityAsync(ContactPartitions.Of(contactKey), contactKey, ETag.All, cancellationToken);
        if (await legacy.MayRemainAsync(cancellationToken)) await DeleteLegacyRowAsync(table, contactKey, cancellationToken);
    }

    private static Task DeleteLegacyRowAsync(TableClient table, string contactKey, CancellationToken cancellationToken) =>
        table.DeletePartitionAsync(contactKey, keep: _ => false, cancellationToken);
}
