using Azure;
using Azure.Data.Tables;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>Contact profiles: PartitionKey = contact key, RowKey "profile" (export and erasure read one partition).</summary>
public sealed class ContactStore(StorageAccount storage, ConsentStore consents)
{
    private const string ProfileRow = "profile";

    public async Task<Contact?> FindContactAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(contactKey, ProfileRow, cancellationToken: cancellationToken);
        if (!response.HasValue) return null;
        return ToContact(response.Value!);
    }

    /// <summary>The profiles whose contact key lies between <paramref name="firstKey"/> and <paramref name="lastKey"/> (inclusive): one range query.</summary>
    public async Task<Dictionary<string, Contact>> FindContactsInRangeAsync(string firstKey, string lastKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {firstKey} and PartitionKey le {lastKey} and RowKey eq {ProfileRow}");
        var found = new Dictionary<string, Contact>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
            found[entity.PartitionKey] = ToContact(entity);
        return found;
    }

    private static Contact ToContact(TableEntity e) => new()
    {
        ContactKey = e.PartitionKey,
        Email = e.GetString("Email") ?? "",
        FirstName = e.GetString("FirstName"),
        Language = e.GetString("Language") ?? "fr",
        Details = ContactDetails.ReadFrom(e),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        LastConfirmationMailAt = e.GetDateTimeOffset("LastConfirmationMailAt"),
        ConfirmationWindowStart = e.GetDateTimeOffset("ConfirmationWindowStart"),
        ConfirmationMailsInWindow = e.GetInt32("ConfirmationMailsInWindow") ?? 0,
        ETag = e.ETag,
    };

    /// <summary>Creates or updates a profile. With an ETag the write is conditional: false when another writer got there first.</summary>
    public async Task<bool> TrySaveContactAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var entity = ToEntity(contact);
        try
        {
            if (contact.ETag == default)
                await table.AddEntityAsync(entity, cancellationToken);
            else
                await table.UpdateEntityAsync(entity, contact.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(Contact contact)
    {
        var entity = new TableEntity(contact.ContactKey, ProfileRow)
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
    /// Writes an imported contact's profile (merged, so the confirmation-mail counters are kept) and, when given, its
    /// consent record. The consent's row key comes from its time and <paramref name="consentId"/>, so writing the same
    /// import twice leaves one record.
    /// </summary>
    public async Task SaveImportedContactAsync(Contact contact, bool isNew, ConsentRecord? consent, string consentId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        var profile = new TableEntity(contact.ContactKey, ProfileRow) { ["Email"] = contact.Email, ["FirstName"] = contact.FirstName };
        if (isNew)
        {
            profile["Language"] = contact.Language;
            profile["CreatedAt"] = contact.CreatedAt;
        }

        contact.Details.WriteTo(profile);
        await Task.WhenAll(
            table.UpsertEntityAsync(profile, TableUpdateMode.Merge, cancellationToken),
            consent is null ? Task.CompletedTask : consents.SaveImportedConsentAsync(contact.ContactKey, consent, consentId, cancellationToken));
    }

    /// <summary>Deletes a contact's profile (its consent records are the <see cref="ConsentStore"/>'s).</summary>
    public async Task DeleteContactAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Contacts);
        await table.DeletePartitionAsync(contactKey, keep: _ => false, cancellationToken);
    }
}
