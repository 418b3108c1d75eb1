using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// Where a contact's profile and consent records live: sixteen partitions, <c>s0</c> … <c>sf</c> by the contact key's
/// first hex digit, the contact key leading the row key. Contacts written together (an import's batch, sorted by key)
/// then share a few partitions and go in entity-group transactions of 100, instead of one request each.
/// Rows from before this layout have the contact key itself as partition key (it sorts before <c>s</c>):
/// <see cref="ContactKeyMigration"/> moves them, and until none is left the stores read them too.
/// </summary>
public static class ContactPartitions
{
    public static string Of(string contactKey) => "s" + contactKey[0];

    /// <summary>Legacy rows: a partition key that is a whole contact key (hex), so before <c>s0</c>.</summary>
    public static readonly string LegacyFilter = TableClient.CreateQueryFilter($"PartitionKey lt {"s"}");

    public static bool IsLegacy(TableEntity entity) => string.CompareOrdinal(entity.PartitionKey, "s") < 0;
}

/// <summary>
/// Whether rows of the legacy layout may still be in the contacts or consents tables. Asked once and remembered when
/// none is left (nothing writes them any more); while some are left, asked again at most once a minute.
/// </summary>
public sealed class LegacyContactRows(StorageAccount storage, TimeProvider clock)
{
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromMinutes(1);
    private volatile bool noneLeft;
    private DateTimeOffset askedAt = DateTimeOffset.MinValue;
    private bool someLeft;

    public async Task<bool> MayRemainAsync(CancellationToken cancellationToken = default)
    {
        if (noneLeft) return false;
        var now = clock.GetUtcNow();
        if (now - askedAt < AskAgainAfter) return someLeft;
        someLeft = await AnyLeftAsync(TableNames.Contacts, cancellationToken) || await AnyLeftAsync(TableNames.Consents, cancellationToken);
        askedAt = now;
        noneLeft = !someLeft;
        return someLeft;
    }

    /// <summary>Told by the migration when it has moved everything.</summary>
    public void NoneLeft() => noneLeft = true;

    private async Task<bool> AnyLeftAsync(string tableName, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(tableName);
        await foreach (var _ in table.QueryAsync<TableEntity>(ContactPartitions.LegacyFilter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken))
            return true;
        return false;
    }
}
