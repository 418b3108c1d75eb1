using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Audiences;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Audiences.Segments;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// Memberships (PartitionKey = audience, RowKey = contact key: a campaign pages one partition), contact profiles
/// and consent records (both PartitionKey = contact key: export and erasure read one partition), and suppressions.
/// </summary>
public sealed class SubscriberStore(StorageAccount storage, AudienceCounters counters, SuppressionKeys keys)
{
    /// <summary>The suppression reason an erasure records.</summary>
    public const string ErasedReason = "erased";

    private const int MaxWriteAttempts = 10;
    private const string ProfileRow = "profile";
    private const string SuppressionRow = "suppression";
    private const string KeptRow = "kept";

    // ---- memberships ----

    public async Task<Member?> FindMemberAsync(string audienceId, string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, contactKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToMember(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Member>> FindMembershipsAsync(string contactKey, IEnumerable<string> audienceIds, CancellationToken cancellationToken = default)
    {
        var found = await Task.WhenAll(audienceIds.Select(id => FindMemberAsync(id, contactKey, cancellationToken)));
        return found.OfType<Member>().ToList();
    }

    /// <summary>
    /// Writes a membership and its effect on the audience's counts, in one transaction (see <see cref="AudienceCounters"/>).
    /// With a non-empty ETag the write fails (412) if someone changed the membership meanwhile; without, it replaces
    /// whatever is there.
    /// </summary>
    public async Task SaveMemberAsync(Member member, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        var entity = ToEntity(member);
        for (var attempt = 1; ; attempt++)
        {
            var current = await FindStatusAsync(table, member.AudienceId, member.ContactKey, cancellationToken);
            if (member.ETag != default && current?.ETag != member.ETag) throw ChangedMeanwhile();
            var action = current is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.Value.ETag);
            try
            {
                await counters.CommitAsync(member.AudienceId, [new MembershipChange(action, current?.Status, member.Status)], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status is 409 or 412)
            {
                if (member.ETag != default || attempt >= MaxWriteAttempts) throw ChangedMeanwhile();
            }
        }
    }

    /// <summary>Writes memberships, up to 99 of one audience per transaction with their count change (imports, seeding).</summary>
    public async Task SaveMembersBatchAsync(IReadOnlyList<Member> members, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        foreach (var audience in members.GroupBy(m => m.AudienceId))
        {
            foreach (var chunk in audience.Chunk(99))
            {
                try
                {
                    // Most batches are new rows: try them as such first, without reading anything.
                    await counters.CommitAsync(audience.Key, chunk.Select(m =>
                        new MembershipChange(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(m)), null, m.Status)).ToList(), cancellationToken);
                }
                catch (TableTransactionFailedException e) when (e.Status is 409)
                {
                    foreach (var member in chunk) await SaveMemberAsync(member with { ETag = default }, cancellationToken);
                }
            }
        }
    }

    /// <summary>The memberships of one audience whose contact key lies between the two keys (inclusive): one range query.</summary>
    public async Task<Dictionary<string, Member>> FindMembersInRangeAsync(string audienceId, string firstKey, string lastKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and RowKey ge {firstKey} and RowKey le {lastKey}");
        var found = new Dictionary<string, Member>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
            found[entity.RowKey] = ToMember(entity);
        return found;
    }

    /// <summary>Copies changed details onto existing membership rows of one audience, up to 100 rows per transaction.</summary>
    public async Task CopyDetailsAsync(string audienceId, IReadOnlyCollection<Contact> contacts, CancellationToken cancellationToken = default)
    {
        if (contacts.Count == 0) return;
        var table = await storage.TableAsync(TableNames.Members);
        foreach (var chunk in contacts.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(c =>
            {
                // An empty string, not null: a merge leaves out null columns, and a cleared first name must clear the copy.
                var entity = new TableEntity(audienceId, c.ContactKey) { ["FirstName"] = c.FirstName ?? "" };
                c.Details.WriteTo(entity);
                return new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, ETag.All);
            }), cancellationToken);
        }
    }

    /// <summary>Deletes a membership and takes it out of the audience's counts, in one transaction.</summary>
    public async Task DeleteMemberAsync(string audienceId, string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        for (var attempt = 1; ; attempt++)
        {
            if (await FindStatusAsync(table, audienceId, contactKey, cancellationToken) is not { } current) return;
            var action = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(audienceId, contactKey), current.ETag);
            try
            {
                await counters.CommitAsync(audienceId, [new MembershipChange(action, current.Status, null)], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status is 404 or 412 && attempt < MaxWriteAttempts)
            {
            }
        }
    }

    private static async Task<(string Status, ETag ETag)?> FindStatusAsync(TableClient table, string audienceId, string contactKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, contactKey, ["Status"], cancellationToken);
        return response.HasValue ? (response.Value!.GetString("Status") ?? MemberStatus.Pending, response.Value.ETag) : null;
    }

    private static RequestFailedException ChangedMeanwhile() =>
        new(412, "The membership was changed by another request meanwhile.", "UpdateConditionNotSatisfied", null);

    public async Task<TablePage<Member>> PageMembersAsync(
        string audienceId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        var filter = status is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and RowKey lt {AudienceCounters.FirstCounterRow}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and Status eq {status}");
        return await TablePage<Member>.ReadAsync(table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken), continuationToken, pageSize, ToMember);
    }

    /// <summary>Every member of an audience with the given status, page by page (never the whole list in memory).</summary>
    public async IAsyncEnumerable<IReadOnlyList<Member>> StreamMembersAsync(
        string audienceId, string? status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var (items, next) = await PageMembersAsync(audienceId, status, 1000, continuation, cancellationToken);
            if (items.Count > 0) yield return items;
            continuation = next;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// The confirmed members of an audience whose contact key sorts after <paramref name="afterKey"/> (all when null),
    /// in key order, page by page, with only what a mail needs (key, address, first name). Campaign planning reads this.
    /// With a <paramref name="segment"/>, the same pages are read (with the columns it needs) and only its members kept:
    /// a segment costs no read more than its whole audience.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<MemberAddress>> StreamConfirmedAsync(
        string audienceId, string? afterKey, int pageSize, SegmentFilter? segment = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        var filter = afterKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and Status eq {MemberStatus.Confirmed}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and Status eq {MemberStatus.Confirmed} and RowKey gt {afterKey}");
        IEnumerable<string> columns = segment is null ? AddressColumns : [.. AddressColumns, .. ContactDetails.Columns, "SubscribedAt"];
        await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, columns, cancellationToken).AsPages(pageSizeHint: pageSize))
        {
            var members = segment is null ? page.Values : page.Values.Where(e => segment.Matches(ContactDetails.ReadFrom(e), e.GetDateTimeOffset("SubscribedAt")));
            var addresses = members.Select(e => new MemberAddress(e.RowKey, e.GetString("Email") ?? "", e.GetString("FirstName"))).ToList();
            if (addresses.Count > 0) yield return addresses;
        }
    }

    private static readonly string[] AddressColumns = ["RowKey", "Email", "FirstName"];

    /// <summary>
    /// Contact keys between <paramref name="firstKey"/> and <paramref name="lastKey"/> (inclusive) that are members of one of
    /// <paramref name="audienceIds"/> but no longer confirmed there (unsubscribed, pending). One range query.
    /// </summary>
    public async Task<HashSet<(string AudienceId, string ContactKey)>> FindUnconfirmedInRangeAsync(
        IReadOnlyCollection<string> audienceIds, string firstKey, string lastKey, CancellationToken cancellationToken = default)
    {
        var found = new HashSet<(string, string)>();
        if (audienceIds.Count == 0) return found;
        var table = await storage.TableAsync(TableNames.Members);
        var partitions = string.Join(" or ", audienceIds.Select(id => TableClient.CreateQueryFilter($"PartitionKey eq {id}")));
        var filter = $"({partitions}) and " + TableClient.CreateQueryFilter($"RowKey ge {firstKey} and RowKey le {lastKey} and Status ne {MemberStatus.Confirmed}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey", "RowKey"], cancellationToken))
            found.Add((entity.PartitionKey, entity.RowKey));
        return found;
    }

    /// <summary>Counts an audience's members by reading every one of them: the reconciliation's recount, never a page's.</summary>
    public async Task<AudienceCounts> RecountMembersAsync(string audienceId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        int pending = 0, confirmed = 0, unsubscribed = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and RowKey lt {AudienceCounters.FirstCounterRow}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Status"], cancellationToken: cancellationToken))
        {
            switch (entity.GetString("Status") ?? MemberStatus.Pending)
            {
                case MemberStatus.Pending: pending++; break;
                case MemberStatus.Confirmed: confirmed++; break;
                case MemberStatus.Unsubscribed: unsubscribed++; break;
            }
        }

        return new AudienceCounts(pending, confirmed, unsubscribed);
    }

    /// <summary>Pending memberships signed up before <paramref name="olderThan"/>, across audiences.</summary>
    public async IAsyncEnumerable<Member> FindPendingOlderThanAsync(
        DateTimeOffset olderThan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        var filter = TableClient.CreateQueryFilter($"Status eq {MemberStatus.Pending} and SubscribedAt lt {olderThan}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return ToMember(entity);
    }

    // ---- contacts ----

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
        var consents = await storage.TableAsync(TableNames.Consents);
        await Task.WhenAll(
            MergeProfileAsync(table, profile, isNew, cancellationToken),
            consent is null ? Task.CompletedTask : consents.UpsertEntityAsync(ToEntity(contact.ContactKey, consent, consentId), TableUpdateMode.Replace, cancellationToken));
    }

    /// <summary>
    /// An add for a profile read as absent, a merge for one read as present (one write, where an upsert costs the storage
    /// emulator a lookup more); an upsert when the row came or went since it was read.
    /// </summary>
    private static async Task MergeProfileAsync(TableClient table, TableEntity profile, bool isNew, CancellationToken cancellationToken)
    {
        try
        {
            if (isNew) await table.AddEntityAsync(profile, cancellationToken);
            else await table.UpdateEntityAsync(profile, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409)
        {
            await table.UpsertEntityAsync(profile, TableUpdateMode.Merge, cancellationToken);
        }
    }

    // ---- consents ----

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

    /// <summary>Deletes a contact's profile and consent records (one partition each).</summary>
    public async Task DeleteContactDataAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        foreach (var name in new[] { TableNames.Contacts, TableNames.Consents })
            await DeletePartitionAsync(name, contactKey, keep: _ => false, cancellationToken);
    }

    /// <summary>Deletes a contact's profile and consent records except the proofs of its opt-outs (the purge of unconfirmed sign-ups).</summary>
    public async Task DeleteContactDataKeepingOptOutsAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        await DeletePartitionAsync(TableNames.Contacts, contactKey, keep: _ => false, cancellationToken);
        await DeletePartitionAsync(TableNames.Consents, contactKey, keep: e => e.GetString("Action") == ConsentActions.Unsubscribe, cancellationToken);
    }

    private async Task DeletePartitionAsync(string tableName, string partitionKey, Func<TableEntity, bool> keep, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName);
        var rows = new List<TableTransactionAction>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partitionKey, select: ["PartitionKey", "RowKey", "Action"], cancellationToken: cancellationToken))
        {
            if (!keep(e)) rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All));
        }

        foreach (var chunk in rows.Chunk(100))
            await table.SubmitTransactionAsync(chunk, cancellationToken);
    }

    // ---- suppressions ----
    //
    // Two rows per suppression. The kept row (PartitionKey = the peppered suppression key, RowKey "kept") is what
    // outlives an erasure: nothing in it leads back to the address without the pepper. The live row (PartitionKey =
    // contact key, RowKey "suppression") exists while the person's data does (a bounce, a complaint): campaign batches
    // and imports find it with one range query over contact keys. An erasure deletes the live row and keeps the other.

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

    private static Member ToMember(TableEntity e) => new()
    {
        AudienceId = e.PartitionKey,
        ContactKey = e.RowKey,
        Email = e.GetString("Email") ?? "",
        FirstName = e.GetString("FirstName"),
        Status = e.GetString("Status") ?? MemberStatus.Pending,
        SubscribedAt = e.GetDateTimeOffset("SubscribedAt") ?? default,
        ConfirmedAt = e.GetDateTimeOffset("ConfirmedAt"),
        UnsubscribedAt = e.GetDateTimeOffset("UnsubscribedAt"),
        RejoinRequestedAt = e.GetDateTimeOffset("RejoinRequestedAt"),
        Source = e.GetString("Source"),
        Details = ContactDetails.ReadFrom(e),
        ImportId = e.GetString("ImportId"),
        ETag = e.ETag,
    };

    private static TableEntity ToEntity(Member m)
    {
        var entity = new TableEntity(m.AudienceId, m.ContactKey)
        {
            ["Email"] = m.Email,
            ["FirstName"] = m.FirstName,
            ["Status"] = m.Status,
            ["SubscribedAt"] = m.SubscribedAt,
            ["ConfirmedAt"] = m.ConfirmedAt,
            ["UnsubscribedAt"] = m.UnsubscribedAt,
            ["RejoinRequestedAt"] = m.RejoinRequestedAt,
            ["Source"] = m.Source,
            ["ImportId"] = m.ImportId,
        };
        m.Details.WriteTo(entity);
        return entity;
    }
}
