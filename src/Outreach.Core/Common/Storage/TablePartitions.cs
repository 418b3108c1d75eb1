using Azure;
using Azure.Data.Tables;

namespace Outreach.Core.Common.Storage;

public static class TablePartitions
{
    /// <summary>Deletes the rows of one partition that <paramref name="keep"/> does not keep, 100 per transaction.</summary>
    public static async Task DeletePartitionAsync(this TableClient table, string partitionKey, Func<TableEntity, bool> keep, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableTransactionAction>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partitionKey, cancellationToken: cancellationToken))
        {
            if (!keep(e)) rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(e.PartitionKey, e.RowKey), ETag.All));
        }

        foreach (var chunk in rows.Chunk(100))
            await table.SubmitTransactionAsync(chunk, cancellationToken);
    }
}
