using Azure;
using Azure.Data.Tables;

namespace Outreach.Core.Common.Storage;

/// <summary>What a conditional write found.</summary>
public enum WriteOutcome
{
    /// <summary>The row was written: this caller claimed it, or its change went in.</summary>
    Written,

    /// <summary>An insert found a row with the same keys (409): someone claimed it first.</summary>
    AlreadyThere,

    /// <summary>A write on an ETag found the row changed or deleted since it was read (412, 404).</summary>
    ChangedMeanwhile,
}

/// <summary>The outcome of a conditional write and, when written, the row's new ETag.</summary>
public readonly record struct ConditionalWrite(WriteOutcome Outcome, ETag ETag = default)
{
    public bool Written => Outcome == WriteOutcome.Written;
}

/// <summary>
/// The one place a conditional insert or an ETag update turns the table's 409 and 412 into an outcome. Claims
/// ("send this batch once", "this digest period is mine") are inserts that only one caller can win; updates on an
/// ETag are read-modify-writes that fail when someone else wrote in between. Other failures still throw.
/// </summary>
public static class ConditionalWrites
{
    /// <summary>Inserts the row unless one with its keys exists.</summary>
    public static async Task<WriteOutcome> TryAddAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return WriteOutcome.Written;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return WriteOutcome.AlreadyThere;
        }
    }

    /// <summary>Updates the row if it still carries <paramref name="ifMatch"/>.</summary>
    public static async Task<ConditionalWrite> TryUpdateAsync(this TableClient table, ITableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await table.UpdateEntityAsync(entity, ifMatch, mode, cancellationToken);
            return new ConditionalWrite(WriteOutcome.Written, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return new ConditionalWrite(WriteOutcome.ChangedMeanwhile);
        }
    }

    /// <summary>
    /// The write half of a read-modify-write: inserts the row when the read found none (<paramref name="ifMatch"/> empty),
    /// replaces it on its ETag otherwise. Someone else's insert or update in between is <see cref="WriteOutcome.ChangedMeanwhile"/>.
    /// </summary>
    public static async Task<ConditionalWrite> TryAddOrReplaceAsync(this TableClient table, ITableEntity entity, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        if (ifMatch != default) return await table.TryUpdateAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken);
        var added = await table.TryAddAsync(entity, cancellationToken);
        return new ConditionalWrite(added == WriteOutcome.Written ? WriteOutcome.Written : WriteOutcome.ChangedMeanwhile);
    }

    /// <summary>
    /// Submits a transaction of conditional actions. When one fails on its condition the whole transaction is refused
    /// and <paramref name="failedAction"/> says which one (its index in <paramref name="actions"/>).
    /// </summary>
    public static async Task<(WriteOutcome Outcome, int? FailedAction)> TrySubmitAsync(this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return (WriteOutcome.Written, null);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return (e.Status == 409 ? WriteOutcome.AlreadyThere : WriteOutcome.ChangedMeanwhile, (e as TableTransactionFailedException)?.FailedTransactionActionIndex);
        }
    }

    /// <summary>
    /// Reads one row (a new one when absent), applies <paramref name="change"/> and writes it back on its ETag, again
    /// from a fresh read when another writer got there first, up to <paramref name="maxAttempts"/> times, with a short
    /// jittered pause so that racing writers spread out.
    /// </summary>
    public static async Task ReadModifyWriteAsync(this TableClient table, string partitionKey, string rowKey, Action<TableEntity> change, int maxAttempts, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            var row = found.HasValue ? found.Value! : new TableEntity(partitionKey, rowKey);
            change(row);
            if ((await table.TryAddOrReplaceAsync(row, found.HasValue ? row.ETag : default, cancellationToken)).Written) return;
            if (attempt >= maxAttempts) throw new RequestFailedException(412, $"Row {rowKey} kept changing under {maxAttempts} attempts.", "UpdateConditionNotSatisfied", null);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), cancellationToken);
        }
    }
}
