using Azure;
using Azure.Data.Tables;

namespace Outreach.Core.Common.Storage;

public static class TablePartitions
{
    /// <summary>Deletes the rows of one partition that <paramref name="keep"/> does not keep, 100 per transaction.</summary>
    public static Task DeletePartitionAsync(this TableClient table, string partitionKey, Func<TableEntity, bool> keep, CancellationToken cancellationToken = default) =>
        table.DeleteWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), keep, cancellationToken);

    /// <summary>Deletes the rows matching <paramref name="filter"/> that <paramref name="keep"/> does not keep, 100 per transaction.</summary>
    public static async Task DeleteWhereAsync(this TableClient table, string filter, Func<TableEntity, bool> keep, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableTransactionAction>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!keep(e)) rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(e.PartitionKey, e.RowKey), ETag.All));
        }

        await table.SubmitByPartitionAsync(rows, cancellationToken);
    }

    /// <summary>Submits the actions as entity-group transactions: grouped by partition, 100 at most in each.</summary>
    public static async Task SubmitByPartitionAsync(this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var transactions = actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(partition => partition.Chunk(100));
        await Task.WhenAll(transactions.Select(chunk => table.SubmitTransactionAsync(chunk, cancellationToken)));
    }
}
