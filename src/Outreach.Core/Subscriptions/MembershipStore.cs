using Azure;
using Azure.Data.Tables;
using Outreach.Core.Audiences;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Audiences.Segments;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// Memberships: PartitionKey = audience, RowKey = contact key, so a campaign pages one partition in key order. Every
/// write carries its effect on the audience's counts in the same transaction (see <see cref="AudienceCounters"/>).
/// </summary>
public sealed class MembershipStore(StorageAccount storage, AudienceCounters counters)
{
    private const int MaxWriteAttempts = 10;

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
    public IAsyncEnumerable<IReadOnlyList<Member>> StreamMembersAsync(string audienceId, string? status, CancellationToken cancellationToken = default) =>
        TablePage<Member>.StreamAsync(token => PageMembersAsync(audienceId, status, 1000, token, cancellationToken));

    /// <summary>
    /// The confirmed members of an audience whose contact key sorts after <paramref name="afterKey"/> (all when null),
    /// in key order, page by page, with only what a mail needs (key, address, first name). Campaign planning reads this.
    /// With a <paramref name="segment"/>, the same pages are read (with the columns it needs) and only its members kept:
    /// a segment costs no read more than its whole audience (and none when its engagement conditions meet no one).
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<MemberAddress>> StreamConfirmedAsync(
        string audienceId, string? afterKey, int pageSize, SegmentMatch? segment = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (segment is { ReachesNoOne: true }) yield break;
        var table = await storage.TableAsync(TableNames.Members);
        var filter = afterKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and Status eq {MemberStatus.Confirmed}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and Status eq {MemberStatus.Confirmed} and RowKey gt {afterKey}");
        IEnumerable<string> columns = segment is null ? AddressColumns : [.. AddressColumns, .. ContactDetails.Columns, "SubscribedAt"];
        await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, columns, cancellationToken).AsPages(pageSizeHint: pageSize))
        {
            var members = segment is null ? page.Values : page.Values.Where(e => segment.Matches(e.RowKey, ContactDetails.ReadFrom(e), e.GetDateTimeOffset("SubscribedAt")));
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
